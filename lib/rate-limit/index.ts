// Rate limiting on Redis (see rate-limit.ts), the named policies of the buying endpoints
// (policies.ts) and the caller's IP (client-ip.ts).
export {
  enforceRateLimit,
  enforceRateLimits,
  rateLimit,
  type EnforceOptions,
  type RateLimitOptions,
  type RateLimitResult,
} from "./rate-limit";
export { getClientIp, isHttpsRequest, normaliseIp, UNKNOWN_IP } from "./client-ip";
export { enforceAuthRateLimits, enforceSignInLimits, recordSignInOutcome, type AuthLimitAction } from "./auth-limits";
export { enforceRateLimitPolicy, policyLimits, RATE_LIMIT_POLICIES, type RateLimitPolicy } from "./policies";
export { limitFromEnv } from "./limit-from-env";
