// GET /api/me: the signed-in caller's profile (Bearer token or session cookie); 401 without.
import { toUserJson } from "@/lib/auth/public-user";
import { AppError } from "@/lib/errors/app-error";
import { authedApiRoute } from "@/lib/http/authed-api-route";
import { getUserProfile } from "@/lib/users/get-user-profile";
import { methodNotAllowed } from "@/lib/http/method-not-allowed";

export const GET = authedApiRoute(async (_request, _params, caller) => {
  const user = await getUserProfile(caller.userId);
  // A valid token for an account that has since been deleted.
  if (!user) throw new AppError("unauthorized", "This account no longer exists");
  return Response.json({ user: toUserJson(user) }, { headers: { "Cache-Control": "private, no-store" } });
});

// Every other method: 405 with the JSON error and an Allow header (lib/http/method-not-allowed.ts).
export const { POST, PUT, PATCH, DELETE, OPTIONS } = methodNotAllowed(["GET"]);
