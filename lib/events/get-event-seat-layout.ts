// Which ticket is on which seat, with class and price: static for an event unless an admin edits
// it (which drops it: invalidateEventCaches), so it is cached for a minute and shared;
// availability comes separately (get-event-availability).
import { getDb } from "@/lib/db";
import { AppError } from "@/lib/errors/app-error";
import type { EventSeatLayout } from "@/lib/events/types";
import { seatLayoutCacheKey, seatLayoutCachePolicy } from "@/lib/events/cache-keys";
import { cachedEntry, type Cached } from "@/lib/redis/cached";
import { getRedis } from "@/lib/redis";

async function buildSeatLayout(eventId: number): Promise<EventSeatLayout | null> {
  const db = getDb();
  const event = await db.event.findUnique({
    where: { id: eventId },
    select: { id: true, currency: true, publishedAt: true, venue: { select: { id: true, chartVersion: true } }, chartVersion: { select: { version: true } } },
  });
  if (!event || event.publishedAt === null) return null; // drafts are not public
  const rows = await db.$queryRaw<{ id: number; seat_id: number; class_id: number; class_name: string; color: string; price: string }[]>`
    SELECT t.ticket_id AS id, t.seat_id, t.class_id, c.name AS class_name, c.color, t.price::text AS price
      FROM ticket t JOIN class c ON c.class_id = t.class_id
     WHERE t.event_id = ${eventId}
     ORDER BY t.ticket_id`;
  const layout: EventSeatLayout = {
    event_id: String(event.id),
    venue_id: String(event.venue.id),
    // The event's own chart version (lib/venues/binding.ts).
    seat_map_version: event.chartVersion?.version ?? event.venue.chartVersion,
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

/** The cached entry (served as it is by the seats route); `.value` for the parsed payload. */
export async function getEventSeatLayout(eventId: number): Promise<Cached<EventSeatLayout>> {
  const entry = await cachedEntry(getRedis(), seatLayoutCacheKey(eventId), seatLayoutCachePolicy, () => buildSeatLayout(eventId));
  if (entry.json === "null") throw new AppError("not_found", `Event ${eventId} was not found`);
  return entry as Cached<EventSeatLayout>;
}
