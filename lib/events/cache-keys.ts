// Names and lifetimes of the read caches of lib/events, and their invalidation: whoever changes an
// event's tickets, an event or a venue's chart (admin edits, the demo seed) drops the entries here.
//
// | entry                         | key                                   | fresh | stale | local |
// |-------------------------------|---------------------------------------|-------|-------|-------|
// | availability (held/sold ids)  | cache:availability:{event_N}          | 1 s   | -     | 1 s   |
// | event payload, every ticket   | cache:event_detail:{event_N}          | 60 s  | 60 s  | 10 s  |
// | event page (no tickets)       | cache:event_page:{event_N}            | 5 s   | 5 s   | 5 s   |
// | seat layout (ticket -> seat)  | cache:seat_layout:{event_N}           | 60 s  | 60 s  | 10 s  |
// | seat-map geometry             | cache:seat_map:venue_N:vV             | 24 h  | -     | 1 h   |
// | venue's chart version         | cache:venue_chart:venue_N             | 60 s  | -     | 10 s  |
// | event list page               | cache:events:list:gG:<query hash>     | 10 s  | 20 s  | 10 s  |
// | event types, locations        | cache:event_types, cache:locations    | 5 min / 60 s    | 60 s / 10 s |
// | search suggestions            | cache:events:suggest:gG:<text>        | 30 s  | 30 s  | 10 s  |
//
// Availability is dropped after every hold, release, sale and expiry (invalidateAvailabilityCaches)
// and lives one second anyway, so it is never more than about a second old. The API's event
// payload (GET /api/events/:id) takes its per-ticket `available` flags and per-class counts from
// availability when it is served (get-event-detail-body.ts), so the cached event behind it only
// changes with edits; the event page's counts may lag by their fresh + stale window. The event
// list takes its available counts from the live `ticket_count` counters on every request. Event
// and venue edits drop everything of the event (invalidateEventCaches).
import { cacheKey, eventHashTag, getRedis } from "@/lib/redis";
import { invalidateCached, isCacheStoreDown, markCacheStoreDown, type CachePolicy } from "@/lib/redis/cached";

export const availabilityCachePolicy: CachePolicy = { ttlSeconds: 1, localSeconds: 1 };
/** The event page's data (no tickets): its counts may lag by fresh + stale. */
export const eventDetailCachePolicy: CachePolicy = { ttlSeconds: 5, staleSeconds: 5, localSeconds: 5 };
/** The event with every ticket: its availability is replaced by live availability when served, so only edits change it. */
export const eventTicketsCachePolicy: CachePolicy = { ttlSeconds: 60, staleSeconds: 60, localSeconds: 10 };
export const seatLayoutCachePolicy: CachePolicy = { ttlSeconds: 60, staleSeconds: 60, localSeconds: 10 };
export const seatMapCachePolicy: CachePolicy = { ttlSeconds: 24 * 60 * 60, localSeconds: 60 * 60 };
export const venueChartCachePolicy: CachePolicy = { ttlSeconds: 60, localSeconds: 10 };
export const eventListCachePolicy: CachePolicy = { ttlSeconds: 10, staleSeconds: 20, localSeconds: 10 };
export const eventTypesCachePolicy: CachePolicy = { ttlSeconds: 300, localSeconds: 60 };
export const locationsCachePolicy: CachePolicy = { ttlSeconds: 60, localSeconds: 10 };

export const seatMapCacheKey = (venueId: number, version: number) => cacheKey("seat_map", `venue_${venueId}`, `v${version}`);
/** The venue's current chart version and frame, so that a seat-map request needs no query. */
export const venueChartCacheKey = (venueId: number) => cacheKey("venue_chart", `venue_${venueId}`);
export const seatLayoutCacheKey = (eventId: number) => cacheKey("seat_layout", eventHashTag(eventId));
export const availabilityCacheKey = (eventId: number) => cacheKey("availability", eventHashTag(eventId));
export const eventDetailCacheKey = (eventId: number) => cacheKey("event_detail", eventHashTag(eventId));
export const eventPageCacheKey = (eventId: number) => cacheKey("event_page", eventHashTag(eventId));
export const eventTypesCacheKey = () => cacheKey("event_types");
export const locationsCacheKey = () => cacheKey("locations");
/** Bumped by every event edit: list entries carry it in their key, so an edit retires all of them at once. */
export const eventListGenerationKey = () => cacheKey("events", "list_generation");
export const eventListCacheKey = (generation: number, queryHash: string) => cacheKey("events", "list", `g${generation}`, queryHash);
/** Suggestions share the list's generation: an edit (a renamed or new event) retires them too. */
export const suggestCacheKey = (generation: number, textHash: string) => cacheKey("events", "suggest", `g${generation}`, textHash);
export const suggestCachePolicy: CachePolicy = { ttlSeconds: 30, staleSeconds: 30, localSeconds: 10 };

const eventKeys = (eventId: number) => [seatLayoutCacheKey(eventId), availabilityCacheKey(eventId), eventDetailCacheKey(eventId), eventPageCacheKey(eventId)];

/** After an event or its tickets were edited (prices, classes, times, status, a new event). */
export async function invalidateEventCaches(eventIds: number[]): Promise<void> {
  const redis = getRedis();
  // One DEL per event: an event's keys share a hash tag, so this also works on Redis Cluster.
  await Promise.all(eventIds.map((id) => invalidateCached(redis, eventKeys(id))));
  await Promise.all([invalidateCached(redis, [eventTypesCacheKey()]), invalidateCached(redis, [locationsCacheKey()]), bumpEventListGeneration()]);
}

/**
 * After seats change hands (hold, release, sale, expiry) only availability changes, not the seat
 * layout; the event payloads catch up within their short TTL. Best effort: the entry lives one
 * second anyway, and a Redis hiccup must not fail the hold.
 */
export async function invalidateAvailabilityCaches(eventIds: number[]): Promise<void> {
  const redis = getRedis();
  await Promise.all(eventIds.map((id) => invalidateCached(redis, [availabilityCacheKey(id)]).catch(() => undefined)));
}

/** After a venue's chart changed: drop its geometry (the events at the venue need invalidateEventCaches too). */
export async function invalidateVenueCaches(venues: { id: number; chartVersion: number }[]): Promise<void> {
  const redis = getRedis();
  await Promise.all(venues.flatMap((v) => [invalidateCached(redis, [seatMapCacheKey(v.id, v.chartVersion)]), invalidateCached(redis, [venueChartCacheKey(v.id)])]));
}

// The list generation is read from Redis at most once a second per process.
const GENERATION_LOCAL_MS = 1_000;
const generationMemo = new WeakMap<object, { value: number; until: number }>();

/** The current list generation (0 when Redis has none or cannot be read). */
export async function getEventListGeneration(): Promise<number> {
  const redis = getRedis();
  const memo = generationMemo.get(redis);
  if (memo && Date.now() < memo.until) return memo.value;
  let value = memo?.value ?? 0;
  if (!isCacheStoreDown(redis)) {
    try {
      const raw = await redis.get(eventListGenerationKey());
      value = raw === null ? 0 : Number(raw) || 0;
    } catch (e) {
      // Keep the last one known: the entries still expire with their TTL.
      markCacheStoreDown(redis, e);
    }
  }
  generationMemo.set(redis, { value, until: Date.now() + GENERATION_LOCAL_MS });
  return value;
}

async function bumpEventListGeneration(): Promise<void> {
  const redis = getRedis();
  const value = await redis.incrBy(eventListGenerationKey(), 1);
  generationMemo.set(redis, { value, until: Date.now() + GENERATION_LOCAL_MS });
}
