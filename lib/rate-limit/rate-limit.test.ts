// The limiter on every RedisStore client: the in-process store always; TCP Redis and Upstash REST
// (through the test endpoint in front of the same redis-server) when REDIS_URL is set. Time is
// passed in (`now`), so window edges are exact and nothing sleeps.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { AppError } from "@/lib/errors/app-error";
import { toErrorResponse } from "@/lib/http/error-response";
import { createRedisStore, RedisStoreError, type RedisKind, type RedisStore } from "@/lib/redis";
import { startUpstashRestServer, type UpstashRestServer } from "@/test/support/upstash-rest-server";
import { enforceRateLimit, enforceRateLimits, msUntilAllowed, rateLimit } from "./rate-limit";
import { skipWithout } from "@/test/support/servers";

const REDIS_URL = process.env.REDIS_URL?.trim() || undefined;
const RUN = randomUUID().slice(0, 8);

const clients: { kind: RedisKind; enabled: boolean; open: () => Promise<{ store: RedisStore; close: () => Promise<void> }> }[] = [
  {
    kind: "memory",
    enabled: true,
    open: async () => {
      const store = createRedisStore({ kind: "memory" });
      return { store, close: () => store.close() };
    },
  },
  {
    kind: "tcp",
    enabled: Boolean(REDIS_URL),
    open: async () => {
      const store = createRedisStore({ kind: "tcp", url: REDIS_URL! });
      return { store, close: () => store.close() };
    },
  },
  {
    kind: "upstash",
    enabled: Boolean(REDIS_URL),
    open: async () => {
      const shim: UpstashRestServer = await startUpstashRestServer({ redisUrl: REDIS_URL!, token: `token-${RUN}` });
      const store = createRedisStore({ kind: "upstash", url: shim.url, token: shim.token });
      return {
        store,
        close: async () => {
          await store.close();
          await shim.close();
        },
      };
    },
  },
];

// A moment 10 s into a 60 s window (window boundaries are multiples of 60 s since the epoch).
const WINDOW_START = Math.floor(Date.UTC(2030, 0, 1) / 60_000) * 60_000;

for (const client of clients) {
  describe.skipIf(skipWithout("a Redis server (REDIS_URL)", client.enabled))(`rateLimit on ${client.kind}`, () => {
    let store: RedisStore;
    let close: () => Promise<void>;
    let n = 0;
    const fresh = () => `${RUN}-${client.kind}-${++n}`;

    beforeAll(async () => {
      ({ store, close } = await client.open());
    });
    afterAll(async () => {
      await close?.();
    });

    it("allows `limit` calls in a window, then refuses with a Retry-After until the window has slid", async () => {
      const key = fresh();
      const at = (ms: number) => ({ name: "test", key, limit: 3, windowSeconds: 60, store, now: WINDOW_START + ms });
      const results = [];
      for (let i = 0; i < 3; i++) results.push(await rateLimit(at(10_000 + i)));
      expect(results.map((r) => [r.ok, r.remaining])).toEqual([
        [true, 2],
        [true, 1],
        [true, 0],
      ]);
      const refused = await rateLimit(at(10_010));
      expect(refused).toMatchObject({ ok: false, remaining: 0 });
      // The window ends 50 s later; the 3 calls then still weigh 3 * (1 - t/60) < 3 right after.
      expect(refused.retryAfterSeconds).toBe(50);
      // Refusals are not counted: still refused just before the window ends, allowed just after.
      expect((await rateLimit(at(59_000))).ok).toBe(false);
      const next = await rateLimit(at(60_100));
      expect(next.ok).toBe(true);
    });

    it("carries the previous window over, so a burst at a window edge does not double the limit", async () => {
      const key = fresh();
      const at = (ms: number) => ({ name: "test", key, limit: 4, windowSeconds: 60, store, now: WINDOW_START + ms });
      for (let i = 0; i < 4; i++) expect((await rateLimit(at(59_000 + i))).ok).toBe(true);
      // 1 s into the next window the previous 4 still weigh 4 * 59/60 = 3.93 < 4: one call fits, not two.
      expect((await rateLimit(at(61_000))).ok).toBe(true);
      const refused = await rateLimit(at(61_001));
      expect(refused.ok).toBe(false);
      // 3.93 + 1 >= 4 until the previous weighs < 3: 4 * (60 - t)/60 < 3 -> t > 15 s into the window.
      expect(refused.retryAfterSeconds).toBe(14);
      expect((await rateLimit(at(75_100))).ok).toBe(true);
    });

    it("keeps separate budgets per key and per name", async () => {
      const key = fresh();
      const opts = { limit: 1, windowSeconds: 60, store, now: WINDOW_START + 5_000 };
      expect((await rateLimit({ ...opts, name: "a", key })).ok).toBe(true);
      expect((await rateLimit({ ...opts, name: "a", key })).ok).toBe(false);
      expect((await rateLimit({ ...opts, name: "b", key })).ok).toBe(true);
      expect((await rateLimit({ ...opts, name: "a", key: `${key}-other` })).ok).toBe(true);
    });

    it("turns off with limit 0 and rejects bad options", async () => {
      expect((await rateLimit({ name: "off", key: fresh(), limit: 0, windowSeconds: 60, store })).ok).toBe(true);
      await expect(rateLimit({ name: "bad name!", key: "k", limit: 1, windowSeconds: 60, store })).rejects.toThrow(/name/);
      await expect(rateLimit({ name: "x", key: "k", limit: 1.5, windowSeconds: 60, store })).rejects.toThrow(/limit/);
      await expect(rateLimit({ name: "x", key: "k", limit: 1, windowSeconds: 0, store })).rejects.toThrow(/windowSeconds/);
    });

    it("enforceRateLimit throws rate_limited, which answers 429 with Retry-After", async () => {
      const key = fresh();
      const opts = { name: "enforce", key, limit: 1, windowSeconds: 30, store, now: WINDOW_START + 1_000 };
      await enforceRateLimit(opts);
      const error = await enforceRateLimit(opts).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AppError);
      const response = toErrorResponse(error);
      expect(response.status).toBe(429);
      expect(Number(response.headers.get("Retry-After"))).toBeGreaterThanOrEqual(1);
      const body = (await response.json()) as { error: { code: string; retry_after_seconds: number } };
      expect(body.error.code).toBe("rate_limited");
      expect(body.error.retry_after_seconds).toBe(Number(response.headers.get("Retry-After")));
    });

    it("enforceRateLimits counts every budget at once, and a budget that refuses gives the call back to the others", async () => {
      const user = { name: "multi-user", key: fresh(), limit: 2, windowSeconds: 60, store, now: WINDOW_START + 1_000 };
      const ip = { name: "multi-ip", key: fresh(), limit: 5, windowSeconds: 60, store, now: WINDOW_START + 1_000 };
      const ok = await enforceRateLimits([user, ip]);
      expect(ok.map((r) => [r.ok, r.remaining])).toEqual([
        [true, 1],
        [true, 4],
      ]);
      await enforceRateLimits([user, ip]);
      const error = await enforceRateLimits([user, ip]).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).code).toBe("rate_limited");
      expect((error as AppError).details?.retryAfterSeconds).toBe(60);
      expect((error as AppError).message).toMatch(/60 seconds/);
      // The IP budget counted 2 calls, not 3: the refused one was given back.
      expect((await rateLimit(ip)).remaining).toBe(2);
      // A limit of 0 is off, whatever the other budgets say.
      expect((await enforceRateLimits([{ ...user, key: fresh(), limit: 0 }]))[0]!.ok).toBe(true);
    });

    it("sends the budgets of one call together: one HTTP request on Upstash", async () => {
      if (client.kind !== "upstash") return;
      const checks = [
        { name: "trip-user", key: fresh(), limit: 5, windowSeconds: 60, store },
        { name: "trip-ip", key: fresh(), limit: 5, windowSeconds: 60, store },
      ];
      await enforceRateLimits(checks); // loads the script (EVALSHA -> NOSCRIPT -> EVAL) once
      const fetchSpy = vi.spyOn(globalThis, "fetch");
      try {
        await enforceRateLimits(checks);
        expect(fetchSpy).toHaveBeenCalledTimes(1);
      } finally {
        fetchSpy.mockRestore();
      }
    });

    it("never puts the caller's key (an email) into Redis key names", async () => {
      if (client.kind !== "tcp") return;
      const email = `someone-${RUN}@example.com`;
      await rateLimit({ name: "privacy", key: email, limit: 5, windowSeconds: 60, store });
      const { Redis } = await import("ioredis");
      const side = new Redis(REDIS_URL!);
      try {
        expect(await side.keys(`*${email}*`)).toEqual([]);
        expect((await side.keys("{ratelimit:privacy:*")).length).toBeGreaterThan(0);
      } finally {
        side.disconnect();
      }
    });
  });
}

describe("failing open", () => {
  const failing = (error: Error): RedisStore => {
    const store = createRedisStore({ kind: "memory" });
    return { ...store, runScript: () => Promise.reject(error) };
  };

  it("lets the call through, once logged, when Redis cannot be asked", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    try {
      const store = failing(new RedisStoreError("tcp", "EVALSHA rate-limit-sliding-window", new Error("Command timed out")));
      const checks = [
        { name: "open-user", key: "1", limit: 1, windowSeconds: 60, store },
        { name: "open-ip", key: "203.0.113.9", limit: 1, windowSeconds: 60, store },
      ];
      for (let i = 0; i < 3; i++) {
        const results = await enforceRateLimits(checks);
        expect(results.every((r) => r.ok && r.failedOpen)).toBe(true);
      }
      expect((await enforceRateLimit(checks[0]!)).failedOpen).toBe(true);
      // One line per outage, not one per request.
      const lines = warn.mock.calls.map((c) => String(c[0])).filter((l) => l.includes("[rate-limit]"));
      expect(lines.length).toBeLessThanOrEqual(1);
    } finally {
      warn.mockRestore();
    }
  });

  it("does not hide a bug: errors other than Redis' propagate", async () => {
    const store = failing(new TypeError("not a Redis failure"));
    await expect(enforceRateLimits([{ name: "bug", key: "k", limit: 1, windowSeconds: 60, store }])).rejects.toThrow(TypeError);
  });
});

describe("msUntilAllowed", () => {
  it("waits for the window's end when this window alone is full", () => {
    expect(msUntilAllowed(3, 60_000, 10_000, 3, 0)).toBe(50_001);
    // 6 over a limit of 3 (a lowered limit): half of the next window too.
    expect(msUntilAllowed(3, 60_000, 10_000, 6, 0)).toBe(50_000 + 30_000 + 1);
  });

  it("waits until enough of the previous window has slid out", () => {
    // previous 10, current 2, limit 5: 10 * (60 - 20 - t)/60 < 3 -> t > 22 s.
    expect(msUntilAllowed(5, 60_000, 20_000, 2, 10)).toBe(22_001);
  });
});
