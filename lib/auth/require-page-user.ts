// For pages (server components) that need a signed-in user: the caller, or a redirect to the sign-in
// page that comes back to `callbackPath` afterwards.
import { redirect } from "next/navigation";
import { getCaller, type Caller } from "./get-caller";
import { SIGN_IN_PATH } from "./auth";
import { safeCallbackPath } from "./safe-callback-path";

export function signInHref(callbackPath: string): string {
  return `${SIGN_IN_PATH}?${new URLSearchParams({ callbackUrl: safeCallbackPath(callbackPath) })}`;
}

export async function requirePageUser(callbackPath: string): Promise<Caller> {
  const caller = await getCaller();
  if (!caller) redirect(signInHref(callbackPath));
  return caller;
}
