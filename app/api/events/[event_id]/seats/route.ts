import { apiRoute } from "@/lib/http/api-route";
import { cachedJsonResponse } from "@/lib/events/cached-json-response";
import { getEventSeatLayout } from "@/lib/events/get-event-seat-layout";
import { parseId } from "@/lib/validations/events";

export const GET = apiRoute<{ event_id: string }>(async (request, params) => {
  const layout = await getEventSeatLayout(parseId("event_id", params.event_id));
  return cachedJsonResponse(request, layout, "public, max-age=30, s-maxage=60");
});
