// Every environment variable the app reads (lib/, app/, proxy.ts, instrumentation.ts), with its
// default and what a valid value looks like, in one table. Scripts (scripts/, prisma/) and tests read
// their own variables directly.
//
// Two ways in:
// - `setting(name, env = process.env)` parses one variable each time it is called. Rate limits,
//   cache settings and the rest are read on every call on purpose: tests (and load runs) change them
//   without a restart. Parsing one string is cheap next to the request it serves.
// - `checkEnv(env)` parses them all; instrumentation.ts (through lib/config/startup-check.ts) runs it
//   once at start, and a server with a bad value exits with a message naming the variable.
// A bad value that reaches `setting` anyway (changed after start, or in a test) behaves as it always
// did: logged once and the default used, or, for the few marked `strict`, an error where it is used.
import { z } from "zod";
import { logger } from "../log/logger";

export type Env = Record<string, string | undefined>;

// ---- value shapes (each parses the trimmed, non-empty text)

/** A whole number >= 0 written in digits (no sign, exponent, hex or fraction). */
const wholeNumber = z
  .string()
  .regex(/^\d+$/, "must be a whole number >= 0")
  .transform(Number)
  .refine(Number.isSafeInteger, "is too large");

const wholeAtMost = (max: number) => wholeNumber.refine((n) => n <= max, `must be at most ${max}`);
const wholeAtLeast = (min: number) => wholeNumber.refine((n) => n >= min, `must be at least ${min}`);
const flag = z.string();
const url = z.string().refine((s) => URL.canParse(s), "must be an absolute URL");
const text = z.string();

export const LOG_LEVELS = ["debug", "info", "warn", "error", "silent"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

type Spec<T> = {
  schema: z.ZodType<T, string>;
  /** The value when the variable is unset or empty (or invalid, unless `strict`). */
  fallback: T | ((env: Env) => T);
  /** What a valid value is, for the messages. */
  expects: string;
  /** Invalid is an error where the value is used, not a logged fallback. */
  strict?: boolean;
};

const spec = <T>(s: Spec<T>) => s;
const limit = (fallback: number) => spec({ schema: wholeNumber, fallback, expects: "a whole number >= 0 (0 turns the limit off)" });
const optionalText = spec<string | undefined>({ schema: text, fallback: undefined, expects: "text" });
const optionalUrl = spec<string | undefined>({ schema: url, fallback: undefined, expects: "an absolute URL" });

export const ENV = {
  // Database
  DATABASE_URL: optionalText,
  DATABASE_POOL_SIZE: spec({ schema: wholeAtLeast(1), fallback: (env) => (env.OPENSEAT_EMBEDDED_DB === "1" ? 1 : 10), expects: "a whole number >= 1" }),
  DATABASE_CONNECT_TIMEOUT_MS: spec({ schema: wholeNumber, fallback: 5_000, expects: "a whole number of milliseconds" }),
  DATABASE_STATEMENT_TIMEOUT_MS: spec({ schema: wholeNumber, fallback: 5_000, expects: "a whole number of milliseconds" }),
  OPENSEAT_EMBEDDED_DB: optionalText,

  // Redis (the stores apply their own 1000 ms when REDIS_COMMAND_TIMEOUT_MS is unset)
  REDIS_URL: spec<string | undefined>({ schema: z.string().regex(/^(rediss?|redis\+cluster):\/\//, "must start with redis://, rediss:// or redis+cluster://"), fallback: undefined, expects: "a redis://, rediss:// or redis+cluster:// URL", strict: true }),
  // Redis Cluster seed nodes, host:port[,host:port...]; the cluster client finds the rest (lib/redis/cluster-store.ts).
  REDIS_CLUSTER_NODES: spec<string | undefined>({
    schema: z.string().regex(/^\s*[^\s,:]+:\d{1,5}\s*(,\s*[^\s,:]+:\d{1,5}\s*)*$/, "must be host:port[,host:port...]"),
    fallback: undefined,
    expects: "comma-separated host:port",
    strict: true,
  }),
  UPSTASH_REDIS_REST_URL: optionalText,
  UPSTASH_REDIS_REST_TOKEN: optionalText,
  KV_REST_API_URL: optionalText,
  KV_REST_API_TOKEN: optionalText,
  REDIS_COMMAND_TIMEOUT_MS: spec<number | undefined>({ schema: wholeAtLeast(1), fallback: undefined, expects: "a whole number of milliseconds >= 1" }),

  // Authentication and sessions (AUTH_SECRET's rules: lib/auth/auth-secret.ts)
  AUTH_SECRET: optionalText,
  NEXTAUTH_SECRET: optionalText,
  AUTH_URL: optionalUrl,
  SESSION_VERSION_CACHE_MS: spec({ schema: wholeAtMost(300_000), fallback: 10_000, expects: "a whole number of milliseconds from 0 to 300000" }),
  ACCESS_TOKEN_TTL_SECONDS: spec({
    // Number() as it always was: "1e3" is 1000 seconds.
    schema: z.string().transform(Number).pipe(z.number().int().min(1).max(7 * 24 * 3600)),
    fallback: 3600,
    expects: `a whole number of seconds between 1 and ${7 * 24 * 3600}`,
    strict: true,
  }),

  // Rate limits, per sliding minute
  RATE_LIMIT_AUTH_PER_MINUTE: limit(20),
  RATE_LIMIT_AUTH_EMAIL_PER_MINUTE: limit(5),
  RATE_LIMIT_REGISTER_PER_MINUTE: limit(10),
  RATE_LIMIT_REGISTER_EMAIL_PER_MINUTE: limit(5),
  RATE_LIMIT_MAIL_LINK_PER_MINUTE: limit(10),
  RATE_LIMIT_MAIL_LINK_EMAIL_PER_MINUTE: limit(3),
  SIGN_IN_BACKOFF_AFTER_FAILURES: limit(10),
  SIGN_IN_BACKOFF_BASE_SECONDS: limit(30),
  SIGN_IN_BACKOFF_MAX_SECONDS: limit(900),
  RATE_LIMIT_RESERVE_PER_MINUTE: limit(30),
  RATE_LIMIT_RESERVE_IP_PER_MINUTE: limit(300),
  RATE_LIMIT_BEST_AVAILABLE_PER_MINUTE: limit(30),
  RATE_LIMIT_BEST_AVAILABLE_IP_PER_MINUTE: limit(300),
  RATE_LIMIT_CONFIRM_PER_MINUTE: limit(20),
  RATE_LIMIT_CONFIRM_IP_PER_MINUTE: limit(200),
  RATE_LIMIT_CANCEL_PER_MINUTE: limit(30),
  RATE_LIMIT_CANCEL_IP_PER_MINUTE: limit(300),
  RATE_LIMIT_CHECKOUT_PER_MINUTE: limit(20),
  RATE_LIMIT_CHECKOUT_IP_PER_MINUTE: limit(200),
  RATE_LIMIT_QUEUE_JOIN_PER_MINUTE: limit(10),
  RATE_LIMIT_QUEUE_JOIN_IP_PER_MINUTE: limit(600),
  RATE_LIMIT_WAITLIST_JOIN_PER_MINUTE: limit(10),
  RATE_LIMIT_WAITLIST_JOIN_IP_PER_MINUTE: limit(600),
  SSE_MAX_CONNECTIONS_PER_CLIENT: limit(6),
  RATE_LIMIT_SEARCH_SUGGEST_IP_PER_MINUTE: limit(1200),
  RATE_LIMIT_TICKET_TRANSFER_PER_MINUTE: limit(10),
  RATE_LIMIT_TICKET_TRANSFER_IP_PER_MINUTE: limit(100),

  // Payments
  STRIPE_SECRET_KEY: optionalText,
  STRIPE_WEBHOOK_SECRET: optionalText,
  STRIPE_API_URL: spec<string | undefined>({ schema: url, fallback: undefined, expects: "an absolute URL", strict: true }),
  APP_URL: optionalUrl,

  // Hold sweeper (null: the timer is off)
  HOLD_SWEEP_INTERVAL_MS: spec<number | null>({
    schema: z
      .string()
      .transform(Number)
      .refine((ms) => ms === 0 || (Number.isFinite(ms) && ms >= 1000), "must be 0 or a number of milliseconds >= 1000")
      .transform((ms) => (ms === 0 ? null : Math.floor(ms))),
    fallback: 15_000,
    expects: "0 or a number of milliseconds >= 1000",
  }),
  HOLD_CLAIM_GRACE_MS: spec({ schema: wholeAtLeast(1000), fallback: 30_000, expects: "a whole number of milliseconds >= 1000" }),
  CRON_SECRET: optionalText,

  // Organizer uploads (event images, lib/admin/storage.ts): the local directory they are written to
  // (relative to the working directory) and the largest image accepted.
  UPLOAD_DIR: spec<string>({ schema: text, fallback: ".data/uploads", expects: "a directory path" }),
  UPLOAD_MAX_BYTES: spec({ schema: wholeAtLeast(1024), fallback: 5 * 1024 * 1024, expects: "a whole number of bytes >= 1024" }),
  // Where event images are stored (lib/admin/storage.ts): the local disk under UPLOAD_DIR, Vercel Blob, or an S3-compatible bucket.
  IMAGE_STORAGE: spec<"local" | "vercel-blob" | "s3">({ schema: z.string().transform((s) => s.toLowerCase()).pipe(z.enum(["local", "vercel-blob", "s3"])), fallback: "local", expects: "local, vercel-blob or s3" }),
  IMAGE_STORAGE_PREFIX: spec<string | undefined>({ schema: z.string().regex(/^[A-Za-z0-9._\/-]+$/, "letters, digits, . _ - and /"), fallback: undefined, expects: "a key prefix such as event-images/" }),
  BLOB_READ_WRITE_TOKEN: optionalText,
  S3_BUCKET: optionalText,
  S3_REGION: spec<string>({ schema: text, fallback: "us-east-1", expects: "a region name" }),
  S3_ENDPOINT: optionalUrl,
  S3_FORCE_PATH_STYLE: spec<boolean>({ schema: z.enum(["1", "0", "true", "false"]).transform((s) => s === "1" || s === "true"), fallback: false, expects: "true or false" }),
  S3_ACCESS_KEY_ID: optionalText,
  S3_SECRET_ACCESS_KEY: optionalText,
  // Notifications (lib/notifications/): email through SMTP. SMTP_URL (smtp://user:pass@host:587,
  // smtps://… for TLS from the first byte) or the SMTP_HOST/PORT/USER/PASS parts; without either,
  // mails stay queued (never lost) and the worker says so in the log.
  SMTP_URL: spec<string | undefined>({ schema: z.string().regex(/^smtps?:\/\/[^\s]+$/, "must start with smtp:// or smtps://"), fallback: undefined, expects: "an smtp:// or smtps:// URL" }),
  SMTP_HOST: optionalText,
  SMTP_PORT: spec<number | undefined>({ schema: wholeAtMost(65535), fallback: undefined, expects: "a port number" }),
  SMTP_USER: optionalText,
  SMTP_PASS: optionalText,
  SMTP_SECURE: spec<boolean>({ schema: z.enum(["1", "0", "true", "false"]).transform((s) => s === "1" || s === "true"), fallback: false, expects: "true or false" }),
  SMTP_FROM: spec({ schema: text, fallback: "OpenSeat <no-reply@openseat.localhost>", expects: "an address, e.g. OpenSeat <tickets@example.com>" }),
  // SMS through Twilio's Messages API or a compatible service (lib/notifications/sms/); unset: SMS off.
  SMS_TWILIO_ACCOUNT_SID: optionalText,
  SMS_TWILIO_AUTH_TOKEN: optionalText,
  SMS_FROM: optionalText,
  SMS_TWILIO_API_URL: optionalUrl,
  // Web push (lib/notifications/push/): this server's VAPID key pair, base64url as
  // `npx web-push generate-vapid-keys` prints it; without both the push channel is off. The subject is
  // a mailto: or https: contact for the push services (default: mailto: the SMTP_FROM address).
  WEB_PUSH_VAPID_PUBLIC_KEY: spec<string | undefined>({ schema: z.string().regex(/^[A-Za-z0-9_-]{80,100}$/, "must be a base64url P-256 public key"), fallback: undefined, expects: "a base64url VAPID public key" }),
  WEB_PUSH_VAPID_PRIVATE_KEY: spec<string | undefined>({ schema: z.string().regex(/^[A-Za-z0-9_-]{40,50}$/, "must be a base64url P-256 private key"), fallback: undefined, expects: "a base64url VAPID private key" }),
  WEB_PUSH_SUBJECT: spec<string | undefined>({ schema: z.string().regex(/^(mailto:|https:\/\/)\S+$/, "must be a mailto: or https: URL"), fallback: undefined, expects: "a mailto: or https: URL" }),
  // The push services whose endpoints a subscription may name (lib/notifications/push/push-service-host.ts):
  // comma-separated host names, each matching itself and its subdomains. Unset: the browsers' own
  // push services (FCM, Mozilla, WNS, Apple). Anything else is refused, so fans cannot point the
  // worker's requests at internal addresses.
  WEB_PUSH_SERVICE_HOSTS: spec<string[] | undefined>({
    schema: z
      .string()
      .transform((s) => s.split(",").map((h) => h.trim().toLowerCase()).filter(Boolean))
      .pipe(z.array(z.string().regex(/^[a-z0-9.-]{1,253}$/, "must be host names")).min(1)),
    fallback: undefined,
    expects: "comma-separated host names",
  }),
  // Accept plain-http push endpoints (a local push service double in tests); never in production.
  WEB_PUSH_ALLOW_HTTP_ENDPOINTS: spec<boolean>({ schema: z.enum(["1", "0", "true", "false"]).transform((s) => s === "1" || s === "true"), fallback: false, expects: "true or false" }),
  // "Your hold is about to expire": how long before a hold lapses the sweeper tells its fan (0: never).
  HOLD_EXPIRING_NOTICE_SECONDS: spec({ schema: wholeAtMost(86_400), fallback: 180, expects: "a whole number of seconds (0: off)" }),
  // The outbox worker's timer in each self-hosted server process (0: off; Vercel uses the cron route).
  NOTIFICATION_WORKER_INTERVAL_MS: spec<number | null>({
    schema: z
      .string()
      .transform(Number)
      .refine((ms) => ms === 0 || (Number.isFinite(ms) && ms >= 200), "must be 0 or a number of milliseconds >= 200")
      .transform((ms) => (ms === 0 ? null : Math.floor(ms))),
    fallback: 5_000,
    expects: "0 or a number of milliseconds >= 200",
  }),
  NOTIFICATION_MAX_ATTEMPTS: spec({ schema: wholeAtLeast(1), fallback: 8, expects: "a whole number >= 1" }),
  // How long a claimed message is a worker's before another may take it over (a crashed worker).
  // Longer than one send can take (the SMTP timeouts are a third of it).
  NOTIFICATION_LEASE_MS: spec({ schema: wholeAtLeast(3_000), fallback: 120_000, expects: "a whole number of milliseconds >= 3000" }),
  NOTIFICATION_RETRY_BASE_MS: spec({ schema: wholeAtLeast(1), fallback: 30_000, expects: "a whole number of milliseconds >= 1" }),

  // Server
  TRUST_PROXY: optionalText,
  // GET /api/health/ready: the longest each dependency check (PostgreSQL, Redis) may take.
  READINESS_TIMEOUT_MS: spec({ schema: wholeAtLeast(50), fallback: 1_000, expects: "a whole number of milliseconds >= 50" }),
  // scripts/demo.ts sets it: a production server on one machine with the in-process stand-ins
  // (lib/config/shared-services.ts); ignored on Vercel.
  OPENSEAT_DEMO: optionalText,
  OPENSEAT_SERVER_ENTRY_KEY: optionalText,
  OPENSEAT_CACHE: spec<boolean>({
    schema: z
      .string()
      .transform((s) => s.toLowerCase())
      .pipe(z.enum(["on", "off", "1", "0", "true", "false", "yes", "no"]))
      .transform((s) => !["off", "0", "false", "no"].includes(s)),
    fallback: true,
    expects: "on or off",
  }),
  LOG_LEVEL: spec<LogLevel>({ schema: z.string().transform((s) => s.toLowerCase()).pipe(z.enum(LOG_LEVELS)), fallback: "info", expects: LOG_LEVELS.join(", ") }),
  LOG_FORMAT: spec<"json" | "pretty">({
    schema: z.string().transform((s) => s.toLowerCase()).pipe(z.enum(["json", "pretty"])),
    fallback: (env) => (env.NODE_ENV === "production" ? "json" : "pretty"),
    expects: "json or pretty",
  }),
  DEBUG_CACHE: spec<string | undefined>({ schema: flag, fallback: undefined, expects: "any value turns it on" }),
  DEBUG_AVAILABILITY_STREAM: spec<string | undefined>({ schema: flag, fallback: undefined, expects: "any value turns it on" }),

  // Set by the platform
  VERCEL: optionalText,
  NODE_ENV: optionalText,
  NEXT_PHASE: optionalText,
} satisfies Record<string, Spec<unknown>>;

export type SettingName = keyof typeof ENV;
export type SettingValue<K extends SettingName> = (typeof ENV)[K] extends Spec<infer T> ? T : never;

type Parsed<T> = { ok: true; value: T } | { ok: false; message: string; fallback: T };

// The last text parsed per variable and its result: the variable is still read on every call, but
// the same text is not parsed again (a rate limit is read on every request).
const lastParse = new Map<string, { raw: string; result: { success: true; data: unknown } | { success: false } }>();

function parse<K extends SettingName>(name: K, env: Env): Parsed<SettingValue<K>> {
  const { schema, fallback, expects } = ENV[name] as unknown as Spec<SettingValue<K>>;
  const fallbackValue = typeof fallback === "function" ? (fallback as (env: Env) => SettingValue<K>)(env) : fallback;
  const raw = env[name]?.trim();
  if (!raw) return { ok: true, value: fallbackValue };
  let memo = lastParse.get(name);
  if (memo?.raw !== raw) {
    const parsed = schema.safeParse(raw);
    memo = { raw, result: parsed.success ? { success: true, data: parsed.data } : { success: false } };
    lastParse.set(name, memo);
  }
  const result = memo.result;
  if (result.success) return { ok: true, value: result.data as SettingValue<K> };
  return { ok: false, message: `${name} must be ${expects}, got ${JSON.stringify(raw)}`, fallback: fallbackValue };
}

// The logger imports this module too (for LOG_LEVEL): only used inside functions, so the cycle is harmless.
const reportInvalid = (key: string, message: string) => logger("config").warnOnce(key, message);

/**
 * The variable's value, parsed now. Invalid: the default, logged once per value; for a `strict`
 * variable an Error naming it.
 */
export function setting<K extends SettingName>(name: K, env: Env = process.env): SettingValue<K> {
  const parsed = parse(name, env);
  if (parsed.ok) return parsed.value;
  if ((ENV[name] as Spec<unknown>).strict) throw new Error(parsed.message);
  reportInvalid(`${name}=${env[name]}`, `${parsed.message}; using ${JSON.stringify(parsed.fallback)}`);
  return parsed.fallback;
}

/** Every invalid variable in `env`, one message each naming it (empty when all are valid). */
export function checkEnv(env: Env = process.env): string[] {
  return (Object.keys(ENV) as SettingName[]).flatMap((name) => {
    const parsed = parse(name, env);
    return parsed.ok ? [] : [parsed.message];
  });
}

/** A whole number >= 0 from any variable (the rate limits' shape), for callers with their own names. */
export function wholeNumberSetting(name: string, fallback: number, env: Env = process.env): number {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  const result = wholeNumber.safeParse(raw);
  if (result.success) return result.data;
  reportInvalid(`${name}=${raw}`, `${name} must be a whole number >= 0 (0 turns the limit off), got ${JSON.stringify(raw)}; using ${fallback}`);
  return fallback;
}

/** The logger's settings, read on every line (a test may change LOG_LEVEL). */
export function logSettings(env: Env = process.env): { level: LogLevel; format: "json" | "pretty" } {
  // Parsed without reporting: an invalid LOG_LEVEL is caught at start (checkEnv), and logging it here would recurse.
  const level = parse("LOG_LEVEL", env);
  const format = parse("LOG_FORMAT", env);
  return { level: level.ok ? level.value : level.fallback, format: format.ok ? format.value : format.fallback };
}
