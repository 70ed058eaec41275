// Names of the read caches of lib/events, and their invalidation: whoever changes an event's
// tickets or a venue's chart (admin edits, the demo seed) drops the entries here.
import { cacheKey, eventHashTag, getRedis } from "@/lib/redis";

export const seatMapCacheKey = (venueId: number, version: number) => cacheKey("seat_map", `venue_${venueId}`, `v${version}`);
export const seatLayoutCacheKey = (eventId: number) => cacheKey("seat_layout", eventHashTag(eventId));
export const availabilityCacheKey = (eventId: number) => cacheKey("availability", eventHashTag(eventId));

export async function invalidateEventCaches(eventIds: number[]): Promise<void> {
  const redis = getRedis();
  // One DEL per event: an event's keys share a hash tag, so this also works on Redis Cluster.
  await Promise.all(eventIds.map((id) => redis.del(seatLayoutCacheKey(id), availabilityCacheKey(id))));
}

/**
 * After seats change hands (hold, release, expiry) only availability changes, not the seat layout.
 * Best effort: the entry lives one second anyway, and a Redis hiccup must not fail the hold.
 */
export async function invalidateAvailabilityCaches(eventIds: number[]): Promise<void> {
  const redis = getRedis();
  await Promise.all(eventIds.map((id) => redis.del(availabilityCacheKey(id)).catch(() => 0)));
}

export async function invalidateVenueCaches(venues: { id: number; chartVersion: number }[]): Promise<void> {
  const redis = getRedis();
  await Promise.all(venues.map((v) => redis.del(seatMapCacheKey(v.id, v.chartVersion))));
}
