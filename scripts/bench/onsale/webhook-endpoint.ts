// The app's webhook endpoint as Stripe would be configured for it: subscribed to the six events the
// app handles (README, "Payments"), so every other event (payment_intent.created, charge.succeeded,
// ...) is answered 200 here and never reaches the app. Stripe sends an endpoint only its enabled
// events; the emulator sends every event to its one target, which would cost the app a signature
// check and two writes for each of three extra events per payment. The raw body and the
// Stripe-Signature header are passed through untouched, so the app verifies exactly what the
// emulator signed.
import type { WebhookTarget } from "@openseat/stripe-emulator";

export const SUBSCRIBED_EVENTS = new Set([
  "checkout.session.completed",
  "checkout.session.async_payment_succeeded",
  "checkout.session.async_payment_failed",
  "checkout.session.expired",
  "payment_intent.payment_failed",
  "charge.refunded",
]);

export type WebhookEndpoint = { target: WebhookTarget; stats: { forwarded: number; notSubscribed: number } };

export function subscribedWebhookEndpoint(appWebhookUrl: string): WebhookEndpoint {
  const stats = { forwarded: 0, notSubscribed: 0 };
  const target = async (request: Request): Promise<Response> => {
    const body = await request.text();
    let type = "";
    try {
      type = String((JSON.parse(body) as { type?: unknown }).type ?? "");
    } catch {
      // not JSON: pass it on, the app answers 400
    }
    if (type && !SUBSCRIBED_EVENTS.has(type)) {
      stats.notSubscribed++;
      return new Response(null, { status: 200 });
    }
    stats.forwarded++;
    // A refused connection throws: the emulator counts it as a failed delivery and retries.
    const answer = await fetch(appWebhookUrl, {
      method: "POST",
      headers: { "content-type": request.headers.get("content-type") ?? "application/json", "stripe-signature": request.headers.get("stripe-signature") ?? "" },
      body,
    });
    return new Response(await answer.text(), { status: answer.status });
  };
  return { target, stats };
}
