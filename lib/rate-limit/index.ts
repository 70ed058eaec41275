// Rate limiting on Redis (see rate-limit.ts) and the caller's IP (client-ip.ts).
export { enforceRateLimit, rateLimit, type RateLimitOptions, type RateLimitResult } from "./rate-limit";
export { getClientIp, normaliseIp, UNKNOWN_IP } from "./client-ip";
export { enforceAuthRateLimits, type AuthLimitAction } from "./auth-limits";
