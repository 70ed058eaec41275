// The account flows that go through a mailed link: confirming the email address and resetting a
// forgotten password. The tokens are lib/auth/auth-tokens.ts' (single use, expiring, not stored);
// the mails go through the outbox, written in the same transaction as the token.
import { getDb } from "@/lib/db";
import { AppError } from "@/lib/errors/app-error";
import type { UserRole } from "@/lib/generated/prisma/enums";
import { enqueueNotification } from "@/lib/notifications/outbox";
import { issueAuthToken, redeemAuthToken } from "./auth-tokens";
import { hashPassword } from "./password-hash";
import { publishSessionState } from "./session-version";

/** What every "forgot my password" request answers, whatever happened. */
export const FORGOT_PASSWORD_MESSAGE = "If an account uses this address, we sent it a link to reset the password. The link works for one hour.";

/**
 * "Forgot my password": mails a reset link when the email has an account, and does nothing
 * otherwise; the caller answers the same either way. The link works once, for an hour, and asking
 * again ends the previous link.
 */
export async function requestPasswordReset(email: string, now: Date = new Date()): Promise<void> {
  const user = await getDb().user.findUnique({ where: { email }, select: { id: true } });
  if (!user) return;
  await getDb().$transaction(async (tx) => {
    const tokenId = await issueAuthToken(tx, user.id, "password_reset", now);
    await enqueueNotification(tx, { userId: user.id, kind: "password_reset", dedupeKey: `password_reset:${tokenId}`, data: { tokenId } });
  });
}

/**
 * Sets a new password from a reset link: the token's use, the new hash, a session-version bump
 * (every earlier session and access token ends) and the address marked verified (the fan just
 * proved they read its mail) commit together. Throws bad_request for a bad, used or expired link.
 */
export async function resetPassword(token: string, newPassword: string, now: Date = new Date()): Promise<{ email: string }> {
  const hash = await hashPassword(newPassword);
  const { userId, email, version, role } = await getDb().$transaction(async (tx) => {
    const id = await redeemAuthToken(tx, token, "password_reset", now);
    const rows = await tx.$queryRaw<{ email: string; session_version: number; role: UserRole }[]>`
      UPDATE users SET password_hash = ${hash}, session_version = session_version + 1,
                       email_verified_datetime = COALESCE(email_verified_datetime, ${now}), update_datetime = ${now}
       WHERE user_id = ${id}
       RETURNING email, session_version, role::text AS role`;
    if (!rows[0]) throw new AppError("bad_request", "This link is invalid, expired or already used", { field: "token" });
    return { userId: id, email: rows[0].email, version: rows[0].session_version, role: rows[0].role };
  });
  await publishSessionState(userId, { version, role });
  return { email };
}

/** Confirms the address of the link's account. Throws bad_request for a bad, used or expired link. */
export async function verifyEmail(token: string, now: Date = new Date()): Promise<{ userId: number }> {
  return getDb().$transaction(async (tx) => {
    const userId = await redeemAuthToken(tx, token, "email_verification", now);
    await tx.$executeRaw`UPDATE users SET email_verified_datetime = COALESCE(email_verified_datetime, ${now}) WHERE user_id = ${userId}`;
    return { userId };
  });
}

/** A new verification mail for a signed-in fan (the earlier link stops working). */
export async function resendVerificationEmail(userId: number, now: Date = new Date()): Promise<{ alreadyVerified: boolean }> {
  const user = await getDb().user.findUnique({ where: { id: userId }, select: { emailVerifiedAt: true } });
  if (!user) throw new AppError("unauthorized", "This account no longer exists");
  if (user.emailVerifiedAt) return { alreadyVerified: true };
  await getDb().$transaction(async (tx) => {
    const tokenId = await issueAuthToken(tx, userId, "email_verification", now);
    await enqueueNotification(tx, { userId, kind: "email_verification", dedupeKey: `email_verification:${tokenId}`, data: { tokenId } });
  });
  return { alreadyVerified: false };
}
