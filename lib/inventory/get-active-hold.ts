// The caller's live hold on an event, in the reserve endpoint's shape: one hold per fan and event,
// all its tickets sharing one expiry.
import { getDb } from "@/lib/db";
import type { Db } from "@/lib/db";
import type { HeldTicket, ReserveResult } from "@/lib/inventory/types";

type Client = Pick<Db, "$queryRaw" | "reservation">;

export async function findLiveReservation(db: Client, userId: number, eventId: number, now: Date = new Date()) {
  return db.reservation.findFirst({
    where: { userId, eventId, status: "active", expiresAt: { gt: now } },
    orderBy: { expiresAt: "desc" },
    select: { id: true, expiresAt: true },
  });
}

/** The hold's tickets and totals, as the reserve endpoint answers them. */
export async function describeHold(db: Client, reservation: { id: number; expiresAt: Date }, eventId: number, now: Date = new Date()): Promise<ReserveResult> {
  const rows = await db.$queryRaw<{ ticket_id: number; seat: string; section: string; general_admission: boolean; row: string; seat_number: number; class: string; price: string; currency: string }[]>`
    SELECT t.ticket_id, t.seat, sec.label AS section, sec.kind = 'general_admission' AS general_admission, s."row", s."number" AS seat_number, c.name AS class, t.price::text AS price, t.currency
      FROM ticket t JOIN class c ON c.class_id = t.class_id
      JOIN seat s ON s.seat_id = t.seat_id JOIN section sec ON sec.section_id = s.section_id
     WHERE t.reservation_id = ${reservation.id} AND t.status = 'reserved'
     ORDER BY t.ticket_id`;
  return describeHoldRows(reservation, eventId, rows, now);
}

type HoldRow = { ticket_id: number; seat: string; section: string; general_admission?: boolean; row: string; seat_number: number; class: string; price: string; currency: string };

/** The reserve endpoint's answer from the hold's rows (ordered by ticket id). */
export function describeHoldRows(reservation: { id: number; expiresAt: Date }, eventId: number, rows: HoldRow[], now: Date = new Date()): ReserveResult {
  const tickets: HeldTicket[] = rows.map((r) => ({
    ticket_id: String(r.ticket_id),
    seat: r.seat,
    section: r.section,
    general_admission: r.general_admission === true,
    row: r.row,
    seat_number: r.seat_number,
    class: r.class,
    price: r.price,
    currency: r.currency,
    status: "reserved",
  }));
  // Sum in minor units: decimal strings added as floats would drift.
  const totalMinor = rows.reduce((sum, r) => sum + Math.round(Number(r.price) * 100), 0);
  return {
    expire_datetime: reservation.expiresAt.toISOString(),
    expire_in_seconds: Math.max(0, Math.floor((reservation.expiresAt.getTime() - now.getTime()) / 1000)),
    reservation_id: String(reservation.id),
    event_id: String(eventId),
    tickets,
    total: (totalMinor / 100).toFixed(2),
    currency: rows[0]?.currency ?? "USD",
  };
}

export async function getActiveHold({ userId, eventId }: { userId: number; eventId: number }): Promise<ReserveResult | null> {
  const db = getDb();
  const reservation = await findLiveReservation(db, userId, eventId);
  if (!reservation) return null;
  const hold = await describeHold(db, reservation, eventId);
  return hold.tickets.length > 0 ? hold : null;
}
