// What "available" means for a ticket, in one place. Expiry is lazy: a reserved ticket whose hold
// has passed is available to the next buyer at once, before any sweeper has run, so every read
// and (later) the reserve statement use this same predicate.
import { Prisma } from "@/lib/generated/prisma/client";

/** SQL predicate over a `ticket` row aliased `t`: true when the ticket can be bought now. */
export const ticketIsAvailableSql = Prisma.sql`(t.status IN ('available', 'expired') OR (t.status = 'reserved' AND t.hold_expire_datetime <= now()))`;

/** The same rule for a ticket already in memory. */
export function isTicketAvailable(ticket: { status: string; holdExpiresAt: Date | null }, now: Date = new Date()): boolean {
  if (ticket.status === "available" || ticket.status === "expired") return true;
  return ticket.status === "reserved" && ticket.holdExpiresAt !== null && ticket.holdExpiresAt <= now;
}
