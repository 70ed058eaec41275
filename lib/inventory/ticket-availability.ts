// What "available" means for a ticket, in one place: every query, the counters, the chart, the
// reserve statement and the sweeper use this predicate (or, for a row in memory, isTicketAvailable).
//
// Expiry is lazy: a reserved ticket whose hold has passed is available to the next buyer at once,
// before any sweeper has run. One exception closes the "paid in time, refunded anyway" window: a
// held seat whose Stripe Checkout Session is still open (checkout_hold_until set, see
// lib/payments/start-checkout.ts) is not free when the hold passes, but when that session has been
// closed at Stripe (the sweeper's close-ahead, close-checkout.ts, settles it if it was paid and
// clears the marker if it expired) or, should no sweeper run, when the session's own expiry passes:
// Stripe guarantees nothing is paid on a session after its expires_at, so a payment made in time is
// always settled onto seats nobody else could take, and a lost sweeper holds seats 32 minutes at most.
import { Prisma } from "@/lib/generated/prisma/client";

/**
 * SQL over a reserved `ticket` row aliased `t`: its hold no longer protects it at `at` (a timestamp
 * expression): the hold has passed and no open checkout keeps it. The sweeper passes its own clock.
 */
export function reservedTicketIsFreeSql(at: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`(t.hold_expire_datetime <= ${at} AND (t.checkout_hold_until IS NULL OR t.checkout_hold_until <= ${at}))`;
}

/** SQL predicate over a `ticket` row aliased `t`: true when the ticket can be bought now. */
export const ticketIsAvailableSql = Prisma.sql`(t.status IN ('available', 'expired') OR (t.status = 'reserved' AND ${reservedTicketIsFreeSql(Prisma.sql`now()`)}))`;

/** The same rule for a ticket already in memory. */
export function isTicketAvailable(ticket: { status: string; holdExpiresAt: Date | null; checkoutHoldUntil?: Date | null }, now: Date = new Date()): boolean {
  if (ticket.status === "available" || ticket.status === "expired") return true;
  if (ticket.status !== "reserved" || ticket.holdExpiresAt === null || ticket.holdExpiresAt > now) return false;
  return !ticket.checkoutHoldUntil || ticket.checkoutHoldUntil <= now;
}
