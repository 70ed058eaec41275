// POST /api/events/ticket/confirm: the spec's confirm. payment_info names the Stripe payment; the
// server checks it with Stripe (lib/payments/confirm-payment.ts) and never trusts the rest.
import { authedApiRoute } from "@/lib/http/authed-api-route";
import { readJson } from "@/lib/http/api-route";
import { confirmPayment } from "@/lib/payments/confirm-payment";
import { parseConfirmBody } from "@/lib/validations/payments";
import { methodNotAllowed } from "@/lib/http/method-not-allowed";

export const POST = authedApiRoute(async (request, _params, caller) => {
  const body = parseConfirmBody(await readJson(request));
  const result = await confirmPayment({ userId: caller.userId, ticketIds: body.ticket_ids, paymentInfo: body.payment_info });
  return Response.json(result, { headers: { "Cache-Control": "no-store" } });
}, { rateLimit: "confirm" });

// Every other method: 405 with the JSON error and an Allow header (lib/http/method-not-allowed.ts).
export const { GET, HEAD, PUT, PATCH, DELETE, OPTIONS } = methodNotAllowed(["POST"]);
