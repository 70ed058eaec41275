"use server";
// Server action of the profile page's "Sign out everywhere": ends every session and access token of
// the caller's account (lib/users/sign-out-everywhere.ts), then clears this browser's cookie.
import { redirect } from "next/navigation";
import { signOut } from "@/lib/auth/auth";
import { getCaller } from "@/lib/auth/get-caller";
import { signInHref } from "@/lib/auth/require-page-user";
import { signOutEverywhere } from "@/lib/users/sign-out-everywhere";

export async function signOutEverywhereAction(): Promise<void> {
  // Only the caller's own sessions, whoever they are; a caller whose session already ended is
  // simply sent to the sign-in page.
  const caller = await getCaller();
  if (!caller) redirect(signInHref("/account"));
  await signOutEverywhere(caller.userId);
  await signOut({ redirectTo: signInHref("/account") });
}
