// GET /api/admin/users?q=&role=&page=&size=: the user directory with each user's venues, admins
// only (403 for everyone else); q matches a username or email (part of it) or a user id.
import { searchUsers } from "@/lib/admin/users";
import { authedApiRoute } from "@/lib/http/authed-api-route";
import { parseUserSearch } from "@/lib/validations/admin-orders";
import { methodNotAllowed } from "@/lib/http/method-not-allowed";

export const GET = authedApiRoute(
  async (request, _params, caller) => {
    const query = parseUserSearch(new URL(request.url).searchParams);
    const result = await searchUsers(caller, query);
    return Response.json(result, { headers: { "Cache-Control": "private, no-store" } });
  },
  { roles: ["admin"] },
);

// Every other method: 405 with the JSON error and an Allow header (lib/http/method-not-allowed.ts).
export const { POST, PUT, PATCH, DELETE, OPTIONS } = methodNotAllowed(["GET"]);
