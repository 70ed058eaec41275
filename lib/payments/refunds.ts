// Refunds through Stripe, recorded in PostgreSQL. The database says what is owed first (order
// items marked cancelled/refunded without a stripe_refund_id); this module pays it back and
// records the Stripe refund. Every Stripe call carries an idempotency key derived from what is
// refunded, so a retry (here, by the reconciliation job, or a concurrent request) refunds once.
import { createHash } from "node:crypto";
import type Stripe from "stripe";
import { getDb } from "@/lib/db";
import { enqueueNotification } from "@/lib/notifications/outbox";
import { fromMinor, toMinor } from "./money";
import { getStripe, toPaymentServiceError } from "./stripe-client";

export type RefundOutcome = { refundId: string; amountMinor: number; status: string };

type OwedItem = { order_item_id: number; price: string; fee: string; currency: string };

/**
 * Refunds the owed items of a payment (status cancelled or refunded, no stripe_refund_id yet), in
 * one Stripe refund. Answers null when nothing is owed. Throws an AppError when Stripe cannot be
 * reached (the items stay owed; reconcilePayments retries).
 */
export async function refundOwedItems(paymentId: number, reason: string): Promise<RefundOutcome | null> {
  const db = getDb();
  const payment = await db.payment.findUnique({ where: { id: paymentId }, select: { id: true, transactionId: true, currency: true } });
  if (!payment) return null;
  const owed = await db.$queryRaw<OwedItem[]>`
    SELECT order_item_id, price::text AS price, fee::text AS fee, currency
      FROM order_item
     WHERE payment_id = ${paymentId} AND status IN ('cancelled', 'refunded') AND stripe_refund_id IS NULL
     ORDER BY order_item_id`;
  if (owed.length === 0) return null;
  const amountMinor = owed.reduce((sum, i) => sum + toMinor(i.price, i.currency) + toMinor(i.fee, i.currency), 0);
  const itemIds = owed.map((i) => i.order_item_id);
  const idempotencyKey = `openseat-refund-${paymentId}-${createHash("sha256").update(itemIds.join(",")).digest("hex").slice(0, 24)}`;
  const refund = await createRefund(payment.transactionId, amountMinor, { payment_id: String(paymentId), order_item_ids: itemIds.join(",") }, idempotencyKey);
  await recordRefund(paymentId, refund, reason, itemIds);
  return { refundId: refund.id, amountMinor: refund.amount, status: refund.status ?? "succeeded" };
}

/** Refunds a whole payment that issued nothing (it did not match its order). */
export async function refundWholePayment(paymentId: number, reason: string): Promise<RefundOutcome | null> {
  const db = getDb();
  const payment = await db.payment.findUnique({ where: { id: paymentId }, select: { transactionId: true, price: true, refundedAmount: true, currency: true } });
  if (!payment) return null;
  const owedMinor = toMinor(payment.price.toFixed(2), payment.currency) - toMinor(payment.refundedAmount.toFixed(2), payment.currency);
  if (owedMinor <= 0) return null;
  const refund = await createRefund(payment.transactionId, owedMinor, { payment_id: String(paymentId) }, `openseat-refund-${paymentId}-whole`);
  await recordRefund(paymentId, refund, reason, []);
  return { refundId: refund.id, amountMinor: refund.amount, status: refund.status ?? "succeeded" };
}

/**
 * Pays an organizer's refund of an amount (order_refund_request of kind "amount", recorded before
 * this is called). The Stripe idempotency key is the request's id, so a retry, a replayed
 * Idempotency-Key or reconciliation refunds once. Answers null when it was already paid.
 */
export async function refundRequestedAmount(requestId: number): Promise<RefundOutcome | null> {
  const db = getDb();
  const request = await db.orderRefundRequest.findUnique({
    where: { id: requestId },
    select: { id: true, kind: true, amount: true, reason: true, stripeRefundId: true, payment: { select: { id: true, transactionId: true, currency: true } } },
  });
  if (!request || request.kind !== "amount") return null;
  const { payment } = request;
  const amountMinor = toMinor(request.amount.toFixed(2), payment.currency);
  const refund = await createRefund(payment.transactionId, amountMinor, { payment_id: String(payment.id), refund_request_id: String(request.id) }, `openseat-refund-request-${request.id}`);
  await recordRefund(payment.id, refund, request.reason, []);
  await db.orderRefundRequest.updateMany({ where: { id: request.id, stripeRefundId: null }, data: { stripeRefundId: refund.id } });
  return { refundId: refund.id, amountMinor: refund.amount, status: refund.status ?? "succeeded" };
}

async function createRefund(paymentIntentId: string, amountMinor: number, metadata: Record<string, string>, idempotencyKey: string): Promise<Stripe.Refund> {
  try {
    return await getStripe().refunds.create({ payment_intent: paymentIntentId, amount: amountMinor, reason: "requested_by_customer", metadata }, { idempotencyKey });
  } catch (e) {
    throw toPaymentServiceError(e, "The refund could not be made");
  }
}

/** Records a Stripe refund once (by its id) and brings the payment's refunded total up to date. */
export async function recordRefund(paymentId: number, refund: Stripe.Refund, reason: string, orderItemIds: number[]): Promise<void> {
  const currency = refund.currency.toUpperCase();
  await getDb().$transaction(async (tx) => {
    // First, before any write: concurrent refunds of one payment take turns here (locking later,
    // after the refund row's foreign-key share lock, could deadlock two of them).
    await tx.$queryRaw`SELECT 1 FROM payment WHERE payment_id = ${paymentId} FOR UPDATE`;
    await tx.$executeRaw`
      INSERT INTO refund (payment_id, stripe_refund_id, amount, currency, reason, status)
      VALUES (${paymentId}, ${refund.id}, ${fromMinor(refund.amount, currency)}::numeric, ${currency}, ${reason}, ${refund.status ?? "succeeded"})
      ON CONFLICT (stripe_refund_id) DO UPDATE SET status = EXCLUDED.status`;
    if (orderItemIds.length > 0) {
      await tx.$executeRaw`
        UPDATE order_item SET stripe_refund_id = ${refund.id}
         WHERE order_item_id = ANY(${orderItemIds}::int[]) AND stripe_refund_id IS NULL`;
    }
    await syncRefundedAmount(tx, paymentId);
    // The fan's refund mail commits with the refund's record, once per Stripe refund.
    const [owner] = await tx.$queryRaw<{ user_id: number; seats: string[] }[]>`
      SELECT p.user_id, COALESCE(array_agg(oi.seat ORDER BY oi.order_item_id) FILTER (WHERE oi.order_item_id IS NOT NULL), '{}') AS seats
        FROM payment p LEFT JOIN order_item oi ON oi.payment_id = p.payment_id AND oi.order_item_id = ANY(${orderItemIds}::int[])
       WHERE p.payment_id = ${paymentId}
       GROUP BY p.user_id`;
    if (owner) {
      await enqueueNotification(tx, {
        userId: owner.user_id,
        kind: "refund",
        dedupeKey: `refund:${refund.id}`,
        data: { paymentId, amount: fromMinor(refund.amount, currency), currency, seats: owner.seats, reason: reason.slice(0, 500) },
      });
    }
  });
}

type Tx = Parameters<Parameters<ReturnType<typeof getDb>["$transaction"]>[0]>[0];

/**
 * payment.refunded_amount = the sum of its succeeded refunds; status follows. Call it with the
 * payment row locked since before the transaction's first write (recordRefund does): the sum is
 * then read after every concurrent refund's transaction committed, so two refunds recorded at once
 * never leave the total at one of them.
 */
export async function syncRefundedAmount(tx: Tx, paymentId: number): Promise<void> {
  await tx.$executeRaw`
    UPDATE payment p
       SET refunded_amount = r.total,
           status = CASE WHEN r.total <= 0 THEN p.status
                         WHEN r.total >= p.price THEN 'refunded'::payment_status
                         ELSE 'partially_refunded'::payment_status END,
           update_datetime = now()
      FROM (SELECT COALESCE(sum(amount), 0) AS total FROM refund WHERE payment_id = ${paymentId} AND status IN ('succeeded', 'pending')) r
     WHERE p.payment_id = ${paymentId}`;
}
