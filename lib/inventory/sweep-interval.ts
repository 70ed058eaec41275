// How often the self-hosted sweeper runs (HOLD_SWEEP_INTERVAL_MS), in a module of its own so that
// lib/payments can read it without importing the timer (which imports the sweep, which imports lib/payments).
import { ENV, setting, type Env } from "@/lib/config/env";

export const DEFAULT_HOLD_SWEEP_INTERVAL_MS = ENV.HOLD_SWEEP_INTERVAL_MS.fallback as number;

/** The interval HOLD_SWEEP_INTERVAL_MS asks for: null when disabled (0). Invalid values fall back to the default. */
export function holdSweepIntervalFromEnv(env: Env = process.env): number | null {
  return setting("HOLD_SWEEP_INTERVAL_MS", env);
}
