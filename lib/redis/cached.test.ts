// The read-through cache on its own, with the in-process store and loads the test controls: one
// load for a stampede, the local copy and its bounds, stale-while-rebuilding, invalidation racing a
// load, a broken or hanging Redis, and the OPENSEAT_CACHE switch.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createRedisStore, RedisStoreError, type RedisStore } from "./index";
import { cached, cachedEntry, dropCachedLocally, invalidateCached, isCacheEnabled, peekCached } from "./cached";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Moves the clock `ms` forward for the cache and the in-process store (both read Date.now), so an
 * entry's TTL passes without the test waiting for it. Timers stay real.
 */
function passTime(ms: number): void {
  if (!vi.isFakeTimers()) vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(Date.now() + ms);
}

function counter<T>(make: (n: number) => T, delayMs = 20) {
  let n = 0;
  const load = vi.fn(async () => {
    n += 1;
    const value = make(n);
    await sleep(delayMs);
    return value;
  });
  return load;
}

let store: RedisStore;
beforeEach(() => {
  store = createRedisStore({ kind: "memory" });
});
afterEach(async () => {
  vi.useRealTimers();
  await store.close();
  vi.unstubAllEnvs();
});

describe("cachedEntry", () => {
  it("loads once for a cold stampede and serves the same text to everyone", async () => {
    const load = counter((n) => ({ build: n, at: new Date("2030-01-01T00:00:00Z") }));
    const entries = await Promise.all(Array.from({ length: 50 }, () => cachedEntry(store, "cache:a", { ttlSeconds: 60 }, load)));
    expect(load).toHaveBeenCalledTimes(1);
    for (const e of entries) expect(e.json).toBe('{"build":1,"at":"2030-01-01T00:00:00.000Z"}');
    expect(entries[0]!.value).toEqual({ build: 1, at: "2030-01-01T00:00:00.000Z" });
    expect(await store.get("cache:a")).toBe(entries[0]!.json);
    expect(await store.pttl("cache:a")).toBeGreaterThan(55_000);
  });

  it("serves another process' copy from Redis without loading", async () => {
    const load = counter((n) => ({ build: n }));
    await cachedEntry(store, "cache:b", { ttlSeconds: 60 }, load);
    // A second instance: same Redis, no local state.
    const other: RedisStore = { ...store };
    const entry = await cachedEntry(other, "cache:b", { ttlSeconds: 60 }, load);
    expect(load).toHaveBeenCalledTimes(1);
    expect(entry.value).toEqual({ build: 1 });
  });

  it("keeps a local copy no longer than the shared entry is fresh", async () => {
    const load = counter((n) => ({ build: n }), 1);
    const policy = { ttlSeconds: 0.3, localSeconds: 60 };
    const first = await cachedEntry(store, "cache:c", policy, load);
    const get = vi.spyOn(store, "get");
    // Within the TTL: the same entry object, no Redis read at all.
    expect(await cachedEntry(store, "cache:c", policy, load)).toBe(first);
    expect(get).not.toHaveBeenCalled();
    passTime(350);
    expect((await cachedEntry(store, "cache:c", policy, load)).value).toEqual({ build: 2 });
    expect(load).toHaveBeenCalledTimes(2);
  });

  it("memoises what is derived from an entry", async () => {
    const entry = await cachedEntry(store, "cache:d", { ttlSeconds: 60, localSeconds: 60 }, async () => ({ x: 1 }));
    const derive = vi.fn((json: string) => json.length);
    expect(entry.memo("len", derive)).toBe(7);
    const again = await cachedEntry(store, "cache:d", { ttlSeconds: 60, localSeconds: 60 }, async () => ({ x: 2 }));
    expect(again.memo("len", derive)).toBe(7);
    expect(derive).toHaveBeenCalledTimes(1);
  });

  it("serves a stale entry while one reader rebuilds it", async () => {
    let release: () => void = () => {};
    let n = 0;
    const load = vi.fn(async () => {
      n += 1;
      if (n > 1) await new Promise<void>((resolve) => (release = resolve));
      return { build: n };
    });
    const policy = { ttlSeconds: 0.1, staleSeconds: 30, localSeconds: 30 };
    await cachedEntry(store, "cache:e", policy, load);
    passTime(150);
    // Stale now: everyone gets the old entry at once, one rebuild runs.
    const during = await Promise.all(Array.from({ length: 20 }, () => cachedEntry(store, "cache:e", policy, load)));
    for (const e of during) expect(e.value).toEqual({ build: 1 });
    expect(load).toHaveBeenCalledTimes(2);
    release();
    await vi.waitFor(async () => expect((await cachedEntry(store, "cache:e", policy, load)).value).toEqual({ build: 2 }));
    expect(load).toHaveBeenCalledTimes(2);
    expect(await store.get("cache:e:rebuilding")).toBeNull();
  });

  it("leaves the rebuild to the instance that holds the lock", async () => {
    const load = counter((n) => ({ build: n }), 1);
    const policy = { ttlSeconds: 0.1, staleSeconds: 30 };
    await cachedEntry(store, "cache:f", policy, load);
    passTime(150);
    await store.set("cache:f:rebuilding", "1", { ttlMs: 5_000 });
    const set = vi.spyOn(store, "set");
    expect((await cachedEntry(store, "cache:f", policy, load)).value).toEqual({ build: 1 });
    // Wait for this instance's try at the lock (it loses: another holds it), not for a duration;
    // once that answer is in, the rebuild has decided, and it did not load.
    await vi.waitFor(() => expect(set).toHaveBeenCalledWith("cache:f:rebuilding", "1", expect.objectContaining({ nx: true })));
    expect(await set.mock.results[0]!.value).toBe(false);
    expect(load).toHaveBeenCalledTimes(1);
  });

  it("does not let a load that started before an invalidation write its result", async () => {
    let release: () => void = () => {};
    let n = 0;
    const load = vi.fn(async () => {
      n += 1;
      const value = { build: n };
      if (n === 1) await new Promise<void>((resolve) => (release = resolve));
      return value;
    });
    const policy = { ttlSeconds: 60, localSeconds: 60 };
    const early = cachedEntry(store, "cache:g", policy, load);
    // The first load is under way (waiting for release) before the invalidation.
    await vi.waitFor(() => expect(load).toHaveBeenCalledTimes(1));
    await invalidateCached(store, ["cache:g"]);
    // The next reader does not join the old load: it builds anew.
    const fresh = await cachedEntry(store, "cache:g", policy, load);
    expect(fresh.value).toEqual({ build: 2 });
    release();
    expect((await early).value).toEqual({ build: 1 });
    expect(JSON.parse((await store.get("cache:g"))!)).toEqual({ build: 2 });
    expect((await cachedEntry(store, "cache:g", policy, load)).value).toEqual({ build: 2 });
  });

  it("does not cache a failed load", async () => {
    const load = vi.fn(async () => {
      await sleep(5);
      throw new Error("database down");
    });
    const outcomes = await Promise.allSettled([cachedEntry(store, "cache:h", { ttlSeconds: 60 }, load), cachedEntry(store, "cache:h", { ttlSeconds: 60 }, load)]);
    expect(outcomes.map((o) => o.status)).toEqual(["rejected", "rejected"]);
    expect(load).toHaveBeenCalledTimes(1);
    expect((await cachedEntry(store, "cache:h", { ttlSeconds: 60 }, async () => "ok")).value).toBe("ok");
  });

  it("falls back to loading when Redis fails, and keeps a local copy for the TTL", async () => {
    const fail = (command: string) => () => Promise.reject(new RedisStoreError("memory", command, new Error("connection refused")));
    const broken: RedisStore = { ...store, get: fail("GET"), pttl: fail("PTTL"), set: fail("SET") };
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    const load = counter((n) => ({ build: n }), 1);
    const entries = await Promise.all(Array.from({ length: 10 }, () => cachedEntry(broken, "cache:i", { ttlSeconds: 60 }, load)));
    expect(entries.map((e) => e.value)).toEqual(Array(10).fill({ build: 1 }));
    expect((await cachedEntry(broken, "cache:i", { ttlSeconds: 60 }, load)).value).toEqual({ build: 1 });
    expect(load).toHaveBeenCalledTimes(1);
    warn.mockRestore();
  });

  it("gives up on a Redis that does not answer", async () => {
    const hanging: RedisStore = { ...store, get: () => new Promise(() => {}), pttl: () => new Promise(() => {}) };
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    // A fake clock: the read gives up when the cache's read timeout (1 s) passes on it, and loads.
    vi.useFakeTimers();
    try {
      let value: number | undefined;
      const entry = cachedEntry(hanging, "cache:j", { ttlSeconds: 60 }, async () => 42).then((e) => (value = e.value));
      await vi.advanceTimersByTimeAsync(999);
      expect(value).toBeUndefined();
      await vi.advanceTimersByTimeAsync(1);
      await entry;
      expect(value).toBe(42);
    } finally {
      vi.useRealTimers();
    }
    warn.mockRestore();
  });

  it("loads on every call with OPENSEAT_CACHE=off", async () => {
    vi.stubEnv("OPENSEAT_CACHE", "off");
    expect(isCacheEnabled()).toBe(false);
    const load = counter((n) => ({ build: n }), 1);
    await Promise.all([1, 2, 3].map(() => cachedEntry(store, "cache:k", { ttlSeconds: 60, localSeconds: 60 }, load)));
    expect(load).toHaveBeenCalledTimes(3);
    expect(await store.get("cache:k")).toBeNull();
    expect(await peekCached(store, "cache:k", { ttlSeconds: 60 })).toBeNull();
    expect(isCacheEnabled({ OPENSEAT_CACHE: "on" })).toBe(true);
    expect(isCacheEnabled({})).toBe(true);
  });
});

describe("peekCached", () => {
  it("answers what is cached and never loads", async () => {
    expect(await peekCached(store, "cache:p", { ttlSeconds: 60 })).toBeNull();
    await cachedEntry(store, "cache:p", { ttlSeconds: 60 }, async () => ({ v: 1 }));
    dropCachedLocally(store, ["cache:p"]); // as another instance would see it
    expect((await peekCached<{ v: number }>(store, "cache:p", { ttlSeconds: 60 }))?.value).toEqual({ v: 1 });
  });
});

describe("cached (the plain-value form)", () => {
  it("returns a copy per call and never stores undefined", async () => {
    const a = await cached(store, "cache:q", 60, async () => ({ list: [1] }));
    a.list.push(2);
    expect(await cached(store, "cache:q", 60, async () => ({ list: [9] }))).toEqual({ list: [1] });
    expect(await cached(store, "cache:u", 60, async () => undefined)).toBeUndefined();
    expect(await store.get("cache:u")).toBeNull();
  });
});
