import { apiRoute, jsonWithCache } from "@/lib/http/api-route";
import { methodNotAllowed } from "@/lib/http/method-not-allowed";
import { suggestSearch } from "@/lib/search/suggest-search";
import { parseSuggestQuery } from "@/lib/validations/search";

export const GET = apiRoute(
  async (request) => {
    const { q, limit } = parseSuggestQuery(new URL(request.url).searchParams);
    return jsonWithCache({ q, suggestions: await suggestSearch(q, limit) }, "public, max-age=30, s-maxage=30, stale-while-revalidate=60");
  },
  { rateLimit: "search_suggest" },
);

// Every other method: 405 with the JSON error and an Allow header (lib/http/method-not-allowed.ts).
export const { POST, PUT, PATCH, DELETE, OPTIONS } = methodNotAllowed(["GET"]);
