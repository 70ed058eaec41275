// Joining an event's waitlist: a signed-in fan, on an event on sale, for a party of 1 up to the
// event's order limit, in the classes they accept (none: any), together or not. Refused when:
//   - the fan already holds or bought seats for the event (already_has_tickets),
//   - the fan already has a live entry (already_on_waitlist; also the loser of two concurrent joins,
//     by the partial unique index waitlist_entry_one_live_per_user),
//   - seats that fit the request (the engine's fit rule) are on sale now (waitlist_not_sold_out):
//     "sold out" is judged for this request, so a party of six that wants to sit together may join
//     while single seats are left.
// The check and the insert do not take the engine lock (joins of a hot event must not queue behind
// each other or the engine): should seats come back between the check and the insert, the engine's
// next run (the next release, or the sweeper's pass) offers them.
import { getDb } from "@/lib/db";
import { uniqueViolationTargets } from "@/lib/db/unique-violation";
import { AppError } from "@/lib/errors/app-error";
import { assertOnSale } from "@/lib/inventory/reserve-tickets";
import { ticketIsAvailableSql } from "@/lib/inventory/ticket-availability";
import { enqueueNotification } from "@/lib/notifications/outbox";
import { fitEntry, stageCentre, type WaitlistSeat } from "./fit-entry";
import { getWaitlistStatus, type WaitlistStatus } from "./get-waitlist-status";

export type WaitlistWishInput = { partySize: number; classIds: number[]; together: boolean };

/** Checks a wish against the event (order limit, classes sold for it); throws validation_error. */
export async function assertWishFits(eventId: number, maxTicketsPerOrder: number, wish: WaitlistWishInput): Promise<void> {
  if (wish.partySize > maxTicketsPerOrder) {
    throw new AppError("validation_error", `party_size must be at most ${maxTicketsPerOrder} for this event`, { field: "party_size", max_tickets_per_order: maxTicketsPerOrder });
  }
  if (wish.classIds.length === 0) return;
  const rows = await getDb().$queryRaw<{ class_id: number }[]>`
    SELECT DISTINCT class_id FROM ticket WHERE event_id = ${eventId} AND class_id = ANY(${wish.classIds}::int[])`;
  const known = new Set(rows.map((r) => r.class_id));
  const unknown = wish.classIds.filter((id) => !known.has(id));
  if (unknown.length > 0) throw new AppError("validation_error", "class_ids names classes this event does not sell", { field: "class_ids", unknown_class_ids: unknown.map(String) });
}

export async function joinWaitlist({ userId, eventId, wish, now = new Date() }: { userId: number; eventId: number; wish: WaitlistWishInput; now?: Date }): Promise<WaitlistStatus> {
  const db = getDb();
  const event = await db.event.findUnique({
    where: { id: eventId },
    select: { id: true, title: true, status: true, datetime: true, onsaleAt: true, offsaleAt: true, maxTicketsPerOrder: true, venue: { select: { chart: true } } },
  });
  if (!event) throw new AppError("not_found", `Event ${eventId} was not found`);
  assertOnSale(event, now);
  await assertWishFits(eventId, event.maxTicketsPerOrder, wish);
  try {
    return await db.$transaction(async (tx) => {
      const [owned] = await tx.$queryRaw<{ n: number }[]>`
        SELECT count(*)::int AS n FROM ticket t
         WHERE t.event_id = ${eventId} AND t.user_id = ${userId}
           AND (t.status = 'confirmed' OR (t.status = 'reserved' AND NOT ${ticketIsAvailableSql}))`;
      if ((owned?.n ?? 0) > 0) {
        throw new AppError("already_has_tickets", `You already hold or bought ${owned!.n} ticket${owned!.n === 1 ? "" : "s"} for this event`, { tickets: owned!.n });
      }
      const live = await tx.waitlistEntry.findFirst({ where: { userId, eventId, status: { in: ["waiting", "offered"] } }, select: { id: true } });
      if (live) throw alreadyOnWaitlist();
      const seats = await tx.$queryRaw<{ ticket_id: number; class_id: number; section_id: number; row: string; row_index: number; number: number; x: number; y: number }[]>`
        SELECT t.ticket_id, t.class_id, s.section_id, s."row", s.row_index, s."number", s.x, s.y
          FROM ticket t JOIN seat s ON s.seat_id = t.seat_id
         WHERE t.event_id = ${eventId} AND ${ticketIsAvailableSql}
           AND (${wish.classIds.length === 0} OR t.class_id = ANY(${wish.classIds}::int[]))`;
      const free: WaitlistSeat[] = seats.map((r) => ({ ticketId: r.ticket_id, classId: r.class_id, sectionId: r.section_id, row: r.row, rowIndex: r.row_index, number: r.number, x: r.x, y: r.y }));
      if (fitEntry(wish, free, stageCentre(event.venue.chart))) {
        throw new AppError("waitlist_not_sold_out", "Seats that fit your request are on sale now: pick them on the seating chart", { available: free.length });
      }
      const entry = await tx.waitlistEntry.create({ data: { userId, eventId, partySize: wish.partySize, classIds: wish.classIds, together: wish.together }, select: { id: true } });
      const status = await getWaitlistStatus({ userId, eventId, now }, tx);
      await enqueueNotification(tx, {
        userId,
        kind: "waitlist_joined",
        dedupeKey: `waitlist_joined:${entry.id}`,
        data: { eventId, eventTitle: event.title, partySize: wish.partySize, position: status.entry?.position ?? undefined, url: `/events/${eventId}` },
      });
      return status;
    });
  } catch (error) {
    // The only unique index this transaction can hit is the one live entry per fan and event.
    if (uniqueViolationTargets(error) !== null) throw alreadyOnWaitlist();
    throw error;
  }
}

function alreadyOnWaitlist(): AppError {
  return new AppError("already_on_waitlist", "You are already on this event's waitlist: change or leave your entry instead");
}
