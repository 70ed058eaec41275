// POST /api/auth/password-reset {token, password} -> 200 {message}: sets the new password from a
// mailed reset link (single use, one hour) and ends every earlier session and access token. 400 for
// a bad, used or expired link or a weak password; 429 over the mail-link limit per client address.
import { resetPassword } from "@/lib/auth/account-mail-links";
import { apiRoute, readJson } from "@/lib/http/api-route";
import { methodNotAllowed } from "@/lib/http/method-not-allowed";
import { enforceAuthRateLimits, getClientIp } from "@/lib/rate-limit";
import { resetPasswordSchema } from "@/lib/validations/auth";
import { parseOrThrow } from "@/lib/validations/events";

export const POST = apiRoute(async (request) => {
  const { token, password } = parseOrThrow(resetPasswordSchema, await readJson(request));
  await enforceAuthRateLimits({ action: "mail-link", ip: getClientIp(request.headers) });
  await resetPassword(token, password);
  return Response.json({ message: "Your password was changed. Sign in with the new one." }, { headers: { "Cache-Control": "no-store" } });
});

export const { GET, HEAD, PUT, PATCH, DELETE, OPTIONS } = methodNotAllowed(["POST"]);
