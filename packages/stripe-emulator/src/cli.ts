// `npm run stripe:emulator`: the Stripe emulator on its own, configured by the environment:
//   STRIPE_EMULATOR_PORT         default 12111 (0 = any free port)
//   STRIPE_EMULATOR_HOST         default 127.0.0.1
//   STRIPE_EMULATOR_PUBLIC_URL   base of the hosted checkout URLs; default http://localhost:<port>
//   STRIPE_WEBHOOK_SECRET        the signing secret the app verifies with (a dev default is printed if unset)
//   STRIPE_EMULATOR_WEBHOOK_URL  where to POST events, e.g. http://localhost:3000/api/webhooks/stripe
//   STRIPE_EMULATOR_STATE_FILE   optional JSON file to keep sessions across restarts
//   STRIPE_EMULATOR_QUIET=1      no request log
import { startStripeEmulator } from "./server";

const DEV_WEBHOOK_SECRET = "whsec_openseat_emulator_dev_secret";

async function main(): Promise<void> {
  const env = process.env;
  const port = Number(env.STRIPE_EMULATOR_PORT ?? 12111);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`STRIPE_EMULATOR_PORT is not a port: ${env.STRIPE_EMULATOR_PORT}`);
  const secretFromEnv = env.STRIPE_WEBHOOK_SECRET?.trim();
  const webhookSecret = secretFromEnv || DEV_WEBHOOK_SECRET;
  const webhookUrl = env.STRIPE_EMULATOR_WEBHOOK_URL?.trim() || undefined;
  const quiet = env.STRIPE_EMULATOR_QUIET === "1";

  const emulator = await startStripeEmulator({
    port,
    host: env.STRIPE_EMULATOR_HOST?.trim() || undefined,
    publicUrl: env.STRIPE_EMULATOR_PUBLIC_URL?.trim() || undefined,
    webhookSecret,
    webhookTarget: webhookUrl,
    stateFile: env.STRIPE_EMULATOR_STATE_FILE?.trim() || undefined,
    log: quiet ? undefined : (line) => console.info(`[stripe-emulator] ${line}`),
  });

  console.info(
    [
      "",
      `OpenSeat Stripe test emulator on ${emulator.url} (hosted checkout at ${emulator.publicUrl}/c/pay/…)`,
      "",
      "Point the app at it:",
      `  STRIPE_API_URL=${emulator.url}`,
      "  STRIPE_SECRET_KEY=sk_test_openseat_emulator   (any sk_test_… key is accepted)",
      `  STRIPE_WEBHOOK_SECRET=${webhookSecret}`,
      "",
      secretFromEnv ? "Webhook secret: from STRIPE_WEBHOOK_SECRET." : `Webhook secret: STRIPE_WEBHOOK_SECRET is not set, so the dev default above is used.`,
      webhookUrl
        ? `Webhooks: POSTed to ${webhookUrl}`
        : "Webhooks: none sent (set STRIPE_EMULATOR_WEBHOOK_URL, e.g. http://localhost:3000/api/webhooks/stripe, or POST /_emulator/webhooks/target {\"url\": …}).",
      "Test cards: 4242 4242 4242 4242 pays; 4000 0000 0000 0002 is declined; 4000 0000 0000 9995 has insufficient funds.",
      "",
    ].join("\n"),
  );

  const stop = (signal: string) => {
    console.info(`[stripe-emulator] ${signal}: stopping`);
    emulator.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.once("SIGINT", () => stop("SIGINT"));
  process.once("SIGTERM", () => stop("SIGTERM"));
}

main().catch((error: unknown) => {
  console.error(`[stripe-emulator] ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
