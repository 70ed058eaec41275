// Reconciliation: heals what a crash or an outage left between Stripe and PostgreSQL.
//   1. Paid Checkout Sessions of the last `lookbackHours` with no payment row (the process died
//      between Stripe and our commit, and the webhook never arrived or failed): settled now.
//   2. Refunds owed (order items cancelled or not issued without a Stripe refund, payments that
//      matched no order and are not refunded in full): paid now.
// Safe to run anywhere and concurrently: settlement and refunds are idempotent (see their files).
// Run by the sweeper (cron route and timer) at most every `everyMs` across instances.
import type Stripe from "stripe";
import { getDb } from "@/lib/db";
import { getRedis } from "@/lib/redis";
import { sessionBinding, settleCheckoutSession } from "./confirm-payment";
import { refundOwedItems, refundWholePayment } from "./refunds";
import { expireCheckoutSessions } from "./start-checkout";
import { getStripe, stripeConfigFromEnv } from "./stripe-client";

export type ReconcileResult = { sessionsChecked: number; sessionsSettled: number; refundsPaid: number; errors: number };

export async function reconcilePayments({ now = new Date(), lookbackHours = 48, maxSessions = 2000 } = {}): Promise<ReconcileResult> {
  const result: ReconcileResult = { sessionsChecked: 0, sessionsSettled: 0, refundsPaid: 0, errors: 0 };
  const stripe = getStripe();
  const since = Math.floor(now.getTime() / 1000) - lookbackHours * 3600;

  const paid: Stripe.Checkout.Session[] = [];
  for await (const session of stripe.checkout.sessions.list({ status: "complete", created: { gte: since }, limit: 100 })) {
    if (++result.sessionsChecked > maxSessions) break;
    if (session.payment_status === "paid" && sessionBinding(session)) paid.push(session);
  }
  const known = new Set(
    (await getDb().payment.findMany({ where: { checkoutSessionId: { in: paid.map((s) => s.id) } }, select: { checkoutSessionId: true } })).map((p) => p.checkoutSessionId),
  );
  for (const session of paid.filter((s) => !known.has(s.id))) {
    try {
      const outcome = await settleCheckoutSession(session.id);
      if (outcome.kind === "settled") result.sessionsSettled++;
    } catch (e) {
      result.errors++;
      console.warn(`[payments] reconcile: session ${session.id} not settled: ${(e as Error).message}`);
    }
  }

  const owedItems = await getDb().$queryRaw<{ payment_id: number }[]>`
    SELECT DISTINCT payment_id FROM order_item WHERE status IN ('cancelled', 'refunded') AND stripe_refund_id IS NULL`;
  const owedWhole = await getDb().$queryRaw<{ payment_id: number }[]>`
    SELECT p.payment_id FROM payment p
     WHERE p.checkout_session_id IS NOT NULL AND p.refunded_amount < p.price
       AND NOT EXISTS (SELECT 1 FROM order_item oi WHERE oi.payment_id = p.payment_id)`;
  for (const { payment_id } of owedItems) {
    try {
      if (await refundOwedItems(payment_id, "Refund owed (paid by reconciliation)")) result.refundsPaid++;
    } catch (e) {
      result.errors++;
      console.warn(`[payments] reconcile: refund of payment ${payment_id} failed: ${(e as Error).message}`);
    }
  }
  for (const { payment_id } of owedWhole) {
    try {
      if (await refundWholePayment(payment_id, "The payment matched no order")) result.refundsPaid++;
    } catch (e) {
      result.errors++;
      console.warn(`[payments] reconcile: refund of payment ${payment_id} failed: ${(e as Error).message}`);
    }
  }
  return result;
}

export const PAYMENT_RECONCILE_MARKER_KEY = "payments:reconcile";
const DEFAULT_RECONCILE_EVERY_MS = 60_000;

export type PaymentMaintenanceResult = { checkoutSessionsExpired: number; reconcile: ReconcileResult | null };

/**
 * The payments part of a sweeper run: expire at Stripe the sessions of holds that just ended, and
 * reconcile when the shared period has passed (one Redis NX marker for all instances). Does
 * nothing when payments are not configured. Never throws: failures are logged.
 */
export async function runPaymentMaintenance({ endedReservationIds = [], now = new Date(), everyMs = DEFAULT_RECONCILE_EVERY_MS, force = false }: { endedReservationIds?: number[]; now?: Date; everyMs?: number; force?: boolean } = {}): Promise<PaymentMaintenanceResult> {
  const out: PaymentMaintenanceResult = { checkoutSessionsExpired: 0, reconcile: null };
  if (!stripeConfigFromEnv()) return out;
  try {
    out.checkoutSessionsExpired = await expireCheckoutSessions(endedReservationIds);
  } catch (e) {
    console.warn(`[payments] checkout sessions of ended holds not expired: ${(e as Error).message}`);
  }
  let due = force;
  if (!due) {
    try {
      due = await getRedis().set(PAYMENT_RECONCILE_MARKER_KEY, now.toISOString(), { nx: true, ttlMs: everyMs });
    } catch (e) {
      console.warn(`[payments] reconcile skipped: ${(e as Error).message}`);
    }
  }
  if (due) {
    try {
      out.reconcile = await reconcilePayments({ now });
    } catch (e) {
      console.warn(`[payments] reconcile failed: ${(e as Error).message}`);
    }
  }
  return out;
}
