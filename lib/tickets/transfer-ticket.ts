// Sending an e-ticket to a friend: the ticket's holder (order_item.user_id) becomes the account with
// the given email address, and the ticket gets a new token_secret, so the QR code the sender still
// has (on a phone, printed, forwarded) stops admitting anyone at once: check-in matches the secret
// against the row (lib/tickets/check-in.ts), and the recipient's page signs the new one.
//
// The move is ONE conditional UPDATE inside a transaction (held by the caller, issued, not checked
// in, its seat still confirmed by this payment, the event scheduled and not yet started), so two
// transfers of the same ticket at once move it exactly once: the second waits for the first's row
// lock, re-checks the condition against the new holder and changes nothing. Reads only choose the
// error to answer. The notifications to both fans and the audit row commit with the move.
//
// The payment stays the buyer's (the money, the receipt and a refund go back to the card that
// paid); only the ticket changes hands. A recipient without an account is refused
// (recipient_not_found): they sign up and the sender tries again. Simpler than a pending, claimable
// transfer, and it never leaves a ticket in limbo between two people.
import { recordAudit } from "@/lib/admin/audit";
import type { Caller } from "@/lib/auth/get-caller";
import { getDb } from "@/lib/db";
import { AppError } from "@/lib/errors/app-error";
import { enqueueNotification } from "@/lib/notifications/outbox";

export type TransferResult = {
  orderItemId: number;
  eventId: number;
  seat: string;
  recipient: { userId: number; username: string };
  transferredAt: Date;
};

/** The reason `item` cannot be transferred by its holder now (it is theirs: the caller checked). */
function refusal(item: { status: string; checkedInAt: Date | null; event: { status: string; datetime: Date } }, now: Date): AppError {
  if (item.status !== "issued") return new AppError("transfer_not_allowed", `This ticket was ${item.status}: it cannot be transferred`, { ticket_status: item.status });
  if (item.checkedInAt) return new AppError("transfer_not_allowed", "This ticket was already used at the door", { checked_in_at: item.checkedInAt.toISOString() });
  if (item.event.status === "cancelled") return new AppError("transfer_not_allowed", "This event was cancelled");
  if (item.event.datetime <= now) return new AppError("transfer_not_allowed", "This event has started: its tickets can no longer be transferred");
  return new AppError("transfer_not_allowed", "This ticket's seat no longer belongs to this order");
}

export const transferTicket = async ({
  orderItemId,
  recipientEmail,
  caller,
}: {
  orderItemId: number;
  recipientEmail: string;
  caller: Caller;
}): Promise<TransferResult> => {
  const db = getDb();
  const email = recipientEmail.trim().toLowerCase();

  return db.$transaction(async (tx) => {
    // Only the holder may send it (an admin neither: a ticket is moved by its fan, never for them).
    // Anyone else gets the 404 of an id that does not exist, so a guessed id tells nothing.
    const item = await tx.orderItem.findUnique({
      where: { id: orderItemId },
      select: {
        userId: true,
        status: true,
        checkedInAt: true,
        seat: true,
        user: { select: { username: true, email: true } },
        event: { select: { id: true, title: true, datetime: true, status: true, venueId: true } },
      },
    });
    if (!item || item.userId !== caller.userId) throw new AppError("not_found", "No such ticket");
    if (item.user.email.toLowerCase() === email) throw new AppError("transfer_not_allowed", "This ticket is already yours: send it to someone else");
    const recipient = await tx.user.findUnique({ where: { email }, select: { id: true, username: true } });
    if (!recipient) {
      throw new AppError("recipient_not_found", "No OpenSeat account uses this email address: ask your friend to sign up first, then send the ticket again");
    }
    if (recipient.id === caller.userId) throw new AppError("transfer_not_allowed", "This ticket is already yours: send it to someone else");

    const [moved] = await tx.$queryRaw<Array<{ transferred_at: Date }>>`
      UPDATE order_item oi
         SET user_id = ${recipient.id}::int,
             token_secret = replace(gen_random_uuid()::text, '-', '')
       WHERE oi.order_item_id = ${orderItemId}::int
         AND oi.user_id = ${caller.userId}::int
         AND oi.status = 'issued'
         AND oi.checked_in_datetime IS NULL
         AND EXISTS (SELECT 1 FROM ticket t
                      WHERE t.ticket_id = oi.ticket_id AND t.status = 'confirmed' AND t.payment_id = oi.payment_id)
         AND EXISTS (SELECT 1 FROM event e
                      WHERE e.event_id = oi.event_id AND e.status = 'scheduled' AND e.datetime > now())
      RETURNING now() AS transferred_at`;
    if (!moved) {
      // A concurrent transfer, check-in, refund or cancellation got there first: say which.
      const now = await tx.orderItem.findUnique({
        where: { id: orderItemId },
        select: { userId: true, status: true, checkedInAt: true, event: { select: { status: true, datetime: true } } },
      });
      if (!now || now.userId !== caller.userId) throw new AppError("not_found", "No such ticket");
      throw refusal(now, new Date());
    }

    const base = { orderItemId, eventId: item.event.id, eventTitle: item.event.title, eventDate: item.event.datetime.toISOString(), seat: item.seat };
    await enqueueNotification(tx, {
      userId: caller.userId,
      kind: "ticket_transferred_out",
      dedupeKey: `ticket_transfer:${orderItemId}:${recipient.id}:${moved.transferred_at.getTime()}:out`,
      data: { ...base, recipient: recipient.username },
    });
    await enqueueNotification(tx, {
      userId: recipient.id,
      kind: "ticket_received",
      dedupeKey: `ticket_transfer:${orderItemId}:${recipient.id}:${moved.transferred_at.getTime()}:in`,
      data: { ...base, sender: item.user.username, url: `/account/tickets/${orderItemId}` },
    });
    await recordAudit(tx, {
      actorId: caller.userId,
      action: "ticket.transfer",
      targetType: "order_item",
      targetId: orderItemId,
      venueId: item.event.venueId,
      eventId: item.event.id,
      before: { user_id: caller.userId },
      after: { user_id: recipient.id },
    });

    return { orderItemId, eventId: item.event.id, seat: item.seat, recipient: { userId: recipient.id, username: recipient.username }, transferredAt: moved.transferred_at };
  });
};
