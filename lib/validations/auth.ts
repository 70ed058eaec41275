// Validation of account inputs (sign up, sign in, API tokens, profile), shared by the API routes,
// the server actions and the forms, so all of them accept and reject exactly the same things.
import { z } from "zod";
import { NO_CONTROL_CHARACTERS, noControlCharacters } from "./text";

export const PASSWORD_MIN_LENGTH = 10;
// Long enough for any passphrase, short enough that hashing it is not a denial-of-service lever.
export const PASSWORD_MAX_LENGTH = 128;

// Refused as new passwords: the most common ones that would pass the length rule (lowercased), and
// the app's own name. Length does the heavy lifting; this list only stops the obvious picks.
const COMMON_PASSWORDS = new Set([
  "password12", "password123", "password1234", "password12345", "passw0rd123", "1234567890",
  "12345678910", "0123456789", "0987654321", "1111111111", "123456789a", "a123456789", "1q2w3e4r5t",
  "1qaz2wsx3edc", "qwertyuiop", "qwerty1234", "qwerty12345", "qwerty123456", "asdfghjkl1", "zxcvbnm123",
  "iloveyou12", "iloveyou123", "abcdefghij", "abc1234567", "abcd123456", "letmein123", "welcome123",
  "welcome1234", "football123", "baseball123", "princess123", "sunshine123", "trustno1234", "changeme123",
  "administrator", "superman123", "monkey12345", "dragon12345", "starwars123", "tickets123",
  "ticketmaster", "ticketmaster1", "openseat123", "openseat1234",
]);

/** Why a new password is refused, or null when it is acceptable. */
export function passwordProblem(password: string): string | null {
  if (password.length < PASSWORD_MIN_LENGTH) return `Use at least ${PASSWORD_MIN_LENGTH} characters`;
  if (password.length > PASSWORD_MAX_LENGTH) return `Use at most ${PASSWORD_MAX_LENGTH} characters`;
  if (new Set(password).size < 3) return "Use more than one or two different characters";
  if (COMMON_PASSWORDS.has(password.toLowerCase())) return "This password is too common; choose another";
  return null;
}

export const emailSchema = z
  .string({ error: "Email is required" })
  .trim()
  .toLowerCase()
  .min(1, "Email is required")
  .max(254, "Email must be at most 254 characters")
  .pipe(z.email("Enter a valid email address"));

/** A password being chosen (sign up): the strength rules apply. */
export const newPasswordSchema = z.string({ error: "Password is required" }).superRefine((password, ctx) => {
  const problem = passwordProblem(password);
  if (problem) ctx.addIssue({ code: "custom", message: problem });
});

/** A password being presented (sign in): only a size check, never the strength rules. */
export const passwordSchema = z
  .string({ error: "Password is required" })
  .min(1, "Password is required")
  .max(PASSWORD_MAX_LENGTH, "Invalid email or password");

export const usernameSchema = z
  .string({ error: "Username is required" })
  .trim()
  .min(3, "Username must be at least 3 characters")
  .max(30, "Username must be at most 30 characters")
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, "Use letters, digits, '.', '_' or '-', starting with a letter or digit");

export const registerSchema = z.object({
  email: emailSchema,
  password: newPasswordSchema,
  username: usernameSchema,
});
export type RegisterInput = z.output<typeof registerSchema>;

export const credentialsSchema = z.object({
  email: emailSchema,
  password: passwordSchema,
});
export type CredentialsInput = z.output<typeof credentialsSchema>;

/** Optional text from a form: blank means "none" (null). */
const optionalText = (label: string, max: number) =>
  z
    .string()
    .trim()
    .max(max, `${label} must be at most ${max} characters`)
    .regex(NO_CONTROL_CHARACTERS, noControlCharacters(label))
    .nullish()
    .transform((s) => (s ? s : null));

export const profileSchema = z.object({
  username: usernameSchema,
  phone: optionalText("Phone", 30).refine((s) => s === null || /^\+?[0-9 ()./-]{5,30}$/.test(s), {
    message: "Enter a phone number (digits, spaces, + ( ) - . /)",
  }),
  address: optionalText("Address", 200),
});
export type ProfileInput = z.output<typeof profileSchema>;

/** The profile page's password change: the current password as presented, the new one as chosen. */
export const passwordChangeSchema = z
  .object({ currentPassword: passwordSchema, newPassword: newPasswordSchema })
  .refine((p) => p.newPassword !== p.currentPassword, { message: "Choose a password you have not been using", path: ["newPassword"] });

/** First message per field, for forms (useActionState) to show next to each input. */
export function fieldErrors(error: z.ZodError): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = issue.path.length > 0 ? issue.path.join(".") : "form";
    out[key] ??= issue.message;
  }
  return out;
}

/** A mailed single-use link's token (lib/auth/auth-tokens.ts checks its shape and signature). */
export const mailedTokenSchema = z.string({ error: "The link's token is required" }).min(1, "The link's token is required").max(100, "This link is invalid");

export const forgotPasswordSchema = z.object({ email: emailSchema });
export const resetPasswordSchema = z.object({ token: mailedTokenSchema, password: newPasswordSchema });
export const verifyEmailSchema = z.object({ token: mailedTokenSchema });
