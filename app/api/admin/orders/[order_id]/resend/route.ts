// POST /api/admin/orders/:order_id/resend: mails the buyer their e-tickets again (the order
// confirmation, through the notifications outbox); clicks within a minute send one mail
// (lib/admin/orders.ts resendOrderTickets).
import { resendOrderTickets } from "@/lib/admin/orders";
import { authedApiRoute } from "@/lib/http/authed-api-route";
import { methodNotAllowed } from "@/lib/http/method-not-allowed";
import { parseId } from "@/lib/validations/events";

export const POST = authedApiRoute<{ order_id: string }>(
  async (_request, params, caller) => {
    const orderId = parseId("order_id", params.order_id);
    const result = await resendOrderTickets(caller, orderId);
    return Response.json(result, { status: result.queued ? 202 : 200, headers: { "Cache-Control": "no-store" } });
  },
  { roles: ["admin", "venue_admin"] },
);

export const { GET, HEAD, PUT, PATCH, DELETE, OPTIONS } = methodNotAllowed(["POST"]);
