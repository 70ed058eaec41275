// Helpers for tests that drive the emulator with the real SDK (used by this package's *.test.ts and
// usable by the app's tests): an emulator on a free port, a Stripe client pointed at it, and a
// webhook target that verifies every delivery with the SDK and records the events.
import Stripe from "stripe";
import { startStripeEmulator, type StripeEmulator, type StripeEmulatorOptions } from "./server";

export const TEST_WEBHOOK_SECRET = "whsec_openseat_emulator_test";
export const TEST_SECRET_KEY = "sk_test_openseat_emulator";

export interface ReceivedWebhook {
  event: Stripe.Event;
  rawBody: string;
  signature: string;
}

export interface TestEmulator {
  emulator: StripeEmulator;
  stripe: Stripe;
  /** Verified deliveries, in arrival order (duplicates included). */
  received: ReceivedWebhook[];
  /** The function target (verifies with constructEvent, answers `respond()`). */
  target: (request: Request) => Promise<Response>;
  /** What the target answers; default 200. */
  respond: (status: number) => void;
}

export function stripeClientFor(emulator: { port: number }, key = TEST_SECRET_KEY): Stripe {
  return new Stripe(key, { host: "127.0.0.1", port: emulator.port, protocol: "http", maxNetworkRetries: 0 });
}

export async function startTestEmulator(options: Partial<StripeEmulatorOptions> = {}): Promise<TestEmulator> {
  const received: ReceivedWebhook[] = [];
  let status = 200;
  const secret = options.webhookSecret ?? TEST_WEBHOOK_SECRET;
  const target = async (request: Request): Promise<Response> => {
    const rawBody = await request.text();
    const signature = request.headers.get("stripe-signature") ?? "";
    const event = Stripe.webhooks.constructEvent(rawBody, signature, secret);
    received.push({ event, rawBody, signature });
    return new Response(status === 200 ? "ok" : "failing on purpose", { status });
  };
  const emulator = await startStripeEmulator({
    port: 0,
    webhookSecret: secret,
    webhookTarget: target,
    retryDelaysMs: [20, 40, 80],
    ...options,
  });
  return { emulator, stripe: stripeClientFor(emulator), received, target, respond: (s) => (status = s) };
}

/** Params for a typical OpenSeat checkout: two tickets at 25.00 EUR, expiring in an hour. */
export function sessionParams(now: number, overrides: Partial<Stripe.Checkout.SessionCreateParams> = {}): Stripe.Checkout.SessionCreateParams {
  return {
    mode: "payment",
    line_items: [
      {
        price_data: { currency: "eur", unit_amount: 2500, product_data: { name: "Standing · General admission", description: "Event 7" } },
        quantity: 2,
      },
    ],
    success_url: "http://localhost:3000/checkout/success?session_id={CHECKOUT_SESSION_ID}",
    cancel_url: "http://localhost:3000/checkout/cancel",
    client_reference_id: "reservation-5",
    customer_email: "fan@example.com",
    metadata: { reservation_id: "5" },
    payment_intent_data: { metadata: { reservation_id: "5" } },
    expires_at: now + 3600,
    ...overrides,
  };
}
