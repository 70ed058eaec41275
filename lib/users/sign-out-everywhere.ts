// "Sign out everywhere": ends every session cookie and access token of the user issued so far, on
// every device, by bumping their session version (lib/auth/session-version.ts). Only ever the
// caller's own account; a new sign-in afterwards works as usual.
import { bumpSessionVersion } from "@/lib/auth/session-version";
import { AppError } from "@/lib/errors/app-error";

export async function signOutEverywhere(userId: number): Promise<void> {
  const state = await bumpSessionVersion(userId);
  if (!state) throw new AppError("unauthorized", "This account no longer exists");
}
