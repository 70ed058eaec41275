// `npm run demo`: the app with demo data on one machine.
//
// With DATABASE_URL set it uses that PostgreSQL server; without it, it starts the embedded
// PostgreSQL (PGlite, data kept in .data/pglite) inside this process and serves it over the wire
// protocol, so the Next.js server connects to it like to any PostgreSQL. Then it applies the
// migrations, seeds demo data when the database has no events (or with --reseed), builds the app
// when no production build exists, and runs the production server entry (scripts/server.mjs, what
// `npm start` runs: it tells the app each client's real address, for the per-IP limits).
//
// Payments: with a real STRIPE_SECRET_KEY in the environment (and no STRIPE_API_URL) the app talks
// to Stripe itself. Otherwise this process also runs the project's Stripe emulator
// (@openseat/stripe-emulator in packages/stripe-emulator, port $STRIPE_EMULATOR_PORT or 12111, state in .data/stripe-emulator.json) and
// points the app at it, with a webhook signing secret kept in .data/stripe-webhook-secret; the
// emulator's hosted checkout page takes Stripe's test cards and sends signed webhooks to the app.
//
// Flags: --port N (default $PORT or 3000), --reseed (also forgets the emulator's payments),
// --memory (the embedded database and the Stripe emulator keep nothing on disk; the emulator
// takes a free port; for tests), --no-build (fail instead of building), --dev (next dev
// instead of the production server; client addresses are then unknown).
import webpush from "web-push";
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import pg from "pg";
import { startEmbeddedPostgres } from "@/lib/db/embedded-postgres";
import { applyMigrations } from "@/lib/db/migrations";
import { describeDatabaseUrl } from "@/lib/db";

const root = path.resolve(import.meta.dirname, "..");
const bin = (name: string) => path.join(root, "node_modules/.bin", name);

const { values: flags } = parseArgs({
  options: {
    port: { type: "string" },
    reseed: { type: "boolean", default: false },
    memory: { type: "boolean", default: false },
    "no-build": { type: "boolean", default: false },
    dev: { type: "boolean", default: false },
  },
});

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: root, env, stdio: "inherit" });
    child.on("error", reject);
    child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`${path.basename(cmd)} ${args.join(" ")} exited with ${code}`))));
  });
}

async function countEvents(url: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ n: string }>("SELECT count(*)::text AS n FROM event");
    return Number(rows[0]?.n ?? 0);
  } finally {
    await client.end();
  }
}

/** The demo's AUTH_SECRET: random, made once and kept in .data/auth-secret so sessions survive restarts. */
function demoAuthSecret(): string {
  const file = path.join(root, ".data/auth-secret");
  if (existsSync(file)) {
    const saved = readFileSync(file, "utf8").trim();
    if (saved.length >= 32) return saved;
  }
  mkdirSync(path.dirname(file), { recursive: true });
  const secret = randomBytes(33).toString("base64");
  writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  console.info(`[demo] auth: generated a random AUTH_SECRET in ${path.relative(root, file)}`);
  return secret;
}

/**
 * The demo's web push identity (VAPID key pair): made once and kept in .data like AUTH_SECRET, so
 * browsers subscribed in an earlier run keep working. Never a production key: set
 * WEB_PUSH_VAPID_PUBLIC_KEY/PRIVATE_KEY there.
 */
function demoVapidKeys(): { publicKey: string; privateKey: string } {
  const file = path.join(root, ".data/vapid.json");
  if (existsSync(file)) {
    const saved = JSON.parse(readFileSync(file, "utf8")) as { publicKey?: unknown; privateKey?: unknown };
    if (typeof saved.publicKey === "string" && typeof saved.privateKey === "string") return { publicKey: saved.publicKey, privateKey: saved.privateKey };
  }
  mkdirSync(path.dirname(file), { recursive: true });
  const keys = webpush.generateVAPIDKeys();
  writeFileSync(file, `${JSON.stringify(keys)}\n`, { mode: 0o600 });
  console.info(`[demo] web push: generated a VAPID key pair in ${path.relative(root, file)}`);
  return keys;
}

/** The demo's Stripe webhook signing secret: like AUTH_SECRET, made once and kept in .data. */
function demoWebhookSecret(): string {
  const file = path.join(root, ".data/stripe-webhook-secret");
  if (existsSync(file)) {
    const saved = readFileSync(file, "utf8").trim();
    if (/^whsec_\w{32,}$/.test(saved)) return saved;
  }
  mkdirSync(path.dirname(file), { recursive: true });
  const secret = `whsec_${randomBytes(24).toString("hex")}`;
  writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  console.info(`[demo] stripe: generated a webhook signing secret in ${path.relative(root, file)}`);
  return secret;
}

/** The key the app uses with the emulator; the emulator accepts any sk_test_ key. */
const EMULATOR_SECRET_KEY = "sk_test_openseat_emulator";
const DEFAULT_EMULATOR_PORT = 12111;

/**
 * Stripe for the app: Stripe itself when the environment has a real secret key and no STRIPE_API_URL,
 * else the emulator, started in this process, with `env` pointed at it. Returns how to stop it.
 */
async function setUpStripe(env: NodeJS.ProcessEnv, appPort: string): Promise<(() => Promise<void>) | undefined> {
  const key = env.STRIPE_SECRET_KEY?.trim();
  if (key && key !== EMULATOR_SECRET_KEY && !env.STRIPE_API_URL?.trim()) {
    const mode = key.startsWith("sk_live_") ? "LIVE mode" : "test mode";
    const webhooks = env.STRIPE_WEBHOOK_SECRET
      ? "webhooks verified with STRIPE_WEBHOOK_SECRET"
      : `no STRIPE_WEBHOOK_SECRET, so webhooks are refused (stripe listen --forward-to localhost:${appPort}/api/webhooks/stripe prints one)`;
    console.info(`[demo] stripe: Stripe itself (api.stripe.com, ${mode}) with STRIPE_SECRET_KEY from the environment; ${webhooks}`);
    return undefined;
  }

  // Loaded only here: with real Stripe the emulator is never imported.
  const { startStripeEmulator } = await import("@openseat/stripe-emulator");
  const webhookSecret = demoWebhookSecret();
  const port = Number(process.env.STRIPE_EMULATOR_PORT ?? (flags.memory ? 0 : DEFAULT_EMULATOR_PORT));
  const stateFile = flags.memory ? undefined : path.join(root, ".data/stripe-emulator.json");
  // Sessions and webhooks of the old data would name reservations the new seed reuses.
  if (stateFile && flags.reseed && existsSync(stateFile)) rmSync(stateFile);
  let emulator: Awaited<ReturnType<typeof startStripeEmulator>>;
  try {
    emulator = await startStripeEmulator({
      port,
      webhookSecret,
      webhookTarget: `http://localhost:${appPort}/api/webhooks/stripe`,
      stateFile,
      log: (line) => console.info(`[stripe-emulator] ${line}`),
    });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EADDRINUSE") {
      throw new Error(`the Stripe emulator's port ${port} is in use (another demo?); set STRIPE_EMULATOR_PORT to another port, or 0 for any free one`);
    }
    throw error;
  }
  env.STRIPE_API_URL = emulator.url;
  env.STRIPE_SECRET_KEY = EMULATOR_SECRET_KEY;
  env.STRIPE_WEBHOOK_SECRET = webhookSecret;
  console.info(
    `[demo] stripe: local Stripe emulator at ${emulator.url} (${stateFile ? `state in ${path.relative(root, stateFile)}` : "in memory"}; card 4242 4242 4242 4242 pays, 4000 0000 0000 0002 is declined); set STRIPE_SECRET_KEY to use Stripe itself`,
  );
  return () => emulator.close();
}

async function main(): Promise<void> {
  const port = flags.port ?? process.env.PORT ?? "3000";
  // OPENSEAT_DEMO=1: the server runs in production mode, but this is the one-machine demo. It still
  // needs a real AUTH_SECRET (production refuses to start without one): a random one, kept in .data.
  const env: NodeJS.ProcessEnv = { ...process.env, NEXT_TELEMETRY_DISABLED: "1", OPENSEAT_DEMO: "1" };
  if (!env.AUTH_SECRET) env.AUTH_SECRET = demoAuthSecret();
  if (!env.WEB_PUSH_VAPID_PUBLIC_KEY || !env.WEB_PUSH_VAPID_PRIVATE_KEY) {
    const vapid = demoVapidKeys();
    env.WEB_PUSH_VAPID_PUBLIC_KEY = vapid.publicKey;
    env.WEB_PUSH_VAPID_PRIVATE_KEY = vapid.privateKey;
  }
  let stopDb: (() => Promise<void>) | undefined;

  if (env.DATABASE_URL) {
    console.info(`[demo] database: PostgreSQL server at ${describeDatabaseUrl(env.DATABASE_URL)}`);
  } else {
    const dataDir = flags.memory ? undefined : path.join(root, ".data/pglite");
    if (dataDir) mkdirSync(dataDir, { recursive: true });
    const embedded = await startEmbeddedPostgres({ dataDir, port: Number(process.env.EMBEDDED_DB_PORT ?? 0) });
    stopDb = embedded.stop;
    env.DATABASE_URL = embedded.url;
    env.OPENSEAT_EMBEDDED_DB = "1";
    console.info(
      `[demo] database: embedded PostgreSQL (PGlite) ${dataDir ? `in ${path.relative(root, dataDir)}` : "in memory"}, served at ${describeDatabaseUrl(embedded.url)}; single-process development default, set DATABASE_URL to use a PostgreSQL server`,
    );
  }
  if (!env.REDIS_URL && !env.UPSTASH_REDIS_REST_URL) {
    console.info("[demo] redis: in-process store (single-process only); set REDIS_URL to use a Redis server");
  }

  const stopStripe = await setUpStripe(env, port);
  // Mails carry absolute links (they are read outside the site): to this demo unless told otherwise.
  env.APP_URL ??= `http://localhost:${port}`;
  const stopMail = await setUpMail(env);

  await applyMigrations(env.DATABASE_URL, { migrationsDir: path.join(root, "prisma/migrations") });
  const events = await countEvents(env.DATABASE_URL);
  if (flags.reseed || events === 0) {
    await run(bin("tsx"), [path.join(root, "prisma/seed.ts")], env);
  } else {
    console.info(`[demo] database already has ${events} events; pass --reseed to start over`);
  }

  if (!flags.dev && !existsSync(path.join(root, ".next/BUILD_ID"))) {
    if (flags["no-build"]) throw new Error("No production build found (.next/BUILD_ID); run `npm run build` first");
    console.info("[demo] no production build yet: running `npm run build` (about a minute)");
    await run("npm", ["run", "build"], env);
  }

  const next: ChildProcess = flags.dev
    ? spawn(bin("next"), ["dev", "-p", port], { cwd: root, env, stdio: "inherit" })
    : spawn(process.execPath, [path.join(root, "scripts/server.mjs"), "--port", port], { cwd: root, env, stdio: "inherit" });
  console.info(`[demo] OpenSeat on http://localhost:${port}`);
  if (mailInbox) console.info(`[demo] every mail the demo sends: ${mailInbox}`);
  const shutdown = (signal: NodeJS.Signals) => next.kill(signal);
  process.on("SIGINT", shutdown);
  process.on("SIGTERM", shutdown);
  next.on("exit", async (code) => {
    await stopStripe?.().catch((error: unknown) => console.error("[demo] stopping the Stripe emulator:", error));
    await stopMail?.().catch((error: unknown) => console.error("[demo] stopping the mail catcher:", error));
    await stopDb?.();
    process.exit(code ?? 0);
  });
}

let mailInbox: string | undefined;

/**
 * Email for the app: the SMTP server of the environment when SMTP_URL or SMTP_HOST is set, else a
 * local mail catcher (mail-catcher/, SMTP and a web inbox on MAIL_CATCHER_SMTP_PORT/HTTP_PORT or
 * 1025/1080, free ports with --memory) that keeps every mail in memory and relays nothing.
 */
async function setUpMail(env: NodeJS.ProcessEnv): Promise<(() => Promise<void>) | undefined> {
  if (env.SMTP_URL?.trim() || env.SMTP_HOST?.trim()) {
    console.info("[demo] mail: the SMTP server of the environment (SMTP_URL / SMTP_HOST)");
    return undefined;
  }
  const { startMailCatcher } = await import("../mail-catcher/catcher");
  const port = (name: string, fallback: number) => Number(process.env[name] ?? (flags.memory ? 0 : fallback));
  const catcher = await startMailCatcher({ smtpPort: port("MAIL_CATCHER_SMTP_PORT", 1025), httpPort: port("MAIL_CATCHER_HTTP_PORT", 1080) }).catch((e: unknown) => {
    throw new Error(`the mail catcher could not start (${(e as Error).message}); set MAIL_CATCHER_SMTP_PORT and MAIL_CATCHER_HTTP_PORT to free ports, or 0`);
  });
  env.SMTP_URL = catcher.smtpUrl;
  env.SMTP_FROM ??= "OpenSeat demo <tickets@openseat.localhost>";
  env.NOTIFICATION_WORKER_INTERVAL_MS ??= "1000";
  mailInbox = catcher.httpUrl;
  console.info(`[demo] mail: local mail catcher, SMTP ${catcher.smtpUrl}, inbox ${catcher.httpUrl} (nothing leaves this machine); set SMTP_URL to send for real`);
  return () => catcher.close();
}

main().catch((error: unknown) => {
  console.error("[demo] failed:", error instanceof Error ? error.message : error);
  process.exit(1);
});
