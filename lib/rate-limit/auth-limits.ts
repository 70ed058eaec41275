// The limits on password guessing and account creation, per client IP and per email. Sign-in (the
// Auth.js credentials form) and POST /api/auth/token share one budget: both check a password.
//
// RATE_LIMIT_AUTH_PER_MINUTE            sign-in + token attempts per IP per minute (default 20)
// RATE_LIMIT_AUTH_EMAIL_PER_MINUTE      sign-in + token attempts per email per minute (default 5)
// RATE_LIMIT_REGISTER_PER_MINUTE        sign-ups per IP per minute (default 10)
// RATE_LIMIT_REGISTER_EMAIL_PER_MINUTE  sign-ups per email per minute (default 5)
// 0 turns a limit off (load tests). Read on every call, so a change needs no restart in tests.
import { enforceRateLimit } from "./rate-limit";

type Env = Record<string, string | undefined>;

export type AuthLimitAction = "sign-in" | "register";

const LIMITS = {
  "sign-in": { ip: ["RATE_LIMIT_AUTH_PER_MINUTE", 20], email: ["RATE_LIMIT_AUTH_EMAIL_PER_MINUTE", 5] },
  register: { ip: ["RATE_LIMIT_REGISTER_PER_MINUTE", 10], email: ["RATE_LIMIT_REGISTER_EMAIL_PER_MINUTE", 5] },
} as const satisfies Record<AuthLimitAction, Record<"ip" | "email", readonly [string, number]>>;

export function limitFromEnv(name: string, fallback: number, env: Env = process.env): number {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) throw new Error(`${name} must be a whole number >= 0, got ${JSON.stringify(raw)}`);
  return value;
}

const MESSAGE = "Too many attempts. Please wait a moment and try again.";

/** Counts one attempt against the IP's and the email's budgets; throws rate_limited (429) when over. */
export async function enforceAuthRateLimits({ action, ip, email }: { action: AuthLimitAction; ip: string; email?: string }): Promise<void> {
  const limits = LIMITS[action];
  await enforceRateLimit({ name: `${action}-ip`, key: ip, limit: limitFromEnv(limits.ip[0], limits.ip[1]), windowSeconds: 60, message: MESSAGE });
  if (email) {
    await enforceRateLimit({ name: `${action}-email`, key: email, limit: limitFromEnv(limits.email[0], limits.email[1]), windowSeconds: 60, message: MESSAGE });
  }
}
