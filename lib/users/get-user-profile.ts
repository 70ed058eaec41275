// A user's own profile (no secrets), by id.
import { getDb } from "@/lib/db";
import { publicUserSelect, type PublicUser } from "@/lib/auth/public-user";

export const getUserProfile = async (userId: number): Promise<PublicUser | null> =>
  getDb().user.findUnique({ where: { id: userId }, select: publicUserSelect });
