// One password check for every way in (the Auth.js credentials form and POST /api/auth/token), with
// the sign-in limits around it (lib/rate-limit/auth-limits.ts): the client's address, its device
// cookie (./device-cookie.ts), the budgets and the back-off, and the outcome recorded. On success
// the caller gets a device cookie to hand to the client, so the next sign-in from there is trusted.
import { enforceSignInLimits, getClientIp, isHttpsRequest, recordSignInOutcome } from "@/lib/rate-limit";
import type { CredentialsInput } from "@/lib/validations/auth";
import { deviceCookie, trustedDeviceId } from "./device-cookie";
import { verifyCredentials } from "./verify-credentials";

type VerifiedUser = NonNullable<Awaited<ReturnType<typeof verifyCredentials>>>;

export type GuardedSignIn =
  | { user: VerifiedUser; deviceCookie: ReturnType<typeof deviceCookie> }
  | { user: null; deviceCookie?: undefined };

/** Throws AppError rate_limited (429) when over a limit; else the user (with a device cookie) or null for a wrong password. */
export async function signInWithLimits(input: CredentialsInput, headers: Headers): Promise<GuardedSignIn> {
  const deviceId = trustedDeviceId(headers.get("cookie"), input.email);
  await enforceSignInLimits({ ip: getClientIp(headers), email: input.email, deviceId });
  const user = await verifyCredentials(input);
  await recordSignInOutcome({ email: input.email, deviceId, ok: user !== null });
  if (!user) return { user: null };
  return { user, deviceCookie: deviceCookie(input.email, deviceId, { secure: isHttpsRequest(headers) }) };
}
