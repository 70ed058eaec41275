// Asks for the outbox to be drained soon after a request that wrote a message a fan is waiting for
// (a password reset, a verification mail, an order confirmation). Call it after the commit.
// Self-hosted: wakes this process' worker timer. On Vercel (no timer): next/server's after(), which
// runs the drain once the response has been sent, inside the same function invocation; the cron
// route (app/api/cron/notifications) picks up whatever that misses. Outside a request (scripts,
// tests) it does nothing: the timer or the caller drains.
import { after } from "next/server";
import { setting } from "@/lib/config/env";
import { logger } from "@/lib/log/logger";
import { drainNotifications } from "./worker";
import { notificationWorkerTimer } from "./worker-timer";

export function deliverSoon(): void {
  const timer = notificationWorkerTimer();
  if (timer) return timer.wake();
  if (!setting("VERCEL")) return;
  try {
    after(async () => {
      try {
        await drainNotifications({ maxBatches: 2 });
      } catch (e) {
        logger("notifications").warn(`drain after response failed (the cron route retries): ${(e as Error).message}`);
      }
    });
  } catch {
    // Not inside a request scope: nothing to attach to.
  }
}
