// Admitting a fan at the door: venue staff scan an e-ticket's QR code and this decides, once.
//
// The token's signature is checked first, without touching the database, so forged or garbled codes
// cost nothing. Then the staff member must manage the event's venue (an admin manages all). The
// admission itself is ONE conditional UPDATE (issued, not yet checked in, the seat's ticket still
// confirmed by this very payment, the event not cancelled), so two scans of the same code at two
// doors admit once: the second waits for the first's row lock, re-checks the condition and changes
// nothing. Reads here only choose the error to answer; they never decide an admission.
import { canCheckInAtVenue } from "@/lib/admin/access";
import type { Caller } from "@/lib/auth/get-caller";
import { getDb } from "@/lib/db";
import { AppError } from "@/lib/errors/app-error";
import { verifyTicketToken } from "./ticket-token";
import type { CheckInResult } from "./types";

type ItemState = {
  status: "issued" | "cancelled" | "refunded";
  cancelReason: string | null;
  checkedInAt: Date | null;
  eventStatus: string;
  ticket: { status: string; paymentId: number | null } | null;
  paymentId: number;
};

/** Throws the error that explains why `item` cannot be admitted now; returns when it can. */
function assertAdmissible(item: ItemState): void {
  if (item.status !== "issued") {
    throw new AppError("ticket_not_valid", `This ticket was ${item.status}${item.cancelReason ? `: ${item.cancelReason}` : ""}`, {
      ticket_status: item.status,
    });
  }
  if (item.eventStatus === "cancelled") {
    throw new AppError("ticket_not_valid", "This event was cancelled", { ticket_status: item.status });
  }
  if (item.ticket?.status !== "confirmed" || item.ticket.paymentId !== item.paymentId) {
    throw new AppError("ticket_not_valid", "This ticket's seat no longer belongs to this order", { ticket_status: item.status });
  }
  if (item.checkedInAt) {
    throw new AppError("already_checked_in", `This ticket was already checked in at ${item.checkedInAt.toISOString()}`, {
      checked_in_at: item.checkedInAt.toISOString(),
    });
  }
}

export const checkInTicket = async ({ token, caller, eventId }: { token: string; caller: Caller; eventId?: number }): Promise<CheckInResult> => {
  const claims = verifyTicketToken(token);
  if (!claims) throw new AppError("invalid_ticket_token", "This is not a valid OpenSeat e-ticket");
  const db = getDb();

  const read = async () => {
    const item = await db.orderItem.findUnique({
      where: { id: claims.orderItemId },
      select: {
        id: true,
        tokenSecret: true,
        ticketId: true,
        paymentId: true,
        eventId: true,
        seat: true,
        className: true,
        status: true,
        cancelReason: true,
        checkedInAt: true,
        user: { select: { username: true } },
        event: { select: { title: true, venueId: true, status: true } },
      },
    });
    // A signed token whose secret was since replaced names no ticket any more.
    if (!item || item.tokenSecret !== claims.tokenSecret) return null;
    const ticket = await db.ticket.findUnique({ where: { id: item.ticketId }, select: { status: true, paymentId: true } });
    return { ...item, eventStatus: item.event.status, ticket };
  };

  const item = await read();
  if (!item) throw new AppError("not_found", "No ticket matches this e-ticket");
  if (!(await canCheckInAtVenue(caller, item.event.venueId))) {
    throw new AppError("forbidden", "You may not check tickets in at this event");
  }
  if (eventId !== undefined && item.eventId !== eventId) {
    throw new AppError("wrong_event", `This ticket is for another event: ${item.event.title}`, { event_id: String(item.eventId), event_title: item.event.title });
  }
  assertAdmissible(item);

  const [admitted] = await db.$queryRaw<Array<{ checked_in_datetime: Date }>>`
    UPDATE order_item oi
       SET checked_in_datetime = now(), checked_in_by = ${caller.userId}::int
     WHERE oi.order_item_id = ${item.id}::int
       AND oi.token_secret = ${claims.tokenSecret}
       AND oi.status = 'issued'
       AND oi.checked_in_datetime IS NULL
       AND EXISTS (SELECT 1 FROM ticket t
                    WHERE t.ticket_id = oi.ticket_id AND t.status = 'confirmed' AND t.payment_id = oi.payment_id)
       AND EXISTS (SELECT 1 FROM event e WHERE e.event_id = oi.event_id AND e.status <> 'cancelled')
    RETURNING oi.checked_in_datetime`;
  if (!admitted) {
    // Someone else's scan (or a cancellation) got there first: say which.
    const now = await read();
    if (!now) throw new AppError("not_found", "No ticket matches this e-ticket");
    assertAdmissible(now);
    throw new AppError("conflict", "The ticket changed while it was being checked in; scan it again");
  }

  return {
    status: "admitted",
    ticket: {
      order_item_id: String(item.id),
      ticket_id: String(item.ticketId),
      event_id: String(item.eventId),
      event_title: item.event.title,
      seat: item.seat,
      class: item.className,
      holder: item.user.username,
    },
    checked_in_at: admitted.checked_in_datetime.toISOString(),
  };
};
