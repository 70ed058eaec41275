// The plumbing of a process' background timers (the hold sweeper, the notifications outbox worker):
// one timer per name and process (a second start answers the running one; kept on globalThis so the
// module copies of a dev server's reloads share it), ticking every `intervalMs`, unref'd so it never
// keeps a process alive; `stop()` ends it and frees the name. What a tick does, and that ticks never
// overlap, stays with the caller's `runOnce`.
export type IntervalTimer = { stop: () => void };

const globalForTimers = globalThis as unknown as { __openseatIntervalTimers?: Map<string, IntervalTimer> };

function timers(): Map<string, IntervalTimer> {
  globalForTimers.__openseatIntervalTimers ??= new Map();
  return globalForTimers.__openseatIntervalTimers;
}

/** The running timer of this process under `name`, if any (T: what its starter passed in). */
export function runningIntervalTimer<T extends object>(name: string): (T & IntervalTimer) | undefined {
  return timers().get(name) as (T & IntervalTimer) | undefined;
}

/**
 * Starts calling `parts.runOnce` every `intervalMs` under `name` and answers `parts` with `stop`;
 * the running timer when one is already running under that name.
 */
export function startIntervalTimer<T extends { runOnce: () => unknown }>(name: string, intervalMs: number, parts: T): T & IntervalTimer {
  const existing = runningIntervalTimer<T>(name);
  if (existing) return existing;
  const handle = setInterval(() => void parts.runOnce(), intervalMs);
  handle.unref();
  const timer: T & IntervalTimer = {
    ...parts,
    stop: () => {
      clearInterval(handle);
      if (timers().get(name) === timer) timers().delete(name);
    },
  };
  timers().set(name, timer);
  return timer;
}
