// The self-hosted outbox worker: a timer in each `next start` process (started by
// instrumentation.ts, like the hold sweeper) draining the outbox every
// NOTIFICATION_WORKER_INTERVAL_MS (default 5 s; 0 turns it off). Several processes draining at once
// is safe (worker.ts). Runs never overlap within a process; the timer is unref'd; `wake()` asks for
// a run now (after a request wrote a message a fan is waiting for, such as a password reset).
import { setting } from "@/lib/config/env";
import { logger } from "@/lib/log/logger";
import { runningIntervalTimer, startIntervalTimer } from "@/lib/util/interval-timer";
import { emailConfigured } from "./email/smtp-transport";
import { drainNotifications, type DrainResult } from "./worker";

const log = logger("notifications");

export type NotificationWorkerTimer = { stop: () => void; runOnce: () => Promise<DrainResult | null>; wake: () => void };

const TIMER = "notification-worker";

export const describeDrain = (r: DrainResult) =>
  `sent ${r.sent}, retried ${r.retried}, failed ${r.failed}, suppressed ${r.suppressed}` + (r.lost ? `, ${r.lost} taken over by another worker` : "");

/** The running timer of this process, if any. */
export const notificationWorkerTimer = (): NotificationWorkerTimer | undefined => runningIntervalTimer<NotificationWorkerTimer>(TIMER);

export function startNotificationWorkerTimer(intervalMs: number): NotificationWorkerTimer {
  const started = notificationWorkerTimer();
  if (started) return started;
  let running: Promise<DrainResult | null> | null = null;
  let lastError: string | null = null;
  let repeated = 0;
  if (!emailConfigured()) log.warn("email is not configured (SMTP_URL or SMTP_HOST): mails stay queued until it is");

  const runOnce = (): Promise<DrainResult | null> => {
    running ??= (async () => {
      try {
        const result = await drainNotifications();
        if (result.claimed > 0) log.info(describeDrain(result));
        if (lastError !== null) log.info("recovered");
        lastError = null;
        repeated = 0;
        return result;
      } catch (e) {
        const message = (e instanceof Error ? e.message : String(e)).split("\n")[0] ?? "";
        if (message !== lastError || ++repeated % 60 === 0) log.error(`drain failed: ${message}`);
        lastError = message;
        return null;
      } finally {
        running = null;
      }
    })();
    return running;
  };

  return startIntervalTimer(TIMER, intervalMs, {
    runOnce,
    wake: () => {
      // After the current run, if one is going: the message that woke us may have committed after it claimed.
      const pending = running;
      if (pending) void pending.then(() => runOnce());
      else void runOnce();
    },
  });
}

/** instrumentation.ts' entry: starts the timer unless NOTIFICATION_WORKER_INTERVAL_MS=0. */
export function startNotificationWorkerTimerFromEnv(): NotificationWorkerTimer | null {
  const intervalMs = setting("NOTIFICATION_WORKER_INTERVAL_MS");
  if (intervalMs === null) return null;
  return startNotificationWorkerTimer(intervalMs);
}
