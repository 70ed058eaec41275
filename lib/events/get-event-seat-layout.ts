// Which ticket is on which seat, with class and price: static for an event unless an admin edits
// it, so it is cached briefly and shared; availability comes separately (get-event-availability).
import { getDb } from "@/lib/db";
import { AppError } from "@/lib/errors/app-error";
import type { EventSeatLayout } from "@/lib/events/types";
import { seatLayoutCacheKey } from "@/lib/events/cache-keys";
import { cached } from "@/lib/redis/cached";
import { getRedis } from "@/lib/redis";

const LAYOUT_TTL_SECONDS = 60;

async function loadSeatLayout(eventId: number): Promise<EventSeatLayout> {
  const db = getDb();
  const event = await db.event.findUnique({
    where: { id: eventId },
    select: { id: true, currency: true, venue: { select: { id: true, chartVersion: true } } },
  });
  if (!event) throw new AppError("not_found", `Event ${eventId} was not found`);
  const rows = await db.$queryRaw<{ id: number; seat_id: number; class_id: number; class_name: string; color: string; price: string }[]>`
    SELECT t.ticket_id AS id, t.seat_id, t.class_id, c.name AS class_name, c.color, t.price::text AS price
      FROM ticket t JOIN class c ON c.class_id = t.class_id
     WHERE t.event_id = ${eventId}
     ORDER BY t.ticket_id`;
  const layout: EventSeatLayout = {
    event_id: String(event.id),
    venue_id: String(event.venue.id),
    seat_map_version: event.venue.chartVersion,
    currency: event.currency,
    classes: [],
    prices: [],
    ticket_ids: [],
    seat_ids: [],
    class_index: [],
    price_index: [],
  };
  const classIndex = new Map<number, number>();
  const priceIndex = new Map<string, number>();
  for (const r of rows) {
    let ci = classIndex.get(r.class_id);
    if (ci === undefined) {
      ci = layout.classes.push({ class_id: String(r.class_id), name: r.class_name, color: r.color }) - 1;
      classIndex.set(r.class_id, ci);
    }
    let pi = priceIndex.get(r.price);
    if (pi === undefined) {
      pi = layout.prices.push(r.price) - 1;
      priceIndex.set(r.price, pi);
    }
    layout.ticket_ids.push(r.id);
    layout.seat_ids.push(r.seat_id);
    layout.class_index.push(ci);
    layout.price_index.push(pi);
  }
  return layout;
}

export async function getEventSeatLayout(eventId: number): Promise<EventSeatLayout> {
  return cached(getRedis(), seatLayoutCacheKey(eventId), LAYOUT_TTL_SECONDS, () => loadSeatLayout(eventId));
}
