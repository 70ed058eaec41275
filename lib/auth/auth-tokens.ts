// Single-use tokens mailed to a fan: email verification and password reset.
//
// A token is `<auth_token_id>.<signature>`, the signature being base64url HMAC-SHA256 of
// `<purpose>.<id>.<nonce>` under a key derived from AUTH_SECRET. Only the random nonce is stored:
// neither the auth_token table nor the outbox row (which carries just the id) is enough to make a
// working link, and the link is built when the mail is rendered. Redeeming is one conditional
// UPDATE (used_at IS NULL AND not expired AND purpose matches), so of two clicks only one wins.
// Issuing a new token of a purpose ends the fan's earlier unused ones of that purpose.
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import type { PrismaTx } from "@/lib/db";
import { getDb } from "@/lib/db";
import { AppError } from "@/lib/errors/app-error";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { derivedKey } from "./derived-key";

export type AuthTokenPurpose = "email_verification" | "password_reset";

export const AUTH_TOKEN_TTL_MS: Record<AuthTokenPurpose, number> = {
  email_verification: 48 * 3600_000,
  password_reset: 3600_000,
};

const key = derivedKey("openseat-auth-token", "openseat mailed auth token v1");
const TOKEN_PATTERN = /^([1-9][0-9]{0,9})\.([A-Za-z0-9_-]{43})$/;
export const MAX_AUTH_TOKEN_LENGTH = 10 + 1 + 43;

const signature = (purpose: AuthTokenPurpose, id: number, nonce: string) => createHmac("sha256", key()).update(`${purpose}.${id}.${nonce}`).digest("base64url");

/** Creates a token row (ending the fan's earlier unused tokens of the purpose). Returns its id. */
export async function issueAuthToken(db: PrismaTx | PrismaClient, userId: number, purpose: AuthTokenPurpose, now: Date = new Date()): Promise<number> {
  await db.authToken.updateMany({ where: { userId, purpose, usedAt: null, expiresAt: { gt: now } }, data: { expiresAt: now } });
  const row = await db.authToken.create({
    data: { userId, purpose, nonce: randomBytes(18).toString("base64url"), expiresAt: new Date(now.getTime() + AUTH_TOKEN_TTL_MS[purpose]), createdAt: now },
    select: { id: true },
  });
  return row.id;
}

/**
 * The token text of a row, or null when it can no longer be redeemed (used, expired, replaced):
 * the outbox then suppresses the mail instead of sending a dead link.
 */
export async function authTokenText(id: number, purpose: AuthTokenPurpose, now: Date = new Date()): Promise<string | null> {
  const row = await getDb().authToken.findUnique({ where: { id }, select: { purpose: true, nonce: true, usedAt: true, expiresAt: true } });
  if (!row || row.purpose !== purpose || row.usedAt || row.expiresAt <= now) return null;
  return `${id}.${signature(purpose, id, row.nonce)}`;
}

const invalid = () => new AppError("bad_request", "This link is invalid, expired or already used", { field: "token" });

/**
 * Redeems a token once: answers the fan's id, inside `tx` so the caller's change (the new password,
 * the verified address) commits with the token's use. Throws bad_request for anything else.
 */
export async function redeemAuthToken(tx: PrismaTx, token: string, purpose: AuthTokenPurpose, now: Date = new Date()): Promise<number> {
  if (token.length > MAX_AUTH_TOKEN_LENGTH) throw invalid();
  const match = TOKEN_PATTERN.exec(token);
  if (!match) throw invalid();
  const id = Number(match[1]);
  if (id > 2_147_483_647) throw invalid();
  const row = await tx.authToken.findUnique({ where: { id }, select: { purpose: true, nonce: true } });
  if (!row || row.purpose !== purpose) throw invalid();
  const expected = Buffer.from(signature(purpose, id, row.nonce), "ascii");
  const given = Buffer.from(match[2] as string, "ascii");
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw invalid();
  // The arbiter: one conditional UPDATE; a second redemption (or an expired token) updates nothing.
  const used = await tx.$queryRaw<{ user_id: number }[]>`
    UPDATE auth_token SET used_datetime = ${now}
     WHERE auth_token_id = ${id} AND purpose = ${purpose}::auth_token_purpose AND used_datetime IS NULL AND expire_datetime > ${now}
    RETURNING user_id`;
  if (used.length === 0) throw invalid();
  return (used[0] as { user_id: number }).user_id;
}
