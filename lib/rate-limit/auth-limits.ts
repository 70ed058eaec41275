// The limits on password guessing and account creation, per client IP and per email. Sign-in (the
// Auth.js credentials form) and POST /api/auth/token share one budget: both check a password.
//
// RATE_LIMIT_AUTH_PER_MINUTE            sign-in + token attempts per IP per minute (default 20)
// RATE_LIMIT_AUTH_EMAIL_PER_MINUTE      sign-in + token attempts per email per minute (default 5)
// RATE_LIMIT_REGISTER_PER_MINUTE        sign-ups per IP per minute (default 10)
// RATE_LIMIT_REGISTER_EMAIL_PER_MINUTE  sign-ups per email per minute (default 5)
// 0 turns a limit off (load tests). Read on every call, so a change needs no restart in tests.
import { limitFromEnv } from "./limit-from-env";
import { enforceRateLimits, type RateLimitOptions } from "./rate-limit";

export type AuthLimitAction = "sign-in" | "register";

const LIMITS = {
  "sign-in": { ip: ["RATE_LIMIT_AUTH_PER_MINUTE", 20], email: ["RATE_LIMIT_AUTH_EMAIL_PER_MINUTE", 5] },
  register: { ip: ["RATE_LIMIT_REGISTER_PER_MINUTE", 10], email: ["RATE_LIMIT_REGISTER_EMAIL_PER_MINUTE", 5] },
} as const satisfies Record<AuthLimitAction, Record<"ip" | "email", readonly [string, number]>>;

const MESSAGE = "Too many attempts. Please wait a moment and try again.";

/** Counts one attempt against the IP's and the email's budgets (one round trip); throws rate_limited (429) when over. */
export async function enforceAuthRateLimits({ action, ip, email }: { action: AuthLimitAction; ip: string; email?: string }): Promise<void> {
  const limits = LIMITS[action];
  const checks: RateLimitOptions[] = [{ name: `${action}-ip`, key: ip, limit: limitFromEnv(limits.ip[0], limits.ip[1]), windowSeconds: 60 }];
  if (email) checks.push({ name: `${action}-email`, key: email, limit: limitFromEnv(limits.email[0], limits.email[1]), windowSeconds: 60 });
  await enforceRateLimits(checks, { message: MESSAGE });
}
