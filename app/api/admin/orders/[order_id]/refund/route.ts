// POST /api/admin/orders/:order_id/refund {order_item_ids?, amount?, reason} with an optional
// Idempotency-Key header (required for an amount): refunds the whole order, some tickets, or an
// amount, once however often it is sent (lib/admin/refund-order.ts).
import { refundOrder } from "@/lib/admin/refund-order";
import { readJson } from "@/lib/http/api-route";
import { authedApiRoute } from "@/lib/http/authed-api-route";
import { methodNotAllowed } from "@/lib/http/method-not-allowed";
import { parseIdempotencyKey, parseRefundBody } from "@/lib/validations/admin-orders";
import { parseId } from "@/lib/validations/events";

export const POST = authedApiRoute<{ order_id: string }>(
  async (request, params, caller) => {
    const orderId = parseId("order_id", params.order_id);
    const idempotencyKey = parseIdempotencyKey(request.headers);
    const body = parseRefundBody(await readJson(request));
    const result = await refundOrder({ caller, orderId, orderItemIds: body.order_item_ids, amount: body.amount, reason: body.reason, idempotencyKey });
    return Response.json(result, { headers: { "Cache-Control": "no-store" } });
  },
  { roles: ["admin", "venue_admin"] },
);

export const { GET, HEAD, PUT, PATCH, DELETE, OPTIONS } = methodNotAllowed(["POST"]);
