// The process-wide "this server is shutting down" state, shared with the server entry.
//
// scripts/server.mjs is plain JavaScript run by node (it cannot import this TypeScript), and Next
// bundles lib/ into its own chunks, so the two meet on one object kept on globalThis under a
// registered symbol: the entry sets `draining` and calls every listener on SIGTERM; the readiness
// route reads `draining`, and each live stream registers a listener that ends it with a `retry:`
// hint (lib/http/event-tickers.ts). The shape is the contract: { draining: boolean, listeners: Set }.
const KEY = Symbol.for("openseat.shutdown");

type ShutdownState = { draining: boolean; listeners: Set<() => void> };

function state(): ShutdownState {
  const g = globalThis as unknown as Record<symbol, ShutdownState | undefined>;
  g[KEY] ??= { draining: false, listeners: new Set() };
  return g[KEY];
}

/** True once the server entry has begun a graceful shutdown (readiness answers 503 from then). */
export function isDraining(): boolean {
  return state().draining;
}

/** Calls `listener` when the shutdown begins (at once when it already has); returns the unregister. */
export function onShutdown(listener: () => void): () => void {
  const s = state();
  if (s.draining) {
    queueMicrotask(listener);
    return () => {};
  }
  s.listeners.add(listener);
  return () => {
    s.listeners.delete(listener);
  };
}

/**
 * Begins the shutdown in this process: readiness goes 503 and every registered listener runs once.
 * scripts/server.mjs does the same on SIGTERM through the shared object; tests call this.
 */
export function beginShutdown(): void {
  const s = state();
  if (s.draining) return;
  s.draining = true;
  const listeners = [...s.listeners];
  s.listeners.clear();
  for (const listener of listeners) {
    try {
      listener();
    } catch {
      // One stream that cannot be closed must not keep the others open.
    }
  }
}

/** Tests only: back to serving. */
export function resetShutdownForTests(): void {
  const s = state();
  s.draining = false;
  s.listeners.clear();
}
