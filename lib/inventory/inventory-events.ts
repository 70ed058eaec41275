// In-process notifications of inventory changes: "these seats of this event became free". The hold
// sweeper and the release of a hold (released-seats.ts) emit.
//
// Nothing in the app subscribes today: the live availability stream reads the availability cache,
// which the same paths invalidate, and there is no waitlist yet. The tests subscribe to see exactly
// which seats a sweep freed, and this is where an in-process consumer (a waitlist, say) would hook in.
// It is a hook list, not a message bus: it reaches listeners in this Node process only. Other
// instances and browsers see freed seats through the invalidated availability cache (and the
// sweeper runs on every instance, or from the cron), so nothing here may be relied on for
// correctness. The listener list lives on globalThis because Next.js may load this module more
// than once in one process (instrumentation and route handlers are bundled separately).
import { logger } from "@/lib/log/logger";

const log = logger("inventory");

export type SeatsFreed = { eventId: number; ticketIds: number[] };
export type SeatsFreedListener = (event: SeatsFreed) => void | Promise<void>;

const globalForInventoryEvents = globalThis as unknown as { __openseatSeatsFreedListeners?: Set<SeatsFreedListener> };

function listeners(): Set<SeatsFreedListener> {
  globalForInventoryEvents.__openseatSeatsFreedListeners ??= new Set();
  return globalForInventoryEvents.__openseatSeatsFreedListeners;
}

/** Subscribe; returns the unsubscribe function. */
export function onSeatsFreed(listener: SeatsFreedListener): () => void {
  const set = listeners();
  set.add(listener);
  return () => {
    set.delete(listener);
  };
}

/**
 * Tell every listener, synchronously and in subscription order. A listener's exception or rejected
 * promise is logged, never thrown back into the emitter (an inventory change has already happened).
 */
export function emitSeatsFreed(event: SeatsFreed): void {
  if (event.ticketIds.length === 0) return;
  for (const listener of [...listeners()]) {
    try {
      const result = listener(event);
      if (result && typeof (result as Promise<void>).catch === "function") {
        (result as Promise<void>).catch((e: unknown) => logListenerError(e));
      }
    } catch (e) {
      logListenerError(e);
    }
  }
}

function logListenerError(e: unknown): void {
  log.error(`seats-freed listener failed: ${e instanceof Error ? e.message : String(e)}`);
}
