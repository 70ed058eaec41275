// POST /api/auth/token {email, password} -> {access_token, token_type: "Bearer", expires_in}.
// One answer for every failed sign-in (401), whatever went wrong; 429 when over the sign-in limits,
// which this endpoint shares with the sign-in form (lib/auth/sign-in-guard.ts). A success also sets
// a device cookie: a client that sends it back is a device that signed in before, and keeps signing
// in while strangers make the account back off.
import { issueAccessToken } from "@/lib/auth/access-token";
import { serializeDeviceCookie } from "@/lib/auth/device-cookie";
import { signInWithLimits } from "@/lib/auth/sign-in-guard";
import { AppError } from "@/lib/errors/app-error";
import { apiRoute, readJson } from "@/lib/http/api-route";
import { credentialsSchema } from "@/lib/validations/auth";
import { parseOrThrow } from "@/lib/validations/events";
import { methodNotAllowed } from "@/lib/http/method-not-allowed";

export const POST = apiRoute(async (request) => {
  const input = parseOrThrow(credentialsSchema, await readJson(request));
  const { user, deviceCookie } = await signInWithLimits(input, request.headers);
  if (!user) throw new AppError("unauthorized", "Invalid email or password");
  // RFC 6749 5.1: token responses must not be cached.
  return Response.json(await issueAccessToken(user), {
    headers: { "Cache-Control": "no-store", Pragma: "no-cache", "Set-Cookie": serializeDeviceCookie(deviceCookie) },
  });
});

// Every other method: 405 with the JSON error and an Allow header (lib/http/method-not-allowed.ts).
export const { GET, HEAD, PUT, PATCH, DELETE, OPTIONS } = methodNotAllowed(["POST"]);
