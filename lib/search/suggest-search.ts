// Suggestions for the header's search box, cached per text for half a minute (every fan typing
// "tay" asks the same thing); an event edit retires them with the event list's generation.
import { createHash } from "node:crypto";
import { getEventListGeneration, suggestCacheKey, suggestCachePolicy } from "@/lib/events/cache-keys";
import { getRedis } from "@/lib/redis";
import { cachedEntry, isCacheEnabled } from "@/lib/redis/cached";
import { getSearchBackend, type Suggestion } from "@/lib/search/search-backend";
import { parseTextQuery } from "@/lib/search/text-query";

/** Fewer characters than this suggest nothing: a single letter matches half the catalogue. */
export const MIN_SUGGEST_CHARACTERS = 2;

export async function suggestSearch(text: string, limit: number, now: Date = new Date()): Promise<Suggestion[]> {
  const parsed = parseTextQuery(text);
  if (!parsed || parsed.fuzzyText.length < MIN_SUGGEST_CHARACTERS) return [];
  const load = () => getSearchBackend().suggest(parsed.fuzzyText, limit, now);
  if (!isCacheEnabled()) return load();
  const generation = await getEventListGeneration();
  const hash = createHash("sha1").update(`${limit}:${parsed.fuzzyText}`).digest("base64url").slice(0, 22);
  const entry = await cachedEntry(getRedis(), suggestCacheKey(generation, hash), suggestCachePolicy, load);
  return entry.value as Suggestion[];
}
