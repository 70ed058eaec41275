// `ticket_count:{event_N}`: the cached number of tickets of an event that can be bought now (the
// predicate of ticket-availability.ts). PostgreSQL is the truth; this key is a counter for cheap
// reads under load. It moves in three ways:
// - adjustTicketCount: reserve/cancel add their delta after their transaction commits, and only to
//   a key that exists (a missing key stays missing, so a counter is never rebuilt from a delta);
// - getTicketCount: a missing key is counted in PostgreSQL and stored;
// - reconcileTicketCounts: recount from PostgreSQL and overwrite (the sweeper, after expiring holds,
//   and periodically for every event on sale), which bounds any drift: a delta lost to a crash, or
//   a lazy expiry (a hold that passed frees its seats without any write) that no delta reported.
// A count that a delta would take below zero is dropped instead, to be recounted on the next read.
import { getDb } from "@/lib/db";
import { defineScript, getRedis, ticketCountKey } from "@/lib/redis";
import { ticketIsAvailableSql } from "./ticket-availability";
import { logger } from "@/lib/log/logger";

const log = logger("inventory");

/** Counters outlive no event by long: each recount or read refreshes this. */
export const TICKET_COUNT_TTL_MS = 24 * 60 * 60 * 1000;

const adjustIfExists = defineScript<number | null>({
  name: "ticket_count_adjust_if_exists",
  numberOfKeys: 1,
  lua: `
if redis.call('EXISTS', KEYS[1]) == 0 then return false end
local v = redis.call('INCRBY', KEYS[1], ARGV[1])
if v < 0 then
  redis.call('DEL', KEYS[1])
  return false
end
return v`,
});

const setIfExists = defineScript<number>({
  name: "ticket_count_set_if_exists",
  numberOfKeys: 1,
  lua: `
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
return 1`,
});

/** Available tickets per event, counted in PostgreSQL; every requested event is in the map (0 when it has no tickets). */
export async function countAvailableTickets(eventIds: number[]): Promise<Map<number, number>> {
  const counts = new Map<number, number>();
  const ids = [...new Set(eventIds)];
  if (ids.length === 0) return counts;
  const rows = await getDb().$queryRaw<{ event_id: number; available: bigint }[]>`
    SELECT t.event_id, count(*) FILTER (WHERE ${ticketIsAvailableSql}) AS available
      FROM ticket t
     WHERE t.event_id = ANY(${ids}::int[])
     GROUP BY t.event_id`;
  for (const id of ids) counts.set(id, 0);
  for (const r of rows) counts.set(r.event_id, Number(r.available));
  return counts;
}

/**
 * Adds `delta` to the event's counter when the counter exists (call after the transaction that
 * changed availability commits: -n for a hold, +n for a release). Returns the new value, or null
 * when there was no counter, the counter was dropped (it would have gone negative) or Redis failed:
 * the counter is a cache, so a failure here is logged and never fails the caller.
 */
export async function adjustTicketCount(eventId: number, delta: number): Promise<number | null> {
  if (!Number.isInteger(delta)) throw new Error(`adjustTicketCount: delta must be an integer, got ${delta}`);
  if (delta === 0) return null;
  try {
    return await getRedis().runScript(adjustIfExists, [ticketCountKey(eventId)], [delta]);
  } catch (e) {
    log.warn(`ticket_count of event ${eventId} not adjusted by ${delta}: ${(e as Error).message}`);
    return null;
  }
}

/** The event's available-ticket count: the counter when it exists, else counted in PostgreSQL and stored. */
export async function getTicketCount(eventId: number): Promise<number> {
  const redis = getRedis();
  const key = ticketCountKey(eventId);
  try {
    const raw = await redis.get(key);
    const n = raw === null ? NaN : Number(raw);
    if (Number.isInteger(n) && n >= 0) return n;
  } catch (e) {
    log.warn(`ticket_count of event ${eventId} unreadable, counting in PostgreSQL: ${(e as Error).message}`);
    return (await countAvailableTickets([eventId])).get(eventId) ?? 0;
  }
  const count = (await countAvailableTickets([eventId])).get(eventId) ?? 0;
  try {
    await redis.set(key, count, { ttlMs: TICKET_COUNT_TTL_MS });
  } catch {
    // Served from PostgreSQL; the next read tries again.
  }
  return count;
}

export type ReconcileOptions = {
  /** Only overwrite counters that exist (a periodic pass over many events must not create keys for all of them). */
  onlyExisting?: boolean;
};

/**
 * Recounts the events in PostgreSQL and writes the counters. Returns the counts. Throws when Redis
 * fails (the caller decides whether that matters; the sweeper logs it).
 *
 * A reserve that commits between the count and the write can have its delta overwritten; the next
 * reconcile corrects that, so the drift is bounded by the reconcile period.
 */
export async function reconcileTicketCounts(eventIds: number[], options: ReconcileOptions = {}): Promise<Map<number, number>> {
  const counts = await countAvailableTickets(eventIds);
  if (counts.size === 0) return counts;
  const redis = getRedis();
  // One command per event: the keys live in different hash slots.
  await Promise.all(
    [...counts].map(([eventId, count]) =>
      options.onlyExisting
        ? redis.runScript(setIfExists, [ticketCountKey(eventId)], [count, TICKET_COUNT_TTL_MS])
        : redis.set(ticketCountKey(eventId), count, { ttlMs: TICKET_COUNT_TTL_MS }),
    ),
  );
  return counts;
}

/** Ids of the events on sale at `now`: scheduled, not yet started, inside their on-sale window. */
export async function listOnSaleEventIds(now: Date = new Date()): Promise<number[]> {
  const rows = await getDb().$queryRaw<{ event_id: number }[]>`
    SELECT e.event_id FROM event e
     WHERE e.status = 'scheduled' AND e.datetime > ${now}::timestamptz
       AND (e.onsale_datetime IS NULL OR e.onsale_datetime <= ${now}::timestamptz)
       AND (e.offsale_datetime IS NULL OR e.offsale_datetime > ${now}::timestamptz)
     ORDER BY e.event_id`;
  return rows.map((r) => r.event_id);
}

/** Recounts every existing counter of the events on sale (the sweeper's periodic pass). Returns how many events were recounted. */
export async function reconcileOnSaleTicketCounts(now: Date = new Date()): Promise<number> {
  const ids = await listOnSaleEventIds(now);
  // Bounded statements: a very large catalog is recounted in slices.
  const SLICE = 500;
  for (let i = 0; i < ids.length; i += SLICE) {
    await reconcileTicketCounts(ids.slice(i, i + SLICE), { onlyExisting: true });
  }
  return ids.length;
}
