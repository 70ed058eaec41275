// Auth.js (next-auth v5) for the browser: email + password through the Credentials provider, the
// session kept in an encrypted JWT cookie (`authjs.session-token`, `__Secure-authjs.session-token`
// over HTTPS; no session table). The cookie carries the user id (`sub`), role, email, username and
// `sv`, the user's session version at sign-in: ./get-caller.ts refuses a cookie whose version is no
// longer current (./session-version.ts), which is how "sign out everywhere" and a role change end it.
//
// The config is built on first use rather than at import, so `next build` runs without AUTH_SECRET;
// a production server without one does not start (instrumentation.ts, ./auth-secret.ts).
// API clients use access tokens instead (./access-token.ts); ./get-caller.ts reads either.
import NextAuth, { CredentialsSignin, type NextAuthConfig, type User } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { cookies } from "next/headers";
import { getDb } from "@/lib/db";
import { isAppError } from "@/lib/errors/app-error";
import type { UserRole } from "@/lib/generated/prisma/enums";
import { credentialsSchema } from "@/lib/validations/auth";
import { getAuthSecret } from "./auth-secret";
import type { deviceCookie } from "./device-cookie";
import { signInWithLimits } from "./sign-in-guard";
import { logger as createLogger } from "@/lib/log/logger";

const log = createLogger("auth");

declare module "next-auth" {
  interface Session {
    user: { id: string; role: UserRole; username: string; email: string; sv: number; name?: string | null; image?: string | null };
  }
  interface User {
    role?: UserRole;
    username?: string;
    sessionVersion?: number;
  }
}

/** Sign-in refused because of the rate limit; `code` reaches the sign-in page as `?code=rate_limited`. */
export class RateLimitedSignin extends CredentialsSignin {
  code = "rate_limited";
}

export const SIGN_IN_PATH = "/signin";

// Never the defaults: Auth.js' debug logger prints request bodies (passwords). Wrong passwords are
// routine and not logged; other errors are logged with their cause, without request data.
const logger: NonNullable<NextAuthConfig["logger"]> = {
  error(error) {
    if (error instanceof CredentialsSignin) return;
    const type = (error as { type?: string }).type ?? error.name;
    const cause = (error as { cause?: { err?: unknown } }).cause?.err;
    log.error(`${type}: ${error.message}`, cause instanceof Error ? { err: cause } : undefined);
  },
  warn(code) {
    log.warn(`warning: ${code}`);
  },
  debug() {},
};

/**
 * Hands the browser its device cookie (lib/auth/device-cookie.ts) through Next's cookie store: the
 * Auth.js route handler and the sign-in server action both run in a request scope that can set
 * cookies. Called outside one (tests calling the handler directly), the sign-in still succeeds.
 */
async function rememberDevice(cookie: ReturnType<typeof deviceCookie>): Promise<void> {
  try {
    (await cookies()).set(cookie.name, cookie.value, cookie.options);
  } catch {
    // No request scope: no device cookie, nothing else changes.
  }
}

async function authorize(raw: Partial<Record<string, unknown>>, request: Request): Promise<User | null> {
  const parsed = credentialsSchema.safeParse({ email: raw.email, password: raw.password });
  if (!parsed.success) return null;
  let signedIn: Awaited<ReturnType<typeof signInWithLimits>>;
  try {
    signedIn = await signInWithLimits(parsed.data, request.headers);
  } catch (error) {
    if (isAppError(error) && error.code === "rate_limited") throw new RateLimitedSignin();
    throw error;
  }
  const { user, deviceCookie } = signedIn;
  if (!user) return null;
  await rememberDevice(deviceCookie);
  return { id: String(user.id), email: user.email, name: user.username, username: user.username, role: user.role, sessionVersion: user.sessionVersion };
}

function buildConfig(): NextAuthConfig {
  return {
    secret: getAuthSecret(),
    // Self-hosted behind any host name or proxy: the Host / X-Forwarded-Host header is trusted.
    trustHost: true,
    debug: false,
    logger,
    session: { strategy: "jwt" },
    pages: { signIn: SIGN_IN_PATH, error: SIGN_IN_PATH },
    providers: [
      Credentials({
        id: "credentials",
        name: "Email and password",
        credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
        authorize,
      }),
    ],
    callbacks: {
      async jwt({ token, user, trigger }) {
        if (user) {
          token.sub = user.id;
          token.role = user.role;
          token.username = user.username;
          token.email = user.email;
          token.sv = user.sessionVersion ?? 0;
          delete token.picture;
        }
        // unstable_update() after a profile change: reload the claims, or end a session whose
        // account is gone or whose version was bumped since it was issued (never re-stamp `sv`:
        // that would revive a revoked session).
        if (trigger === "update" && token.sub) {
          const fresh = await getDb().user.findUnique({
            where: { id: Number(token.sub) },
            select: { username: true, email: true, role: true, sessionVersion: true },
          });
          if (!fresh || fresh.sessionVersion !== (typeof token.sv === "number" ? token.sv : 0)) return null;
          Object.assign(token, { username: fresh.username, name: fresh.username, email: fresh.email, role: fresh.role });
        }
        return token;
      },
      session({ session, token }) {
        return {
          expires: session.expires,
          user: {
            id: String(token.sub),
            email: String(token.email),
            name: typeof token.username === "string" ? token.username : null,
            username: String(token.username),
            role: token.role as UserRole,
            sv: typeof token.sv === "number" ? token.sv : 0,
          },
        };
      },
    },
  };
}

export const { handlers, auth, signIn, signOut, unstable_update: updateSession } = NextAuth(() => buildConfig());
