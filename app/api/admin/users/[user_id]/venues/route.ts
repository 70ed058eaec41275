// POST /api/admin/users/:user_id/venues {venue_id, as}: make the user venue_admin or door_staff of a
// venue; DELETE with the same body revokes it (lib/admin/users.ts). Admins only; audited.
import { grantVenue, revokeVenue } from "@/lib/admin/users";
import { readJson } from "@/lib/http/api-route";
import { authedApiRoute } from "@/lib/http/authed-api-route";
import { methodNotAllowed } from "@/lib/http/method-not-allowed";
import { parseVenueGrant } from "@/lib/validations/admin-orders";
import { parseId } from "@/lib/validations/events";

const handle = (change: typeof grantVenue) =>
  authedApiRoute<{ user_id: string }>(
    async (request, params, caller) => {
      const userId = parseId("user_id", params.user_id);
      const body = parseVenueGrant(await readJson(request));
      const result = await change({ caller, userId, venueId: body.venue_id, as: body.as });
      return Response.json(result, { headers: { "Cache-Control": "no-store" } });
    },
    { roles: ["admin"] },
  );

export const POST = handle(grantVenue);
export const DELETE = handle(revokeVenue);

export const { GET, HEAD, PUT, PATCH, OPTIONS } = methodNotAllowed(["POST", "DELETE"]);
