// Runs once when a Next.js server starts (Next's instrumentation hook).
//
// First, the settings are checked (lib/config/startup-check.ts): a production server without a real
// AUTH_SECRET refuses to start (lib/auth/auth-secret.ts), better a server that does not come up than
// one whose sessions anyone can forge; so does one with TRUST_PROXY entries that are not addresses or
// CIDR ranges (lib/rate-limit/client-ip.ts), or any variable of lib/config/env.ts with a value it
// cannot read. The message names each variable.
//
// Then self-hosted `next start` (and `next dev`) sweeps expired holds on a timer; on Vercel the cron
// route (app/api/cron/expire-holds) does it, since functions do not live between requests.
// lib/ is imported dynamically inside the Node.js branch so the edge bundle stays free of it (which
// is also why NEXT_RUNTIME and NEXT_PHASE, set by Next.js itself, are read here directly).
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs" || process.env.NEXT_PHASE === "phase-production-build") return;
  const { checkStartupConfig } = await import("./lib/config/startup-check");
  const { setting } = await import("./lib/config/env");
  const { logger } = await import("./lib/log/logger");
  const problem = checkStartupConfig();
  if (problem) {
    logger("startup").error(`refusing to start: ${problem}`);
    process.exit(1);
  }
  if (!setting("VERCEL")) {
    const { startHoldSweepTimerFromEnv } = await import("./lib/inventory/hold-sweep-timer");
    startHoldSweepTimerFromEnv();
    // The outbox worker (lib/notifications/worker-timer.ts); on Vercel the cron route and after() drain it.
    const { startNotificationWorkerTimerFromEnv } = await import("./lib/notifications/worker-timer");
    startNotificationWorkerTimerFromEnv();
  }
}
