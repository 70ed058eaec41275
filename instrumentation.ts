// Runs once when a Next.js server starts (Next's instrumentation hook).
//
// First, a production server without a real AUTH_SECRET refuses to start (lib/auth/auth-secret.ts):
// better a server that does not come up than one whose sessions anyone can forge. TRUST_PROXY
// entries that are not addresses or CIDR ranges refuse it too (lib/rate-limit/client-ip.ts).
//
// Then self-hosted `next start` (and `next dev`) sweeps expired holds on a timer; on Vercel the cron
// route (app/api/cron/expire-holds) does it, since functions do not live between requests.
// lib/ is imported dynamically inside the Node.js branch so the edge bundle stays free of it.
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs" || process.env.NEXT_PHASE === "phase-production-build") return;
  const { checkStartupConfig } = await import("./lib/config/startup-check");
  const problem = checkStartupConfig();
  if (problem) {
    console.error(`[startup] refusing to start: ${problem}`);
    process.exit(1);
  }
  if (!process.env.VERCEL) {
    const { startHoldSweepTimerFromEnv } = await import("./lib/inventory/hold-sweep-timer");
    startHoldSweepTimerFromEnv();
  }
}
