// Closing a Checkout Session at Stripe before its hold lets the seats go. Stripe's "expire" is the
// arbiter between a fan's payment and our decision to give the seats back: once it succeeds, no
// payment can complete on that session; if it fails because the session completed first, the fan
// paid and the payment is settled instead.
//
// Used by every sweeper run for holds about to lapse (closeCheckoutsOfEndingHolds). A held seat
// with an open checkout is not free when its hold passes, but once this has closed the session
// (ticket-availability.ts): so a fan who paid in time but whose webhook is stuck in a backlog still
// finds the seats theirs, however far behind the sweeper is. Closing the session a little before
// the hold ends keeps that rare: whatever was paid by then is settled now, nothing can be paid
// after, and the seats go back on time.
import type Stripe from "stripe";
import { setting, type Env } from "@/lib/config/env";
import { getDb } from "@/lib/db";
import { holdSweepIntervalFromEnv } from "@/lib/inventory/sweep-interval";
import { settleCheckoutSession, retrieveCheckoutSession } from "./confirm-payment";
import { getStripe } from "./stripe-client";
import { logger } from "@/lib/log/logger";

const log = logger("payments");

/**
 * Expires an open session at Stripe and answers what it is afterwards: "expired" (nothing can be
 * paid on it any more), "complete" (a payment went through first) or "open" (Stripe could not be
 * reached or refused).
 */
export async function closeCheckoutSession(sessionId: string): Promise<"expired" | "complete" | "open"> {
  // One call when the session is open (the common case); a refusal (already complete or expired)
  // or a failure is settled by reading the session.
  try {
    const expired = await getStripe().checkout.sessions.expire(sessionId);
    if (expired.status === "expired") return "expired";
  } catch {
    // read below
  }
  let session: Stripe.Checkout.Session;
  try {
    session = await retrieveCheckoutSession(sessionId);
  } catch {
    return "open";
  }
  return session.status === "expired" ? "expired" : session.status === "complete" ? "complete" : "open";
}

/**
 * Stripe has closed this session (expired, or completed and settled): its seats are no longer kept
 * past their hold by an open checkout (ticket-availability.ts). Only while the session is still
 * its hold's current one: a fan who opened a newer checkout keeps that one's marker.
 */
export async function clearCheckoutMarkers(sessionIds: string[]): Promise<void> {
  if (sessionIds.length === 0) return;
  await getDb().$executeRaw`
    UPDATE ticket t SET checkout_hold_until = NULL
      FROM reservation r
     WHERE r.checkout_session_id = ANY(${sessionIds}::text[]) AND t.reservation_id = r.reservation_id
       AND t.status = 'reserved' AND t.checkout_hold_until IS NOT NULL`;
}

/** Runs `task` over `items`, at most `concurrency` at a time. */
export async function forEachConcurrently<T>(items: readonly T[], concurrency: number, task: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await task(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
}

/**
 * How long before a hold ends its checkout is closed: one sweeper interval plus a margin, so every
 * hold is caught by at least one run before it lapses: the self-hosted timer's
 * HOLD_SWEEP_INTERVAL_MS (15 s by default), or Vercel Cron's minute where the timer does not run
 * (on Vercel, or with HOLD_SWEEP_INTERVAL_MS=0).
 */
export function checkoutCloseAheadSeconds(env: Env = process.env): number {
  const timerMs = setting("VERCEL", env) ? null : holdSweepIntervalFromEnv(env);
  return Math.ceil((timerMs ?? 60_000) / 1000) + 15;
}

export type CloseAheadResult = { closed: number; settled: number; errors: number };

const CONCURRENCY = 8;

/**
 * Holds that end within `aheadSeconds` (or already ended: their seats are kept by the open checkout
 * until this closes it) and have an unpaid checkout: their session is closed at Stripe now. A
 * session that turns out paid is settled (the fan paid in time; the seats are theirs); an expired
 * one ends the hold through its `checkout.session.expired` webhook or at its expiry.
 */
export async function closeCheckoutsOfEndingHolds({ now = new Date(), aheadSeconds = checkoutCloseAheadSeconds(), batch = 500 } = {}): Promise<CloseAheadResult> {
  const result: CloseAheadResult = { closed: 0, settled: 0, errors: 0 };
  const db = getDb();
  const due = await db.$queryRaw<{ session_id: string }[]>`
    SELECT r.checkout_session_id AS session_id
      FROM reservation r LEFT JOIN checkout_session cs ON cs.id = r.checkout_session_id
     WHERE r.status = 'active' AND r.checkout_session_id IS NOT NULL
       AND r.expire_datetime <= ${now}::timestamptz + make_interval(secs => ${aheadSeconds})
       AND cs.closed_datetime IS NULL
       AND NOT EXISTS (SELECT 1 FROM payment p WHERE p.checkout_session_id = r.checkout_session_id)
     ORDER BY r.expire_datetime
     LIMIT ${batch}`;
  const closed: string[] = [];
  await forEachConcurrently(due, CONCURRENCY, async ({ session_id: id }) => {
    try {
      const state = await closeCheckoutSession(id);
      if (state === "complete") {
        if ((await settleCheckoutSession(id)).kind === "settled") result.settled++;
        closed.push(id);
      } else if (state === "expired") {
        result.closed++;
        closed.push(id);
      } else {
        result.errors++;
      }
    } catch (e) {
      result.errors++;
      log.warn(`checkout ${id} of an ending hold not closed: ${(e as Error).message}`);
    }
  });
  if (closed.length > 0) {
    await db.checkoutSession.updateMany({ where: { id: { in: closed } }, data: { closedAt: now } });
    // Nothing can be paid on these any more: the seats follow their hold again (free once it has
    // passed; the sweeper's expiry right after this in the same run records it).
    await clearCheckoutMarkers(closed);
  }
  return result;
}
