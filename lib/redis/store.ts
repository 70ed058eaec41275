// The one Redis interface the app codes against (`RedisStore`), Lua script handles, and the small
// normalisers the three clients (tcp-store, upstash-store, memory-store) share so that every client
// answers with the same shapes: strings, numbers, null and arrays of those, never Buffers, booleans,
// JSON-parsed values or client-specific error classes.
import { createHash } from "node:crypto";

export type RedisKind = "tcp" | "cluster" | "upstash" | "memory";

/** The default of REDIS_COMMAND_TIMEOUT_MS (see index.ts). */
export const DEFAULT_REDIS_COMMAND_TIMEOUT_MS = 1_000;

/** What a Lua script may return once normalised: Redis' RESP2 reply types. */
export type ScriptReply = string | number | null | ScriptReply[];

export type ScriptArg = string | number;

/**
 * A Lua script known by its SHA1, so a call normally sends only the digest (EVALSHA) and the full
 * source only after Redis says NOSCRIPT (a restarted or flushed server, a new Upstash region).
 * `T` is the caller's promise about the script's normalised reply; nothing checks it at run time.
 */
export type ScriptHandle<T extends ScriptReply = ScriptReply> = {
  readonly name: string;
  readonly lua: string;
  readonly sha: string;
  /** When set, runScript refuses a call with another number of keys (a wrong key list is a bug). */
  readonly numberOfKeys?: number;
  /** Type carrier only; never present at run time. */
  readonly __reply?: T;
};

export type SetOptions = {
  /** Expire the key after this many milliseconds (SET ... PX). */
  ttlMs?: number;
  /** Only set when the key does not exist (SET ... NX). */
  nx?: boolean;
};

export type ZMember = { score: number; member: string };

export type ZRangeOptions = {
  /** start/stop are scores ("-inf", "+inf", "(5" allowed) instead of ranks. */
  byScore?: boolean;
  /** Highest first. With byScore, pass (max, min) as Redis does. */
  rev?: boolean;
  /** Only with byScore (Redis refuses LIMIT on rank ranges). */
  limit?: { offset: number; count: number };
};

export type RedisHealth = { ok: true; kind: RedisKind; latencyMs: number } | { ok: false; kind: RedisKind; error: string };

export type RedisStore = {
  readonly kind: RedisKind;
  /** Where it points, without credentials: for log lines and health output. */
  readonly label: string;

  /** Resolves when the server answers PONG; rejects otherwise. */
  ping(): Promise<void>;
  /** Never rejects: a health endpoint's view of the store. */
  health(): Promise<RedisHealth>;

  get(key: string): Promise<string | null>;
  /** True when the value was written; false when `nx` was set and the key already existed. */
  set(key: string, value: string | number, options?: SetOptions): Promise<boolean>;
  /** Number of keys removed. No keys: 0 without a round trip. */
  del(...keys: string[]): Promise<number>;
  incrBy(key: string, by: number): Promise<number>;
  decrBy(key: string, by: number): Promise<number>;
  /** One entry per key, null for a missing key. */
  mget(...keys: string[]): Promise<(string | null)[]>;
  /** Number of the given keys that exist (a key named twice counts twice, as in Redis). */
  exists(...keys: string[]): Promise<number>;
  /** True when the key exists and the timeout was set. */
  expire(key: string, seconds: number): Promise<boolean>;
  pexpire(key: string, ms: number): Promise<boolean>;
  /** Milliseconds left; -1 for a key without expiry, -2 for a missing key (Redis' convention). */
  pttl(key: string): Promise<number>;

  /** Number of fields that were new. */
  hset(key: string, fields: Record<string, string | number>): Promise<number>;
  /** A plain object on every client; {} for a missing key. */
  hgetall(key: string): Promise<Record<string, string>>;

  /** Number of members added (not counting score updates). `nx`: never move an existing member. */
  zadd(key: string, members: ZMember[], options?: { nx?: boolean }): Promise<number>;
  zrange(key: string, start: number | string, stop: number | string, options?: ZRangeOptions): Promise<string[]>;
  zrangeWithScores(key: string, start: number | string, stop: number | string, options?: ZRangeOptions): Promise<ZMember[]>;
  zcard(key: string): Promise<number>;
  zscore(key: string, member: string): Promise<number | null>;
  zrem(key: string, ...members: string[]): Promise<number>;

  /** EVALSHA, then EVAL when the server has not seen the script. */
  runScript<T extends ScriptReply>(script: ScriptHandle<T>, keys: string[], args?: ScriptArg[]): Promise<T>;

  /** Release connections. The store is unusable afterwards. */
  close(): Promise<void>;
};

/** Every error a store raises, whatever the client: callers catch one type. */
export class RedisStoreError extends Error {
  readonly kind: RedisKind;
  readonly command: string;

  constructor(kind: RedisKind, command: string, cause: unknown) {
    super(`[redis ${kind}] ${command} failed: ${errorMessage(cause)}`, { cause });
    this.name = "RedisStoreError";
    this.kind = kind;
    this.command = command;
  }
}

export function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** Matches NOSCRIPT from ioredis' ReplyError, @upstash/redis' UpstashError and ioredis-mock. */
export function isNoScriptError(e: unknown): boolean {
  return errorMessage(e).includes("NOSCRIPT");
}

/**
 * Declare a Lua script once at module level; the digest is computed here so a call never hashes.
 * Redis Cluster / Upstash rule for callers: every key the script touches must be passed in KEYS and
 * share one hash tag (see keys.ts), and the script must not return a table with nil holes (Redis
 * cuts the array at the first nil, ioredis-mock returns nothing at all).
 */
export function defineScript<T extends ScriptReply = ScriptReply>(definition: {
  name: string;
  lua: string;
  numberOfKeys?: number;
}): ScriptHandle<T> {
  const { name, lua, numberOfKeys } = definition;
  // Upstash's `#!lua flags=...` is refused by stock Redis 7.0 ("Unexpected flag in script shebang"),
  // and the in-process Lua VM does not parse shebangs at all: keep scripts portable.
  if (lua.trimStart().startsWith("#!")) {
    throw new Error(`Lua script "${name}" starts with a shebang; remove it so every Redis accepts the script`);
  }
  if (numberOfKeys !== undefined && (!Number.isInteger(numberOfKeys) || numberOfKeys < 0)) {
    throw new Error(`Lua script "${name}": numberOfKeys must be a non-negative integer`);
  }
  const sha = createHash("sha1").update(lua).digest("hex");
  return numberOfKeys === undefined ? { name, lua, sha } : { name, lua, sha, numberOfKeys };
}

export function assertScriptKeys(script: ScriptHandle<ScriptReply>, keys: string[]): void {
  if (script.numberOfKeys !== undefined && keys.length !== script.numberOfKeys) {
    throw new Error(`Lua script "${script.name}" expects ${script.numberOfKeys} keys, got ${keys.length}`);
  }
}

/**
 * Script replies as Redis itself would hand them to a RESP2 client: Lua false is nil, Lua true is
 * 1, Lua numbers are truncated to integers. Real servers already do this; ioredis-mock does not
 * (it returns false, true and fractions as they are), so the memory store relies on this.
 */
export function normaliseScriptReply(value: unknown): ScriptReply {
  if (value === null || value === undefined || value === false) return null;
  if (value === true) return 1;
  if (typeof value === "number") return Math.trunc(value);
  if (typeof value === "string") return value;
  if (Buffer.isBuffer(value)) return value.toString("utf8");
  if (Array.isArray(value)) return value.map(normaliseScriptReply);
  return String(value);
}

/** Redis sends scores as strings, including "inf" and "-inf". */
export function parseScore(raw: unknown): number {
  if (typeof raw === "number") return raw;
  const s = String(raw);
  if (s === "inf" || s === "+inf") return Infinity;
  if (s === "-inf") return -Infinity;
  return Number(s);
}

export function toNullableString(raw: unknown): string | null {
  if (raw === null || raw === undefined) return null;
  return typeof raw === "string" ? raw : String(raw);
}

/** Flat [field, value, field, value] (Upstash, RESP2) or an object (ioredis) -> a plain object. */
export function toStringRecord(raw: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (Array.isArray(raw)) {
    for (let i = 0; i + 1 < raw.length; i += 2) out[String(raw[i])] = String(raw[i + 1]);
    return out;
  }
  if (raw && typeof raw === "object") {
    for (const [k, v] of Object.entries(raw)) out[k] = String(v);
  }
  return out;
}

/** Flat [member, score, member, score] -> members with numeric scores. */
export function toZMembers(raw: unknown): ZMember[] {
  if (!Array.isArray(raw)) return [];
  const out: ZMember[] = [];
  for (let i = 0; i + 1 < raw.length; i += 2) out.push({ member: String(raw[i]), score: parseScore(raw[i + 1]) });
  return out;
}

/** ZRANGE's modifier words (Redis 6.2 syntax), shared by the ioredis-shaped clients. */
export function zrangeModifiers(options: ZRangeOptions | undefined): string[] {
  const words: string[] = [];
  if (options?.byScore) words.push("BYSCORE");
  if (options?.rev) words.push("REV");
  if (options?.limit) words.push("LIMIT", String(options.limit.offset), String(options.limit.count));
  return words;
}

export function assertTtl(name: string, value: number): void {
  if (!Number.isInteger(value) || value <= 0) throw new Error(`${name} must be a positive integer, got ${value}`);
}

/** Build `health()` from `ping()` so every client reports the same way. */
export async function measureHealth(store: Pick<RedisStore, "kind" | "ping">): Promise<RedisHealth> {
  const started = performance.now();
  try {
    await store.ping();
    return { ok: true, kind: store.kind, latencyMs: Math.round((performance.now() - started) * 10) / 10 };
  } catch (e) {
    return { ok: false, kind: store.kind, error: errorMessage(e) };
  }
}
