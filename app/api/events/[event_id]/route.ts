import { apiRoute } from "@/lib/http/api-route";
import { getEventDetailBody } from "@/lib/events/get-event-detail-body";
import { precompressedJsonResponse } from "@/lib/events/precompressed-json-response";
import { parseId } from "@/lib/validations/events";
import { methodNotAllowed } from "@/lib/http/method-not-allowed";

// A CDN may keep it for a second (a hold shows within that); browsers revalidate every time and
// get a 304 while nothing changed.
const CACHE_CONTROL = "public, max-age=0, s-maxage=1";

export const GET = apiRoute<{ event_id: string }>(async (request, params) => {
  const id = parseId("event_id", params.event_id);
  return precompressedJsonResponse(request, await getEventDetailBody(id), CACHE_CONTROL);
});

// Every other method: 405 with the JSON error and an Allow header (lib/http/method-not-allowed.ts).
export const { POST, PUT, PATCH, DELETE, OPTIONS } = methodNotAllowed(["GET"]);
