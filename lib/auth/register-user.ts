// Creates a buyer account. Email and username must be free (usernames compared without case, so
// "Fan" cannot pose as "fan"); the password is stored only as an argon2id hash.
import { getDb } from "@/lib/db";
import { isUniqueViolationOn } from "@/lib/db/unique-violation";
import { AppError } from "@/lib/errors/app-error";
import type { RegisterInput } from "@/lib/validations/auth";
import { hashPassword } from "./password-hash";
import { publicUserSelect, type PublicUser } from "./public-user";

const emailTaken = () => new AppError("conflict", "An account with this email already exists", { field: "email" });
const usernameTaken = () => new AppError("conflict", "This username is taken", { field: "username" });

/** `input` comes from registerSchema (email lowercased, fields trimmed). Throws conflict (409). */
export const registerUser = async (input: RegisterInput): Promise<PublicUser> => {
  const db = getDb();
  const existing = await db.user.findFirst({
    where: { OR: [{ email: input.email }, { username: { equals: input.username, mode: "insensitive" } }] },
    select: { email: true },
  });
  if (existing) throw existing.email === input.email ? emailTaken() : usernameTaken();

  const passwordHash = await hashPassword(input.password);
  try {
    return await db.user.create({
      data: { email: input.email, username: input.username, passwordHash, role: "buyer" },
      select: publicUserSelect,
    });
  } catch (error) {
    // Lost a race with a concurrent sign-up for the same email or username.
    if (isUniqueViolationOn(error, "email")) throw emailTaken();
    if (isUniqueViolationOn(error, "username")) throw usernameTaken();
    throw error;
  }
};
