// Runs once when a Next.js server starts (Next's instrumentation hook). Self-hosted `next start`
// (and `next dev`) sweeps expired holds on a timer; on Vercel the cron route
// (app/api/cron/expire-holds) does it, since functions do not live between requests.
// lib/ is imported dynamically inside the Node.js branch so the edge bundle stays free of it.
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME === "nodejs" && !process.env.VERCEL && process.env.NEXT_PHASE !== "phase-production-build") {
    const { startHoldSweepTimerFromEnv } = await import("./lib/inventory/hold-sweep-timer");
    startHoldSweepTimerFromEnv();
  }
}
