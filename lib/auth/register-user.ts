// Sign-up without telling anyone whether an email has an account.
//
// The username is checked first and on its own (usernames are public: they are shown to others), so
// "this username is taken" says nothing about the email. Then:
// - a new email: the buyer account is created (password stored only as an argon2id hash) with an
//   email_verification mail in the same transaction;
// - an email that already has an account: nothing changes, and its owner gets an account_exists mail
//   (at most one per hour per account, by its dedupe key) saying someone tried.
// The caller answers both the same way (202 "check your inbox"), and both cost one password hash,
// so the time taken does not tell them apart either. Losing a race to a concurrent sign-up of the
// same email is the second case.
import { getDb } from "@/lib/db";
import { isUniqueViolationOn } from "@/lib/db/unique-violation";
import { AppError } from "@/lib/errors/app-error";
import { enqueueNotification } from "@/lib/notifications/outbox";
import type { RegisterInput } from "@/lib/validations/auth";
import { issueAuthToken } from "./auth-tokens";
import { hashPassword } from "./password-hash";
import { publicUserSelect, type PublicUser } from "./public-user";

const usernameTaken = () => new AppError("conflict", "This username is taken", { field: "username" });

export type RegisterOutcome = { created: PublicUser } | { existing: true };

/** What every sign-up answers, whatever happened. */
export const REGISTER_ACCEPTED_MESSAGE = "Check your inbox: we sent a mail to confirm your address. Then sign in.";

/** `input` comes from registerSchema (email lowercased, fields trimmed). Throws conflict (409) for a taken username only. */
export const registerUser = async (input: RegisterInput, now: Date = new Date()): Promise<RegisterOutcome> => {
  const db = getDb();
  const sameName = await db.user.findFirst({ where: { username: { equals: input.username, mode: "insensitive" } }, select: { email: true } });
  // The account's own owner signing up again with their username is the "existing email" case.
  if (sameName && sameName.email !== input.email) throw usernameTaken();

  const passwordHash = await hashPassword(input.password);
  const existing = await db.user.findUnique({ where: { email: input.email }, select: { id: true } });
  if (existing) return tellOwner(existing.id, now);
  try {
    const created = await db.$transaction(async (tx) => {
      const user = await tx.user.create({ data: { email: input.email, username: input.username, passwordHash, role: "buyer" }, select: publicUserSelect });
      const tokenId = await issueAuthToken(tx, user.id, "email_verification", now);
      await enqueueNotification(tx, { userId: user.id, kind: "email_verification", dedupeKey: `email_verification:${tokenId}`, data: { tokenId } });
      return user;
    });
    return { created };
  } catch (error) {
    if (isUniqueViolationOn(error, "email")) {
      const winner = await db.user.findUnique({ where: { email: input.email }, select: { id: true } });
      if (winner) return tellOwner(winner.id, now);
    }
    if (isUniqueViolationOn(error, "username")) throw usernameTaken();
    throw error;
  }
};

async function tellOwner(userId: number, now: Date): Promise<RegisterOutcome> {
  const hour = Math.floor(now.getTime() / 3600_000);
  await enqueueNotification(getDb(), { userId, kind: "account_exists", dedupeKey: `account_exists:${userId}:${hour}`, data: {} });
  return { existing: true };
}
