// Reconciliation: heals what a crash or an outage left between Stripe and PostgreSQL.
//   1. Paid Checkout Sessions with no payment row (the process died between Stripe and our commit,
//      and the webhook never arrived or failed): settled now. Found two ways:
//      a. the ledger of sessions we opened (checkout_session, written before the fan gets the
//         page): every session without a payment that Stripe has not closed yet, oldest first, in
//         batches; one Stripe read each, at most every `recheckOpenMinutes` while it is still open,
//         and never again once Stripe says it is expired (or it settled). This is what scales: an
//         on-sale opens thousands of sessions an hour;
//      b. a net for sessions the ledger does not know (opened before it existed): Stripe's list of
//         complete sessions of the last `lookbackHours`, newest first, up to `maxSessions`.
//   2. Refunds owed (order items cancelled or not issued without a Stripe refund, payments that
//      matched no order and are not refunded in full): paid now.
// Safe to run anywhere and concurrently: settlement and refunds are idempotent (see their files).
// Run by the sweeper (cron route and timer) at most every `everyMs` across instances.
import type Stripe from "stripe";
import { getDb } from "@/lib/db";
import { AppError } from "@/lib/errors/app-error";
import { getRedis } from "@/lib/redis";
import { clearCheckoutMarkers, closeCheckoutsOfEndingHolds, forEachConcurrently, type CloseAheadResult } from "./close-checkout";
import { sessionBinding, settleCheckoutSession } from "./confirm-payment";
import { refundOwedItems, refundRequestedAmount, refundWholePayment } from "./refunds";
import { expireCheckoutSessions } from "./start-checkout";
import { getStripe, stripeConfigFromEnv } from "./stripe-client";
import { logger } from "@/lib/log/logger";

const log = logger("payments");

export type ReconcileResult = {
  /** Sessions of Stripe's list looked at (1b). */
  sessionsChecked: number;
  /** Ledger sessions read from Stripe (1a). */
  ledgerChecked: number;
  /** Ledger sessions closed: Stripe says expired, or settled. */
  ledgerClosed: number;
  sessionsSettled: number;
  refundsPaid: number;
  errors: number;
};

export type ReconcileOptions = {
  now?: Date;
  lookbackHours?: number;
  /** Cap of Stripe's list walk (1b). */
  maxSessions?: number;
  /** Ledger sessions read per run (1a). */
  ledgerBatch?: number;
  /** A ledger session is first read this long after it was opened (the redirect and webhook come first). */
  ledgerGraceSeconds?: number;
  /** A session still open at Stripe is read again after this long. */
  recheckOpenMinutes?: number;
};

export async function reconcilePayments({
  now = new Date(),
  lookbackHours = 48,
  maxSessions = 2000,
  ledgerBatch = 500,
  ledgerGraceSeconds = 120,
  recheckOpenMinutes = 5,
}: ReconcileOptions = {}): Promise<ReconcileResult> {
  const result: ReconcileResult = { sessionsChecked: 0, ledgerChecked: 0, ledgerClosed: 0, sessionsSettled: 0, refundsPaid: 0, errors: 0 };
  await reconcileLedger(result, { now, batch: ledgerBatch, graceSeconds: ledgerGraceSeconds, recheckOpenMinutes });
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
      log.warn(`reconcile: session ${session.id} not settled: ${(e as Error).message}`);
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
      log.warn(`reconcile: refund of payment ${payment_id} failed: ${(e as Error).message}`);
    }
  }
  // Organizers' refunds of an amount recorded but not yet made (Stripe was down, the process died).
  const owedRequests = await getDb().orderRefundRequest.findMany({ where: { kind: "amount", stripeRefundId: null }, select: { id: true }, orderBy: { id: "asc" } });
  for (const { id } of owedRequests) {
    try {
      if (await refundRequestedAmount(id)) result.refundsPaid++;
    } catch (e) {
      result.errors++;
      log.warn(`reconcile: refund request ${id} failed: ${(e as Error).message}`);
    }
  }
  for (const { payment_id } of owedWhole) {
    try {
      if (await refundWholePayment(payment_id, "The payment matched no order")) result.refundsPaid++;
    } catch (e) {
      result.errors++;
      log.warn(`reconcile: refund of payment ${payment_id} failed: ${(e as Error).message}`);
    }
  }
  return result;
}

const LEDGER_CONCURRENCY = 8;

/** 1a: the sessions we opened that have no payment and that Stripe has not closed, oldest first. */
async function reconcileLedger(result: ReconcileResult, o: { now: Date; batch: number; graceSeconds: number; recheckOpenMinutes: number }): Promise<void> {
  const db = getDb();
  const due = await db.$queryRaw<{ id: string }[]>`
    SELECT cs.id FROM checkout_session cs
     WHERE cs.closed_datetime IS NULL
       AND cs.create_datetime <= ${o.now}::timestamptz - make_interval(secs => ${o.graceSeconds})
       AND (cs.checked_datetime IS NULL OR cs.checked_datetime <= ${o.now}::timestamptz - make_interval(mins => ${o.recheckOpenMinutes})
            OR (cs.expires_datetime <= ${o.now}::timestamptz AND cs.checked_datetime < cs.expires_datetime))
       AND NOT EXISTS (SELECT 1 FROM payment p WHERE p.checkout_session_id = cs.id)
     ORDER BY cs.checked_datetime NULLS FIRST, cs.create_datetime
     LIMIT ${o.batch}`;
  const closed: string[] = [];
  const stillOpen: string[] = [];
  await forEachConcurrently(due, LEDGER_CONCURRENCY, async ({ id }) => {
    result.ledgerChecked++;
    try {
      const outcome = await settleCheckoutSession(id);
      if (outcome.kind === "settled") {
        result.sessionsSettled++;
        closed.push(id);
      } else if (outcome.kind === "not_ours" || outcome.session.status === "expired") {
        closed.push(id);
      } else {
        stillOpen.push(id);
      }
    } catch (e) {
      if (e instanceof AppError && e.code === "not_found") {
        closed.push(id);
      } else {
        result.errors++;
        log.warn(`reconcile: session ${id} not settled: ${(e as Error).message}`);
      }
    }
  });
  if (closed.length > 0) {
    await db.checkoutSession.updateMany({ where: { id: { in: closed } }, data: { closedAt: o.now } });
    await clearCheckoutMarkers(closed);
  }
  if (stillOpen.length > 0) await db.checkoutSession.updateMany({ where: { id: { in: stillOpen } }, data: { checkedAt: o.now } });
  result.ledgerClosed += closed.length;
}

export const PAYMENT_RECONCILE_MARKER_KEY = "payments:reconcile";
const DEFAULT_RECONCILE_EVERY_MS = 60_000;

export type PaymentMaintenanceResult = { checkoutSessionsExpired: number; endingHolds: CloseAheadResult | null; reconcile: ReconcileResult | null };

/** The reconciliation a self-hosted sweeper started in the background, if one is still running in this process. */
let backgroundReconcile: Promise<void> | null = null;

/** Resolves when this process' background reconciliation (if any) is done; for tests and shutdown. */
export async function backgroundReconcileSettled(): Promise<void> {
  await backgroundReconcile;
}

export function describeReconcile(r: ReconcileResult): string {
  return `payments reconciled: ${r.sessionsSettled} paid session(s) settled, ${r.refundsPaid} refund(s) paid, ${r.errors} error(s)`;
}

/**
 * The close-ahead of a sweeper run (close-checkout.ts), when payments are configured; never throws.
 * The sweeper runs it before expiring holds, so seats whose checkout it closes (kept past their
 * hold until then) go back in the same run.
 */
export async function closeEndingCheckouts(now: Date = new Date()): Promise<CloseAheadResult | null> {
  if (!stripeConfigFromEnv()) return null;
  try {
    return await closeCheckoutsOfEndingHolds({ now });
  } catch (e) {
    log.warn(`checkouts of ending holds not closed: ${(e as Error).message}`);
    return null;
  }
}

/**
 * The payments part of a sweeper run: expire at Stripe the sessions of holds that just ended, close
 * (or settle, when paid) the checkouts of holds about to end (close-checkout.ts), and reconcile
 * when the shared period has passed (one Redis NX marker for all instances). Does nothing when
 * payments are not configured. Never throws: failures are logged.
 *
 * `background`: reconciliation (which can take minutes after an outage: hundreds of sessions to
 * settle) runs without being awaited, one at a time per process, so the self-hosted timer's next
 * runs (hold expiry, closing the checkouts of ending holds) are never held up behind it. The cron
 * route awaits it (a serverless function may be frozen once it has answered).
 */
export async function runPaymentMaintenance({
  endedReservationIds = [],
  now = new Date(),
  everyMs = DEFAULT_RECONCILE_EVERY_MS,
  force = false,
  background = false,
  closeAhead = true,
}: { endedReservationIds?: number[]; now?: Date; everyMs?: number; force?: boolean; background?: boolean; closeAhead?: boolean } = {}): Promise<PaymentMaintenanceResult> {
  const out: PaymentMaintenanceResult = { checkoutSessionsExpired: 0, endingHolds: null, reconcile: null };
  if (!stripeConfigFromEnv()) return out;
  if (closeAhead) out.endingHolds = await closeEndingCheckouts(now);
  try {
    out.checkoutSessionsExpired = await expireCheckoutSessions(endedReservationIds);
  } catch (e) {
    log.warn(`checkout sessions of ended holds not expired: ${(e as Error).message}`);
  }
  if (background && backgroundReconcile) return out;
  let due = force;
  if (!due) {
    try {
      due = await getRedis().set(PAYMENT_RECONCILE_MARKER_KEY, now.toISOString(), { nx: true, ttlMs: everyMs });
    } catch (e) {
      log.warn(`reconcile skipped: ${(e as Error).message}`);
    }
  }
  if (!due) return out;
  const run = reconcilePayments({ now }).then(
    (r) => {
      out.reconcile = r;
      if (background && (r.sessionsSettled > 0 || r.refundsPaid > 0 || r.errors > 0)) logger("sweep").info(describeReconcile(r));
    },
    (e: unknown) => log.warn(`reconcile failed: ${(e as Error).message}`),
  );
  if (background) {
    backgroundReconcile = run.finally(() => {
      backgroundReconcile = null;
    });
  } else {
    await run;
  }
  return out;
}
