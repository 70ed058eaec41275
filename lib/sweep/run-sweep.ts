// One sweeper run, as the cron route and the self-hosted timer do it:
//   1. close at Stripe the checkouts of holds ending soon or already ended (settling those that
//      were paid): a held seat with an open checkout is kept past its hold until this closes it
//      (lib/inventory/ticket-availability.ts), so it runs first and the seats go back in step 2;
//   2. expire passed holds (lib/inventory/sweep-expired-holds.ts);
//   3. the rest of the payments' share: expire at Stripe the sessions of the holds that just ended,
//      and reconcile Stripe with PostgreSQL when it is due (lib/payments/reconcile-payments.ts);
//   4. the waitlist's offer engine for every event with a live waitlist (lib/waitlist/offer-engine.ts):
//      settles paid, declined and lapsed offers and offers the seats that lapsed holds gave back;
//   5. refund the paid orders of cancelled events, a share per run (lib/admin/events-cancellation.ts);
//   6. the fans' notices that depend on time passing, with no timer of their own: "your hold is about
//      to expire" (lib/notifications/notify-expiring-holds.ts) and "it's your turn" for fans who asked
//      and left the waiting room (lib/notifications/notify-queue-turns.ts).
import { sweepExpiredHolds, type SweepOptions, type SweepResult } from "@/lib/inventory/sweep-expired-holds";
import { runEventCancellations, type RunCancellationsResult } from "@/lib/admin/events-cancellation";
import { logger } from "@/lib/log/logger";
import { closeEndingCheckouts, runPaymentMaintenance, type PaymentMaintenanceResult } from "@/lib/payments/reconcile-payments";
import { runWaitlistEngines } from "@/lib/waitlist/offer-engine";
import { notifyExpiringHolds } from "@/lib/notifications/notify-expiring-holds";
import { notifyQueueTurns } from "@/lib/notifications/notify-queue-turns";

export type RunSweepResult = SweepResult & {
  payments: PaymentMaintenanceResult;
  waitlist: { offers: number; settled: number };
  eventCancellations: RunCancellationsResult | { error: string };
  notices: { holdsExpiring: number; queueTurns: number } | { error: string };
};

const log = logger("sweep");

/**
 * `reconcilePayments`: reconcile now, whatever the shared period says. `backgroundReconcile`: do not
 * wait for the reconciliation (the self-hosted timer; see runPaymentMaintenance).
 */
export async function runSweep(options: SweepOptions & { reconcilePayments?: boolean; backgroundReconcile?: boolean } = {}): Promise<RunSweepResult> {
  const endingHolds = await closeEndingCheckouts(options.now);
  const sweep = await sweepExpiredHolds(options);
  const payments = await runPaymentMaintenance({
    endedReservationIds: sweep.expiredReservationIds,
    now: options.now,
    force: options.reconcilePayments,
    background: options.backgroundReconcile,
    closeAhead: false,
  });
  const waitlist = await runWaitlistEngines({ now: options.now });
  // A failing cancellation job (Stripe down) must not stop the holds' sweep: it retries next run.
  const eventCancellations = await runEventCancellations({ maxOrders: 100 }).catch((e: unknown) => {
    const error = (e instanceof Error ? e.message : String(e)).split("\n")[0] ?? "";
    log.warn(`event cancellations: ${error}`);
    return { error };
  });
  // Notices are best effort per pass: a failure is logged and the next pass tries again.
  const notices = await Promise.all([notifyExpiringHolds({ now: options.now }), notifyQueueTurns({ now: options.now?.getTime() })]).then(
    ([holds, turns]) => ({ holdsExpiring: holds.notified, queueTurns: turns.notified }),
    (e: unknown) => {
      const error = (e instanceof Error ? e.message : String(e)).split("\n")[0] ?? "";
      log.warn(`notices: ${error}`);
      return { error };
    },
  );
  return { ...sweep, payments: { ...payments, endingHolds }, waitlist, eventCancellations, notices };
}
