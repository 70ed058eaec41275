// POST /api/auth/password-reset/request {email} -> 202 {message}, the same whether the email has an
// account (a reset link is mailed) or not. 400 for a malformed email, 429 over the mail-link limits
// (per client address and per email asked for).
import { FORGOT_PASSWORD_MESSAGE, requestPasswordReset } from "@/lib/auth/account-mail-links";
import { apiRoute, readJson } from "@/lib/http/api-route";
import { methodNotAllowed } from "@/lib/http/method-not-allowed";
import { deliverSoon } from "@/lib/notifications/deliver-soon";
import { enforceAuthRateLimits, getClientIp } from "@/lib/rate-limit";
import { forgotPasswordSchema } from "@/lib/validations/auth";
import { parseOrThrow } from "@/lib/validations/events";

export const POST = apiRoute(async (request) => {
  const { email } = parseOrThrow(forgotPasswordSchema, await readJson(request));
  await enforceAuthRateLimits({ action: "mail-link", ip: getClientIp(request.headers), email });
  await requestPasswordReset(email);
  deliverSoon();
  return Response.json({ message: FORGOT_PASSWORD_MESSAGE }, { status: 202, headers: { "Cache-Control": "no-store" } });
});

export const { GET, HEAD, PUT, PATCH, DELETE, OPTIONS } = methodNotAllowed(["POST"]);
