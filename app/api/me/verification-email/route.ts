// POST /api/me/verification-email (no body) -> 202 {message}: mails the signed-in fan a new link to
// confirm their address (the earlier link stops working); 200 with already_verified when it is
// confirmed. 401 without a session or token; 429 over the mail-link limits.
import { resendVerificationEmail } from "@/lib/auth/account-mail-links";
import { authedApiRoute } from "@/lib/http/authed-api-route";
import { methodNotAllowed } from "@/lib/http/method-not-allowed";
import { deliverSoon } from "@/lib/notifications/deliver-soon";
import { enforceAuthRateLimits, getClientIp } from "@/lib/rate-limit";

export const POST = authedApiRoute(async (request, _params, caller) => {
  await enforceAuthRateLimits({ action: "mail-link", ip: getClientIp(request.headers), email: `user:${caller.userId}` });
  const { alreadyVerified } = await resendVerificationEmail(caller.userId);
  if (alreadyVerified) return Response.json({ already_verified: true, message: "Your address is already confirmed." }, { headers: { "Cache-Control": "no-store" } });
  deliverSoon();
  return Response.json({ already_verified: false, message: "We sent you a new confirmation link." }, { status: 202, headers: { "Cache-Control": "no-store" } });
});

export const { GET, HEAD, PUT, PATCH, DELETE, OPTIONS } = methodNotAllowed(["POST"]);
