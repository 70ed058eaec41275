// apiRoute for handlers that need a caller: authentication (Bearer token or session cookie), a
// cross-site guard for cookie-authenticated writes, and an optional role check are written here
// once, and the handler receives the caller. Kept apart from api-route.ts so public read routes do
// not load next-auth.
import { requireRole, requireUser, type Caller } from "@/lib/auth/get-caller";
import { AppError } from "@/lib/errors/app-error";
import type { UserRole } from "@/lib/generated/prisma/enums";
import { apiRoute } from "@/lib/http/api-route";
import { isCrossSiteCookieWrite } from "@/lib/http/cross-site";

type Params = Record<string, string | string[] | undefined>;

export type AuthedApiHandler<P extends Params> = (request: Request, params: P, caller: Caller) => Promise<Response>;

export type AuthedApiRouteOptions = {
  /** Roles allowed to call the route (403 for others); any signed-in user when omitted. */
  roles?: UserRole[];
};

export function authedApiRoute<P extends Params = Record<string, never>>(handler: AuthedApiHandler<P>, options: AuthedApiRouteOptions = {}) {
  return apiRoute<P>(async (request, params) => {
    if (isCrossSiteCookieWrite(request)) throw new AppError("forbidden", "Cross-site requests cannot use the session cookie");
    const caller = await requireUser(request);
    if (options.roles) requireRole(caller, ...options.roles);
    return handler(request, params, caller);
  });
}
