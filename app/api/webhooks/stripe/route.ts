// POST /api/webhooks/stripe: Stripe's event deliveries. The raw body is verified against the
// Stripe-Signature header (400 when it does not verify); a handler failure answers 5xx so Stripe
// delivers again. See lib/payments/webhooks.ts.
// Stripe posts `application/json; charset=utf-8` (so does packages/stripe-emulator/src/webhooks.ts); anything
// else is a 415. The body is read through the bounded reader: at most MAX_WEBHOOK_BYTES, then 413,
// before a byte of an oversized upload is buffered (the route needs no sign-in, so it must not let
// anyone make it hold megabytes).
import { apiRoute } from "@/lib/http/api-route";
import { methodNotAllowed } from "@/lib/http/method-not-allowed";
import { assertJsonContentType, readBodyText } from "@/lib/http/read-body";
import { handleStripeWebhook } from "@/lib/payments/webhooks";

export const dynamic = "force-dynamic";

// Stripe's largest events (a Checkout Session with its line items expanded) are tens of KB.
const MAX_WEBHOOK_BYTES = 512 * 1024;

export const POST = apiRoute(async (request) => {
  assertJsonContentType(request);
  const raw = await readBodyText(request, MAX_WEBHOOK_BYTES);
  const outcome = await handleStripeWebhook(raw, request.headers.get("stripe-signature"));
  return Response.json(outcome, { headers: { "Cache-Control": "no-store" } });
});

export const { GET, HEAD, PUT, PATCH, DELETE, OPTIONS } = methodNotAllowed(["POST"]);
