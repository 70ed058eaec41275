// Reserve: hold seats for a fan, all or nothing. The two-step claim of ARCHITECTURE.md:
//  1. one Lua script claims every seat's Redis key with the hold's TTL, or none (losers stop here);
//  2. one conditional UPDATE in a PostgreSQL transaction takes the tickets that are still available
//     (the arbiter); if it changed fewer rows than asked, everything rolls back and is released.
// A fan has one hold per event: seats added later join it and keep its expiry, and re-reserving
// seats already held answers the same hold, never a longer one.
import { getDb } from "@/lib/db";
import { AppError } from "@/lib/errors/app-error";
import { availabilityCacheKey } from "@/lib/events/cache-keys";
import { describeHold, findLiveReservation } from "@/lib/inventory/get-active-hold";
import { claimSeats, releaseSeatClaims } from "@/lib/inventory/hold-claims";
import { ticketIsAvailableSql } from "@/lib/inventory/ticket-availability";
import type { ReserveResult } from "@/lib/inventory/types";
import { getRedis } from "@/lib/redis";

type SaleWindow = { status: string; datetime: Date; onsaleAt: Date | null; offsaleAt: Date | null };

export function assertOnSale(event: SaleWindow, now: Date = new Date()): void {
  if (event.status !== "scheduled") throw new AppError("not_on_sale", `This event is ${event.status}`);
  if (event.datetime <= now) throw new AppError("not_on_sale", "This event has already started");
  if (event.onsaleAt && event.onsaleAt > now) throw new AppError("not_on_sale", `Tickets go on sale at ${event.onsaleAt.toISOString()}`);
  if (event.offsaleAt && event.offsaleAt <= now) throw new AppError("not_on_sale", "Ticket sales for this event have ended");
}

export function seatsUnavailable(ticketIds: number[]): AppError {
  return new AppError("seats_unavailable", `${ticketIds.length === 1 ? "A seat was" : `${ticketIds.length} seats were`} just taken by someone else`, {
    unavailable_ticket_ids: ticketIds.map(String),
  });
}

/** Forgets the event's cached availability so the next reader (and the live chart) sees the change. */
export async function invalidateAvailability(eventId: number): Promise<void> {
  try {
    await getRedis().del(availabilityCacheKey(eventId));
  } catch {
    // The entry lives one second anyway.
  }
}

export async function reserveTickets({ userId, ticketIds }: { userId: number; ticketIds: number[] }): Promise<ReserveResult> {
  const db = getDb();
  const now = new Date();
  const tickets = await db.ticket.findMany({
    where: { id: { in: ticketIds } },
    select: { id: true, eventId: true, reservationId: true, status: true },
  });
  if (tickets.length < ticketIds.length) {
    const known = new Set(tickets.map((t) => t.id));
    throw new AppError("not_found", "Some tickets do not exist", { unknown_ticket_ids: ticketIds.filter((id) => !known.has(id)).map(String) });
  }
  const eventIds = new Set(tickets.map((t) => t.eventId));
  if (eventIds.size > 1) throw new AppError("validation_error", "All tickets of a hold must belong to one event", { field: "ticket_ids" });
  const eventId = tickets[0]!.eventId;
  const event = await db.event.findUniqueOrThrow({
    where: { id: eventId },
    select: { status: true, datetime: true, onsaleAt: true, offsaleAt: true, holdSeconds: true, maxTicketsPerOrder: true },
  });
  assertOnSale(event, now);

  const live = await findLiveReservation(db, userId, eventId, now);
  const alreadyMine = (t: (typeof tickets)[number]) => live !== null && t.reservationId === live.id && t.status === "reserved";
  const wanted = tickets.filter((t) => !alreadyMine(t)).map((t) => t.id);
  if (wanted.length === 0 && live) return describeHold(db, live, eventId, now);

  const heldCount = live ? await db.ticket.count({ where: { reservationId: live.id, status: "reserved" } }) : 0;
  if (heldCount + wanted.length > event.maxTicketsPerOrder) {
    throw new AppError("order_limit_exceeded", `You can hold at most ${event.maxTicketsPerOrder} tickets for this event${heldCount ? ` (you already hold ${heldCount})` : ""}`, {
      max_tickets_per_order: event.maxTicketsPerOrder,
    });
  }

  const expiresAt = live?.expiresAt ?? new Date(now.getTime() + event.holdSeconds * 1000);
  const claim = await claimSeats(eventId, wanted, userId, expiresAt);
  if (!claim.ok) throw seatsUnavailable(claim.takenTicketIds);

  let reservation: { id: number; expiresAt: Date };
  try {
    reservation = await db.$transaction(async (tx) => {
      let held: { id: number; expiresAt: Date };
      if (live) {
        // Locks the hold's row (a fan's concurrent reserves queue here) and checks it is still live.
        const touched = await tx.reservation.updateMany({
          where: { id: live.id, status: "active", expiresAt: { gt: new Date() } },
          data: { updatedAt: new Date() },
        });
        if (touched.count === 0) throw new AppError("conflict", "Your hold has just expired; please select your seats again");
        held = live;
      } else {
        held = await tx.reservation.create({ data: { userId, eventId, expiresAt, status: "active" }, select: { id: true, expiresAt: true } });
      }
      const taken = await tx.$queryRaw<{ ticket_id: number }[]>`
        UPDATE ticket t
           SET status = 'reserved', user_id = ${userId}, reservation_id = ${held.id},
               hold_expire_datetime = ${held.expiresAt}, status_update_datetime = now()
         WHERE t.ticket_id = ANY(${wanted}::int[]) AND t.event_id = ${eventId} AND ${ticketIsAvailableSql}
        RETURNING t.ticket_id`;
      if (taken.length < wanted.length) {
        const got = new Set(taken.map((r) => r.ticket_id));
        throw seatsUnavailable(wanted.filter((id) => !got.has(id)));
      }
      return held;
    });
  } catch (error) {
    await releaseSeatClaims(eventId, claim.claimedTicketIds, userId);
    throw error;
  }
  await invalidateAvailability(eventId);
  return describeHold(db, reservation, eventId, now);
}
