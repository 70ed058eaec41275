// An organizer refunds an order (POST /api/admin/orders/:id/refund): whole, some of its tickets, or
// an amount of money with the tickets kept valid. Through the existing refund path:
//
//   tickets  the order items become `cancelled` and their seats `available` in one transaction
//            (cancelItemsInTx of lib/payments/cancel-confirmed-tickets.ts, the fans' own cancel), then
//            the owed items are refunded (refundOwedItems: Stripe idempotency key from the items).
//   amount   the request is recorded first (what is owed is written before it is paid, so a crash
//            leaves it to reconciliation), then paid with the request's id as Stripe's idempotency key.
//
// A double click refunds once, three ways: the transaction locks the payment row, so two requests
// for the same order take turns; a repeated Idempotency-Key (unique per order in
// order_refund_request) replays the first request instead of making a second; and without a key a
// second ticket refund finds the tickets no longer issued (409). An amount is checked, under that
// lock, against what was paid minus everything refunded or owed, so concurrent partial refunds can
// never add up to more than the fan paid. Organizers are not bound by the fans' refund deadline;
// tickets already used at the door are never refunded.
import { randomUUID } from "node:crypto";
import type { Caller } from "@/lib/auth/get-caller";
import { getDb } from "@/lib/db";
import { AppError } from "@/lib/errors/app-error";
import { Prisma } from "@/lib/generated/prisma/client";
import { announceReleasedSeats, type ReleasedSeat } from "@/lib/inventory/released-seats";
import { cancelItemsInTx, refundNow } from "@/lib/payments/cancel-confirmed-tickets";
import { fromMinor, toMinor } from "@/lib/payments/money";
import { refundRequestedAmount } from "@/lib/payments/refunds";
import { logger } from "@/lib/log/logger";
import { requireOrderManager } from "./access";
import { recordAudit } from "./audit";

const log = logger("admin");

export type RefundOrderInput = {
  caller: Caller;
  orderId: number;
  /** Tickets (order items) of this order to cancel and refund in full; all issued ones when neither this nor amount is given. */
  orderItemIds?: number[];
  /** A sum of money to refund, tickets kept (a goodwill or partial refund); needs an idempotency key. */
  amount?: string;
  reason: string;
  /** The request's Idempotency-Key header: a repeat replays the first request. */
  idempotencyKey?: string;
};

export type RefundOrderResult = {
  order_id: string;
  request_id: string;
  kind: "items" | "amount";
  amount: string;
  currency: string;
  cancelled_tickets: Array<{ order_item_id: string; seat: string; class: string }>;
  refund: { refund_id: string | null; status: "succeeded" | "pending" };
  /** True when this was a repeat of an earlier request with the same Idempotency-Key. */
  replayed: boolean;
};

type LockedPayment = { payment_id: number; price: string; refunded_amount: string; currency: string; status: string; event_id: number | null };
type LockedItem = { order_item_id: number; seat: string; class_name: string; price: string; fee: string; status: string; checked_in: boolean };

export async function refundOrder(input: RefundOrderInput): Promise<RefundOrderResult> {
  const { caller, orderId } = input;
  const db = getDb();
  const { venueId, eventId } = await requireOrderManager(caller, orderId);
  if (input.amount !== undefined && input.orderItemIds !== undefined) {
    throw new AppError("validation_error", "Give either order_item_ids (tickets refunded in full) or amount (money refunded, tickets kept), not both");
  }
  if (input.amount !== undefined && !input.idempotencyKey) {
    throw new AppError("validation_error", "A refund of an amount needs an Idempotency-Key header, so that a repeated request refunds once");
  }
  const kind: "items" | "amount" = input.amount !== undefined ? "amount" : "items";
  const why = input.reason.trim();

  const outcome = await db.$transaction(async (tx) => {
    const [payment] = await tx.$queryRaw<LockedPayment[]>`
      SELECT payment_id, price::text AS price, refunded_amount::text AS refunded_amount, currency, status::text AS status, event_id
        FROM payment WHERE payment_id = ${orderId}::int FOR UPDATE`;
    if (!payment) throw new AppError("not_found", `Order ${orderId} was not found`);
    const key = input.idempotencyKey ?? `auto-${randomUUID()}`;
    const existing = await tx.orderRefundRequest.findUnique({ where: { paymentId_idempotencyKey: { paymentId: orderId, idempotencyKey: key } } });
    if (existing) {
      const sameItems = kind === "items" && (input.orderItemIds === undefined || [...input.orderItemIds].sort((a, b) => a - b).join(",") === [...existing.orderItemIds].sort((a, b) => a - b).join(","));
      const sameAmount = kind === "amount" && existing.amount.equals(new Prisma.Decimal(input.amount!));
      if (existing.kind !== kind || !(sameItems || sameAmount)) {
        throw new AppError("conflict", "This Idempotency-Key was used for a different refund of this order");
      }
      return { request: existing, released: [] as ReleasedSeat[], cancelled: [] as LockedItem[], currency: payment.currency, replayed: true };
    }

    // Everything refunded or owed so far: Stripe refunds recorded, items cancelled whose refund is
    // not made yet, and amount requests not paid yet.
    const [owed] = await tx.$queryRaw<Array<{ items: string; requests: string }>>`
      SELECT (SELECT COALESCE(sum(price + fee), 0) FROM order_item
                WHERE payment_id = ${orderId}::int AND status IN ('cancelled', 'refunded') AND stripe_refund_id IS NULL)::text AS items,
             (SELECT COALESCE(sum(amount), 0) FROM order_refund_request
                WHERE payment_id = ${orderId}::int AND kind = 'amount' AND stripe_refund_id IS NULL)::text AS requests`;
    const remaining = new Prisma.Decimal(payment.price).minus(payment.refunded_amount).minus(owed!.items).minus(owed!.requests);

    let amount: Prisma.Decimal;
    let cancelled: LockedItem[] = [];
    let released: ReleasedSeat[] = [];
    if (kind === "amount") {
      amount = new Prisma.Decimal(input.amount!);
      if (amount.lte(0)) throw new AppError("validation_error", "amount must be more than 0");
      if (amount.gt(remaining)) {
        throw new AppError("validation_error", `At most ${remaining.toFixed(2)} ${payment.currency} of this order can still be refunded`, { refundable: remaining.toFixed(2) });
      }
    } else {
      const items = await tx.$queryRaw<LockedItem[]>`
        SELECT order_item_id, seat, class_name, price::text AS price, fee::text AS fee, status::text AS status,
               checked_in_datetime IS NOT NULL AS checked_in
          FROM order_item WHERE payment_id = ${orderId}::int ORDER BY order_item_id FOR UPDATE`;
      const wanted = input.orderItemIds ?? items.filter((i) => i.status === "issued").map((i) => i.order_item_id);
      const byId = new Map(items.map((i) => [i.order_item_id, i]));
      const unknown = wanted.filter((id) => !byId.has(id));
      if (unknown.length > 0) throw new AppError("validation_error", "Some tickets are not part of this order", { order_item_ids: unknown.map(String) });
      if (wanted.length === 0) throw new AppError("conflict", "This order has no valid tickets left to refund");
      cancelled = wanted.map((id) => byId.get(id)!);
      const gone = cancelled.filter((i) => i.status !== "issued");
      if (gone.length > 0) throw new AppError("conflict", "Some of these tickets were already cancelled or refunded", { order_item_ids: gone.map((i) => String(i.order_item_id)) });
      const used = cancelled.filter((i) => i.checked_in);
      if (used.length > 0) throw new AppError("refund_not_allowed", "Tickets already used at the door cannot be refunded", { order_item_ids: used.map((i) => String(i.order_item_id)) });
      amount = cancelled.reduce((sum, i) => sum.plus(i.price).plus(i.fee), new Prisma.Decimal(0));
      if (amount.gt(remaining)) {
        throw new AppError("validation_error", `These tickets cost ${amount.toFixed(2)} but only ${remaining.toFixed(2)} ${payment.currency} of the order is left to refund (an amount was refunded before)`, {
          refundable: remaining.toFixed(2),
        });
      }
      released = await cancelItemsInTx(tx, cancelled.map((i) => i.order_item_id), why);
      if (released.length !== cancelled.length) throw new AppError("conflict", "Some of these tickets changed while they were being refunded; try again");
    }
    const request = await tx.orderRefundRequest.create({
      data: { paymentId: orderId, idempotencyKey: key, kind, amount, orderItemIds: cancelled.map((i) => i.order_item_id), reason: why, actorId: caller.userId },
    });
    await recordAudit(tx, {
      actorId: caller.userId,
      action: "order.refund",
      targetType: "order",
      targetId: orderId,
      venueId,
      eventId,
      before: { status: payment.status, refunded: new Prisma.Decimal(payment.refunded_amount).toFixed(2) },
      after: { kind, amount: amount.toFixed(2), order_item_ids: cancelled.map((i) => String(i.order_item_id)), reason: why },
    });
    return { request, released, cancelled, currency: payment.currency, replayed: false };
  });

  await announceReleasedSeats(outcome.released);
  const { request } = outcome;
  let refund: RefundOrderResult["refund"];
  if (request.kind === "amount") {
    try {
      const made = await refundRequestedAmount(request.id);
      const current = made ? null : await db.orderRefundRequest.findUnique({ where: { id: request.id }, select: { stripeRefundId: true } });
      refund = { refund_id: made?.refundId ?? current?.stripeRefundId ?? null, status: made?.status === "pending" ? "pending" : "succeeded" };
    } catch (e) {
      log.warn(`refund request ${request.id} deferred to reconciliation: ${(e as Error).message}`);
      refund = { refund_id: null, status: "pending" };
    }
  } else {
    const paid = await refundNow(orderId, why);
    const refundId = paid.refund_id ?? (await db.orderItem.findFirst({ where: { id: { in: request.orderItemIds } }, select: { stripeRefundId: true } }))?.stripeRefundId ?? null;
    refund = { refund_id: refundId, status: refundId ? "succeeded" : "pending" };
    if (refundId) await db.orderRefundRequest.updateMany({ where: { id: request.id, stripeRefundId: null }, data: { stripeRefundId: refundId } });
  }
  const items = outcome.replayed
    ? await db.orderItem.findMany({ where: { id: { in: request.orderItemIds } }, select: { id: true, seat: true, className: true }, orderBy: { id: "asc" } })
    : outcome.cancelled.map((i) => ({ id: i.order_item_id, seat: i.seat, className: i.class_name }));
  return {
    order_id: String(orderId),
    request_id: String(request.id),
    kind: request.kind as "items" | "amount",
    amount: fromMinor(toMinor(request.amount.toFixed(2), outcome.currency), outcome.currency),
    currency: outcome.currency,
    cancelled_tickets: items.map((i) => ({ order_item_id: String(i.id), seat: i.seat, class: i.className })),
    refund,
    replayed: outcome.replayed,
  };
}
