// RedisStore over the Upstash REST protocol (@upstash/redis): serverless deployments (Vercel),
// where a function cannot keep a TCP connection. Each command is an HTTPS request; concurrent
// commands in one tick are batched into one /pipeline request by the client's auto-pipelining.
import { Redis } from "@upstash/redis";
import {
  DEFAULT_REDIS_COMMAND_TIMEOUT_MS,
  RedisStoreError,
  assertScriptKeys,
  assertTtl,
  isNoScriptError,
  measureHealth,
  normaliseScriptReply,
  parseScore,
  toNullableString,
  toStringRecord,
  toZMembers,
  type RedisStore,
  type ScriptArg,
  type ScriptHandle,
  type ScriptReply,
  type ZRangeOptions,
} from "./store";

export type UpstashStoreConfig = {
  kind: "upstash";
  url: string;
  token: string;
  /** Batch concurrent commands into /pipeline requests (the client's default). */
  autoPipelining?: boolean;
  /** Abort a request (retries included) that has no answer after this long (REDIS_COMMAND_TIMEOUT_MS). */
  commandTimeoutMs?: number;
};

export function createUpstashStore(config: UpstashStoreConfig): RedisStore {
  const commandTimeoutMs = config.commandTimeoutMs ?? DEFAULT_REDIS_COMMAND_TIMEOUT_MS;
  const client = new Redis({
    url: config.url,
    token: config.token,
    // By default the client JSON-parses every reply ("123" -> 123, '{"a":1}' -> object) and
    // HGETALL values too. We store strings and do our own JSON (cached.ts), so take replies raw and
    // normalise them here like the other clients' replies.
    automaticDeserialization: false,
    enableAutoPipelining: config.autoPipelining ?? true,
    enableTelemetry: false,
    // The default retries a failed fetch 5 times over ~4 s; a reserve call would rather fail fast
    // and let PostgreSQL decide.
    retry: { retries: 2, backoff: (attempt) => Math.exp(attempt) * 50 },
    // A fresh signal per HTTP request bounds it, its retries and reading its body; the client
    // rethrows the abort as an error only when `signal` is a function (a fixed signal would make an
    // aborted request look like a reply).
    signal: () => AbortSignal.timeout(commandTimeoutMs),
  });
  const kind = "upstash" as const;

  async function attempt<T>(command: string, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (e) {
      throw new RedisStoreError(kind, command, e);
    }
  }

  const store: RedisStore = {
    kind,
    label: describeRestUrl(config.url),

    ping: () =>
      attempt("PING", async () => {
        const reply = await client.ping();
        if (reply !== "PONG") throw new Error(`unexpected PING reply ${JSON.stringify(reply)}`);
      }),
    health: () => measureHealth(store),

    get: (key) => attempt("GET", async () => toNullableString(await client.get(key))),

    set: (key, value, opts = {}) =>
      attempt("SET", async () => {
        if (opts.ttlMs !== undefined) assertTtl("ttlMs", opts.ttlMs);
        const v = String(value);
        let reply: unknown;
        if (opts.ttlMs !== undefined && opts.nx) reply = await client.set(key, v, { px: opts.ttlMs, nx: true });
        else if (opts.ttlMs !== undefined) reply = await client.set(key, v, { px: opts.ttlMs });
        else if (opts.nx) reply = await client.set(key, v, { nx: true });
        else reply = await client.set(key, v);
        return reply === "OK";
      }),

    del: (...keys) => (keys.length === 0 ? Promise.resolve(0) : attempt("DEL", () => client.del(...keys))),
    incrBy: (key, by) => attempt("INCRBY", () => client.incrby(key, by)),
    decrBy: (key, by) => attempt("DECRBY", () => client.decrby(key, by)),
    mget: (...keys) =>
      keys.length === 0
        ? Promise.resolve([])
        : attempt("MGET", async () => ((await client.mget<unknown[]>(...keys)) ?? []).map(toNullableString)),
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
        if (Object.keys(fields).length === 0) return 0;
        const flat = Object.fromEntries(Object.entries(fields).map(([f, v]) => [f, String(v)]));
        return client.hset(key, flat);
      }),
    // Raw HGETALL over REST is a flat [field, value, ...] array (null for a missing key); with
    // automatic deserialisation on, the client would build the object but JSON-parse its values.
    hgetall: (key) => attempt("HGETALL", async () => toStringRecord(await client.hgetall(key))),

    zadd: (key, members, opts = {}) =>
      attempt("ZADD", async () => {
        const [first, ...rest] = members;
        if (!first) return 0;
        const reply = opts.nx ? await client.zadd(key, { nx: true }, first, ...rest) : await client.zadd(key, first, ...rest);
        return reply ?? 0;
      }),
    zrange: (key, start, stop, opts) =>
      attempt("ZRANGE", async () => ((await zrangeRaw(client, key, start, stop, opts, false)) as unknown[]).map(String)),
    zrangeWithScores: (key, start, stop, opts) =>
      attempt("ZRANGE", async () => toZMembers(await zrangeRaw(client, key, start, stop, opts, true))),
    zcard: (key) => attempt("ZCARD", () => client.zcard(key)),
    zscore: (key, member) =>
      attempt("ZSCORE", async () => {
        const raw: unknown = await client.zscore(key, member);
        return raw === null || raw === undefined ? null : parseScore(raw);
      }),
    zrem: (key, ...members) => (members.length === 0 ? Promise.resolve(0) : attempt("ZREM", () => client.zrem(key, ...members))),

    runScript: <T extends ScriptReply>(script: ScriptHandle<T>, keys: string[], args: ScriptArg[] = []) =>
      attempt(`EVALSHA ${script.name}`, async () => {
        assertScriptKeys(script, keys);
        const argv = args.map(String);
        let raw: unknown;
        try {
          raw = await client.evalsha(script.sha, keys, argv);
        } catch (e) {
          // Auto-pipelined failures read "Command failed: NOSCRIPT ...", direct ones
          // "NOSCRIPT ..., command was: [...]": both carry the word.
          if (!isNoScriptError(e)) throw e;
          raw = await client.eval(script.lua, keys, argv);
        }
        return normaliseScriptReply(raw) as T;
      }),

    // Stateless HTTP: nothing to release (fetch's keep-alive sockets close on their own).
    close: async () => {},
  };
  return store;
}

function zrangeRaw(
  client: Redis,
  key: string,
  start: number | string,
  stop: number | string,
  opts: ZRangeOptions | undefined,
  withScores: boolean,
): Promise<unknown> {
  // The client's option types are a union per mode (rank, score, lex); the command it sends is the
  // same ZRANGE word list as the TCP client's, so build the options loosely.
  const options: Record<string, unknown> = { withScores };
  if (opts?.byScore) options.byScore = true;
  if (opts?.rev) options.rev = true;
  if (opts?.limit) {
    options.offset = opts.limit.offset;
    options.count = opts.limit.count;
  }
  const loose = client as unknown as { zrange: (...a: unknown[]) => Promise<unknown> };
  return loose.zrange(key, start, stop, options);
}

/** The REST endpoint's origin, never the token. */
export function describeRestUrl(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return "(unparseable UPSTASH_REDIS_REST_URL)";
  }
}
