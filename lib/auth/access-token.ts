// API access tokens for clients that cannot hold a cookie: `Authorization: Bearer <JWT>`.
// HS256 JWS (RFC 9068 profile: header typ "at+jwt") with sub = user id, role, email, username, sv
// (the user's session version at issue, ./session-version.ts), iat, exp, iss and aud. The signing key is derived from AUTH_SECRET with HKDF under its own label, so it
// is never the raw secret nor the key Auth.js derives for the session cookie. Verification pins the
// algorithm, type, issuer and audience: tampered, expired, `alg: none` or foreign tokens are refused.
import { SignJWT } from "jose";
import { z } from "zod";
import { setting, type Env } from "@/lib/config/env";
import { UserRole } from "@/lib/generated/prisma/enums";
import { derivedKey } from "./derived-key";
import { verifyHs256 } from "./hs256-jwt";

export const ACCESS_TOKEN_ISSUER = "openseat";
export const ACCESS_TOKEN_AUDIENCE = "openseat-api";
const TOKEN_TYPE = "at+jwt";

export type AccessTokenSubject = { id: number; role: UserRole; email: string; username: string; sessionVersion?: number };

export type AccessTokenResponse = { access_token: string; token_type: "Bearer"; expires_in: number };

export type AccessTokenClaims = { userId: number; role: UserRole; email: string; username: string; sessionVersion: number; expiresAt: Date };

/** ACCESS_TOKEN_TTL_SECONDS (default 3600, at most a week); a bad value is a configuration error. */
export function accessTokenTtlSeconds(env: Env = process.env): number {
  return setting("ACCESS_TOKEN_TTL_SECONDS", env);
}

const signingKey = derivedKey("openseat-access-token", "OpenSeat API access token HS256 key");

/** The HS256 key (exported for tests and for services that verify our tokens themselves). */
export function accessTokenSigningKey(): Uint8Array {
  return signingKey();
}

export async function issueAccessToken(subject: AccessTokenSubject, ttlSeconds = accessTokenTtlSeconds()): Promise<AccessTokenResponse> {
  const accessToken = await new SignJWT({ role: subject.role, email: subject.email, username: subject.username, sv: subject.sessionVersion ?? 0 })
    .setProtectedHeader({ alg: "HS256", typ: TOKEN_TYPE })
    .setSubject(String(subject.id))
    .setIssuer(ACCESS_TOKEN_ISSUER)
    .setAudience(ACCESS_TOKEN_AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(`${ttlSeconds}s`)
    .sign(accessTokenSigningKey());
  return { access_token: accessToken, token_type: "Bearer", expires_in: ttlSeconds };
}

const claimsSchema = z.object({
  sub: z.string().regex(/^[1-9]\d{0,9}$/),
  role: z.enum(UserRole),
  email: z.string(),
  username: z.string(),
  // Tokens issued before session versions existed carry none: version 0, ended by the first bump.
  sv: z.number().int().min(0).default(0),
  exp: z.number(),
});

/** The token's claims when it is valid, unexpired and ours; null for anything else. */
export async function verifyAccessToken(token: string): Promise<AccessTokenClaims | null> {
  const claims = await verifyHs256(token, accessTokenSigningKey(), { typ: TOKEN_TYPE, issuer: ACCESS_TOKEN_ISSUER, audience: ACCESS_TOKEN_AUDIENCE }, claimsSchema);
  if (!claims) return null;
  const { sub, role, email, username, sv, exp } = claims;
  return { userId: Number(sub), role, email, username, sessionVersion: sv, expiresAt: new Date(exp * 1000) };
}
