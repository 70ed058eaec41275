// POST /api/auth/token {email, password} -> {access_token, token_type: "Bearer", expires_in}.
// One answer for every failed sign-in (401), whatever went wrong; 429 when over the sign-in limits,
// which this endpoint shares with the sign-in form.
import { issueAccessToken } from "@/lib/auth/access-token";
import { verifyCredentials } from "@/lib/auth/verify-credentials";
import { AppError } from "@/lib/errors/app-error";
import { apiRoute, readJson } from "@/lib/http/api-route";
import { enforceAuthRateLimits, getClientIp } from "@/lib/rate-limit";
import { credentialsSchema } from "@/lib/validations/auth";
import { parseOrThrow } from "@/lib/validations/events";
import { methodNotAllowed } from "@/lib/http/method-not-allowed";

export const POST = apiRoute(async (request) => {
  const input = parseOrThrow(credentialsSchema, await readJson(request));
  await enforceAuthRateLimits({ action: "sign-in", ip: getClientIp(request.headers), email: input.email });
  const user = await verifyCredentials(input);
  if (!user) throw new AppError("unauthorized", "Invalid email or password");
  // RFC 6749 5.1: token responses must not be cached.
  return Response.json(await issueAccessToken(user), { headers: { "Cache-Control": "no-store", Pragma: "no-cache" } });
});

// Every other method: 405 with the JSON error and an Allow header (lib/http/method-not-allowed.ts).
export const { GET, HEAD, PUT, PATCH, DELETE, OPTIONS } = methodNotAllowed(["POST"]);
