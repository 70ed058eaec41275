// Admission tokens: proof that the waiting room let this fan through for this event, checked by
// reserve and best-available without touching Redis or PostgreSQL. HS256 JWS (header typ
// "admission+jwt") with sub = user id, eid = event id, pos = position, admitted_at (epoch seconds,
// the first admission) and exp = admitted_at + the event's window, plus iss and aud. The key is
// derived from AUTH_SECRET with HKDF under its own label, so it is neither the access-token key nor
// the session key: an access token is never an admission token and vice versa.
import { SignJWT } from "jose";
import { z } from "zod";
import { derivedKey } from "@/lib/auth/derived-key";
import { verifyHs256 } from "@/lib/auth/hs256-jwt";

const ISSUER = "openseat";
const AUDIENCE = "openseat-admission";
const TOKEN_TYPE = "admission+jwt";
/** Longest token looked at; anything longer is refused unread. */
const MAX_TOKEN_LENGTH = 1024;

export type AdmissionClaims = { userId: number; eventId: number; position: number; admittedAt: Date; expiresAt: Date };

const signingKey = derivedKey("openseat-admission", "openseat admission v1");

/** The HS256 key (exported for tests). */
export function admissionTokenSigningKey(): Uint8Array {
  return signingKey();
}

/** A token valid from `admittedAt` until `expiresAt` (admitted_at + the event's window). */
export async function signAdmissionToken(claims: AdmissionClaims, key: Uint8Array = admissionTokenSigningKey()): Promise<string> {
  return new SignJWT({ eid: String(claims.eventId), pos: claims.position, admitted_at: Math.floor(claims.admittedAt.getTime() / 1000) })
    .setProtectedHeader({ alg: "HS256", typ: TOKEN_TYPE })
    .setSubject(String(claims.userId))
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(Math.floor(claims.expiresAt.getTime() / 1000))
    .sign(key);
}

const id = z.string().regex(/^[1-9]\d{0,9}$/).transform(Number);
const claimsSchema = z.object({ sub: id, eid: id, pos: z.number().int().positive(), admitted_at: z.number().int(), exp: z.number().int() });

/** The claims of an unexpired token we signed; null for anything else (forged, expired, garbled, another kind of token). */
export async function verifyAdmissionToken(token: string, key: Uint8Array = admissionTokenSigningKey()): Promise<AdmissionClaims | null> {
  if (token.length > MAX_TOKEN_LENGTH) return null;
  const claims = await verifyHs256(token, key, { typ: TOKEN_TYPE, issuer: ISSUER, audience: AUDIENCE }, claimsSchema);
  if (!claims) return null;
  const { sub, eid, pos, admitted_at, exp } = claims;
  return { userId: sub, eventId: eid, position: pos, admittedAt: new Date(admitted_at * 1000), expiresAt: new Date(exp * 1000) };
}
