// The user directory for admins: newest first, paged, public fields only.
import { getDb } from "@/lib/db";
import { publicUserSelect, type PublicUser } from "@/lib/auth/public-user";

export type UserPage = { users: PublicUser[]; page: number; size: number; total: number };

export const listUsers = async ({ page, size }: { page: number; size: number }): Promise<UserPage> => {
  const db = getDb();
  const [users, total] = await Promise.all([
    db.user.findMany({ select: publicUserSelect, orderBy: { id: "desc" }, skip: (page - 1) * size, take: size }),
    db.user.count(),
  ]);
  return { users, page, size, total };
};
