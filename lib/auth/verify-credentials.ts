// Checks an email and password. Answers the same way, in about the same time, whether the email is
// unknown, the account has no password, or the password is wrong: the caller learns nothing but
// "no". The password is never logged or returned.
import { getDb } from "@/lib/db";
import type { CredentialsInput } from "@/lib/validations/auth";
import { verifyPassword } from "./password-hash";
import { publicUserSelect, type PublicUser } from "./public-user";

/** The user when the password matches, else null. */
export const verifyCredentials = async ({ email, password }: CredentialsInput): Promise<(PublicUser & { sessionVersion: number }) | null> => {
  const row = await getDb().user.findUnique({
    where: { email },
    // sessionVersion: stamped into the session cookie or access token about to be issued.
    select: { ...publicUserSelect, sessionVersion: true, passwordHash: true },
  });
  // verifyPassword runs against a dummy hash when there is none, so both paths cost one argon2 verify.
  const ok = await verifyPassword(password, row?.passwordHash);
  if (!row || !ok) return null;
  // eslint-disable-next-line @typescript-eslint/no-unused-vars -- dropped so the hash never leaves
  const { passwordHash, ...user } = row;
  return user;
};
