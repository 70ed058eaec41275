// `npm run worker`: the outbox worker as its own process, for deployments that would rather not
// deliver from the web servers (set NOTIFICATION_WORKER_INTERVAL_MS=0 there). Drains every
// NOTIFICATION_WORKER_INTERVAL_MS (or 5 s when that is 0/unset); any number of these and of the
// servers' timers may run at once. Stops cleanly on SIGINT/SIGTERM after the batch in hand: a
// message it had claimed and not finished is taken over by another worker once its lease ends.
import { disconnectDb } from "@/lib/db";
import { logger } from "@/lib/log/logger";
import { closeEmailTransport, emailConfigured } from "@/lib/notifications/email/smtp-transport";
import { drainNotifications } from "@/lib/notifications/worker";
import { describeDrain } from "@/lib/notifications/worker-timer";

const log = logger("worker");
const raw = Number(process.env.NOTIFICATION_WORKER_INTERVAL_MS ?? "");
const intervalMs = Number.isFinite(raw) && raw >= 200 ? raw : 5_000;
let stopping = false;
let wake: (() => void) | null = null;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    stopping = true;
    wake?.();
  });
}

if (!emailConfigured()) log.warn("email is not configured (SMTP_URL or SMTP_HOST): mails stay queued until it is");
log.info(`draining the outbox every ${intervalMs} ms`);
while (!stopping) {
  try {
    const result = await drainNotifications();
    if (result.claimed > 0) log.info(describeDrain(result));
  } catch (e) {
    log.error(`drain failed: ${(e as Error).message.split("\n")[0]}`);
  }
  await new Promise<void>((resolve) => {
    const t = setTimeout(resolve, intervalMs);
    wake = () => {
      clearTimeout(t);
      resolve();
    };
  });
}
closeEmailTransport();
await disconnectDb();
log.info("stopped");
