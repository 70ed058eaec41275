// A user edits their own profile: username, phone, address. Email, role and password are not
// editable here. Usernames stay unique without regard to case.
import { getDb } from "@/lib/db";
import { isUniqueViolationOn } from "@/lib/db/unique-violation";
import { AppError } from "@/lib/errors/app-error";
import { publicUserSelect, type PublicUser } from "@/lib/auth/public-user";
import type { ProfileInput } from "@/lib/validations/auth";

const usernameTaken = () => new AppError("conflict", "This username is taken", { field: "username" });

export const updateProfile = async ({ userId, ...input }: ProfileInput & { userId: number }): Promise<PublicUser> => {
  const db = getDb();
  const clash = await db.user.findFirst({
    where: { username: { equals: input.username, mode: "insensitive" }, NOT: { id: userId } },
    select: { id: true },
  });
  if (clash) throw usernameTaken();
  try {
    return await db.user.update({
      where: { id: userId },
      data: { username: input.username, phone: input.phone, address: input.address },
      select: publicUserSelect,
    });
  } catch (error) {
    if (isUniqueViolationOn(error, "username")) throw usernameTaken();
    if ((error as { code?: unknown }).code === "P2025") throw new AppError("not_found", "This account no longer exists");
    throw error;
  }
};
