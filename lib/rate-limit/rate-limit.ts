// The one rate limiter: a sliding-window counter in Redis, one Lua script per check, on every
// RedisStore client (TCP, Upstash REST, in-process). Each (name, key) pair has a counter per fixed
// window; a check weighs the previous window's count by how much of it still overlaps the sliding
// window ("fixed window with carry-over", as Cloudflare and @upstash/ratelimit do), so a burst at a
// window edge cannot double the limit. Rejected calls are not counted: hammering does not extend a
// lockout. Keys hold a hash of the caller's key (an email, an IP), never the value itself.
//
// enforceRateLimits checks several budgets of one request (per user and per IP) at once. Each
// budget lives under its own hash tag, so one script cannot touch them all on Redis Cluster or
// Upstash; the scripts are sent together instead, which the TCP and Upstash clients' auto-pipelining
// turns into one round trip. When one budget refuses, the ones that counted the call give it back,
// so a refused call is counted nowhere.
//
// Rate limits fail open: when Redis cannot be asked (down, slow past REDIS_COMMAND_TIMEOUT_MS), the
// call is let through and logged. They protect capacity, not correctness; PostgreSQL decides who
// gets a seat whatever Redis says.
import { createHash } from "node:crypto";
import { AppError } from "@/lib/errors/app-error";
import { RedisStoreError, defineScript, getRedis, type RedisStore } from "@/lib/redis";
import { logger } from "@/lib/log/logger";

const log = logger("rate-limit");

/**
 * The sliding-window rule as two Lua functions, shared by the script below and by scripts that
 * check a budget and do their own work in the same round trip (the reserve's claim script,
 * lib/inventory/hold-claims.ts). rate_limit_peek(current key, previous key, limit, window ms,
 * elapsed ms) returns allowed (true|false), this window's count, the previous window's count;
 * rate_limit_count(current key, window ms) counts the call and returns the new count.
 */
export const SLIDING_WINDOW_LUA = `
local function rate_limit_peek(current_key, previous_key, limit, window_ms, elapsed_ms)
  local current = tonumber(redis.call('GET', current_key) or 0)
  local previous = tonumber(redis.call('GET', previous_key) or 0)
  local weighted = previous * (window_ms - elapsed_ms) / window_ms
  return weighted + current < limit, current, previous
end
local function rate_limit_count(current_key, window_ms)
  local current = redis.call('INCR', current_key)
  if current == 1 then
    redis.call('PEXPIRE', current_key, window_ms * 2)
  end
  return current
end
`;

// KEYS[1] = this window's counter, KEYS[2] = the previous window's counter (same hash tag).
// ARGV = limit, window length (ms), time elapsed in this window (ms).
// Returns {allowed (1|0), this window's count (after the increment when allowed), previous count}.
const slidingWindowScript = defineScript<[number, number, number]>({
  name: "rate-limit-sliding-window",
  numberOfKeys: 2,
  lua: `${SLIDING_WINDOW_LUA}
local window_ms = tonumber(ARGV[2])
local allowed, current, previous = rate_limit_peek(KEYS[1], KEYS[2], tonumber(ARGV[1]), window_ms, tonumber(ARGV[3]))
if not allowed then
  return {0, current, previous}
end
return {1, rate_limit_count(KEYS[1], window_ms), previous}
`,
});

// KEYS[1] = a window counter that counted a call which another budget then refused: take it back.
const refundScript = defineScript<number>({
  name: "rate-limit-refund",
  numberOfKeys: 1,
  lua: `
local current = tonumber(redis.call('GET', KEYS[1]) or 0)
if current > 0 then
  return redis.call('DECR', KEYS[1])
end
return 0
`,
});

export type RateLimitOptions = {
  /** The limit's name ("auth-ip", "reserve-user"): letters, digits, '-' and '_'. */
  name: string;
  /** Whose budget this is: an IP, an email, a user id. Hashed before it reaches Redis. */
  key: string;
  /** Calls allowed per window; 0 turns the limit off. */
  limit: number;
  windowSeconds: number;
  /** For tests; defaults to the shared store and the clock. */
  store?: RedisStore;
  now?: number;
};

export type RateLimitResult = {
  ok: boolean;
  limit: number;
  /** Calls left in the sliding window after this one. */
  remaining: number;
  /** 0 when ok; else whole seconds (at least 1) until a call would be allowed. */
  retryAfterSeconds: number;
  /** Set when Redis could not be asked and the call was let through (enforceRateLimit only). */
  failedOpen?: true;
};

const NAME = /^[A-Za-z0-9_-]+$/;

function counterKeys(name: string, key: string, windowIndex: number, hashTag?: string): [string, string] {
  const digest = createHash("sha256").update(key).digest("base64url").slice(0, 22);
  // The braces make both windows of one caller share a Redis Cluster / Upstash slot; with a hash
  // tag given (an event's), the counters live in that slot instead, beside the keys of a script
  // that checks the budget and does its own work at once (see budgetWindow).
  const tag = hashTag ? `ratelimit:${hashTag}:${name}:${digest}` : `{ratelimit:${name}:${digest}}`;
  return [`${tag}:${windowIndex}`, `${tag}:${windowIndex - 1}`];
}

/**
 * A budget prepared for a script of another module that runs the sliding-window rule
 * (SLIDING_WINDOW_LUA) in its own round trip: its two counter keys, under `hashTag` (so one
 * budget per caller and tag, e.g. per fan and event), and the script's arguments. `refusal` turns
 * the script's counts into the seconds to wait. Null for a budget that is off (limit 0).
 */
export function budgetWindow(options: RateLimitOptions, hashTag: string): { keys: [string, string]; args: [number, number, number]; retryAfterSeconds: (current: number, previous: number) => number } | null {
  const { name, key, limit, windowSeconds } = options;
  if (!NAME.test(name)) throw new Error(`rate limit name ${JSON.stringify(name)} must match ${NAME}`);
  if (!Number.isInteger(limit) || limit < 0) throw new Error(`rate limit ${name}: limit must be a whole number >= 0`);
  if (!Number.isInteger(windowSeconds) || windowSeconds < 1) throw new Error(`rate limit ${name}: windowSeconds must be a whole number >= 1`);
  if (limit === 0) return null;
  const windowMs = windowSeconds * 1000;
  const now = options.now ?? Date.now();
  const windowIndex = Math.floor(now / windowMs);
  const elapsedMs = now - windowIndex * windowMs;
  return {
    keys: counterKeys(name, key, windowIndex, hashTag),
    args: [limit, windowMs, elapsedMs],
    retryAfterSeconds: (current, previous) => Math.max(1, Math.ceil(msUntilAllowed(limit, windowMs, elapsedMs, current, previous) / 1000)),
  };
}

/** The 429 of enforceRateLimits, for scripts that refuse a call themselves (see budgetWindow). */
export function rateLimitedError(retryAfterSeconds: number, message?: string): AppError {
  return new AppError(
    "rate_limited",
    message ?? `Too many requests. Please wait ${retryAfterSeconds} second${retryAfterSeconds === 1 ? "" : "s"} and try again.`,
    { retryAfterSeconds },
  );
}

/** Milliseconds until `weighted(previous) + current < limit` holds again (see the script). */
export function msUntilAllowed(limit: number, windowMs: number, elapsedMs: number, current: number, previous: number): number {
  if (current >= limit) {
    // Not in this window. In the next one this window's count becomes the previous count and fades
    // out linearly: allowed once current * (windowMs - t) / windowMs < limit.
    const fade = windowMs * (1 - limit / current);
    return windowMs - elapsedMs + Math.floor(fade) + 1;
  }
  // The previous window still weighs too much: wait until enough of it has slid out.
  const wait = windowMs - elapsedMs - ((limit - current) * windowMs) / previous;
  return Math.max(0, Math.floor(wait) + 1);
}

type Checked = RateLimitResult & {
  /** The counter this call was added to (when allowed), so that it can be given back. */
  counted?: { store: RedisStore; key: string };
};

async function check(options: RateLimitOptions): Promise<Checked> {
  const { name, key, limit, windowSeconds } = options;
  if (!NAME.test(name)) throw new Error(`rate limit name ${JSON.stringify(name)} must match ${NAME}`);
  if (!Number.isInteger(limit) || limit < 0) throw new Error(`rate limit ${name}: limit must be a whole number >= 0`);
  if (!Number.isInteger(windowSeconds) || windowSeconds < 1) throw new Error(`rate limit ${name}: windowSeconds must be a whole number >= 1`);
  if (limit === 0) return { ok: true, limit, remaining: Number.MAX_SAFE_INTEGER, retryAfterSeconds: 0 };

  const windowMs = windowSeconds * 1000;
  const now = options.now ?? Date.now();
  const windowIndex = Math.floor(now / windowMs);
  const elapsedMs = now - windowIndex * windowMs;
  const store = options.store ?? getRedis();
  const keys = counterKeys(name, key, windowIndex);
  const [allowed, current, previous] = await store.runScript(slidingWindowScript, keys, [limit, windowMs, elapsedMs]);
  const weighted = (previous * (windowMs - elapsedMs)) / windowMs;
  if (allowed === 1) {
    return {
      ok: true,
      limit,
      remaining: Math.max(0, Math.floor(limit - weighted - current)),
      retryAfterSeconds: 0,
      counted: { store, key: keys[0] },
    };
  }
  const waitMs = msUntilAllowed(limit, windowMs, elapsedMs, current, previous);
  return { ok: false, limit, remaining: 0, retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)) };
}

function withoutCounter({ ok, limit, remaining, retryAfterSeconds }: Checked): RateLimitResult {
  return { ok, limit, remaining, retryAfterSeconds };
}

/** Counts one call against a budget: ok, or refused with the seconds until a call would fit. */
export async function rateLimit(options: RateLimitOptions): Promise<RateLimitResult> {
  return withoutCounter(await check(options));
}

// One line per half minute during an outage, not one per request.
export function warnFailOpen(error: RedisStoreError): void {
  log.warnEvery("fail-open", 30_000, `Redis unavailable, letting requests through unlimited: ${error.message}`);
}

export type EnforceOptions = {
  /** The 429's message; by default one that names the wait. */
  message?: string;
};

/**
 * Counts one call against every budget in `checks` (limit 0: skipped), sent together in one round
 * trip. When any refuses, the call is given back to the budgets that counted it and AppError
 * rate_limited (429, Retry-After = the longest wait) is thrown. Redis failures let the call through.
 */
export async function enforceRateLimits(checks: RateLimitOptions[], options: EnforceOptions = {}): Promise<RateLimitResult[]> {
  let results: Checked[];
  try {
    results = await Promise.all(checks.map(check));
  } catch (error) {
    if (!(error instanceof RedisStoreError)) throw error;
    warnFailOpen(error);
    // A budget that did count this call keeps it: Redis is failing, precision does not matter.
    return checks.map((c) => ({ ok: true, limit: c.limit, remaining: c.limit, retryAfterSeconds: 0, failedOpen: true }));
  }
  const refused = results.filter((r) => !r.ok);
  if (refused.length === 0) return results.map(withoutCounter);

  const refunds = results.flatMap((r) => (r.counted ? [r.counted] : []));
  await Promise.all(
    refunds.map(({ store, key }) =>
      // A refund that fails leaves one call too many in a budget for one window: not worth an error.
      store.runScript(refundScript, [key]).catch(() => 0),
    ),
  );
  throw rateLimitedError(Math.max(...refused.map((r) => r.retryAfterSeconds)), options.message);
}

/** One budget: enforceRateLimits with a single check. */
export async function enforceRateLimit(options: RateLimitOptions & EnforceOptions): Promise<RateLimitResult> {
  const { message, ...budget } = options;
  const [result] = await enforceRateLimits([budget], { message });
  return result!;
}
