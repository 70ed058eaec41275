// The limits on password guessing and account creation. Sign-in (the Auth.js credentials form) and
// POST /api/auth/token share them: both check a password (lib/auth/sign-in-guard.ts).
//
// Goal: one client's failures never lock out another client, and guessing one account's password
// stays slow however many addresses the guesser has. So a sign-in attempt is counted against:
//   1. its client address (RATE_LIMIT_AUTH_PER_MINUTE, default 20): one machine trying many
//      accounts. Skipped when the address is unknown (see client-ip.ts): every unknown caller in one
//      bucket would let one of them lock everyone out.
//   2. the (account, client) pair (RATE_LIMIT_AUTH_EMAIL_PER_MINUTE, default 5), where the client is
//      the device (a valid device cookie for this account, lib/auth/device-cookie.ts) or else the
//      address: one client hammering one account, without spending anyone else's attempts.
//   3. a back-off per (account, lane): the lane is the device for a device that signed in to this
//      account before, else "any new device". After SIGN_IN_BACKOFF_AFTER_FAILURES (default 10)
//      failures in a lane, it is closed for SIGN_IN_BACKOFF_BASE_SECONDS (30), doubled with every
//      further failure, at most SIGN_IN_BACKOFF_MAX_SECONDS (900); failures are forgotten an hour
//      after the last one, and a success clears its lane. Attempts refused while closed are not
//      counted, so hammering does not lengthen it. A distributed guesser thus gets about ten tries,
//      then a handful an hour, in total; the owner on a device they have signed in with before keeps
//      signing in meanwhile, and on a new device waits at most 15 minutes.
// Sign-ups: RATE_LIMIT_REGISTER_PER_MINUTE per address (10), RATE_LIMIT_REGISTER_EMAIL_PER_MINUTE (5).
// Mailed links (password reset, verification again): RATE_LIMIT_MAIL_LINK_PER_MINUTE per address
// (10), RATE_LIMIT_MAIL_LINK_EMAIL_PER_MINUTE per address asked for (3).
// 0 turns a limit off (load tests). Read on every call, so a change needs no restart in tests.
// Like every rate limit here these fail open when Redis cannot be asked.
import { createHash } from "node:crypto";
import { setting, type Env, type SettingName } from "@/lib/config/env";
import { AppError } from "@/lib/errors/app-error";
import { defineScript, getRedis, RedisStoreError } from "@/lib/redis";
import { UNKNOWN_IP } from "./client-ip";
import { enforceRateLimits, type RateLimitOptions } from "./rate-limit";
import { logger } from "@/lib/log/logger";

const log = logger("rate-limit");

export type AuthLimitAction = "sign-in" | "register" | "mail-link";

// The defaults: lib/config/env.ts.
const LIMITS = {
  "sign-in": { ip: "RATE_LIMIT_AUTH_PER_MINUTE", email: "RATE_LIMIT_AUTH_EMAIL_PER_MINUTE" },
  register: { ip: "RATE_LIMIT_REGISTER_PER_MINUTE", email: "RATE_LIMIT_REGISTER_EMAIL_PER_MINUTE" },
  // Asking for a mailed link (password reset, a new verification mail): each one sends a mail.
  "mail-link": { ip: "RATE_LIMIT_MAIL_LINK_PER_MINUTE", email: "RATE_LIMIT_MAIL_LINK_EMAIL_PER_MINUTE" },
} as const satisfies Record<AuthLimitAction, Record<"ip" | "email", SettingName>>;

const MESSAGE = "Too many attempts. Please wait a moment and try again.";

function ipCheck(action: AuthLimitAction, ip: string): RateLimitOptions[] {
  if (ip === UNKNOWN_IP) return [];
  return [{ name: `${action}-ip`, key: ip, limit: setting(LIMITS[action].ip), windowSeconds: 60 }];
}

/** Sign-ups: counts one against the address's budget (when known) and the email's; throws rate_limited (429) when over. */
export async function enforceAuthRateLimits({ action, ip, email }: { action: AuthLimitAction; ip: string; email?: string }): Promise<void> {
  const checks = ipCheck(action, ip);
  if (email) checks.push({ name: `${action}-email`, key: email, limit: setting(LIMITS[action].email), windowSeconds: 60 });
  await enforceRateLimits(checks, { message: MESSAGE });
}

// ---- the back-off per (account, lane)

const HOUR_MS = 60 * 60 * 1000;

export function backoffSettings(env: Env = process.env) {
  return {
    afterFailures: setting("SIGN_IN_BACKOFF_AFTER_FAILURES", env),
    baseMs: setting("SIGN_IN_BACKOFF_BASE_SECONDS", env) * 1000,
    maxMs: setting("SIGN_IN_BACKOFF_MAX_SECONDS", env) * 1000,
  };
}

function backoffKey(email: string, deviceId: string | null): string {
  const lane = deviceId ? `device:${deviceId}` : "new-devices";
  const digest = createHash("sha256").update(`${email.toLowerCase()}\n${lane}`).digest("base64url").slice(0, 22);
  return `{signin-backoff:${digest}}`;
}

// KEYS[1] = the lane's hash {f = failures, u = closed until (ms)}. ARGV = now (ms).
// Returns the milliseconds the lane stays closed (0 when open).
const backoffCheckScript = defineScript<number>({
  name: "sign-in-backoff-check",
  numberOfKeys: 1,
  lua: `
local until_ms = tonumber(redis.call('HGET', KEYS[1], 'u') or 0)
local wait = until_ms - tonumber(ARGV[1])
if wait > 0 then return math.floor(wait) end
return 0
`,
});

// KEYS[1] as above. ARGV = now, failures before closing, base (ms), max (ms), memory (ms).
// Counts a failure; from the threshold on, closes the lane for base * 2^(failures - threshold), capped.
const backoffFailureScript = defineScript<number>({
  name: "sign-in-backoff-failure",
  numberOfKeys: 1,
  lua: `
local now = tonumber(ARGV[1])
local threshold = tonumber(ARGV[2])
local failures = redis.call('HINCRBY', KEYS[1], 'f', 1)
local until_ms = 0
if failures >= threshold then
  local exponent = math.min(failures - threshold, 30)
  local lock = math.min(tonumber(ARGV[3]) * (2 ^ exponent), tonumber(ARGV[4]))
  until_ms = math.floor(now + lock)
  redis.call('HSET', KEYS[1], 'u', until_ms)
end
redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[5]))
return until_ms
`,
});

// One line per half minute during an outage, not one per request.
function failOpen(error: unknown): void {
  if (!(error instanceof RedisStoreError)) throw error;
  log.warnEvery("backoff-fail-open", 30_000, `Redis unavailable, sign-in back-off not applied: ${error.message}`);
}

export type SignInClient = {
  /** The caller's address bucket (getClientIp), possibly UNKNOWN_IP. */
  ip: string;
  email: string;
  /** A device that signed in to this account before (a valid device cookie), or null. */
  deviceId: string | null;
};

/**
 * Before the password is checked: throws AppError rate_limited (429 + Retry-After) when the
 * client's address, its (account, client) budget or the account's back-off lane says no.
 */
export async function enforceSignInLimits({ ip, email, deviceId }: SignInClient, now = Date.now()): Promise<void> {
  const settings = backoffSettings();
  if (settings.afterFailures > 0) {
    let waitMs = 0;
    try {
      waitMs = await getRedis().runScript(backoffCheckScript, [backoffKey(email, deviceId)], [now]);
    } catch (error) {
      failOpen(error);
    }
    if (waitMs > 0) throw new AppError("rate_limited", MESSAGE, { retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)) });
  }
  const client = deviceId ? `device:${deviceId}` : `ip:${ip}`;
  const checks = ipCheck("sign-in", ip);
  checks.push({ name: "sign-in-account-client", key: `${email.toLowerCase()}\n${client}`, limit: setting(LIMITS["sign-in"].email), windowSeconds: 60 });
  await enforceRateLimits(checks, { message: MESSAGE });
}

/** After the password check: a failure moves the lane toward (or further into) back-off; a success clears it. */
export async function recordSignInOutcome({ email, deviceId, ok }: { email: string; deviceId: string | null; ok: boolean }, now = Date.now()): Promise<void> {
  const settings = backoffSettings();
  const key = backoffKey(email, deviceId);
  try {
    if (ok) await getRedis().del(key);
    else if (settings.afterFailures > 0) {
      await getRedis().runScript(backoffFailureScript, [key], [now, settings.afterFailures, settings.baseMs, settings.maxMs, Math.max(HOUR_MS, settings.maxMs * 2)]);
    }
  } catch (error) {
    failOpen(error);
  }
}
