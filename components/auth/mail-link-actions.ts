"use server";
// Server actions of the mailed-link pages: forgot password, reset password, confirm the address,
// unsubscribe. Same schemas, rate limits and lib/ functions as their API routes; the token in the
// form is the credential (no session needed), so the answer is the same for every caller.
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { FORGOT_PASSWORD_MESSAGE, requestPasswordReset, resetPassword, verifyEmail } from "@/lib/auth/account-mail-links";
import { isAppError } from "@/lib/errors/app-error";
import { deliverSoon } from "@/lib/notifications/deliver-soon";
import { unsubscribe } from "@/lib/notifications/preferences";
import { enforceAuthRateLimits, getClientIp } from "@/lib/rate-limit";
import { fieldErrors, forgotPasswordSchema, resetPasswordSchema, verifyEmailSchema } from "@/lib/validations/auth";
import { formText, type FormState } from "./form-state";

const TOO_MANY = "Too many attempts. Please wait a minute and try again.";

function failure(error: unknown, values?: Record<string, string>): FormState {
  if (isAppError(error) && error.code === "rate_limited") return { message: TOO_MANY, values };
  if (isAppError(error) && (error.code === "bad_request" || error.code === "validation_error")) return { message: error.message, values };
  throw error;
}

export async function forgotPasswordAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const values = { email: formText(formData, "email") };
  const parsed = forgotPasswordSchema.safeParse(values);
  if (!parsed.success) return { fieldErrors: fieldErrors(parsed.error), values };
  try {
    await enforceAuthRateLimits({ action: "mail-link", ip: getClientIp(await headers()), email: parsed.data.email });
    await requestPasswordReset(parsed.data.email);
  } catch (error) {
    return failure(error, values);
  }
  deliverSoon();
  return { ok: true, message: FORGOT_PASSWORD_MESSAGE };
}

export async function resetPasswordAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const parsed = resetPasswordSchema.safeParse({ token: formText(formData, "token"), password: formText(formData, "password") });
  if (!parsed.success) return { fieldErrors: fieldErrors(parsed.error) };
  try {
    await enforceAuthRateLimits({ action: "mail-link", ip: getClientIp(await headers()) });
    await resetPassword(parsed.data.token, parsed.data.password);
  } catch (error) {
    return failure(error);
  }
  redirect("/signin?notice=password-reset");
}

export async function verifyEmailAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const parsed = verifyEmailSchema.safeParse({ token: formText(formData, "token") });
  if (!parsed.success) return { message: "This link is invalid, expired or already used" };
  try {
    await enforceAuthRateLimits({ action: "mail-link", ip: getClientIp(await headers()) });
    await verifyEmail(parsed.data.token);
  } catch (error) {
    return failure(error);
  }
  return { ok: true, message: "Your email address is confirmed. Thank you!" };
}

export async function unsubscribeAction(_previous: FormState, formData: FormData): Promise<FormState> {
  try {
    const done = await unsubscribe(formText(formData, "token"));
    return { ok: true, message: `You will no longer get “${done.label}” emails. You can turn them back on from your account page.` };
  } catch (error) {
    return failure(error);
  }
}
