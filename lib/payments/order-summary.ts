// The order a fan is about to pay: their hold's tickets with prices, the event's booking fee per
// ticket, and the totals, all summed in minor units.
import { getDb } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";
import { AppError } from "@/lib/errors/app-error";
import { fromMinor, toMinor } from "./money";
import { describeRefundPolicy } from "./refund-policy";
import type { OrderSummary, OrderTicket } from "./types";

type Row = {
  ticket_id: number;
  seat: string;
  section: string;
  row: string;
  seat_number: number;
  general_admission?: boolean;
  class: string;
  price: string;
  currency: string;
};

export type PricedOrder = { tickets: OrderTicket[]; subtotalMinor: number; feesMinor: number; totalMinor: number; currency: string };

/** Prices tickets (price + the event's fee each), summing in minor units. */
export function priceOrder(rows: Row[], serviceFee: string, eventCurrency: string): PricedOrder {
  const currency = rows[0]?.currency ?? eventCurrency;
  const feeMinor = toMinor(serviceFee, currency);
  let subtotalMinor = 0;
  const tickets = rows.map((r) => {
    subtotalMinor += toMinor(r.price, r.currency);
    return {
      ticket_id: String(r.ticket_id),
      seat: r.seat,
      section: r.section,
      row: r.row,
      seat_number: r.seat_number,
      general_admission: r.general_admission === true,
      class: r.class,
      price: fromMinor(toMinor(r.price, r.currency), r.currency),
      fee: fromMinor(feeMinor, r.currency),
      currency: r.currency,
    };
  });
  const feesMinor = feeMinor * rows.length;
  return { tickets, subtotalMinor, feesMinor, totalMinor: subtotalMinor + feesMinor, currency };
}

/** Tickets (alias `t`) matching `where`, in the order's shape, by ticket id. */
function selectOrderTickets(where: Prisma.Sql): Promise<Row[]> {
  return getDb().$queryRaw<Row[]>`
    SELECT t.ticket_id, t.seat, sec.label AS section, s."row", s."number" AS seat_number, sec.kind = 'general_admission' AS general_admission, c.name AS class,
           t.price::text AS price, t.currency
      FROM ticket t JOIN class c ON c.class_id = t.class_id
      JOIN seat s ON s.seat_id = t.seat_id JOIN section sec ON sec.section_id = s.section_id
     WHERE ${where}
     ORDER BY t.ticket_id`;
}

/** The tickets of `ticketIds` (any status), for checkout line items and the payment checks. */
export async function loadOrderTickets(ticketIds: number[]): Promise<Row[]> {
  if (ticketIds.length === 0) return [];
  return selectOrderTickets(Prisma.sql`t.ticket_id = ANY(${ticketIds}::int[])`);
}

/** The caller's reservation, priced. Someone else's reservation is "not found", not "forbidden". */
export async function getOrderSummary({ userId, reservationId, now = new Date() }: { userId: number; reservationId: number; now?: Date }): Promise<OrderSummary> {
  const db = getDb();
  const reservation = await db.reservation.findUnique({
    where: { id: reservationId },
    select: {
      id: true,
      userId: true,
      status: true,
      expiresAt: true,
      event: {
        select: { id: true, title: true, datetime: true, location: true, currency: true, serviceFee: true, refundCutoffHours: true, venue: { select: { name: true, timezone: true } } },
      },
    },
  });
  if (!reservation || reservation.userId !== userId) throw new AppError("not_found", "No such reservation");
  const { event } = reservation;

  // An active hold shows its reserved tickets; a confirmed one the tickets it bought.
  const rows = await selectOrderTickets(Prisma.sql`t.reservation_id = ${reservation.id} AND t.status IN ('reserved', 'confirmed')`);
  const priced = priceOrder(rows, event.serviceFee.toFixed(2), event.currency);

  const lapsed = reservation.status === "active" && (reservation.expiresAt <= now || rows.length === 0);
  return {
    reservation_id: String(reservation.id),
    status: lapsed ? "expired" : reservation.status,
    expire_datetime: reservation.expiresAt.toISOString(),
    expire_in_seconds: Math.max(0, Math.floor((reservation.expiresAt.getTime() - now.getTime()) / 1000)),
    event: {
      event_id: String(event.id),
      title: event.title,
      datetime: event.datetime.toISOString(),
      venue: event.venue.name,
      location: event.location,
      timezone: event.venue.timezone,
    },
    tickets: priced.tickets,
    subtotal: fromMinor(priced.subtotalMinor, priced.currency),
    fees: fromMinor(priced.feesMinor, priced.currency),
    total: fromMinor(priced.totalMinor, priced.currency),
    currency: priced.currency,
    refund_policy: describeRefundPolicy(event),
  };
}
