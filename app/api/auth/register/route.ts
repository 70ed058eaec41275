// POST /api/auth/register {email, password, username} -> 202 {message}, the same whether the email
// was new (the account is created and a confirmation mail sent) or already had an account (its
// owner gets a mail instead): the answer never tells whether an email is registered. 409 only when
// the username is taken (usernames are public), 400 for a malformed email or a weak password, 429
// over the sign-up limits.
import { REGISTER_ACCEPTED_MESSAGE, registerUser } from "@/lib/auth/register-user";
import { apiRoute, readJson } from "@/lib/http/api-route";
import { deliverSoon } from "@/lib/notifications/deliver-soon";
import { enforceAuthRateLimits, getClientIp } from "@/lib/rate-limit";
import { registerSchema } from "@/lib/validations/auth";
import { parseOrThrow } from "@/lib/validations/events";
import { methodNotAllowed } from "@/lib/http/method-not-allowed";

export const POST = apiRoute(async (request) => {
  const input = parseOrThrow(registerSchema, await readJson(request));
  await enforceAuthRateLimits({ action: "register", ip: getClientIp(request.headers), email: input.email });
  await registerUser(input);
  deliverSoon();
  return Response.json({ message: REGISTER_ACCEPTED_MESSAGE }, { status: 202, headers: { "Cache-Control": "no-store" } });
});

// Every other method: 405 with the JSON error and an Allow header (lib/http/method-not-allowed.ts).
export const { GET, HEAD, PUT, PATCH, DELETE, OPTIONS } = methodNotAllowed(["POST"]);
