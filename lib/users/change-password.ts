// A signed-in user changes their password: the current one must match, the new one passes the
// sign-up rules. The new hash and a session-version bump are one UPDATE, so every earlier session
// and access token ends with the old password (whoever else had signed in with it is out); the
// caller signs this browser in again with the new one (app/account/actions.ts).
import { hashPassword, verifyPassword } from "@/lib/auth/password-hash";
import { publishSessionState, type SessionState } from "@/lib/auth/session-version";
import { getDb } from "@/lib/db";
import { AppError } from "@/lib/errors/app-error";
import type { UserRole } from "@/lib/generated/prisma/enums";

export async function changePassword({ userId, currentPassword, newPassword }: { userId: number; currentPassword: string; newPassword: string }): Promise<{ email: string; state: SessionState }> {
  const db = getDb();
  const row = await db.user.findUnique({ where: { id: userId }, select: { email: true, passwordHash: true } });
  // One argon2 verify whether or not there is an account or a hash (as at sign-in).
  const ok = await verifyPassword(currentPassword, row?.passwordHash);
  if (!row) throw new AppError("unauthorized", "This account no longer exists");
  if (!ok) throw new AppError("validation_error", "The current password is not correct", { field: "currentPassword" });
  const hash = await hashPassword(newPassword);
  // Only over the hash that was checked: of two changes at once, the second is refused.
  const rows = await db.$queryRaw<{ session_version: number; role: UserRole }[]>`
    UPDATE users SET password_hash = ${hash}, session_version = session_version + 1, update_datetime = now()
     WHERE user_id = ${userId} AND password_hash = ${row.passwordHash}
     RETURNING session_version, role::text AS role`;
  if (!rows[0]) throw new AppError("conflict", "Your password was just changed elsewhere; sign in again");
  const state = { version: rows[0].session_version, role: rows[0].role };
  await publishSessionState(userId, state);
  return { email: row.email, state };
}
