// Builds one event for the event page and GET /api/events/:event_id from PostgreSQL: details,
// prices by class and (for the API) every ticket with its seat, class, price and availability.
// Uncached: readers go through get-event-detail.ts.
import { getDb } from "@/lib/db";
import { ticketIsAvailableSql } from "@/lib/inventory/ticket-availability";
import { eventSummaryInclude, toEventSummary } from "@/lib/events/to-event-summary";
import type { EventDetail, PriceClassSummary, TicketSummary } from "@/lib/events/types";

type ClassRow = {
  class_id: number;
  name: string;
  description: string;
  color: string;
  min_price: string;
  max_price: string;
  total: bigint;
  available: bigint;
};

type TicketRow = {
  id: number;
  seat: string;
  seat_id: number;
  class: string;
  class_id: number;
  available: boolean;
  price: string;
  unit: string;
};

export function seatMapUrl(venueId: number, version: number): string {
  return `/api/venues/${venueId}/seat-map?v=${version}`;
}

/** The event, or null when there is none. */
export async function buildEventDetail(eventId: number, opts: { includeTickets?: boolean } = {}): Promise<EventDetail | null> {
  const db = getDb();
  const event = await db.event.findUnique({
    where: { id: eventId },
    include: { ...eventSummaryInclude, venue: { select: { id: true, name: true, address: true, timezone: true, chartVersion: true } }, chartVersion: { select: { version: true } } },
  });
  // A draft does not exist for the public (the dashboard reads events through lib/admin).
  if (!event || event.publishedAt === null) return null;

  const [classRows, ticketRows] = await Promise.all([
    db.$queryRaw<ClassRow[]>`
      SELECT c.class_id, c.name, c.description, c.color,
             min(t.price)::text AS min_price, max(t.price)::text AS max_price,
             count(*) AS total, count(*) FILTER (WHERE ${ticketIsAvailableSql}) AS available
        FROM ticket t JOIN class c ON c.class_id = t.class_id
       WHERE t.event_id = ${event.id}
       GROUP BY c.class_id
       ORDER BY max(t.price) DESC, c.name`,
    opts.includeTickets === false
      ? Promise.resolve([] as TicketRow[])
      : db.$queryRaw<TicketRow[]>`
      SELECT t.ticket_id AS id, t.seat, t.seat_id, c.name AS class, t.class_id,
             ${ticketIsAvailableSql} AS available, t.price::text AS price, t.currency AS unit
        FROM ticket t JOIN class c ON c.class_id = t.class_id
       WHERE t.event_id = ${event.id}
       ORDER BY t.ticket_id`,
  ]);

  const classes: PriceClassSummary[] = classRows.map((c) => ({
    class_id: String(c.class_id),
    name: c.name,
    description: c.description,
    color: c.color,
    min_price: c.min_price,
    max_price: c.max_price,
    currency: event.currency,
    total_ticket_cnt: Number(c.total),
    available_ticket_cnt: Number(c.available),
  }));
  const total = classes.reduce((n, c) => n + c.total_ticket_cnt, 0);
  const available = classes.reduce((n, c) => n + c.available_ticket_cnt, 0);
  const minPrice = classRows.length ? classRows.map((c) => c.min_price).reduce((a, b) => (Number(a) <= Number(b) ? a : b)) : null;

  const tickets: TicketSummary[] = ticketRows.map((t) => ({
    id: String(t.id),
    seat: t.seat,
    seat_id: String(t.seat_id),
    class: t.class,
    class_id: String(t.class_id),
    available: t.available,
    price: t.price,
    unit: t.unit,
  }));

  return {
    ...toEventSummary(event, { total, available, minPrice }),
    venue_address: event.venue.address,
    hold_seconds: event.holdSeconds,
    max_tickets_per_order: event.maxTicketsPerOrder,
    service_fee: event.serviceFee.toFixed(2),
    onsale_datetime: event.onsaleAt?.toISOString() ?? null,
    offsale_datetime: event.offsaleAt?.toISOString() ?? null,
    classes,
    tickets,
    // The chart version the event is bound to (lib/venues/binding.ts), not the venue's latest.
    seat_map_url: seatMapUrl(event.venue.id, event.chartVersion?.version ?? event.venue.chartVersion),
    seat_map_version: event.chartVersion?.version ?? event.venue.chartVersion,
  };
}
