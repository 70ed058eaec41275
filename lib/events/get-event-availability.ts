// The small, fast-changing part of an event page: which tickets cannot be bought right now.
// Built at most about once a second per event and shared through Redis, so a crowd of readers
// costs PostgreSQL one query a second, not one per reader.
import { getDb } from "@/lib/db";
import { AppError } from "@/lib/errors/app-error";
import { ticketIsAvailableSql } from "@/lib/inventory/ticket-availability";
import type { EventAvailability } from "@/lib/events/types";
import { availabilityCacheKey } from "@/lib/events/cache-keys";
import { cached } from "@/lib/redis/cached";
import { getRedis } from "@/lib/redis";

const AVAILABILITY_TTL_SECONDS = 1;

async function loadAvailability(eventId: number): Promise<EventAvailability> {
  const db = getDb();
  const [event, unavailableRows] = await Promise.all([
    db.event.findUnique({ where: { id: eventId }, select: { _count: { select: { tickets: true } } } }),
    db.$queryRaw<{ id: number }[]>`
      SELECT t.ticket_id AS id
        FROM ticket t
       WHERE t.event_id = ${eventId} AND NOT ${ticketIsAvailableSql}
       ORDER BY t.ticket_id`,
  ]);
  if (!event) throw new AppError("not_found", `Event ${eventId} was not found`);
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

export async function getEventAvailability(eventId: number): Promise<EventAvailability> {
  return cached(getRedis(), availabilityCacheKey(eventId), AVAILABILITY_TTL_SECONDS, () => loadAvailability(eventId));
}
