// POST /api/webhooks/stripe: Stripe's event deliveries. The raw body is verified against the
// Stripe-Signature header (400 when it does not verify); a handler failure answers 5xx so Stripe
// delivers again. See lib/payments/webhooks.ts.
import { apiRoute } from "@/lib/http/api-route";
import { AppError } from "@/lib/errors/app-error";
import { handleStripeWebhook } from "@/lib/payments/webhooks";

export const dynamic = "force-dynamic";

const MAX_WEBHOOK_BYTES = 512 * 1024;

export const POST = apiRoute(async (request) => {
  if (Number(request.headers.get("content-length") ?? 0) > MAX_WEBHOOK_BYTES) throw new AppError("bad_request", "Webhook payload too large");
  const raw = await request.text();
  if (raw.length > MAX_WEBHOOK_BYTES) throw new AppError("bad_request", "Webhook payload too large");
  const outcome = await handleStripeWebhook(raw, request.headers.get("stripe-signature"));
  return Response.json(outcome, { headers: { "Cache-Control": "no-store" } });
});
