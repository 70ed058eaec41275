import { apiRoute } from "@/lib/http/api-route";
import { cachedJsonResponse } from "@/lib/events/cached-json-response";
import { getEventAvailability } from "@/lib/events/get-event-availability";
import { parseId } from "@/lib/validations/events";
import { methodNotAllowed } from "@/lib/http/method-not-allowed";

export const GET = apiRoute<{ event_id: string }>(async (request, params) => {
  const availability = await getEventAvailability(parseId("event_id", params.event_id));
  return cachedJsonResponse(request, availability, "public, max-age=1, s-maxage=1");
});

// Every other method: 405 with the JSON error and an Allow header (lib/http/method-not-allowed.ts).
export const { POST, PUT, PATCH, DELETE, OPTIONS } = methodNotAllowed(["GET"]);
