// Stripe webhooks (/api/webhooks/stripe). The signature is verified on the raw body with
// STRIPE_WEBHOOK_SECRET; then each handler re-reads the object from Stripe and acts on that, never
// on the event's snapshot, so a stale, duplicated, replayed or out-of-order delivery does the same
// thing as the first: settlement is keyed by the session id (confirm-payment.ts), releases are
// conditional on the hold still being active under that session, refunds are recorded by id. A
// declined card ends nothing (the fan may try another card on the same session).
import type Stripe from "stripe";
import { getDb } from "@/lib/db";
import { AppError, isAppError } from "@/lib/errors/app-error";
import { logger } from "@/lib/log/logger";
import { releaseReservation } from "@/lib/inventory/released-seats";
import { retrieveCheckoutSession, sessionBinding, settleCheckoutSession } from "./confirm-payment";
import { cancelIssuedItems } from "./cancel-confirmed-tickets";
import { recordRefund } from "./refunds";
import { getStripe, getWebhookSecret, isStripeMissing, isStripeUnavailable } from "./stripe-client";

const log = logger("payments");

export type WebhookOutcome = { received: true; event_id: string; type: string; result: string };

/** Verifies and parses a delivery; throws invalid_signature (400) when it does not verify. */
export function verifyStripeEvent(rawBody: string, signature: string | null): Stripe.Event {
  const secret = getWebhookSecret();
  if (!signature) throw new AppError("invalid_signature", "Missing Stripe-Signature header");
  try {
    return getStripe().webhooks.constructEvent(rawBody, signature, secret);
  } catch {
    throw new AppError("invalid_signature", "The Stripe-Signature header does not verify for this payload");
  }
}

export async function handleStripeWebhook(rawBody: string, signature: string | null): Promise<WebhookOutcome> {
  const event = verifyStripeEvent(rawBody, signature);
  const db = getDb();
  await db.$executeRaw`
    INSERT INTO webhook_event (id, type) VALUES (${event.id}, ${event.type})
    ON CONFLICT (id) DO UPDATE SET attempts = webhook_event.attempts + 1`;
  try {
    const result = await dispatch(event);
    await db.webhookEvent.update({ where: { id: event.id }, data: { processedAt: new Date(), lastError: null } });
    return { received: true, event_id: event.id, type: event.type, result };
  } catch (e) {
    await db.webhookEvent.update({ where: { id: event.id }, data: { lastError: String((e as Error).message).slice(0, 500) } }).catch(() => undefined);
    // Stripe unreachable while we re-read the object is expected, not a bug: a coded 503 (not
    // logged as a crash), and Stripe delivers the event again later.
    if (!isAppError(e) && isStripeUnavailable(e)) {
      log.warn(`event ${event.id} (${event.type}) not handled, Stripe will deliver it again: ${(e as Error).message}`);
      throw new AppError("unavailable", "The payment service is unavailable; deliver this event again later", { retryAfterSeconds: 5 });
    }
    throw e;
  }
}

async function dispatch(event: Stripe.Event): Promise<string> {
  switch (event.type) {
    case "checkout.session.completed":
    case "checkout.session.async_payment_succeeded":
      return onSessionPaid(event.data.object.id);
    case "checkout.session.expired":
    case "checkout.session.async_payment_failed":
      return onSessionFailed(event.data.object.id);
    case "payment_intent.payment_failed":
      return onPaymentFailed(event.data.object.id);
    case "charge.refunded":
      return onChargeRefunded(event.data.object.id);
    default:
      return "ignored";
  }
}

async function onSessionPaid(sessionId: string): Promise<string> {
  const outcome = await settleCheckoutSession(sessionId);
  if (outcome.kind === "not_ours") return "not ours";
  if (outcome.kind === "not_paid") return `not paid yet (${outcome.session.payment_status})`;
  return `settled: payment ${outcome.result.order_id}, ${outcome.result.confirmed_tickets.length} ticket(s) confirmed, ${outcome.result.refunded_tickets.length} refunded`;
}

/** Expired, or an async payment failed: give the hold back now, if it is still on this session. */
async function onSessionFailed(sessionId: string): Promise<string> {
  const session = await retrieveCheckoutSession(sessionId);
  const binding = sessionBinding(session);
  if (!binding) return "not ours";
  const failed = session.status === "expired" || (session.status === "complete" && session.payment_status === "unpaid");
  if (!failed) return `not failed (${session.status}/${session.payment_status})`;
  const released = await releaseReservation({ reservationId: binding.reservationId, checkoutSessionId: session.id });
  return released.released ? `hold ${binding.reservationId} released (${released.ticketIds.length} seat(s))` : "hold already ended";
}

/**
 * A declined card ends nothing. As on Stripe, the Checkout Session stays open after a declined
 * attempt (its PaymentIntent goes back to `requires_payment_method`) and the hosted page asks for
 * another card: the fan keeps the hold and may retry until the hold ends (the sweeper closes the
 * session first, close-checkout.ts), they release it, or the session expires
 * (`checkout.session.expired`, handled above). Releasing here would give away seats the fan is
 * about to pay for. The event is recorded (webhook_event) and answered with what was seen.
 */
async function onPaymentFailed(paymentIntentId: string): Promise<string> {
  let pi: Stripe.PaymentIntent;
  try {
    pi = await getStripe().paymentIntents.retrieve(paymentIntentId);
  } catch (e) {
    if (isStripeMissing(e)) return "unknown payment intent";
    throw e;
  }
  const reservationId = Number(pi.metadata?.reservation_id);
  if (!Number.isSafeInteger(reservationId)) return "not ours";
  return `attempt declined (${pi.last_payment_error?.decline_code ?? pi.last_payment_error?.code ?? pi.status}); hold ${reservationId} kept, the fan may try another card`;
}

/** A refund made anywhere (us, the Stripe dashboard): record it; a full one cancels what is still issued. */
async function onChargeRefunded(chargeId: string): Promise<string> {
  const stripe = getStripe();
  const charge = await stripe.charges.retrieve(chargeId);
  const piId = typeof charge.payment_intent === "string" ? charge.payment_intent : charge.payment_intent?.id;
  if (!piId) return "no payment intent";
  const payment = await getDb().payment.findUnique({ where: { transactionId: piId }, select: { id: true } });
  if (!payment) return "unknown payment";
  const refunds = await stripe.refunds.list({ payment_intent: piId, limit: 100 });
  const known = new Set((await getDb().refund.findMany({ where: { paymentId: payment.id }, select: { stripeRefundId: true } })).map((r) => r.stripeRefundId));
  let recorded = 0;
  for (const refund of refunds.data) {
    if (known.has(refund.id)) continue;
    await recordRefund(payment.id, refund, "Refunded at the payment service", []);
    recorded++;
  }
  let cancelled = 0;
  if (charge.refunded) cancelled = await cancelIssuedItems(payment.id, "Refunded at the payment service");
  return `recorded ${recorded} refund(s), cancelled ${cancelled} ticket(s)`;
}
