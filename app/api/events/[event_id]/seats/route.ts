import { apiRoute } from "@/lib/http/api-route";
import { cachedJsonResponse } from "@/lib/events/cached-json-response";
import { getEventSeatLayout } from "@/lib/events/get-event-seat-layout";
import { parseId } from "@/lib/validations/events";
import { methodNotAllowed } from "@/lib/http/method-not-allowed";

export const GET = apiRoute<{ event_id: string }>(async (request, params) => {
  const layout = await getEventSeatLayout(parseId("event_id", params.event_id));
  return cachedJsonResponse(request, layout, "public, max-age=30, s-maxage=60");
});

// Every other method: 405 with the JSON error and an Allow header (lib/http/method-not-allowed.ts).
export const { POST, PUT, PATCH, DELETE, OPTIONS } = methodNotAllowed(["GET"]);
