// RedisStore over a TCP connection (ioredis): self-hosted Redis, Redis Cluster-ready key layout, CI.
// Also owns `storeOnIoredis`, the command layer for any ioredis-shaped client, which the in-process
// store (memory-store.ts, ioredis-mock) reuses so both speak through exactly the same code.
import { createHash } from "node:crypto";
import { Redis } from "ioredis";
import {
  DEFAULT_REDIS_COMMAND_TIMEOUT_MS,
  RedisStoreError,
  assertScriptKeys,
  assertTtl,
  isNoScriptError,
  measureHealth,
  normaliseScriptReply,
  parseScore,
  toStringRecord,
  toZMembers,
  zrangeModifiers,
  type RedisKind,
  type RedisStore,
  type ScriptArg,
  type ScriptHandle,
  type ScriptReply,
} from "./store";
import { logger } from "@/lib/log/logger";
import { setting } from "@/lib/config/env";

const log = logger("redis");

export type TcpStoreConfig = {
  kind: "tcp";
  url: string;
  /** Fail a command that has no reply after this long (REDIS_COMMAND_TIMEOUT_MS). */
  commandTimeoutMs?: number;
};

/** host:port/db of a redis:// URL, never the password. */
export function describeRedisUrl(url: string): string {
  try {
    const u = new URL(url);
    const db = u.pathname.replace(/^\//, "") || "0";
    return `${u.protocol}//${u.hostname}:${u.port || "6379"}/${db}`;
  } catch {
    return "(unparseable REDIS_URL)";
  }
}

export function createTcpStore(config: TcpStoreConfig): RedisStore {
  // Every caller falls back when Redis fails (claims to PostgreSQL alone, caches to the source, rate
  // limits open), so a command must fail fast rather than hold a fan's request open:
  // - commandTimeout bounds every command, queued or sent, on a server that stopped answering;
  // - until the first connection is ready, commands wait in the offline queue (within that bound),
  //   so a fresh process does not fail its first requests; once a connection has worked, a lost
  //   one fails commands at once instead of queueing them until the reconnect;
  // - maxRetriesPerRequest 1: a command in flight when the connection drops is retried once on the
  //   next connection, then failed.
  const client = new Redis(config.url, {
    commandTimeout: config.commandTimeoutMs ?? DEFAULT_REDIS_COMMAND_TIMEOUT_MS,
    connectTimeout: 3_000,
    maxRetriesPerRequest: 1,
    // Concurrent commands from many requests in one tick share one write: the cheap way to serve a
    // stampede of holds (each a single EVALSHA) from one connection.
    enableAutoPipelining: true,
  });
  const label = describeRedisUrl(config.url);
  // Without a listener ioredis prints every reconnect attempt's error. Commands reject with the
  // error anyway (that is where callers handle it); the log gets one line per outage.
  let outageReported = false;
  client.on("ready", () => {
    outageReported = false;
    client.options.enableOfflineQueue = false;
  });
  client.on("error", (e: Error) => {
    if (outageReported || setting("NODE_ENV") === "test") return;
    outageReported = true;
    log.warn(`TCP Redis at ${label} unreachable, retrying: ${e.message}`);
  });
  return storeOnIoredis(client, {
    kind: "tcp",
    label,
    close: async () => {
      try {
        await client.quit();
      } catch {
        client.disconnect();
      }
    },
  });
}

type IoredisStoreOptions = {
  kind: RedisKind;
  label: string;
  close: () => Promise<void>;
  /** Rewrites every script before it reaches the client (the memory store's polyfills). */
  transformLua?: (lua: string) => string;
};

/** The RedisStore commands on an ioredis (or ioredis-mock) client. */
export function storeOnIoredis(client: Redis, options: IoredisStoreOptions): RedisStore {
  const { kind, label } = options;
  const zaddFlat = client.zadd.bind(client) as unknown as VarArgs;
  const zrangeFlat = client.zrange.bind(client) as unknown as VarArgs;

  async function attempt<T>(command: string, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (e) {
      throw new RedisStoreError(kind, command, e);
    }
  }

  // A rewritten script has its own source and digest; compute them once per script.
  const transformed = new Map<string, { lua: string; sha: string }>();
  function sourceFor(script: ScriptHandle<ScriptReply>): { lua: string; sha: string } {
    const transform = options.transformLua;
    if (!transform) return script;
    let entry = transformed.get(script.sha);
    if (!entry) {
      const lua = transform(script.lua);
      entry = { lua, sha: createHash("sha1").update(lua).digest("hex") };
      transformed.set(script.sha, entry);
    }
    return entry;
  }

  const store: RedisStore = {
    kind,
    label,

    ping: () =>
      attempt("PING", async () => {
        const reply = await client.ping();
        if (reply !== "PONG") throw new Error(`unexpected PING reply ${JSON.stringify(reply)}`);
      }),
    health: () => measureHealth(store),

    get: (key) => attempt("GET", () => client.get(key)),

    set: (key, value, opts = {}) =>
      attempt("SET", async () => {
        const v = String(value);
        if (opts.ttlMs !== undefined) assertTtl("ttlMs", opts.ttlMs);
        let reply: string | null;
        if (opts.ttlMs !== undefined && opts.nx) reply = await client.set(key, v, "PX", opts.ttlMs, "NX");
        else if (opts.ttlMs !== undefined) reply = await client.set(key, v, "PX", opts.ttlMs);
        else if (opts.nx) reply = await client.set(key, v, "NX");
        else reply = await client.set(key, v);
        return reply === "OK";
      }),

    del: (...keys) => (keys.length === 0 ? Promise.resolve(0) : attempt("DEL", () => client.del(...keys))),
    incrBy: (key, by) => attempt("INCRBY", () => client.incrby(key, by)),
    decrBy: (key, by) => attempt("DECRBY", () => client.decrby(key, by)),
    mget: (...keys) => (keys.length === 0 ? Promise.resolve([]) : attempt("MGET", () => client.mget(...keys))),
    exists: (...keys) => (keys.length === 0 ? Promise.resolve(0) : attempt("EXISTS", () => client.exists(...keys))),

    expire: (key, seconds) =>
      attempt("EXPIRE", async () => {
        assertTtl("seconds", seconds);
        return (await client.expire(key, seconds)) === 1;
      }),
    pexpire: (key, ms) =>
      attempt("PEXPIRE", async () => {
        assertTtl("ms", ms);
        return (await client.pexpire(key, ms)) === 1;
      }),
    pttl: (key) => attempt("PTTL", () => client.pttl(key)),

    hset: (key, fields) =>
      attempt("HSET", async () => {
        const flat = Object.entries(fields).flatMap(([f, v]) => [f, String(v)]);
        if (flat.length === 0) return 0;
        return client.hset(key, ...flat);
      }),
    hgetall: (key) => attempt("HGETALL", async () => toStringRecord(await client.hgetall(key))),

    zadd: (key, members, opts = {}) =>
      attempt("ZADD", async () => {
        if (members.length === 0) return 0;
        const flat = members.flatMap((m) => [String(m.score), m.member]);
        const args = opts.nx ? ["NX", ...flat] : flat;
        return Number(await zaddFlat(key, ...args));
      }),
    zrange: (key, start, stop, opts) =>
      attempt("ZRANGE", async () => {
        const reply = await zrangeFlat(key, String(start), String(stop), ...zrangeModifiers(opts));
        return (reply as unknown[]).map(String);
      }),
    zrangeWithScores: (key, start, stop, opts) =>
      attempt("ZRANGE", async () =>
        toZMembers(await zrangeFlat(key, String(start), String(stop), ...zrangeModifiers(opts), "WITHSCORES")),
      ),
    zcard: (key) => attempt("ZCARD", () => client.zcard(key)),
    zscore: (key, member) =>
      attempt("ZSCORE", async () => {
        const raw = await client.zscore(key, member);
        return raw === null ? null : parseScore(raw);
      }),
    zrem: (key, ...members) => (members.length === 0 ? Promise.resolve(0) : attempt("ZREM", () => client.zrem(key, ...members))),

    runScript: <T extends ScriptReply>(script: ScriptHandle<T>, keys: string[], args: ScriptArg[] = []) =>
      attempt(`EVALSHA ${script.name}`, async () => {
        assertScriptKeys(script, keys);
        const { lua, sha } = sourceFor(script);
        // Redis passes every ARGV as a string; stringify here so the in-process VM sees the same.
        const argv = [...keys, ...args.map(String)];
        let raw: unknown;
        try {
          raw = await client.evalsha(sha, keys.length, ...argv);
        } catch (e) {
          if (!isNoScriptError(e)) throw e;
          // EVAL runs the script and caches it server-side, so the next EVALSHA hits.
          raw = await client.eval(lua, keys.length, ...argv);
        }
        return normaliseScriptReply(raw) as T;
      }),

    close: options.close,
  };
  return store;
}

// ioredis' typed overloads cannot take a dynamic modifier list (NX, BYSCORE, REV, LIMIT) without a
// cast; at run time both ioredis and ioredis-mock accept flat arguments. `client.call` would be the
// typed route, but ioredis-mock has no `call`.
type VarArgs = (...args: (string | number)[]) => Promise<unknown>;
