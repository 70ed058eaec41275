// Cancel (status "confirmed"): the owner (or an admin) gives back bought tickets before the
// event's refund deadline; the seats return to sale and the ticket price and fee are refunded
// through Stripe.
//
// The database goes first, in one transaction: the order items become `cancelled` (with the
// reason, and no stripe_refund_id yet: the refund is owed) and the ticket rows `available`. Then
// the refund is made with an idempotency key derived from the items; if Stripe cannot be reached,
// the response says the refund is pending and reconcilePayments pays it on its next run. Doing it
// the other way round could leave a fan refunded but still holding a valid ticket.
import { getDb } from "@/lib/db";
import { AppError } from "@/lib/errors/app-error";
import type { UserRole } from "@/lib/generated/prisma/client";
import { announceReleasedSeats, type ReleasedSeat } from "@/lib/inventory/released-seats";
import type { CancelledTicket } from "@/lib/inventory/types";
import { fromMinor } from "./money";
import { canRefund, refundDeadline } from "./refund-policy";
import { refundOwedItems } from "./refunds";
import { logger } from "@/lib/log/logger";
import { handOffFreedSeats, publishHandOff } from "@/lib/waitlist/offer-engine";

const log = logger("payments");

export type CancelConfirmedInput = {
  caller: { userId: number; role: UserRole };
  ticketIds: number[];
  reason?: string;
  now?: Date;
};

export type CancelConfirmedResult = {
  status: "success";
  message: string;
  cancelled_tickets: CancelledTicket[];
  cancel_datetime: string;
  refunds: { order_id: string; refund_id: string | null; amount: string; currency: string; status: "succeeded" | "pending" }[];
};

type Item = {
  order_item_id: number;
  payment_id: number;
  ticket_id: number;
  event_id: number;
  user_id: number;
  payer_id: number;
  seat: string;
  class_name: string;
  checked_in: boolean;
  event_datetime: Date;
  refund_cutoff_hours: number | null;
};

export async function cancelConfirmedTickets({ caller, ticketIds, reason, now = new Date() }: CancelConfirmedInput): Promise<CancelConfirmedResult> {
  const why = reason?.trim() || (caller.role === "admin" ? "Cancelled by an administrator" : "Cancelled by the buyer");
  const { items, released, handOff } = await getDb().$transaction(async (tx) => {
    // The issued order item of each ticket whose row still belongs to that order.
    const items = await tx.$queryRaw<Item[]>`
      SELECT oi.order_item_id, oi.payment_id, oi.ticket_id, oi.event_id, oi.user_id, p.user_id AS payer_id, oi.seat, oi.class_name,
             oi.checked_in_datetime IS NOT NULL AS checked_in, e.datetime AS event_datetime, e.refund_cutoff_hours
        FROM order_item oi
        JOIN ticket t ON t.ticket_id = oi.ticket_id AND t.payment_id = oi.payment_id AND t.status = 'confirmed'
        JOIN event e ON e.event_id = oi.event_id
        JOIN payment p ON p.payment_id = oi.payment_id
       WHERE oi.ticket_id = ANY(${ticketIds}::int[]) AND oi.status = 'issued'
       ORDER BY oi.ticket_id
         FOR UPDATE OF oi, t`;
    if (caller.role !== "admin" && items.some((i) => i.user_id !== caller.userId)) {
      throw new AppError("forbidden", "Some of these tickets belong to someone else");
    }
    // A ticket received from a friend (lib/tickets/transfer-ticket.ts): the refund would go to the
    // card that paid, not to its holder, so the holder cannot cancel it for money.
    if (caller.role !== "admin" && items.some((i) => i.payer_id !== i.user_id)) {
      throw new AppError("refund_not_allowed", "A ticket you received by transfer cannot be refunded: ask whoever bought it");
    }
    if (items.length < ticketIds.length) {
      const found = new Set(items.map((i) => i.ticket_id));
      throw new AppError("conflict", "Some of these tickets are not confirmed tickets of yours", { not_confirmed_ticket_ids: ticketIds.filter((id) => !found.has(id)).map(String) });
    }
    const used = items.filter((i) => i.checked_in);
    if (used.length > 0) throw new AppError("refund_not_allowed", "Tickets already used at the door cannot be refunded", { ticket_ids: used.map((i) => String(i.ticket_id)) });
    if (caller.role !== "admin") {
      const late = items.find((i) => !canRefund({ datetime: i.event_datetime, refundCutoffHours: i.refund_cutoff_hours }, now));
      if (late) {
        const deadline = refundDeadline({ datetime: late.event_datetime, refundCutoffHours: late.refund_cutoff_hours });
        throw new AppError("refund_not_allowed", deadline ? `Refunds for this event closed at ${deadline.toISOString()}` : "Tickets for this event cannot be refunded", {
          refund_deadline: deadline?.toISOString() ?? null,
        });
      }
    }
    const released = await cancelItemsInTx(tx, items.map((i) => i.order_item_id), why);
    // Freed seats go to the event's waitlist in this same commit (lib/waitlist/offer-engine.ts).
    const handOff = await handOffFreedSeats(tx, released.map((r) => r.event_id));
    return { items, released, handOff };
  });

  await announceReleasedSeats(released);
  await publishHandOff(handOff);
  const refunds: CancelConfirmedResult["refunds"] = [];
  for (const paymentId of [...new Set(items.map((i) => i.payment_id))]) {
    refunds.push(await refundNow(paymentId, why));
  }
  return {
    status: "success",
    message: refunds.every((r) => r.status === "succeeded") ? "Tickets successfully cancelled and refunded" : "Tickets cancelled; the refund is being processed",
    cancelled_tickets: items.map((i) => ({ ticket_id: String(i.ticket_id), seat: i.seat, class: i.class_name, status: "cancelled", reason: why })),
    cancel_datetime: now.toISOString(),
    refunds,
  };
}

/** Pays what the payment owes for cancelled items now, or says the refund is pending (reconciliation pays it). */
export async function refundNow(paymentId: number, why: string): Promise<CancelConfirmedResult["refunds"][number]> {
  const payment = await getDb().payment.findUniqueOrThrow({ where: { id: paymentId }, select: { currency: true } });
  try {
    const refund = await refundOwedItems(paymentId, why);
    if (refund) return { order_id: String(paymentId), refund_id: refund.refundId, amount: fromMinor(refund.amountMinor, payment.currency), currency: payment.currency, status: refund.status === "pending" ? "pending" : "succeeded" };
  } catch (e) {
    log.warn(`refund of payment ${paymentId} deferred to reconciliation: ${(e as Error).message}`);
  }
  const [owed] = await getDb().$queryRaw<{ amount: string }[]>`
    SELECT COALESCE(sum(price + fee), 0)::text AS amount FROM order_item
     WHERE payment_id = ${paymentId} AND status IN ('cancelled', 'refunded') AND stripe_refund_id IS NULL`;
  return { order_id: String(paymentId), refund_id: null, amount: Number(owed?.amount ?? 0).toFixed(2), currency: payment.currency, status: "pending" };
}

export type Tx = Parameters<Parameters<ReturnType<typeof getDb>["$transaction"]>[0]>[0];

/**
 * Marks order items cancelled and gives their seats back; answers the seats released. Also used by
 * the background cancellation of a whole event (lib/admin/events-cancellation.ts) and by the
 * organizer refund (lib/admin/refund-order.ts), each in its own transaction.
 */
export async function cancelItemsInTx(tx: Tx, orderItemIds: number[], why: string, refundRef: string | null = null): Promise<ReleasedSeat[]> {
  if (orderItemIds.length === 0) return [];
  return tx.$queryRaw<ReleasedSeat[]>`
    WITH cancelled AS (
      UPDATE order_item SET status = 'cancelled', cancel_reason = ${why}, cancel_datetime = now(),
                            stripe_refund_id = COALESCE(stripe_refund_id, ${refundRef}::text)
       WHERE order_item_id = ANY(${orderItemIds}::int[]) AND status = 'issued'
      RETURNING ticket_id, payment_id, event_id, user_id
    )
    UPDATE ticket t SET status = 'available', user_id = NULL, payment_id = NULL, reservation_id = NULL,
                        hold_expire_datetime = NULL, status_update_datetime = now()
      FROM cancelled c
     WHERE t.ticket_id = c.ticket_id AND t.payment_id = c.payment_id AND t.status = 'confirmed'
    RETURNING t.event_id, t.ticket_id, c.user_id AS holder_id`;
}

/**
 * A payment refunded in full outside the app (the Stripe dashboard): its still-issued tickets are
 * cancelled and their seats released. The refund is already made, so nothing is owed.
 */
export async function cancelIssuedItems(paymentId: number, why: string): Promise<number> {
  const { released, handOff } = await getDb().$transaction(async (tx) => {
    const items = await tx.orderItem.findMany({ where: { paymentId, status: "issued" }, select: { id: true } });
    const released = await cancelItemsInTx(tx, items.map((i) => i.id), why, "refunded_at_stripe");
    return { released, handOff: await handOffFreedSeats(tx, released.map((r) => r.event_id)) };
  });
  await announceReleasedSeats(released);
  await publishHandOff(handOff);
  return released.length;
}
