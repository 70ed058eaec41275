import { apiRoute, jsonWithCache } from "@/lib/http/api-route";
import { getSeatMap } from "@/lib/events/get-seat-map";
import { parseId } from "@/lib/validations/events";

export const GET = apiRoute<{ venue_id: string }>(async (request, params) => {
  const map = await getSeatMap(parseId("venue_id", params.venue_id));
  // A URL that names the chart version can be cached for good; without it, briefly.
  const versioned = new URL(request.url).searchParams.get("v") === String(map.version);
  return jsonWithCache(map, versioned ? "public, max-age=31536000, immutable" : "public, max-age=300");
});
