// GET /api/admin/events/:event_id/sales/orders.csv: the event's orders as CSV, streamed
// (lib/admin/sales-export.ts; escaping and formula defusing in lib/admin/csv.ts).
import { exportEventCsv } from "@/lib/admin/sales-export";
import { authedApiRoute } from "@/lib/http/authed-api-route";
import { methodNotAllowed } from "@/lib/http/method-not-allowed";
import { parseId } from "@/lib/validations/events";

export const GET = authedApiRoute<{ event_id: string }>(
  async (_request, params, caller) => {
    const eventId = parseId("event_id", params.event_id);
    const body = await exportEventCsv(caller, eventId, "orders");
    return new Response(body, {
      headers: {
        "Content-Type": "text/csv; charset=utf-8",
        "Content-Disposition": `attachment; filename="event-${eventId}-orders.csv"`,
        "Cache-Control": "private, no-store",
      },
    });
  },
  { roles: ["admin", "venue_admin"] },
);

export const { POST, PUT, PATCH, DELETE, OPTIONS } = methodNotAllowed(["GET"]);
