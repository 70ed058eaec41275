// The project's Stripe emulator for API tests, in this process: the real `stripe` SDK of the app
// is pointed at it (STRIPE_API_URL), and its webhooks are delivered straight to the app's route
// handler, signed like Stripe's, so tests see the whole loop without a network or a server.
import { POST as webhookRoute } from "@/app/api/webhooks/stripe/route";
import { startStripeEmulator, type StripeEmulator } from "@openseat/stripe-emulator";

export const TEST_WEBHOOK_SECRET = "whsec_openseat_test_secret";
export const TEST_STRIPE_KEY = "sk_test_openseat_tests";

/** Starts an emulator and points the app at it; call the result's close() in afterAll. */
export async function startTestStripe(): Promise<StripeEmulator> {
  const emulator = await startStripeEmulator({
    port: 0,
    webhookSecret: TEST_WEBHOOK_SECRET,
    webhookTarget: (request: Request) => webhookRoute(request, { params: Promise.resolve({}) } as never),
    retryDelaysMs: [50, 100, 200, 400],
    log: () => {},
  });
  process.env.STRIPE_API_URL = emulator.url;
  process.env.STRIPE_SECRET_KEY = TEST_STRIPE_KEY;
  process.env.STRIPE_WEBHOOK_SECRET = TEST_WEBHOOK_SECRET;
  return emulator;
}
