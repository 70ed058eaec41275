import { apiRoute } from "@/lib/http/api-route";
import { cachedJsonResponse } from "@/lib/events/cached-json-response";
import { getEventDetail } from "@/lib/events/get-event-detail";
import { parseId } from "@/lib/validations/events";
import { methodNotAllowed } from "@/lib/http/method-not-allowed";

export const GET = apiRoute<{ event_id: string }>(async (request, params) => {
  const id = parseId("event_id", params.event_id);
  return cachedJsonResponse(request, await getEventDetail(id), "public, max-age=2, s-maxage=2");
});

// Every other method: 405 with the JSON error and an Allow header (lib/http/method-not-allowed.ts).
export const { POST, PUT, PATCH, DELETE, OPTIONS } = methodNotAllowed(["GET"]);
