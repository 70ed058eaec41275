// GET /api/admin/events/:event_id/sales: the event's live sales figures (lib/admin/sales.ts), for
// the organizers of its venue and admins; computed at most once a second per event, whoever asks.
import { getEventSales } from "@/lib/admin/sales";
import { authedApiRoute } from "@/lib/http/authed-api-route";
import { methodNotAllowed } from "@/lib/http/method-not-allowed";
import { parseId } from "@/lib/validations/events";

export const GET = authedApiRoute<{ event_id: string }>(
  async (_request, params, caller) => {
    const sales = await getEventSales(caller, parseId("event_id", params.event_id));
    return Response.json(sales, { headers: { "Cache-Control": "private, no-store" } });
  },
  { roles: ["admin", "venue_admin"] },
);

export const { POST, PUT, PATCH, DELETE, OPTIONS } = methodNotAllowed(["GET"]);
