import { apiRoute } from "@/lib/http/api-route";
import { cachedJsonResponse } from "@/lib/events/cached-json-response";
import { getSeatMap } from "@/lib/events/get-seat-map";
import { parseId } from "@/lib/validations/events";
import { methodNotAllowed } from "@/lib/http/method-not-allowed";

export const GET = apiRoute<{ venue_id: string }>(async (request, params) => {
  const v = new URL(request.url).searchParams.get("v");
  const asked = v !== null && /^\d{1,9}$/.test(v) ? Number(v) : undefined;
  const map = await getSeatMap(parseId("venue_id", params.venue_id), asked);
  // A URL that names the chart version can be cached for good; without it, briefly.
  const versioned = asked === map.version;
  return cachedJsonResponse(request, map.entry, versioned ? "public, max-age=31536000, immutable" : "public, max-age=300");
});

// Every other method: 405 with the JSON error and an Allow header (lib/http/method-not-allowed.ts).
export const { POST, PUT, PATCH, DELETE, OPTIONS } = methodNotAllowed(["GET"]);
