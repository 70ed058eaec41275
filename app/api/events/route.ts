import { apiRoute, jsonWithCache } from "@/lib/http/api-route";
import { searchEvents } from "@/lib/events/search-events";
import { parseEventSearchQuery } from "@/lib/validations/events";
import { methodNotAllowed } from "@/lib/http/method-not-allowed";

export const GET = apiRoute(async (request) => {
  const query = parseEventSearchQuery(new URL(request.url).searchParams);
  return jsonWithCache(await searchEvents(query), "public, max-age=5, s-maxage=10, stale-while-revalidate=30");
});

// Every other method: 405 with the JSON error and an Allow header (lib/http/method-not-allowed.ts).
export const { POST, PUT, PATCH, DELETE, OPTIONS } = methodNotAllowed(["GET"]);
