// Reserve: hold seats for a fan, all or nothing. The two-step claim of docs/architecture.md:
//  1. one Lua script claims every seat's Redis key with the hold's TTL, or none (losers stop here);
//  2. one conditional UPDATE in a PostgreSQL transaction takes the tickets that are still available
//     (the arbiter); if it changed fewer rows than asked, everything rolls back and is released.
// A fan has one hold per event: seats added later join it and keep its expiry, and re-reserving
// seats already held answers the same hold, never a longer one.
import { getDb } from "@/lib/db";
import { AppError } from "@/lib/errors/app-error";
import { invalidateAvailabilityCaches } from "@/lib/events/cache-keys";
import { saleWindowState } from "@/lib/events/sale-window";
import { describeHold, findLiveReservation } from "@/lib/inventory/get-active-hold";
import { claimSeats, releaseSeatClaims, retimeSeatClaims } from "@/lib/inventory/hold-claims";
import { ticketIsAvailableSql } from "@/lib/inventory/ticket-availability";
import { adjustTicketCount } from "@/lib/inventory/ticket-counts";
import type { ReserveResult } from "@/lib/inventory/types";
import type { AdmissionCredentials } from "@/lib/queue/admission-cookie";
import { assertAdmitted } from "@/lib/queue/assert-admitted";

type SaleDates = { status: string; datetime: Date; onsaleAt: Date | null; offsaleAt: Date | null };

/** Throws not_on_sale unless the sale window (lib/events/sale-window.ts) is open at `now`. */
export function assertOnSale(event: SaleDates, now: Date = new Date()): void {
  const state = saleWindowState(event, now);
  if (state.open) return;
  switch (state.reason) {
    case "not_scheduled":
      throw new AppError("not_on_sale", `This event is ${event.status}`);
    case "started":
      throw new AppError("not_on_sale", "This event has already started");
    case "not_yet":
      throw new AppError("not_on_sale", `Tickets go on sale at ${event.onsaleAt!.toISOString()}`);
    case "ended":
      throw new AppError("not_on_sale", "Ticket sales for this event have ended");
  }
}

export function seatsUnavailable(ticketIds: number[]): AppError {
  return new AppError("seats_unavailable", `${ticketIds.length === 1 ? "A seat was" : `${ticketIds.length} seats were`} just taken by someone else`, {
    unavailable_ticket_ids: ticketIds.map(String),
  });
}

type TicketAndEvent = {
  ticket_id: number;
  event_id: number;
  status: string;
  datetime: Date;
  onsale_datetime: Date | null;
  offsale_datetime: Date | null;
  hold_seconds: number;
  max_tickets_per_order: number;
  queue_enabled: boolean;
};

/**
 * `admission`: the caller's admission tokens (lib/queue), required while the event's waiting room is
 * on; checked locally, before any Redis claim or write.
 */
export async function reserveTickets({ userId, ticketIds, admission }: { userId: number; ticketIds: number[]; admission?: AdmissionCredentials }): Promise<ReserveResult> {
  const db = getDb();
  const now = new Date();
  // One primary-key read before Redis: a fan who loses the race costs the database this and nothing more.
  // A draft's tickets do not exist for fans (not_found, like an unknown id).
  const rows = await db.$queryRaw<TicketAndEvent[]>`
    SELECT t.ticket_id, t.event_id, e.status::text AS status, e.datetime, e.onsale_datetime, e.offsale_datetime,
           e.hold_seconds, e.max_tickets_per_order, e.queue_enabled
      FROM ticket t JOIN event e ON e.event_id = t.event_id
     WHERE t.ticket_id = ANY(${ticketIds}::int[]) AND e.published_datetime IS NOT NULL`;
  if (rows.length < ticketIds.length) {
    const known = new Set(rows.map((t) => t.ticket_id));
    throw new AppError("not_found", "Some tickets do not exist", { unknown_ticket_ids: ticketIds.filter((id) => !known.has(id)).map(String) });
  }
  if (new Set(rows.map((t) => t.event_id)).size > 1) throw new AppError("validation_error", "All tickets of a hold must belong to one event", { field: "ticket_ids" });
  const event = rows[0]!;
  const eventId = event.event_id;
  assertOnSale({ status: event.status, datetime: event.datetime, onsaleAt: event.onsale_datetime, offsaleAt: event.offsale_datetime }, now);
  if (event.queue_enabled) await assertAdmitted({ eventId, userId, admission });
  const max = event.max_tickets_per_order;
  // The limit is per account and event, across the live hold and the tickets already bought.
  const limitError = (alreadyHave: number) => {
    const more = Math.max(0, max - alreadyHave);
    const have = alreadyHave > 0 ? ` You already hold or bought ${alreadyHave}, so you may take ${more === 0 ? "no" : more} more.` : "";
    return new AppError("order_limit_exceeded", `You can have at most ${max} tickets for this event.${have}`, {
      max_tickets_per_order: max,
      tickets_remaining: more,
    });
  };
  if (ticketIds.length > max) throw limitError(0);

  // A new hold's expiry; seats added to an existing hold are re-timed to that hold's expiry below.
  const provisional = new Date(now.getTime() + event.hold_seconds * 1000);
  const claim = await claimSeats(eventId, ticketIds, userId, provisional);
  if (!claim.ok) throw seatsUnavailable(claim.takenTicketIds);

  let reservation: { id: number; expiresAt: Date; added: number };
  try {
    reservation = await db.$transaction(async (tx) => {
      // One fan's reserves on one event take turns (till commit), so two of them cannot each pass
      // the limit below on their own and exceed it together; other fans and events never wait on
      // this lock (a 64-bit hash of fan and event; the 32-bit two-key form is left to others).
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`order_limit:${userId}:${eventId}`}, 0))`;
      const live = await findLiveReservation(tx, userId, eventId);
      let held: { id: number; expiresAt: Date };
      let heldBefore = 0;
      if (live) {
        // Locks the hold's row (a fan's concurrent reserves queue here) and checks it is still live.
        const touched = await tx.reservation.updateMany({
          where: { id: live.id, status: "active", expiresAt: { gt: new Date() } },
          data: { updatedAt: new Date() },
        });
        if (touched.count === 0) throw new AppError("conflict", "Your hold has just expired; please select your seats again");
        held = live;
        heldBefore = await tx.ticket.count({ where: { reservationId: live.id, status: "reserved" } });
      } else {
        held = await tx.reservation.create({ data: { userId, eventId, expiresAt: provisional, status: "active" }, select: { id: true, expiresAt: true } });
      }
      // The arbiter: only tickets still available (or already in this very hold) change hands.
      const taken = await tx.$queryRaw<{ ticket_id: number }[]>`
        UPDATE ticket t
           SET status = 'reserved', user_id = ${userId}, reservation_id = ${held.id},
               hold_expire_datetime = ${held.expiresAt}, status_update_datetime = now(),
               -- a seat new to this hold has no checkout yet; one already in it keeps its open checkout's marker
               checkout_hold_until = CASE WHEN t.status = 'reserved' AND t.reservation_id = ${held.id} THEN t.checkout_hold_until END
         WHERE t.ticket_id = ANY(${ticketIds}::int[]) AND t.event_id = ${eventId}
           AND (${ticketIsAvailableSql} OR (t.status = 'reserved' AND t.reservation_id = ${held.id}))
        RETURNING t.ticket_id`;
      if (taken.length < ticketIds.length) {
        const got = new Set(taken.map((r) => r.ticket_id));
        throw seatsUnavailable(ticketIds.filter((id) => !got.has(id)));
      }
      // This hold's tickets, and everything the fan now has for the event: held (this hold, or
      // another one not yet free to others) or bought. Cancelled and refunded tickets do not count.
      const [counts] = await tx.$queryRaw<{ in_hold: number; owned: number }[]>`
        SELECT count(*) FILTER (WHERE t.status = 'reserved' AND t.reservation_id = ${held.id})::int AS in_hold,
               count(*) FILTER (WHERE t.status = 'confirmed'
                                   OR (t.status = 'reserved' AND (t.reservation_id = ${held.id} OR NOT ${ticketIsAvailableSql})))::int AS owned
          FROM ticket t
         WHERE t.user_id = ${userId} AND t.event_id = ${eventId}`;
      const inHold = counts?.in_hold ?? 0;
      const added = inHold - heldBefore;
      if ((counts?.owned ?? 0) > max) throw limitError((counts?.owned ?? 0) - added);
      return { ...held, added };
    });
  } catch (error) {
    await releaseSeatClaims(eventId, claim.claimedTicketIds, userId);
    throw error;
  }
  if (reservation.expiresAt.getTime() !== provisional.getTime()) {
    await retimeSeatClaims(eventId, claim.claimedTicketIds, userId, reservation.expiresAt);
  }
  // The cached count is adjusted outside the transaction (a hot counter row would cap the event's
  // reserve rate); the sweeper reconciles it from PostgreSQL.
  await Promise.all([invalidateAvailabilityCaches([eventId]), reservation.added > 0 ? adjustTicketCount(eventId, -reservation.added) : null]);
  return describeHold(db, reservation, eventId, now);
}
