// POST /api/me/sign-out-everywhere (no body): ends every session cookie and access token of the
// caller's account, this one included; 401 without a valid one. The browser's own cookie is left
// in place but no longer accepted (the profile page's button also clears it).
import { methodNotAllowed } from "@/lib/http/method-not-allowed";
import { authedApiRoute } from "@/lib/http/authed-api-route";
import { signOutEverywhere } from "@/lib/users/sign-out-everywhere";

export const POST = authedApiRoute(async (_request, _params, caller) => {
  await signOutEverywhere(caller.userId);
  return Response.json(
    { status: "success", message: "Every session and access token of this account has ended. Sign in again to continue." },
    { headers: { "Cache-Control": "no-store" } },
  );
});

// Every other method: 405 with the JSON error and an Allow header (lib/http/method-not-allowed.ts).
export const { GET, HEAD, PUT, PATCH, DELETE, OPTIONS } = methodNotAllowed(["POST"]);
