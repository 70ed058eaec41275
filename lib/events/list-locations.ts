// Cities that have upcoming events, for the search filter; cached for a minute (cache-keys.ts).
import { getDb } from "@/lib/db";
import { locationsCacheKey, locationsCachePolicy } from "@/lib/events/cache-keys";
import { getRedis } from "@/lib/redis";
import { cachedEntry } from "@/lib/redis/cached";

async function buildLocations(now: Date): Promise<string[]> {
  const rows = await getDb().event.findMany({
    where: { datetime: { gte: now }, publishedAt: { not: null } },
    distinct: ["location"],
    select: { location: true },
    orderBy: { location: "asc" },
  });
  return rows.map((r) => r.location);
}

/** Shared between readers: do not change the array. */
export async function listLocations(): Promise<string[]> {
  return (await cachedEntry(getRedis(), locationsCacheKey(), locationsCachePolicy, () => buildLocations(new Date()))).value;
}
