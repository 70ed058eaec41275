// POST /api/checkout {reservation_id}: opens (or reuses) the Stripe Checkout Session of the
// caller's hold and answers where to send the browser.
import { authedApiRoute } from "@/lib/http/authed-api-route";
import { readJson } from "@/lib/http/api-route";
import { publicOrigin } from "@/lib/http/public-origin";
import { startCheckout } from "@/lib/payments/start-checkout";
import { parseCheckoutBody } from "@/lib/validations/payments";
import { methodNotAllowed } from "@/lib/http/method-not-allowed";

export const POST = authedApiRoute(async (request, _params, caller) => {
  const body = parseCheckoutBody(await readJson(request));
  const started = await startCheckout({ userId: caller.userId, reservationId: body.reservation_id, baseUrl: publicOrigin(request) });
  return Response.json(started, { headers: { "Cache-Control": "no-store" } });
}, { rateLimit: "checkout" });

// Every other method: 405 with the JSON error and an Allow header (lib/http/method-not-allowed.ts).
export const { GET, HEAD, PUT, PATCH, DELETE, OPTIONS } = methodNotAllowed(["POST"]);
