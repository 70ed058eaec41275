// The one Stripe client of the app, configured from the environment:
//   STRIPE_SECRET_KEY      sk_test_… / sk_live_… (required for payments)
//   STRIPE_WEBHOOK_SECRET  whsec_… (required for /api/webhooks/stripe)
//   STRIPE_API_URL         optional, e.g. http://127.0.0.1:12111: send every API call to a
//                          Stripe-compatible server (the project's emulator) instead of Stripe.
// Without STRIPE_API_URL the real SDK talks to api.stripe.com as usual.
import Stripe from "stripe";
import { setting, type Env } from "@/lib/config/env";
import { AppError } from "@/lib/errors/app-error";
import { logger } from "@/lib/log/logger";

const log = logger("payments");

export type StripeConfig = { secretKey: string; apiUrl: string | null };

const globalForStripe = globalThis as unknown as { __openseatStripe?: { key: string; client: Stripe } };

/** The configuration in the environment, or null when payments are not configured. */
export function stripeConfigFromEnv(env: Env = process.env): StripeConfig | null {
  const secretKey = setting("STRIPE_SECRET_KEY", env);
  if (!secretKey) return null;
  return { secretKey, apiUrl: setting("STRIPE_API_URL", env) ?? null };
}

function createClient(config: StripeConfig): Stripe {
  const options: ConstructorParameters<typeof Stripe>[1] = {
    // Retries reuse the same idempotency key, so a retried create is never a second session.
    maxNetworkRetries: 2,
    timeout: 15_000,
    appInfo: { name: "OpenSeat" },
  };
  if (config.apiUrl) {
    const url = new URL(config.apiUrl);
    options.host = url.hostname;
    options.port = url.port ? Number(url.port) : url.protocol === "https:" ? 443 : 80;
    options.protocol = url.protocol === "https:" ? "https" : "http";
  }
  return new Stripe(config.secretKey, options);
}

/** The Stripe client; throws a 503 AppError when STRIPE_SECRET_KEY is not set. */
export function getStripe(): Stripe {
  const config = stripeConfigFromEnv();
  if (!config) throw new AppError("unavailable", "Payments are not configured on this server (STRIPE_SECRET_KEY is not set)");
  const key = `${config.secretKey}|${config.apiUrl ?? ""}`;
  const cached = globalForStripe.__openseatStripe;
  if (cached?.key === key) return cached.client;
  const client = createClient(config);
  globalForStripe.__openseatStripe = { key, client };
  return client;
}

/** The webhook signing secret; throws a 503 AppError when it is not set. */
export function getWebhookSecret(): string {
  const secret = setting("STRIPE_WEBHOOK_SECRET");
  if (!secret) throw new AppError("unavailable", "Stripe webhooks are not configured on this server (STRIPE_WEBHOOK_SECRET is not set)");
  return secret;
}

/** True when the error is Stripe's "No such …" for an id that does not exist. */
export function isStripeMissing(error: unknown): boolean {
  const e = error as { type?: string; code?: string; statusCode?: number } | null;
  return e?.code === "resource_missing" || (e?.type === "StripeInvalidRequestError" && e.statusCode === 404);
}

/** True when Stripe could not be reached or failed on its side (worth a retry later). */
export function isStripeUnavailable(error: unknown): boolean {
  const e = error as { type?: string; statusCode?: number } | null;
  return e?.type === "StripeConnectionError" || e?.type === "StripeAPIError" || (typeof e?.statusCode === "number" && e.statusCode >= 500);
}

/** Maps a Stripe SDK failure to an AppError the API can answer with (never a 500 for Stripe being down). */
export function toPaymentServiceError(error: unknown, what: string): AppError {
  if (error instanceof AppError) return error;
  if (isStripeMissing(error)) return new AppError("not_found", `${what}: no such payment at the payment service`);
  if (isStripeUnavailable(error)) return new AppError("unavailable", `${what}: the payment service is unavailable, please retry shortly`, { retryAfterSeconds: 5 });
  const message = (error as Error)?.message ?? String(error);
  log.error(`${what}: ${message}`);
  return new AppError("unavailable", `${what}: the payment service refused the request`, { retryAfterSeconds: 5 });
}
