// The self-hosted sweeper: a timer in each `next start` process (started by instrumentation.ts),
// calling sweepExpiredHolds every HOLD_SWEEP_INTERVAL_MS (default 15 s; 0 turns it off). On Vercel
// the cron route does this instead. Several processes sweeping at once is safe (see the sweeper), and
// a lease in Redis (lib/sweep/sweep-lease.ts) makes it one pass at a time across instances anyway.
// Runs never overlap within a process; the timer is unref'd so it never keeps a process alive; it
// logs one line when a run changed something or failed, and nothing otherwise.
import { runSweep } from "@/lib/sweep/run-sweep";
import { acquireSweepLease, releaseSweepLease } from "@/lib/sweep/sweep-lease";
import type { SweepResult } from "./sweep-expired-holds";
import { DEFAULT_HOLD_SWEEP_INTERVAL_MS, holdSweepIntervalFromEnv } from "./sweep-interval";
import { logger } from "@/lib/log/logger";
import { runningIntervalTimer, startIntervalTimer } from "@/lib/util/interval-timer";

const log = logger("sweep");

export { DEFAULT_HOLD_SWEEP_INTERVAL_MS, holdSweepIntervalFromEnv } from "./sweep-interval";

export type HoldSweepTimer = { stop: () => void; runOnce: () => Promise<void> };

const TIMER = "hold-sweep";

export function describeSweep(r: SweepResult): string {
  return (
    `expired ${r.reservationsExpired} hold(s) and ${r.ticketsExpired} ticket(s)` +
    (r.eventsTouched.length ? ` of event(s) ${r.eventsTouched.join(", ")}` : "")
  );
}

/** Starts the process' timer (once: a second call returns the running one). */
export function startHoldSweepTimer(intervalMs: number = DEFAULT_HOLD_SWEEP_INTERVAL_MS): HoldSweepTimer {
  const started = runningIntervalTimer<HoldSweepTimer>(TIMER);
  if (started) return started;
  let running: Promise<void> | null = null;
  let lastError: string | null = null;
  let repeated = 0;

  const runOnce = (): Promise<void> => {
    // No overlapping runs: a slow sweep makes the next tick a no-op.
    running ??= (async () => {
      try {
        // Reconciliation runs in the background (and logs itself): it must never hold up the
        // next runs, which end holds and close the checkouts of holds about to end.
        // One pass at a time across instances (lib/sweep/sweep-lease.ts): another instance's pass
        // running now makes this tick a no-op.
        const lease = await acquireSweepLease();
        if (lease === "held") return;
        let result;
        try {
          result = await runSweep({ backgroundReconcile: true });
        } finally {
          if (lease === "acquired") await releaseSweepLease();
        }
        if (result.reservationsExpired > 0 || result.ticketsExpired > 0) log.info(describeSweep(result));
        if (lastError !== null) log.info("recovered");
        lastError = null;
        repeated = 0;
      } catch (e) {
        const message = (e instanceof Error ? e.message : String(e)).split("\n")[0] ?? "";
        // One line per failure, but an outage that repeats the same error logs it about every 5 minutes.
        if (message !== lastError || ++repeated % 20 === 0) log.error(`failed: ${message}`);
        lastError = message;
      } finally {
        running = null;
      }
    })();
    return running;
  };

  return startIntervalTimer(TIMER, intervalMs, { runOnce });
}

/** instrumentation.ts' entry: starts the timer unless HOLD_SWEEP_INTERVAL_MS=0. */
export function startHoldSweepTimerFromEnv(): HoldSweepTimer | null {
  const intervalMs = holdSweepIntervalFromEnv();
  if (intervalMs === null) return null;
  return startHoldSweepTimer(intervalMs);
}
