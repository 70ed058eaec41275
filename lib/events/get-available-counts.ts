// Available-ticket counts for a page of events from the `ticket_count:{event_N}` counters that
// the inventory keeps current (lib/inventory/ticket-counts.ts), so a list costs Redis one round trip
// instead of a count over every ticket of the page. A missing counter is counted in PostgreSQL
// (one grouped query for all of them) and stored; without Redis, or with OPENSEAT_CACHE=off, all
// of them are counted in PostgreSQL.
import { countAvailableTickets, TICKET_COUNT_TTL_MS } from "@/lib/inventory/ticket-counts";
import { getRedis, ticketCountKey } from "@/lib/redis";
import { isCacheEnabled, isCacheStoreDown, markCacheStoreDown } from "@/lib/redis/cached";

export async function getAvailableCounts(eventIds: number[]): Promise<Map<number, number>> {
  const ids = [...new Set(eventIds)];
  if (ids.length === 0 || !isCacheEnabled()) return countAvailableTickets(ids);
  const redis = getRedis();
  if (isCacheStoreDown(redis)) return countAvailableTickets(ids);
  let raw: (string | null)[];
  try {
    // One GET per counter, not MGET: the counters live in different hash slots. The client
    // pipelines them into one round trip.
    raw = await Promise.all(ids.map((id) => redis.get(ticketCountKey(id))));
  } catch (e) {
    markCacheStoreDown(redis, e);
    return countAvailableTickets(ids);
  }
  const counts = new Map<number, number>();
  const missing: number[] = [];
  ids.forEach((id, i) => {
    const n = raw[i] === null ? NaN : Number(raw[i]);
    if (Number.isInteger(n) && n >= 0) counts.set(id, n);
    else missing.push(id);
  });
  if (missing.length > 0) {
    for (const [id, n] of await countMissing(missing)) counts.set(id, n);
  }
  return counts;
}

// Readers that find the same counters missing (a cold Redis under a stampede) share one count.
const counting = new Map<string, Promise<Map<number, number>>>();

function countMissing(ids: number[]): Promise<Map<number, number>> {
  const key = [...ids].sort((a, b) => a - b).join(",");
  let pending = counting.get(key);
  if (!pending) {
    pending = (async () => {
      const counted = await countAvailableTickets(ids);
      // NX: a counter that a hold created meanwhile is newer than this count.
      const redis = getRedis();
      await Promise.all([...counted].map(([id, n]) => redis.set(ticketCountKey(id), n, { ttlMs: TICKET_COUNT_TTL_MS, nx: true }))).catch(() => undefined);
      return counted;
    })().finally(() => counting.delete(key));
    counting.set(key, pending);
  }
  return pending;
}
