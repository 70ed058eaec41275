// Accounts and credentials for tests: users with real password hashes (made through the seed's
// factory), Auth.js session cookies minted with the app's secret, and access tokens.
import { encode } from "next-auth/jwt";
import { getAuthSecret } from "@/lib/auth/auth-secret";
import { hashPassword } from "@/lib/auth/password-hash";
import { getDb } from "@/lib/db";
import type { User, UserRole } from "@/lib/generated/prisma/client";
import { createUser } from "@/prisma/seed/factories";

export const TEST_PASSWORD = "correct horse battery staple";

export async function createTestUser(options: { role?: UserRole; password?: string; email?: string; username?: string } = {}): Promise<User> {
  return createUser(getDb(), {
    role: options.role ?? "buyer",
    email: options.email,
    username: options.username,
    passwordHash: await hashPassword(options.password ?? TEST_PASSWORD),
  });
}

/**
 * A `Cookie` header value holding an Auth.js session for `user`, encrypted exactly as Auth.js does
 * (next-auth/jwt encode, salted with the cookie name, keyed by AUTH_SECRET).
 */
export async function sessionCookieFor(
  user: Pick<User, "id" | "email" | "username" | "role"> & { sessionVersion?: number },
  options: { cookieName?: string; maxAge?: number; secret?: string } = {},
): Promise<string> {
  const cookieName = options.cookieName ?? "authjs.session-token";
  const value = await encode({
    token: { sub: String(user.id), email: user.email, name: user.username, username: user.username, role: user.role, sv: user.sessionVersion ?? 0 },
    secret: options.secret ?? getAuthSecret(),
    salt: cookieName,
    maxAge: options.maxAge ?? 3600,
  });
  return `${cookieName}=${value}`;
}
