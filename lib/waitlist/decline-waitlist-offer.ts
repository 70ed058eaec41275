// Declining an open offer gives its seats back at once, to the next fitting entry: it is the cancel
// of the offer's hold (cancelReservedTickets), whose transaction hands the freed seats to the
// waitlist and settles the offer as declined (its reservation is released); the entry leaves the list.
import { getDb } from "@/lib/db";
import { AppError, isAppError } from "@/lib/errors/app-error";
import { cancelReservedTickets } from "@/lib/inventory/cancel-reserved-tickets";
import { getWaitlistStatus, type WaitlistStatus } from "./get-waitlist-status";
import { runWaitlistEngine } from "./offer-engine";

export type DeclineInput = { userId: number; eventId: number; onStaleCheckoutSessions?: (sessionIds: string[]) => Promise<unknown> };

export async function declineWaitlistOffer({ userId, eventId, onStaleCheckoutSessions }: DeclineInput): Promise<WaitlistStatus> {
  const db = getDb();
  const offer = await db.waitlistOffer.findFirst({ where: { userId, eventId, status: "offered" }, select: { reservationId: true } });
  if (!offer) throw new AppError("no_open_offer", "You have no open waitlist offer for this event");
  const tickets = await db.ticket.findMany({ where: { reservationId: offer.reservationId, status: "reserved", holdExpiresAt: { gt: new Date() } }, select: { id: true } });
  if (tickets.length > 0) {
    try {
      await cancelReservedTickets({ userId, ticketIds: tickets.map((t) => t.id), reason: "Waitlist offer declined", onStaleCheckoutSessions });
    } catch (error) {
      // The hold ended between the read and the cancel: the offer has lapsed.
      if (!(isAppError(error) && error.code === "not_held")) throw error;
    }
  }
  // Settles the offer (declined, or lapsed if it ended first) whatever path freed its seats.
  await runWaitlistEngine(eventId);
  if (tickets.length === 0) throw new AppError("no_open_offer", "Your waitlist offer has lapsed");
  return getWaitlistStatus({ userId, eventId });
}
