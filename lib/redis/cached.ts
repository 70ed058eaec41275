// Read-through JSON cache on a RedisStore, for read-mostly pages (event lists, event pages, seat
// maps, availability). Three layers, so that a stampede of readers costs PostgreSQL a constant:
// - Redis holds the shared copy, as JSON text, so every instance serves one build per TTL;
// - this process keeps the entries it read (as text, with what was derived from it: the parsed
//   value, an ETag) for at most `localSeconds` and never past the shared copy's freshness,
//   so a hot entry costs neither a Redis round trip nor a parse per request;
// - concurrent readers of a key in this process share one Redis read and at most one load.
// With `staleSeconds`, an expired entry is still served while one reader rebuilds it in the
// background (a short Redis lock keeps other instances from rebuilding it too), so readers do not
// queue behind a rebuild.
//
// A Redis failure or a slow Redis degrades to loading from the source (and the local copy keeps
// that to one load per TTL per process): a cache must never take browsing down.
// OPENSEAT_CACHE=off turns all of it off: every call loads (benchmarks, debugging).
import { setting, type Env } from "@/lib/config/env";
import type { RedisStore } from "./store";
import { logger } from "@/lib/log/logger";

const log = logger("cache");
const redisLog = logger("redis");

export type CachePolicy = {
  /** Seconds an entry is served as fresh. */
  ttlSeconds: number;
  /** Seconds after that during which the old entry is still served while it is rebuilt. Default 0. */
  staleSeconds?: number;
  /** Seconds this process may serve its own copy without asking Redis (bounded by the shared copy's freshness). Default 0. */
  localSeconds?: number;
};

/** A cached value as JSON text; what is derived from the text is computed once per process and entry. */
export type Cached<T> = {
  readonly json: string;
  /** The parsed value, shared by every reader of this entry in this process: never mutate it. */
  readonly value: T;
  /** `compute(json)` once per entry (an ETag, say), then the same result. */
  memo<R>(name: string, compute: (json: string) => R): R;
};

/** False when OPENSEAT_CACHE is `off` (or `0`, `false`, `no`): every read then goes to the source. */
export function isCacheEnabled(env: Env = process.env): boolean {
  return setting("OPENSEAT_CACHE", env);
}

/** A Redis read slower than this is abandoned and the value loaded from the source instead. */
const READ_TIMEOUT_MS = 1_000;
/** Upper bound on what this process keeps (JSON characters, all keys together). */
const MAX_LOCAL_CHARS = 64 * 1024 * 1024;
/** When another instance holds the rebuild lock, look at Redis again after this long. */
const LOCK_RETRY_MS = 250;
/** After a Redis failure, reads skip Redis for this long (an outage then costs no wait per request). */
const DOWN_BACKOFF_MS = 5_000;

type LocalEntry = { entry: Cached<unknown>; freshUntil: number };

type StoreState = {
  local: Map<string, LocalEntry>;
  localChars: number;
  inFlight: Map<string, Promise<Cached<unknown>>>;
  refreshing: Set<string>;
  /** Bumped by invalidateCached: a load that started before must not write its result. */
  generation: Map<string, number>;
  /** Until then Redis is taken as down (after a failed or slow command). */
  downUntil: number;
  writes: number;
};

const states = new WeakMap<RedisStore, StoreState>();

function stateOf(store: RedisStore): StoreState {
  let state = states.get(store);
  if (!state) {
    state = { local: new Map(), localChars: 0, inFlight: new Map(), refreshing: new Set(), generation: new Map(), downUntil: 0, writes: 0 };
    states.set(store, state);
  }
  return state;
}

/** An entry for JSON text (what every read path returns; also the uncached path's answer). */
export function cachedFromJson<T>(json: string): Cached<T> {
  let parsed: { value: T } | undefined;
  const memos = new Map<string, unknown>();
  return {
    json,
    get value() {
      parsed ??= { value: JSON.parse(json) as T };
      return parsed.value;
    },
    memo<R>(name: string, compute: (json: string) => R): R {
      if (!memos.has(name)) memos.set(name, compute(json));
      return memos.get(name) as R;
    },
  };
}

function toMs(seconds: number | undefined, what: string, key: string): number {
  const ms = Math.round((seconds ?? 0) * 1000);
  if (!(ms >= 0)) throw new Error(`cached(${key}): ${what} must not be negative, got ${seconds}`);
  return ms;
}

function policyMs(key: string, policy: CachePolicy) {
  const ttlMs = toMs(policy.ttlSeconds, "ttlSeconds", key);
  if (ttlMs < 1) throw new Error(`cached(${key}): ttlSeconds must be positive, got ${policy.ttlSeconds}`);
  return { ttlMs, staleMs: toMs(policy.staleSeconds, "staleSeconds", key), localMs: toMs(policy.localSeconds, "localSeconds", key) };
}

/** Local copies that expired this long ago are dropped by the next sweep (until then they lend their memos to an unchanged rebuild). */
const LOCAL_GRACE_MS = 60_000;
const SWEEP_EVERY = 256;

function setLocal(state: StoreState, key: string, entry: Cached<unknown>, freshUntil: number): void {
  dropLocal(state, key);
  if (++state.writes % SWEEP_EVERY === 0) {
    const cutoff = Date.now() - LOCAL_GRACE_MS;
    for (const [k, old] of state.local) if (old.freshUntil < cutoff && !state.refreshing.has(k)) dropLocal(state, k);
  }
  state.local.set(key, { entry, freshUntil });
  state.localChars += entry.json.length;
  // Oldest first (Map keeps insertion order; a rewrite moves the key to the end).
  for (const [k, old] of state.local) {
    if (state.localChars <= MAX_LOCAL_CHARS || k === key) break;
    state.local.delete(k);
    state.localChars -= old.entry.json.length;
  }
}

function dropLocal(state: StoreState, key: string): void {
  const old = state.local.get(key);
  if (!old) return;
  state.local.delete(key);
  state.localChars -= old.entry.json.length;
}

/** The entry built from `json`, reusing this process' previous entry (and its memos) when the text did not change. */
function entryFor(state: StoreState, key: string, json: string): Cached<unknown> {
  const previous = state.local.get(key)?.entry;
  return previous && previous.json.length === json.length && previous.json === json ? previous : cachedFromJson(json);
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took longer than ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

type SharedRead = { json: string; pttl: number } | null;

/** How long a shared entry stays fresh; a key without a TTL (PTTL < 0) stays fresh until dropped. */
function freshMsLeft(pttl: number, staleMs: number): number {
  return pttl < 0 ? Infinity : pttl - staleMs;
}

/** True for a few seconds after a Redis command of the cache failed: skip Redis, read the source. */
export function isCacheStoreDown(store: RedisStore): boolean {
  return Date.now() < stateOf(store).downUntil;
}

/** Report a failed Redis command of a cache read (get-available-counts.ts, say) so others skip Redis for a while. */
export function markCacheStoreDown(store: RedisStore, e: unknown): void {
  stateOf(store).downUntil = Date.now() + DOWN_BACKOFF_MS;
  debug(() => `Redis taken as down for ${DOWN_BACKOFF_MS} ms: ${e instanceof Error ? e.message : String(e)}`);
  warnCacheDown(e);
}

async function readShared(store: RedisStore, key: string): Promise<SharedRead | "unavailable"> {
  if (isCacheStoreDown(store)) return "unavailable";
  try {
    // Issued together: one round trip on an auto-pipelining client. A key that expires between the
    // two answers reads as having no TTL, which only shortens how long it is kept locally.
    const [pttl, json] = await withTimeout(Promise.all([store.pttl(key), store.get(key)]), READ_TIMEOUT_MS, `GET ${key}`);
    return json === null ? null : { json, pttl };
  } catch (e) {
    markCacheStoreDown(store, e);
    return "unavailable";
  }
}

async function writeShared(store: RedisStore, key: string, json: string, ttlMs: number): Promise<void> {
  if (isCacheStoreDown(store)) return;
  try {
    await store.set(key, json, { ttlMs });
  } catch (e) {
    markCacheStoreDown(store, e);
  }
}

/**
 * The entry under `key`, or null when neither this process nor Redis has it (nothing is loaded).
 * A stale entry (within `staleSeconds`) is not returned: only a caller that can rebuild serves it.
 */
export async function peekCached<T>(store: RedisStore, key: string, policy: CachePolicy): Promise<Cached<T> | null> {
  if (!isCacheEnabled()) return null;
  const { staleMs, localMs } = policyMs(key, policy);
  const state = stateOf(store);
  const local = state.local.get(key);
  if (local && Date.now() < local.freshUntil) return local.entry as Cached<T>;
  const shared = await readShared(store, key);
  if (shared === null || shared === "unavailable") return null;
  const freshLeft = freshMsLeft(shared.pttl, staleMs);
  if (freshLeft <= 0) return null;
  const entry = entryFor(state, key, shared.json);
  if (localMs > 0) setLocal(state, key, entry, Date.now() + Math.min(localMs, freshLeft));
  return entry as Cached<T>;
}

/**
 * The entry under `key`, or `load()`'s result stored there. The value travels as JSON both ways, so
 * a hit and a miss read the same (a Date becomes its ISO string on both paths). `load()` must not
 * return undefined. A failed load is not cached; its error reaches every reader that waited for it.
 */
export function cachedEntry<T>(store: RedisStore, key: string, policy: CachePolicy, load: () => Promise<T>): Promise<Cached<T>> {
  const ms = policyMs(key, policy);
  if (!isCacheEnabled()) return load().then((value) => cachedFromJson<T>(serialise(key, value)));
  const state = stateOf(store);
  const local = state.local.get(key);
  if (local) {
    const now = Date.now();
    if (now < local.freshUntil) return Promise.resolve(local.entry as Cached<T>);
    // A rebuild of this stale entry is on its way: keep serving it meanwhile.
    if (state.refreshing.has(key)) return Promise.resolve(local.entry as Cached<T>);
  }
  const pending = state.inFlight.get(key);
  if (pending) return pending as Promise<Cached<T>>;
  const promise: Promise<Cached<unknown>> = readThrough(store, state, key, ms, load).finally(() => {
    if (state.inFlight.get(key) === promise) state.inFlight.delete(key);
  });
  state.inFlight.set(key, promise);
  return promise as Promise<Cached<T>>;
}

type Ms = { ttlMs: number; staleMs: number; localMs: number };

async function readThrough<T>(store: RedisStore, state: StoreState, key: string, ms: Ms, load: () => Promise<T>): Promise<Cached<unknown>> {
  const generation = state.generation.get(key) ?? 0;
  const shared = await readShared(store, key);
  if (shared !== null && shared !== "unavailable") {
    const entry = entryFor(state, key, shared.json);
    const freshLeft = freshMsLeft(shared.pttl, ms.staleMs);
    if (freshLeft > 0) {
      if (ms.localMs > 0) setLocal(state, key, entry, Date.now() + Math.min(ms.localMs, freshLeft));
      return entry;
    }
    // Stale: serve it, and rebuild it in the background.
    debug(() => `serving stale ${key} (${-freshLeft} ms past fresh) while it is rebuilt`);
    setLocal(state, key, entry, 0);
    refreshInBackground(store, state, key, ms, load);
    return entry;
  }
  return loadAndStore(store, state, key, ms, load, generation, shared !== "unavailable");
}

async function loadAndStore<T>(
  store: RedisStore,
  state: StoreState,
  key: string,
  ms: Ms,
  load: () => Promise<T>,
  generation: number,
  writeToRedis: boolean,
): Promise<Cached<unknown>> {
  const started = performance.now();
  const json = serialise(key, await load());
  debug(() => `built ${key} in ${Math.round(performance.now() - started)} ms (${json.length} chars${writeToRedis ? "" : ", Redis skipped"})`);
  const entry = entryFor(state, key, json);
  // Invalidated while loading: the readers that waited get this result, nobody else does.
  if ((state.generation.get(key) ?? 0) !== generation) return entry;
  if (writeToRedis) await writeShared(store, key, json, ms.ttlMs + ms.staleMs);
  // Without Redis the local copy is what keeps the source at one load per TTL.
  const localMs = writeToRedis ? ms.localMs : Math.max(ms.localMs, ms.ttlMs);
  if (localMs > 0) setLocal(state, key, entry, Date.now() + Math.min(localMs, ms.ttlMs));
  else dropLocal(state, key); // a stale copy kept only while this rebuild ran
  return entry;
}

function refreshInBackground<T>(store: RedisStore, state: StoreState, key: string, ms: Ms, load: () => Promise<T>): void {
  if (state.refreshing.has(key)) return;
  state.refreshing.add(key);
  const generation = state.generation.get(key) ?? 0;
  void (async () => {
    try {
      // One instance rebuilds; the others keep serving the stale copy and look again shortly.
      const lockKey = `${key}:rebuilding`;
      let locked = true;
      try {
        locked = await store.set(lockKey, "1", { nx: true, ttlMs: Math.max(1000, Math.min(ms.ttlMs, 30_000)) });
      } catch (e) {
        warnCacheDown(e);
      }
      if (!locked) {
        const local = state.local.get(key);
        if (local && local.freshUntil === 0) local.freshUntil = Date.now() + LOCK_RETRY_MS;
        return;
      }
      try {
        await loadAndStore(store, state, key, ms, load, generation, true);
      } finally {
        await store.del(lockKey).catch(() => 0);
      }
    } catch (e) {
      log.warn(`rebuilding ${key} failed, serving the stale copy: ${e instanceof Error ? e.message : String(e)}`);
    } finally {
      state.refreshing.delete(key);
    }
  })();
}

function serialise(key: string, value: unknown): string {
  const json = JSON.stringify(value);
  if (json === undefined) throw new Error(`cached(${key}): the loaded value cannot be stored as JSON`);
  return json;
}

/**
 * The value under `key`, or `load()`'s result stored there for `ttlSeconds`: `cachedEntry` without a
 * local copy, returning a value of the caller's own (parsed per call, so it may be changed).
 * `undefined` is returned but never stored.
 */
export async function cached<T>(store: RedisStore, key: string, ttlSeconds: number, load: () => Promise<T>): Promise<T> {
  try {
    const entry = await cachedEntry(store, key, { ttlSeconds }, async () => {
      const value = await load();
      if (value === undefined) throw NOTHING_TO_STORE;
      return value;
    });
    return JSON.parse(entry.json) as T;
  } catch (e) {
    if (e === NOTHING_TO_STORE) return undefined as T;
    throw e;
  }
}

const NOTHING_TO_STORE = Symbol("undefined is not cached");

/**
 * Drops the keys in Redis (one DEL: on Redis Cluster they must share a hash tag) and in this
 * process, including loads under way, so the next read here is built fresh. Other processes drop
 * their local copies when those expire (at most the policy's `localSeconds`).
 */
export async function invalidateCached(store: RedisStore, keys: string[]): Promise<void> {
  dropCachedLocally(store, keys);
  if (keys.length > 0) await store.del(...keys);
}

/** This process' part of invalidateCached. */
export function dropCachedLocally(store: RedisStore, keys: string[]): void {
  const state = stateOf(store);
  for (const key of keys) {
    state.generation.set(key, (state.generation.get(key) ?? 0) + 1);
    state.inFlight.delete(key);
    dropLocal(state, key);
  }
}

// DEBUG_CACHE=1 logs every build and every stale serve (benchmarks, debugging).
function debug(line: () => string): void {
  if (setting("DEBUG_CACHE")) log.info(line());
}

// During an outage every request would fail the same way: one line per half minute is enough.
function warnCacheDown(e: unknown): void {
  redisLog.warnEvery("cache-down", 30_000, `cache unavailable, reading from the source: ${e instanceof Error ? e.message : String(e)}`);
}
