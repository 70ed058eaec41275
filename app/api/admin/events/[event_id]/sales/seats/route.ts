// GET /api/admin/events/:event_id/sales/seats: every seat's position and status (free, held, sold,
// other) for the dashboard's seat map, cached like the figures (1 s).
import { getSeatStatusMap } from "@/lib/admin/sales";
import { authedApiRoute } from "@/lib/http/authed-api-route";
import { methodNotAllowed } from "@/lib/http/method-not-allowed";
import { parseId } from "@/lib/validations/events";

export const GET = authedApiRoute<{ event_id: string }>(
  async (_request, params, caller) => {
    const map = await getSeatStatusMap(caller, parseId("event_id", params.event_id));
    return Response.json(map, { headers: { "Cache-Control": "private, no-store" } });
  },
  { roles: ["admin", "venue_admin"] },
);

export const { POST, PUT, PATCH, DELETE, OPTIONS } = methodNotAllowed(["GET"]);
