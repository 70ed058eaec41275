// GET /api/admin/users?page=&size=: the user directory, admins only (403 for everyone else).
import { toUserJson } from "@/lib/auth/public-user";
import { authedApiRoute } from "@/lib/http/authed-api-route";
import { listUsers } from "@/lib/users/list-users";
import { parsePageQuery } from "@/lib/validations/users";
import { methodNotAllowed } from "@/lib/http/method-not-allowed";

export const GET = authedApiRoute(
  async (request) => {
    const { page, size } = parsePageQuery(new URL(request.url).searchParams);
    const result = await listUsers({ page, size });
    return Response.json(
      { users: result.users.map(toUserJson), page: result.page, size: result.size, total: result.total },
      { headers: { "Cache-Control": "private, no-store" } },
    );
  },
  { roles: ["admin"] },
);

// Every other method: 405 with the JSON error and an Allow header (lib/http/method-not-allowed.ts).
export const { POST, PUT, PATCH, DELETE, OPTIONS } = methodNotAllowed(["GET"]);
