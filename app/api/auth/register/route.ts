// POST /api/auth/register {email, password, username} -> 201 {user}. 409 when the email or
// username is taken, 400 for a malformed email or a weak password, 429 when over the sign-up limits.
import { registerUser } from "@/lib/auth/register-user";
import { toUserJson } from "@/lib/auth/public-user";
import { apiRoute, readJson } from "@/lib/http/api-route";
import { enforceAuthRateLimits, getClientIp } from "@/lib/rate-limit";
import { registerSchema } from "@/lib/validations/auth";
import { parseOrThrow } from "@/lib/validations/events";
import { methodNotAllowed } from "@/lib/http/method-not-allowed";

export const POST = apiRoute(async (request) => {
  const input = parseOrThrow(registerSchema, await readJson(request));
  await enforceAuthRateLimits({ action: "register", ip: getClientIp(request.headers), email: input.email });
  const user = await registerUser(input);
  return Response.json({ user: toUserJson(user) }, { status: 201, headers: { "Cache-Control": "no-store" } });
});

// Every other method: 405 with the JSON error and an Allow header (lib/http/method-not-allowed.ts).
export const { GET, HEAD, PUT, PATCH, DELETE, OPTIONS } = methodNotAllowed(["POST"]);
