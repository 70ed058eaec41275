"use server";
// Server actions of the account page's notifications section: save the channel choices and mail a
// new verification link. Both act on the caller's own account only (no account id in the input).
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { resendVerificationEmail } from "@/lib/auth/account-mail-links";
import { getCaller } from "@/lib/auth/get-caller";
import { signInHref } from "@/lib/auth/require-page-user";
import { isAppError } from "@/lib/errors/app-error";
import { deliverSoon } from "@/lib/notifications/deliver-soon";
import { canOptOut, NOTIFICATION_CHANNELS, NOTIFICATION_KINDS } from "@/lib/notifications/kinds";
import { channelAvailable, setNotificationPreference } from "@/lib/notifications/preferences";
import { enforceAuthRateLimits, getClientIp } from "@/lib/rate-limit";
import type { FormState } from "@/components/auth/form-state";

/** Saves every optional, available channel of every kind from the form's checkboxes (`<kind>:<channel>`). */
export async function saveNotificationSettingsAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const caller = await getCaller();
  if (!caller) redirect(signInHref("/account"));
  for (const kind of NOTIFICATION_KINDS) {
    for (const channel of NOTIFICATION_CHANNELS) {
      if (!canOptOut(kind, channel) || !channelAvailable(channel)) continue;
      await setNotificationPreference(caller.userId, kind, channel, formData.get(`${kind}:${channel}`) === "on");
    }
  }
  return { ok: true, message: "Notification settings saved." };
}

export async function resendVerificationAction(): Promise<FormState> {
  const caller = await getCaller();
  if (!caller) redirect(signInHref("/account"));
  try {
    await enforceAuthRateLimits({ action: "mail-link", ip: getClientIp(await headers()), email: `user:${caller.userId}` });
    const { alreadyVerified } = await resendVerificationEmail(caller.userId);
    if (alreadyVerified) return { ok: true, message: "Your address is already confirmed." };
  } catch (error) {
    if (isAppError(error) && error.code === "rate_limited") return { message: "Too many attempts. Please wait a minute and try again." };
    throw error;
  }
  deliverSoon();
  return { ok: true, message: "We sent you a new confirmation link." };
}
