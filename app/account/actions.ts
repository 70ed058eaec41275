"use server";
// Server actions of the profile page's session controls: "Sign out everywhere" and the password
// change. Both act on the caller's own account only (there is no account id in the input).
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { signIn, signOut } from "@/lib/auth/auth";
import { getCaller } from "@/lib/auth/get-caller";
import { signInHref } from "@/lib/auth/require-page-user";
import { isAppError } from "@/lib/errors/app-error";
import { enforceAuthRateLimits, getClientIp } from "@/lib/rate-limit";
import { changePassword } from "@/lib/users/change-password";
import { signOutEverywhere } from "@/lib/users/sign-out-everywhere";
import { fieldErrors, passwordChangeSchema } from "@/lib/validations/auth";
import { formText, type FormState } from "@/components/auth/form-state";
import { PASSWORD_CHANGED } from "./notices";

/** Ends every session and access token of the caller's account (lib/users), then this browser's cookie. */
export async function signOutEverywhereAction(): Promise<void> {
  // A caller whose session already ended is simply sent to the sign-in page.
  const caller = await getCaller();
  if (!caller) redirect(signInHref("/account"));
  await signOutEverywhere(caller.userId);
  await signOut({ redirectTo: signInHref("/account") });
}

/**
 * Changes the caller's password; every earlier session and token ends (lib/users/change-password.ts)
 * and this browser is signed in again with the new password, so only the others are signed out.
 * Guessing the current password through this form counts against the sign-in limits.
 */
export async function changePasswordAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const caller = await getCaller();
  if (!caller) redirect(signInHref("/account"));
  const parsed = passwordChangeSchema.safeParse({ currentPassword: formText(formData, "currentPassword"), newPassword: formText(formData, "newPassword") });
  if (!parsed.success) return { fieldErrors: fieldErrors(parsed.error) };
  let email: string;
  try {
    await enforceAuthRateLimits({ action: "sign-in", ip: getClientIp(await headers()), email: caller.email });
    ({ email } = await changePassword({ userId: caller.userId, ...parsed.data }));
  } catch (error) {
    if (isAppError(error) && error.code === "validation_error") return { fieldErrors: { currentPassword: error.message } };
    if (isAppError(error) && error.code === "rate_limited") return { message: "Too many attempts. Please wait a minute and try again." };
    if (isAppError(error) && (error.code === "unauthorized" || error.code === "conflict")) redirect(signInHref("/account"));
    throw error;
  }
  let signedIn = true;
  try {
    await signIn("credentials", { email, password: parsed.data.newPassword, redirect: false });
  } catch {
    // Signed out with everyone else (a sign-in limit, say): the new password works on the sign-in page.
    signedIn = false;
  }
  // A navigation, not a form state: the page must be rendered from the new cookie (this request
  // still carries the old one, which no longer counts).
  redirect(signedIn ? `/account?${PASSWORD_CHANGED}` : signInHref("/account"));
}
