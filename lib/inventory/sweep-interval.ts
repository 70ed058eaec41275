// How often the self-hosted sweeper runs (HOLD_SWEEP_INTERVAL_MS), in a module of its own so that
// lib/payments can read it without importing the timer (which imports the sweep, which imports lib/payments).
export const DEFAULT_HOLD_SWEEP_INTERVAL_MS = 15_000;

/** The interval HOLD_SWEEP_INTERVAL_MS asks for: null when disabled (0). Invalid values fall back to the default. */
export function holdSweepIntervalFromEnv(env: Record<string, string | undefined> = process.env): number | null {
  const raw = env.HOLD_SWEEP_INTERVAL_MS?.trim();
  if (!raw) return DEFAULT_HOLD_SWEEP_INTERVAL_MS;
  const ms = Number(raw);
  if (ms === 0) return null;
  if (!Number.isFinite(ms) || ms < 1000) {
    console.warn(`[sweep] HOLD_SWEEP_INTERVAL_MS=${JSON.stringify(raw)} is not 0 or a number of milliseconds >= 1000; using ${DEFAULT_HOLD_SWEEP_INTERVAL_MS}`);
    return DEFAULT_HOLD_SWEEP_INTERVAL_MS;
  }
  return Math.floor(ms);
}
