// apiRoute for handlers that need a caller: authentication (Bearer token or session cookie), a
// cross-site guard for cookie-authenticated writes, an optional role check and an optional rate
// limit are written here once, and the handler receives the caller. Kept apart from api-route.ts so
// public read routes do not load next-auth.
//
// Order matters: none of the checks before the handler touches PostgreSQL (the caller comes from a
// signed token), so a refused or rate-limited request costs at most one Redis round trip.
import { requireRole, requireUser, type Caller } from "@/lib/auth/get-caller";
import { AppError } from "@/lib/errors/app-error";
import type { UserRole } from "@/lib/generated/prisma/enums";
import { apiRoute } from "@/lib/http/api-route";
import { isCrossSiteCookieWrite } from "@/lib/http/cross-site";
import { enforceRateLimitPolicy, type RateLimitPolicy } from "@/lib/rate-limit/policies";

type Params = Record<string, string | string[] | undefined>;

export type AuthedApiHandler<P extends Params> = (request: Request, params: P, caller: Caller) => Promise<Response>;

export type AuthedApiRouteOptions = {
  /** Roles allowed to call the route (403 for others); any signed-in user when omitted. */
  roles?: UserRole[];
  /** A policy of lib/rate-limit/policies.ts, counted per user and per client IP before the handler runs. */
  rateLimit?: RateLimitPolicy;
};

export function authedApiRoute<P extends Params = Record<string, never>>(handler: AuthedApiHandler<P>, options: AuthedApiRouteOptions = {}) {
  return apiRoute<P>(async (request, params) => {
    if (isCrossSiteCookieWrite(request)) throw new AppError("forbidden", "Cross-site requests cannot use the session cookie");
    const caller = await requireUser(request);
    if (options.roles) requireRole(caller, ...options.roles);
    if (options.rateLimit) await enforceRateLimitPolicy({ policy: options.rateLimit, request, userId: caller.userId });
    return handler(request, params, caller);
  });
}
