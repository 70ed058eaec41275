// Who is calling: the one way route handlers, server actions and pages find out.
//
// With a request (route handlers): `Authorization: Bearer <access token>` first (API clients); an
// Authorization header that says Bearer but does not verify means "nobody", never a fallback to the
// cookie. Else the Auth.js session cookie, decrypted from the request's own Cookie header (so the
// check needs no Next.js request scope and works in tests that call handlers directly).
// Without a request (pages, server actions): Auth.js' auth(), which reads the cookie itself.
//
// Every path then checks the token's session version (`sv`) against the user's current one
// (./session-version.ts: this process' copy, else one Redis GET, else PostgreSQL): a token from
// before "sign out everywhere" or a role change, or of a deleted account, means "nobody". The role
// is the current one from that same lookup, not the token's claim; email and username are the
// token's. Checks that depend on data (venues: lib/admin/access.ts) read the database.
import { getToken } from "next-auth/jwt";
import { z } from "zod";
import { AppError } from "@/lib/errors/app-error";
import { isBearerAuthorization } from "@/lib/http/cross-site";
import { UserRole } from "@/lib/generated/prisma/enums";
import { verifyAccessToken } from "./access-token";
import { auth } from "./auth";
import { getAuthSecret } from "./auth-secret";
import { currentSessionState } from "./session-version";

export type Caller = { userId: number; role: UserRole; email: string; username: string };

/** Auth.js' cookie names: the __Secure- one is set over HTTPS, the plain one over HTTP. */
export const SESSION_COOKIE_NAMES = ["__Secure-authjs.session-token", "authjs.session-token"] as const;

const claimsSchema = z.object({
  id: z.union([z.string(), z.number()]).transform(String).pipe(z.string().regex(/^[1-9]\d{0,9}$/)).transform(Number),
  role: z.enum(UserRole),
  email: z.string(),
  username: z.string(),
  // Sessions from before session versions existed carry none: version 0, ended by the first bump.
  sv: z.number().int().min(0).default(0),
});

/** The caller when the token's session version is still the user's current one, with the current role. */
async function currentCaller(caller: Caller, sessionVersion: number): Promise<Caller | null> {
  const state = await currentSessionState(caller.userId);
  if (!state || state.version !== sessionVersion) return null;
  return state.role === caller.role ? caller : { ...caller, role: state.role };
}

async function toCaller(claims: unknown): Promise<Caller | null> {
  const parsed = claimsSchema.safeParse(claims);
  if (!parsed.success) return null;
  const { id, role, email, username, sv } = parsed.data;
  return currentCaller({ userId: id, role, email, username }, sv);
}

async function callerFromBearer(header: string): Promise<Caller | null> {
  const match = /^Bearer[ ]+([A-Za-z0-9._~+/-]+=*)\s*$/i.exec(header);
  if (!match?.[1]) return null;
  const claims = await verifyAccessToken(match[1]);
  return claims && currentCaller({ userId: claims.userId, role: claims.role, email: claims.email, username: claims.username }, claims.sessionVersion);
}

async function callerFromSessionCookie(request: Request): Promise<Caller | null> {
  const cookie = request.headers.get("cookie");
  if (!cookie) return null;
  // Only the Cookie header: getToken would otherwise also try the Authorization header.
  const req = { headers: new Headers({ cookie }) };
  const secret = getAuthSecret();
  for (const cookieName of SESSION_COOKIE_NAMES) {
    if (!cookie.includes(cookieName)) continue;
    const token = await getToken({ req, secret, cookieName, salt: cookieName, secureCookie: cookieName.startsWith("__Secure-") });
    if (token) return toCaller({ ...token, id: token.sub });
  }
  return null;
}

export async function getCaller(request?: Request): Promise<Caller | null> {
  if (request) {
    const authorization = request.headers.get("authorization");
    // The cross-site guard skips exactly these requests (lib/http/cross-site.ts): one rule for both.
    if (authorization && isBearerAuthorization(authorization)) return callerFromBearer(authorization);
    return callerFromSessionCookie(request);
  }
  const session = await auth();
  return session?.user ? toCaller(session.user) : null;
}

/** The caller, or AppError unauthorized (401). */
export async function requireUser(request?: Request): Promise<Caller> {
  const caller = await getCaller(request);
  if (!caller) throw new AppError("unauthorized", "Sign in, or send a valid access token (Authorization: Bearer ...)");
  return caller;
}

/** The caller when their role is one of `roles`, else AppError forbidden (403). */
export function requireRole(caller: Caller, ...roles: UserRole[]): Caller {
  if (!roles.includes(caller.role)) throw new AppError("forbidden", "You do not have permission to do this");
  return caller;
}
