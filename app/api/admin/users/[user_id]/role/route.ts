// POST /api/admin/users/:user_id/role {role}: admins only (403 for others). Answers {user}; ends the
// user's sessions and access tokens when the role changes (lib/users/change-user-role.ts). 404 for an
// unknown user, 409 for the caller's own account.
import { methodNotAllowed } from "@/lib/http/method-not-allowed";
import { toUserJson } from "@/lib/auth/public-user";
import { authedApiRoute } from "@/lib/http/authed-api-route";
import { readJson } from "@/lib/http/api-route";
import { changeUserRole } from "@/lib/users/change-user-role";
import { parseId, parseOrThrow } from "@/lib/validations/events";
import { roleChangeSchema } from "@/lib/validations/users";

export const POST = authedApiRoute<{ user_id: string }>(
  async (request, params, caller) => {
    const userId = parseId("user_id", params.user_id);
    const { role } = parseOrThrow(roleChangeSchema, await readJson(request));
    const user = await changeUserRole({ actorId: caller.userId, userId, role });
    return Response.json({ user: toUserJson(user) }, { headers: { "Cache-Control": "no-store" } });
  },
  { roles: ["admin"] },
);

// Every other method: 405 with the JSON error and an Allow header (lib/http/method-not-allowed.ts).
export const { GET, HEAD, PUT, PATCH, DELETE, OPTIONS } = methodNotAllowed(["POST"]);
