// GET /api/admin/events/:event_id/sales/check-ins: valid tickets and check-ins so far, for the door
// scanner's live count (door staff of the venue, its organizers, admins).
import { getCheckInCounts } from "@/lib/admin/scanner";
import { authedApiRoute } from "@/lib/http/authed-api-route";
import { methodNotAllowed } from "@/lib/http/method-not-allowed";
import { parseId } from "@/lib/validations/events";

export const GET = authedApiRoute<{ event_id: string }>(
  async (_request, params, caller) => {
    const counts = await getCheckInCounts(caller, parseId("event_id", params.event_id));
    return Response.json(counts, { headers: { "Cache-Control": "private, no-store" } });
  },
  { roles: ["admin", "venue_admin", "door_staff"] },
);

export const { POST, PUT, PATCH, DELETE, OPTIONS } = methodNotAllowed(["GET"]);
