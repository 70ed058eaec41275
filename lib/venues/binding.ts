// Events and chart versions. An event sells the seats of one published chart version
// (event.chart_version_id), fixed when it is created: publishing a later version never changes it.
// Moving an event to another version is an explicit step (moveEventToChartVersion) that keeps every
// ticket whose seat still exists (matched by section name, row and number), refuses the move when a
// held, sold or once-sold ticket's seat would vanish, and drops or adds only untouched tickets.
import type { Caller } from "@/lib/auth/get-caller";
import { requireEventManager } from "@/lib/admin/access";
import { recordAudit } from "@/lib/admin/audit";
import { getDb } from "@/lib/db";
import { AppError } from "@/lib/errors/app-error";
import { invalidateEventCaches } from "@/lib/events/cache-keys";
import type { Prisma } from "@/lib/generated/prisma/client";

type Tx = Prisma.TransactionClient;
type DbLike = Tx | ReturnType<typeof getDb>;

export type BoundChartVersion = { chartVersionId: number; version: number };

/**
 * The chart version a new event at `venueId` binds to: the venue's current published version.
 * Event creation sets `event.chartVersionId` to `chartVersionId` (a database trigger does the same
 * when it is omitted) and creates tickets only for `sellableSeats(chartVersionId)`.
 * Throws conflict when the venue has no published chart.
 */
export async function chartVersionForNewEvent(db: DbLike, venueId: number): Promise<BoundChartVersion> {
  const venue = await db.venue.findUnique({ where: { id: venueId }, select: { chartVersion: true } });
  if (!venue) throw new AppError("not_found", `Venue ${venueId} was not found`);
  const row = await db.venueChartVersion.findFirst({ where: { venueId, version: venue.chartVersion, status: "published" }, select: { id: true, version: true } });
  if (!row) throw new AppError("conflict", `Venue ${venueId} has no published seating chart yet`);
  return { chartVersionId: row.id, version: row.version };
}

export type SellableSeat = { seatId: number; sectionId: number; sectionName: string; row: string; rowIndex: number; number: number; accessible: "wheelchair" | "companion" | null; restrictedView: boolean };

/** The seats of a chart version that may be sold (every seat not marked not-for-sale), in chart order. */
export async function sellableSeats(db: DbLike, chartVersionId: number): Promise<SellableSeat[]> {
  const rows = await db.$queryRaw<{ seat_id: number; section_id: number; name: string; row: string; row_index: number; number: number; accessible: "wheelchair" | "companion" | null; restricted_view: boolean }[]>`
    SELECT s.seat_id, s.section_id, sec.name, s."row", s.row_index, s."number", s.accessible::text AS accessible, s.restricted_view
      FROM seat s JOIN section sec ON sec.section_id = s.section_id
     WHERE s.chart_version_id = ${chartVersionId}::int AND s.not_for_sale_reason IS NULL
     ORDER BY sec.sort_order, sec.section_id, s.row_index, s."number"`;
  return rows.map((r) => ({ seatId: r.seat_id, sectionId: r.section_id, sectionName: r.name, row: r.row, rowIndex: r.row_index, number: r.number, accessible: r.accessible, restrictedView: r.restricted_view }));
}

export type MoveResult = {
  event_id: string;
  from_version: number | null;
  to_version: number;
  /** Tickets kept on the same seat label in the new version. */
  kept: number;
  /** Untouched tickets whose seat is gone (or not for sale) in the new version, deleted. */
  removed: number;
  /** Tickets created for the new version's new seats (class and price of their row or section). */
  added: number;
  /** New seats left without a ticket: no ticket of the same section to copy a class and price from. */
  unpriced_seats: string[];
};

type TicketRow = { ticket_id: number; status: string; section: string; row: string; number: number; class_id: number; price: string; currency: string; has_items: boolean };

/**
 * Moves an event to a published chart version of its venue (default: the current one). Refuses
 * (409, details.missing_seats) when any ticket that is held, sold, or was ever on an order would
 * lose its seat; otherwise re-points kept tickets at the new seats, deletes the untouched ones whose
 * seat is gone, and adds tickets for new seats. Tickets are locked for the whole step, so a hold
 * racing it either lands before (and is checked) or after (on the new seats).
 */
export async function moveEventToChartVersion(caller: Caller, eventId: number, toVersion?: number): Promise<MoveResult> {
  const { venueId } = await requireEventManager(caller, eventId);
  const result = await getDb().$transaction(
    async (tx) => {
      const [event] = await tx.$queryRaw<{ chart_version_id: number | null }[]>`SELECT chart_version_id FROM event WHERE event_id = ${eventId}::int FOR UPDATE`;
      if (!event) throw new AppError("not_found", `Event ${eventId} was not found`);
      const venue = await tx.venue.findUniqueOrThrow({ where: { id: venueId }, select: { chartVersion: true } });
      const targetNumber = toVersion ?? venue.chartVersion;
      const target = await tx.venueChartVersion.findFirst({ where: { venueId, version: targetNumber, status: "published" } });
      if (!target) throw new AppError("not_found", `Venue ${venueId} has no published chart version ${targetNumber}`);
      const from = event.chart_version_id === null ? null : await tx.venueChartVersion.findUnique({ where: { id: event.chart_version_id }, select: { version: true } });
      if (event.chart_version_id === target.id) {
        throw new AppError("conflict", `Event ${eventId} is already on chart version ${target.version}`);
      }

      const tickets = await tx.$queryRaw<TicketRow[]>`
        SELECT t.ticket_id, t.status::text AS status, sec.name AS section, s."row", s."number", t.class_id, t.price::text AS price, t.currency,
               EXISTS (SELECT 1 FROM order_item oi WHERE oi.ticket_id = t.ticket_id) AS has_items
          FROM ticket t JOIN seat s ON s.seat_id = t.seat_id JOIN section sec ON sec.section_id = s.section_id
         WHERE t.event_id = ${eventId}::int
         ORDER BY t.ticket_id
           FOR UPDATE OF t`;
      const seats = await tx.$queryRaw<{ seat_id: number; section: string; row: string; number: number; for_sale: boolean }[]>`
        SELECT s.seat_id, sec.name AS section, s."row", s."number", s.not_for_sale_reason IS NULL AS for_sale
          FROM seat s JOIN section sec ON sec.section_id = s.section_id
         WHERE s.chart_version_id = ${target.id}::int`;
      const key = (section: string, row: string, number: number) => `${section}\u0000${row}\u0000${number}`;
      const seatByLabel = new Map(seats.map((s) => [key(s.section, s.row, s.number), s]));

      const untouched = (t: TicketRow) => (t.status === "available" || t.status === "expired") && !t.has_items;
      const keep: { ticketId: number; seatId: number }[] = [];
      const remove: number[] = [];
      const missing: string[] = [];
      const covered = new Set<number>();
      for (const t of tickets) {
        const seat = seatByLabel.get(key(t.section, t.row, t.number));
        if (seat && (seat.for_sale || !untouched(t))) {
          keep.push({ ticketId: t.ticket_id, seatId: seat.seat_id });
          covered.add(seat.seat_id);
        } else if (untouched(t)) {
          remove.push(t.ticket_id);
        } else {
          missing.push(`${t.section}-${t.row}-${t.number}`);
        }
      }
      if (missing.length > 0) {
        throw new AppError("conflict", `${missing.length} held or sold seat(s) do not exist in chart version ${target.version}`, { missing_seats: missing.slice(0, 500) });
      }

      // Class and price for new seats: of a ticket in the same row, else the same section.
      const priceOf = new Map<string, TicketRow>();
      for (const t of tickets) {
        const rowKey = `${t.section}\u0000${t.row}`;
        if (!priceOf.has(rowKey)) priceOf.set(rowKey, t);
        if (!priceOf.has(t.section)) priceOf.set(t.section, t);
      }
      const add: { seatId: number; label: string; classId: number; price: string; currency: string }[] = [];
      const unpriced: string[] = [];
      for (const s of seats) {
        if (!s.for_sale || covered.has(s.seat_id)) continue;
        const source = priceOf.get(`${s.section}\u0000${s.row}`) ?? priceOf.get(s.section);
        const label = `${s.section}-${s.row}-${s.number}`;
        if (!source) unpriced.push(label);
        else add.push({ seatId: s.seat_id, label, classId: source.class_id, price: source.price, currency: source.currency });
      }

      if (remove.length > 0) {
        const deleted = await tx.$executeRaw`
          DELETE FROM ticket WHERE event_id = ${eventId}::int AND ticket_id = ANY(${remove}::int[]) AND status IN ('available', 'expired')`;
        if (deleted !== remove.length) throw new AppError("conflict", "Some tickets changed during the move; try again");
      }
      if (keep.length > 0) {
        await tx.$executeRaw`
          UPDATE ticket t SET seat_id = u.seat_id
            FROM unnest(${keep.map((k) => k.ticketId)}::int[], ${keep.map((k) => k.seatId)}::int[]) AS u(ticket_id, seat_id)
           WHERE t.ticket_id = u.ticket_id AND t.event_id = ${eventId}::int`;
      }
      if (add.length > 0) {
        await tx.$executeRaw`
          INSERT INTO ticket (event_id, seat_id, seat, class_id, currency, price, status)
          SELECT ${eventId}::int, u.seat_id, u.label, u.class_id, u.currency, u.price, 'available'
            FROM unnest(${add.map((a) => a.seatId)}::int[], ${add.map((a) => a.label)}::text[], ${add.map((a) => a.classId)}::int[],
                        ${add.map((a) => a.currency)}::text[], ${add.map((a) => a.price)}::numeric[]) AS u(seat_id, label, class_id, currency, price)`;
      }
      const total = await tx.ticket.count({ where: { eventId } });
      await tx.event.update({ where: { id: eventId }, data: { chartVersionId: target.id, totalTicketCount: total } });
      const out: MoveResult = {
        event_id: String(eventId),
        from_version: from?.version ?? null,
        to_version: target.version,
        kept: keep.length,
        removed: remove.length,
        added: add.length,
        unpriced_seats: unpriced.slice(0, 500),
      };
      await recordAudit(tx, {
        actorId: caller.userId,
        action: "event.chart_version",
        targetType: "event",
        targetId: eventId,
        venueId,
        eventId,
        before: { version: out.from_version },
        after: { version: out.to_version, kept: out.kept, removed: out.removed, added: out.added, unpriced: unpriced.length },
      });
      return out;
    },
    { timeout: 60_000 },
  );
  await invalidateEventCaches([eventId]);
  return result;
}
