// An admin changes another user's role. The change bumps the user's session version in the same
// UPDATE, so every session and access token they hold ends at once (they sign in again and get
// tokens with the new role): a demoted admin keeps no admin session. Setting the role a user already
// has changes nothing and ends nothing. Admins cannot change their own role, so the last admin
// cannot demote themselves by mistake.
import { publicUserSelect, type PublicUser } from "@/lib/auth/public-user";
import { publishSessionState } from "@/lib/auth/session-version";
import { getDb } from "@/lib/db";
import { AppError } from "@/lib/errors/app-error";
import type { UserRole } from "@/lib/generated/prisma/enums";

export async function changeUserRole({ actorId, userId, role }: { actorId: number; userId: number; role: UserRole }): Promise<PublicUser> {
  if (actorId === userId) throw new AppError("conflict", "You cannot change your own role; ask another administrator");
  const db = getDb();
  // The role is compared in the UPDATE itself: a no-op never bumps, and two admins setting the same
  // role at once bump once.
  const updated = await db.user.updateMany({ where: { id: userId, NOT: { role } }, data: { role, sessionVersion: { increment: 1 } } });
  const user = await db.user.findUnique({ where: { id: userId }, select: { ...publicUserSelect, sessionVersion: true } });
  if (!user) throw new AppError("not_found", `User ${userId} was not found`);
  const { sessionVersion, ...publicUser } = user;
  if (updated.count > 0) await publishSessionState(userId, { version: sessionVersion, role: user.role });
  return publicUser;
}
