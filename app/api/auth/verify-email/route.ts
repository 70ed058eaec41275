// POST /api/auth/verify-email {token} -> 200 {message}: confirms the address of the account a mailed
// verification link was sent to (single use, 48 hours). The token is the credential, so no session
// is needed. 400 for a bad, used or expired link; 429 over the mail-link limit per client address.
import { verifyEmail } from "@/lib/auth/account-mail-links";
import { apiRoute, readJson } from "@/lib/http/api-route";
import { methodNotAllowed } from "@/lib/http/method-not-allowed";
import { enforceAuthRateLimits, getClientIp } from "@/lib/rate-limit";
import { verifyEmailSchema } from "@/lib/validations/auth";
import { parseOrThrow } from "@/lib/validations/events";

export const POST = apiRoute(async (request) => {
  const { token } = parseOrThrow(verifyEmailSchema, await readJson(request));
  await enforceAuthRateLimits({ action: "mail-link", ip: getClientIp(request.headers) });
  await verifyEmail(token);
  return Response.json({ message: "Your email address is confirmed." }, { headers: { "Cache-Control": "no-store" } });
});

export const { GET, HEAD, PUT, PATCH, DELETE, OPTIONS } = methodNotAllowed(["POST"]);
