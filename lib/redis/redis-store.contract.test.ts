// One contract for every RedisStore client: the same tests run against the in-process store always,
// and against TCP Redis and Upstash REST (through test/support/upstash-rest-server.ts in front of
// the same redis-server) when REDIS_URL is set (the tests themselves: test/support/redis-store-contract.ts;
// lib/redis/redis-cluster.test.ts runs them against a real Redis Cluster).
import { randomUUID } from "node:crypto";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startUpstashRestServer, type UpstashRestServer } from "@/test/support/upstash-rest-server";
import { cached } from "./cached";
import { cacheKey, eventHashTag, reservedTicketKey, ticketCountKey } from "./keys";
import { closeRedis, createRedisStore, getRedis, redisConfigFromEnv } from "./index";
import { RedisStoreError, type RedisKind, type RedisStore } from "./store";
import { skipWithout } from "@/test/support/servers";
import { storeContract, type ContractHarness } from "@/test/support/redis-store-contract";

const REDIS_URL = process.env.REDIS_URL?.trim() || undefined;
const RUN = randomUUID().slice(0, 8);

if (!REDIS_URL) {
  console.info("[redis contract] tcp and upstash clients skipped: set REDIS_URL (e.g. redis://127.0.0.1:6379/15) to run them");
}

type Harness = ContractHarness;

const clients: { kind: RedisKind; enabled: boolean; open: () => Promise<Harness> }[] = [
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
      const side = new Redis(REDIS_URL!);
      return {
        store,
        scriptExists: async (sha) => ((await side.script("EXISTS", sha)) as number[])[0] === 1,
        close: async () => {
          await store.close();
          await side.quit();
        },
      };
    },
  },
  {
    kind: "upstash",
    enabled: Boolean(REDIS_URL),
    open: async () => {
      const shim: UpstashRestServer = await startUpstashRestServer({ redisUrl: REDIS_URL!, token: `token-${RUN}` });
      const store = createRedisStore({ kind: "upstash", url: shim.url, token: shim.token });
      const side = new Redis(REDIS_URL!);
      return {
        store,
        scriptExists: async (sha) => ((await side.script("EXISTS", sha)) as number[])[0] === 1,
        close: async () => {
          await store.close();
          await side.quit();
          await shim.close();
        },
      };
    },
  },
];

for (const client of clients) {
  describe.skipIf(skipWithout("a Redis server (REDIS_URL)", client.enabled))(`RedisStore contract: ${client.kind}`, () => {
    storeContract(client);
  });
}

// The shim stands in for Upstash in these tests, so its wire format is pinned here too.
describe.skipIf(skipWithout("a Redis server (REDIS_URL)", Boolean(REDIS_URL)))("Upstash REST shim", () => {
  let shim: UpstashRestServer;
  const key = `contract:${RUN}:shim`;
  const post = async (path: string, body: unknown, headers: Record<string, string> = {}) => {
    const res = await fetch(`${shim.url}${path}`, {
      method: "POST",
      headers: { authorization: `Bearer ${shim.token}`, "content-type": "application/json", ...headers },
      body: JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as unknown };
  };
  const b64 = (s: string) => Buffer.from(s).toString("base64");

  beforeAll(async () => {
    shim = await startUpstashRestServer({ redisUrl: REDIS_URL!, token: `shim-${RUN}` });
  });
  afterAll(async () => {
    await post("/", ["DEL", key]);
    await shim.close();
  });

  it("refuses a missing or wrong token with 401", async () => {
    expect((await post("/", ["PING"], { authorization: "Bearer nope" })).status).toBe(401);
    const res = await fetch(shim.url, { method: "POST", body: JSON.stringify(["PING"]) });
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ error: "Unauthorized" });
  });

  it("answers one command with {result}, an error with 400 {error}", async () => {
    expect(await post("/", ["SET", key, "v"])).toEqual({ status: 200, body: { result: "OK" } });
    expect(await post("/", ["GET", key])).toEqual({ status: 200, body: { result: "v" } });
    const failed = await post("/", ["INCR", key]);
    expect(failed.status).toBe(400);
    expect(failed.body).toEqual({ error: expect.stringContaining("not an integer") });
  });

  it("base64-encodes every string but a top-level OK, recursively; numbers and null stay", async () => {
    const enc = { "upstash-encoding": "base64" };
    expect((await post("/", ["SET", key, "v"], enc)).body).toEqual({ result: "OK" });
    expect((await post("/", ["EVAL", "return {'OK', 7, {'x'}, false}", 0], enc)).body).toEqual({
      result: [b64("OK"), 7, [b64("x")], null],
    });
    expect((await post("/", ["GET", `${key}:missing`], enc)).body).toEqual({ result: null });
  });

  it("/pipeline and /multi-exec answer one {result} or {error} per command", async () => {
    const commands = [["SET", key, "1"], ["INCR", key], ["HGET", key, "f"], ["GET", key]];
    for (const path of ["/pipeline", "/multi-exec"]) {
      const { status, body } = await post(path, commands);
      expect(status).toBe(200);
      expect(body).toEqual([{ result: "OK" }, { result: 2 }, { error: expect.stringContaining("WRONGTYPE") }, { result: "2" }]);
    }
  });
});

describe("getRedis", () => {
  it("returns one shared store until closeRedis", async () => {
    const store = getRedis();
    expect(getRedis()).toBe(store);
    expect(store.kind).toBe(REDIS_URL ? "tcp" : redisConfigFromEnv().kind);
    await closeRedis();
    const next = getRedis();
    expect(next).not.toBe(store);
    await closeRedis();
  });
});

describe("cached() when Redis fails", () => {
  it("reads from the source and does not throw", async () => {
    const real = createRedisStore({ kind: "memory" });
    const broken: RedisStore = {
      ...real,
      get: () => Promise.reject(new RedisStoreError("memory", "GET", new Error("connection refused"))),
      set: () => Promise.reject(new RedisStoreError("memory", "SET", new Error("connection refused"))),
    };
    const warn = console.warn;
    console.warn = () => {};
    try {
      expect(await cached(broken, "cache:x", 60, async () => ({ ok: true }))).toEqual({ ok: true });
    } finally {
      console.warn = warn;
      await real.close();
    }
  });
});

describe("key names", () => {
  it("embed the event as a hash tag", () => {
    expect(reservedTicketKey(42, 123)).toBe("reserved_ticket:{event_42}:ticket_123");
    expect(ticketCountKey("42")).toBe("ticket_count:{event_42}");
    expect(eventHashTag(7)).toBe("{event_7}");
    expect(cacheKey("events", "list", 2)).toBe("cache:events:list:2");
  });

  it("refuse ids that would break the key's shape", () => {
    expect(() => reservedTicketKey("4}2", 1)).toThrow();
    expect(() => ticketCountKey("a:b")).toThrow();
    expect(() => cacheKey()).toThrow();
  });
});

describe("redisConfigFromEnv", () => {
  it("prefers REDIS_URL, then Upstash, then the in-process store", () => {
    expect(redisConfigFromEnv({ REDIS_URL: "redis://h:6379/1", UPSTASH_REDIS_REST_URL: "https://x", UPSTASH_REDIS_REST_TOKEN: "t" })).toEqual({
      kind: "tcp",
      url: "redis://h:6379/1",
    });
    expect(redisConfigFromEnv({ UPSTASH_REDIS_REST_URL: "https://x.upstash.io", UPSTASH_REDIS_REST_TOKEN: "t" })).toEqual({
      kind: "upstash",
      url: "https://x.upstash.io",
      token: "t",
    });
    expect(redisConfigFromEnv({ KV_REST_API_URL: "https://kv", KV_REST_API_TOKEN: "t" })).toMatchObject({ kind: "upstash" });
    expect(redisConfigFromEnv({ REDIS_URL: "  " })).toEqual({ kind: "memory" });
    expect(redisConfigFromEnv({})).toEqual({ kind: "memory" });
  });

  it("refuses a half-configured or malformed environment", () => {
    expect(() => redisConfigFromEnv({ UPSTASH_REDIS_REST_URL: "https://x" })).toThrow(/both/);
    expect(() => redisConfigFromEnv({ REDIS_URL: "localhost:6379" })).toThrow(/redis:\/\//);
  });
});
