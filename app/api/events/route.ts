import { apiRoute, jsonWithCache } from "@/lib/http/api-route";
import { searchEvents } from "@/lib/events/search-events";
import { parseEventSearchQuery } from "@/lib/validations/events";

export const GET = apiRoute(async (request) => {
  const query = parseEventSearchQuery(new URL(request.url).searchParams);
  return jsonWithCache(await searchEvents(query), "public, max-age=5, s-maxage=10, stale-while-revalidate=30");
});
