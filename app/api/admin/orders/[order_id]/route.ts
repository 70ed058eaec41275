// GET /api/admin/orders/:order_id: one order (a payment) with its tickets, payment, refunds and
// check-ins, for the organizers of its event's venue and admins.
import { getOrder } from "@/lib/admin/orders";
import { authedApiRoute } from "@/lib/http/authed-api-route";
import { methodNotAllowed } from "@/lib/http/method-not-allowed";
import { parseId } from "@/lib/validations/events";

export const GET = authedApiRoute<{ order_id: string }>(
  async (_request, params, caller) => {
    const order = await getOrder(caller, parseId("order_id", params.order_id));
    return Response.json(order, { headers: { "Cache-Control": "private, no-store" } });
  },
  { roles: ["admin", "venue_admin"] },
);

export const { POST, PUT, PATCH, DELETE, OPTIONS } = methodNotAllowed(["GET"]);
