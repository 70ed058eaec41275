// Users and their venues, for administrators (/dashboard/users, /api/admin/users/:id/venues).
//
// A venue grant is a row (venue_admin or venue_door_staff) AND the matching role: access.ts reads
// both. So granting raises a fan (buyer) to the granted role, and revoking the last grant of a kind
// puts the user back to buyer; either role change bumps the user's session version in the same
// transaction (every session and token they hold ends, as with lib/users/change-user-role.ts).
// A grant that contradicts the user's role (door staff for a venue admin, anything for an admin,
// who manages every venue) is refused with 409 rather than silently changing what they can do.
import type { Caller } from "@/lib/auth/get-caller";
import { publicUserSelect, toUserJson, type UserJson } from "@/lib/auth/public-user";
import { publishSessionState } from "@/lib/auth/session-version";
import { getDb } from "@/lib/db";
import { AppError } from "@/lib/errors/app-error";
import type { UserRole } from "@/lib/generated/prisma/enums";
import { requireAdmin } from "./access";
import { recordAudit } from "./audit";
import { likeLiteral } from "./orders";

export type VenueGrantKind = "venue_admin" | "door_staff";
export type UserWithVenues = UserJson & { venues: Array<{ venue_id: string; name: string; as: VenueGrantKind }> };
export type UserSearchPage = { users: UserWithVenues[]; page: number; size: number; total: number };

export async function searchUsers(caller: Caller, { q, role, page, size }: { q?: string; role?: UserRole; page: number; size: number }): Promise<UserSearchPage> {
  requireAdmin(caller);
  const text = q?.trim();
  const where = {
    ...(role ? { role } : {}),
    ...(text
      ? {
          OR: [
            { username: { contains: likeLiteral(text), mode: "insensitive" as const } },
            { email: { contains: likeLiteral(text), mode: "insensitive" as const } },
            ...(/^\d{1,9}$/.test(text) ? [{ id: Number(text) }] : []),
          ],
        }
      : {}),
  };
  const db = getDb();
  const [users, total] = await Promise.all([
    db.user.findMany({
      where,
      orderBy: { id: "desc" },
      skip: (page - 1) * size,
      take: size,
      select: {
        ...publicUserSelect,
        venueAdmins: { select: { venue: { select: { id: true, name: true } } } },
        doorStaff: { select: { venue: { select: { id: true, name: true } } } },
      },
    }),
    db.user.count({ where }),
  ]);
  return {
    users: users.map(({ venueAdmins, doorStaff, ...u }) => ({
      ...toUserJson(u),
      venues: [
        ...venueAdmins.map((v) => ({ venue_id: String(v.venue.id), name: v.venue.name, as: "venue_admin" as const })),
        ...doorStaff.map((v) => ({ venue_id: String(v.venue.id), name: v.venue.name, as: "door_staff" as const })),
      ],
    })),
    page,
    size,
    total,
  };
}

type GrantInput = { caller: Caller; userId: number; venueId: number; as: VenueGrantKind };

async function loadTarget(caller: Caller, userId: number, venueId: number) {
  requireAdmin(caller);
  if (caller.userId === userId) throw new AppError("conflict", "You cannot change your own venues; ask another administrator");
  const db = getDb();
  const [user, venue] = await Promise.all([
    db.user.findUnique({ where: { id: userId }, select: { id: true, role: true } }),
    db.venue.findUnique({ where: { id: venueId }, select: { id: true } }),
  ]);
  if (!user) throw new AppError("not_found", `User ${userId} was not found`);
  if (!venue) throw new AppError("not_found", `Venue ${venueId} was not found`);
  return user;
}

async function userWithVenues(userId: number): Promise<UserWithVenues> {
  const u = await getDb().user.findUniqueOrThrow({
    where: { id: userId },
    select: {
      ...publicUserSelect,
      venueAdmins: { select: { venue: { select: { id: true, name: true } } } },
      doorStaff: { select: { venue: { select: { id: true, name: true } } } },
    },
  });
  const { venueAdmins, doorStaff, ...rest } = u;
  return {
    ...toUserJson(rest),
    venues: [
      ...venueAdmins.map((v) => ({ venue_id: String(v.venue.id), name: v.venue.name, as: "venue_admin" as const })),
      ...doorStaff.map((v) => ({ venue_id: String(v.venue.id), name: v.venue.name, as: "door_staff" as const })),
    ],
  };
}

/** Grants `as` at the venue (idempotent: granting twice changes nothing the second time). */
export async function grantVenue({ caller, userId, venueId, as }: GrantInput): Promise<{ user: UserWithVenues; changed: boolean }> {
  const user = await loadTarget(caller, userId, venueId);
  if (user.role === "admin") throw new AppError("conflict", "Administrators manage every venue already");
  if (user.role !== "buyer" && user.role !== as) {
    throw new AppError("conflict", `This user is ${user.role}; change their role first to make them ${as} of a venue`);
  }
  const bumped = await getDb().$transaction(async (tx) => {
    const inserted =
      as === "venue_admin"
        ? await tx.$executeRaw`INSERT INTO venue_admin (user_id, venue_id) VALUES (${userId}::int, ${venueId}::int) ON CONFLICT DO NOTHING`
        : await tx.$executeRaw`INSERT INTO venue_door_staff (user_id, venue_id) VALUES (${userId}::int, ${venueId}::int) ON CONFLICT DO NOTHING`;
    // The role is raised conditionally (only a buyer), in the same transaction as the grant.
    const raised = await tx.user.updateMany({ where: { id: userId, role: "buyer" }, data: { role: as, sessionVersion: { increment: 1 } } });
    if (inserted === 0 && raised.count === 0) return null;
    await recordAudit(tx, {
      actorId: caller.userId,
      action: "user.venue_grant",
      targetType: "user",
      targetId: userId,
      venueId,
      before: { role: user.role },
      after: { role: raised.count > 0 ? as : user.role, venue_id: String(venueId), as },
    });
    return { raised: raised.count > 0 };
  });
  if (bumped?.raised) await publishSession(userId);
  return { user: await userWithVenues(userId), changed: bumped !== null };
}

/** Revokes `as` at the venue; the last grant of the user's role gone, they are a buyer again. */
export async function revokeVenue({ caller, userId, venueId, as }: GrantInput): Promise<{ user: UserWithVenues; changed: boolean }> {
  const user = await loadTarget(caller, userId, venueId);
  const result = await getDb().$transaction(async (tx) => {
    const deleted =
      as === "venue_admin"
        ? await tx.venueAdmin.deleteMany({ where: { userId, venueId } })
        : await tx.venueDoorStaff.deleteMany({ where: { userId, venueId } });
    if (deleted.count === 0) return null;
    const left = as === "venue_admin" ? await tx.venueAdmin.count({ where: { userId } }) : await tx.venueDoorStaff.count({ where: { userId } });
    const lowered = left === 0 ? await tx.user.updateMany({ where: { id: userId, role: as }, data: { role: "buyer", sessionVersion: { increment: 1 } } }) : { count: 0 };
    await recordAudit(tx, {
      actorId: caller.userId,
      action: "user.venue_revoke",
      targetType: "user",
      targetId: userId,
      venueId,
      before: { role: user.role, venue_id: String(venueId), as },
      after: { role: lowered.count > 0 ? "buyer" : user.role },
    });
    return { lowered: lowered.count > 0 };
  });
  if (result?.lowered) await publishSession(userId);
  return { user: await userWithVenues(userId), changed: result !== null };
}

async function publishSession(userId: number): Promise<void> {
  const u = await getDb().user.findUniqueOrThrow({ where: { id: userId }, select: { sessionVersion: true, role: true } });
  await publishSessionState(userId, { version: u.sessionVersion, role: u.role });
}
