// The small, fast-changing part of an event page: which tickets cannot be bought right now.
// Built once per change and at most about once a second per event (holds, releases, sales and
// expiries drop it: cache-keys.ts), shared through Redis, and single-flight in each process: a
// crowd of readers, cold cache or not, costs PostgreSQL one query a second, not one per reader.
import { getDb } from "@/lib/db";
import { AppError } from "@/lib/errors/app-error";
import { ticketIsAvailableSql } from "@/lib/inventory/ticket-availability";
import type { EventAvailability } from "@/lib/events/types";
import { availabilityCacheKey, availabilityCachePolicy } from "@/lib/events/cache-keys";
import { cachedEntry, type Cached } from "@/lib/redis/cached";
import { getRedis } from "@/lib/redis";

async function buildAvailability(eventId: number): Promise<EventAvailability | null> {
  const db = getDb();
  const [event, unavailableRows] = await Promise.all([
    db.event.findUnique({ where: { id: eventId }, select: { publishedAt: true, _count: { select: { tickets: true } } } }),
    db.$queryRaw<{ id: number }[]>`
      SELECT t.ticket_id AS id
        FROM ticket t
       WHERE t.event_id = ${eventId} AND NOT ${ticketIsAvailableSql}
       ORDER BY t.ticket_id`,
  ]);
  if (!event || event.publishedAt === null) return null; // drafts are not public
  const total = event._count.tickets;
  const unavailable = unavailableRows.map((r) => r.id);
  return {
    event_id: String(eventId),
    total_ticket_cnt: total,
    available_ticket_cnt: total - unavailable.length,
    unavailable_ticket_ids: unavailable,
    as_of: new Date().toISOString(),
  };
}

/** The cached entry (served as it is by the availability route); `.value` for the parsed payload. */
export async function getEventAvailability(eventId: number): Promise<Cached<EventAvailability>> {
  // A missing event is cached too (as null): a flood of requests for it costs one query a second.
  const entry = await cachedEntry(getRedis(), availabilityCacheKey(eventId), availabilityCachePolicy, () => buildAvailability(eventId));
  if (entry.json === "null") throw new AppError("not_found", `Event ${eventId} was not found`);
  return entry as Cached<EventAvailability>;
}
