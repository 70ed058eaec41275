// One sweeper run, as the cron route and the self-hosted timer do it: expire passed holds
// (lib/inventory/sweep-expired-holds.ts), then the payments' share: expire at Stripe the checkout
// sessions of the holds that just ended, and reconcile Stripe with PostgreSQL when it is due
// (lib/payments/reconcile-payments.ts).
import { sweepExpiredHolds, type SweepOptions, type SweepResult } from "@/lib/inventory/sweep-expired-holds";
import { runPaymentMaintenance, type PaymentMaintenanceResult } from "@/lib/payments/reconcile-payments";

export type RunSweepResult = SweepResult & { payments: PaymentMaintenanceResult };

/**
 * `reconcilePayments`: reconcile now, whatever the shared period says. `backgroundReconcile`: do not
 * wait for the reconciliation (the self-hosted timer; see runPaymentMaintenance).
 */
export async function runSweep(options: SweepOptions & { reconcilePayments?: boolean; backgroundReconcile?: boolean } = {}): Promise<RunSweepResult> {
  const sweep = await sweepExpiredHolds(options);
  const payments = await runPaymentMaintenance({
    endedReservationIds: sweep.expiredReservationIds,
    now: options.now,
    force: options.reconcilePayments,
    background: options.backgroundReconcile,
  });
  return { ...sweep, payments };
}
