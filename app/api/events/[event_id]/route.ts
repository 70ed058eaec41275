import { apiRoute } from "@/lib/http/api-route";
import { cachedJsonResponse } from "@/lib/events/cached-json-response";
import { getEventDetail } from "@/lib/events/get-event-detail";
import { parseId } from "@/lib/validations/events";

export const GET = apiRoute<{ event_id: string }>(async (request, params) => {
  const id = parseId("event_id", params.event_id);
  return cachedJsonResponse(request, await getEventDetail(id), "public, max-age=2, s-maxage=2");
});
