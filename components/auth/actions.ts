"use server";
// Server actions of the sign-in, sign-up and sign-out forms. They validate with the same schemas as
// the API (lib/validations/auth.ts), call lib/auth, and answer useActionState with field errors; on
// success Auth.js sets the session cookie and they redirect.
import { AuthError, CredentialsSignin } from "next-auth";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { signIn, signOut } from "@/lib/auth/auth";
import { registerUser } from "@/lib/auth/register-user";
import { safeCallbackPath } from "@/lib/auth/safe-callback-path";
import { isAppError } from "@/lib/errors/app-error";
import { deliverSoon } from "@/lib/notifications/deliver-soon";
import { enforceAuthRateLimits, getClientIp } from "@/lib/rate-limit";
import { credentialsSchema, fieldErrors, registerSchema } from "@/lib/validations/auth";
import { formText, type FormState } from "./form-state";

const INVALID_CREDENTIALS = "Invalid email or password.";
const TOO_MANY = "Too many attempts. Please wait a minute and try again.";

function signInFailure(error: AuthError): string {
  if (error instanceof CredentialsSignin) return error.code === "rate_limited" ? TOO_MANY : INVALID_CREDENTIALS;
  return "Sign-in failed. Please try again.";
}

export async function signInAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const values = { email: formText(formData, "email") };
  const callbackUrl = safeCallbackPath(formText(formData, "callbackUrl"));
  const parsed = credentialsSchema.safeParse({ email: formText(formData, "email"), password: formText(formData, "password") });
  if (!parsed.success) return { fieldErrors: fieldErrors(parsed.error), values };
  try {
    // Redirects (by throwing) on success.
    await signIn("credentials", { email: parsed.data.email, password: parsed.data.password, redirectTo: callbackUrl });
  } catch (error) {
    if (error instanceof AuthError) return { message: signInFailure(error), values };
    throw error;
  }
  return {};
}

export async function signUpAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const values = { email: formText(formData, "email"), username: formText(formData, "username") };
  const callbackUrl = safeCallbackPath(formText(formData, "callbackUrl"));
  const parsed = registerSchema.safeParse({
    email: formText(formData, "email"),
    password: formText(formData, "password"),
    username: formText(formData, "username"),
  });
  if (!parsed.success) return { fieldErrors: fieldErrors(parsed.error), values };
  try {
    await enforceAuthRateLimits({ action: "register", ip: getClientIp(await headers()), email: parsed.data.email });
    await registerUser(parsed.data);
  } catch (error) {
    if (isAppError(error) && error.code === "conflict") {
      const field = typeof error.details?.field === "string" ? error.details.field : "form";
      return { fieldErrors: { [field]: error.message }, values };
    }
    if (isAppError(error) && error.code === "rate_limited") return { message: TOO_MANY, values };
    throw error;
  }
  deliverSoon();
  // Never signed in here: a new account and an email that already had one must look the same
  // (lib/auth/register-user.ts). The fan signs in with the password they just chose.
  redirect(`/signin?${new URLSearchParams({ callbackUrl, notice: "check-email" })}`);
}

export async function signOutAction(): Promise<void> {
  await signOut({ redirectTo: "/" });
}
