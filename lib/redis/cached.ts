// Read-through JSON cache on a RedisStore, for read-mostly pages (event lists, seat maps,
// availability). Concurrent readers of one key in this process share one Redis read and at most one
// load, so a stampede on a cold key costs the database one query per instance, not one per request.
// A Redis failure degrades to loading from the source: a cache must never take browsing down.
import type { RedisStore } from "./store";

const inFlight = new WeakMap<RedisStore, Map<string, Promise<unknown>>>();

/**
 * The value under `key`, or `load()`'s result stored there for `ttlSeconds`.
 * The value travels as JSON both ways, so a hit and a miss return the same shape (a Date becomes
 * its ISO string on both paths). `undefined` is returned but never stored.
 */
export function cached<T>(store: RedisStore, key: string, ttlSeconds: number, load: () => Promise<T>): Promise<T> {
  const ttlMs = Math.round(ttlSeconds * 1000);
  if (!(ttlMs >= 1)) throw new Error(`cached(${key}): ttlSeconds must be positive, got ${ttlSeconds}`);
  let pending = inFlight.get(store);
  if (!pending) {
    pending = new Map();
    inFlight.set(store, pending);
  }
  const existing = pending.get(key);
  if (existing) return existing as Promise<T>;
  const perStore = pending;
  const promise = readThrough(store, key, ttlMs, load).finally(() => perStore.delete(key));
  perStore.set(key, promise);
  return promise;
}

async function readThrough<T>(store: RedisStore, key: string, ttlMs: number, load: () => Promise<T>): Promise<T> {
  let hit: string | null = null;
  try {
    hit = await store.get(key);
  } catch (e) {
    warnCacheDown(e);
  }
  if (hit !== null) {
    try {
      return JSON.parse(hit) as T;
    } catch {
      // Not ours or truncated: reload and overwrite it.
    }
  }
  const value = await load();
  if (value === undefined) return value;
  const json = JSON.stringify(value);
  try {
    await store.set(key, json, { ttlMs });
  } catch (e) {
    warnCacheDown(e);
  }
  return JSON.parse(json) as T;
}

// During an outage every request would fail the same way: one line per half minute is enough.
let lastWarnAt = 0;
function warnCacheDown(e: unknown): void {
  const now = Date.now();
  if (now - lastWarnAt < 30_000) return;
  lastWarnAt = now;
  console.warn(`[redis] cache unavailable, reading from the source: ${e instanceof Error ? e.message : String(e)}`);
}
