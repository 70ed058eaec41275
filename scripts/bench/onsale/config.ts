// The lab's settings: command-line flags over two sets of defaults, the full-size on-sale and the
// CI short run (--ci). Everything a run depends on is in LabConfig and is written into the result
// file, so a figure can always be traced back to the settings that produced it.
import { parseArgs } from "node:util";

export const FAULTS = ["none", "redis-restart", "app-kill", "postgres-restart", "webhook-outage", "webhook-chaos"] as const;
export type Fault = (typeof FAULTS)[number];

export type Shares = {
  /** Fans who all want the best seats (front rows), so they collide. */
  contention: number;
  /** Fans who ask the server for the best N adjacent seats of a class. */
  bestAvailable: number;
  /** Fans whose first card is declined (4000 0000 0000 0002). */
  decline: number;
  /** Of the declined fans, those who try again with a good card. */
  declineRetry: number;
  /** Fans who open checkout and never pay. */
  abandon: number;
  /** Paying fans who never call confirm (only the webhook or reconciliation can settle them). */
  skipConfirm: number;
};

export type LabConfig = {
  ci: boolean;
  /** After the sale: the waitlist phase (waitlist-phase.ts), sold out by holds that then lapse. */
  waitlist: boolean;
  fans: number;
  seats: number;
  /** Requests in flight at once from the fans' process (app and emulator together). */
  concurrency: number;
  /** The sale is stopped after this long (fans still waiting give up); settling and checks follow. */
  maxSeconds: number;
  /** Waiting room: on, and how many fans it admits per minute. */
  queue: boolean;
  admitPerMinute: number;
  windowSeconds: number;
  holdSeconds: number;
  /** Fans arrive spread over this many seconds... */
  arrivalSeconds: number;
  /** ...and the on-sale starts this many seconds after the first arrival (earlier arrivals are drawn by lottery). */
  onsaleInSeconds: number;
  quantityMin: number;
  quantityMax: number;
  /** A fan "types the card" for a random time in this range before paying. */
  thinkMsMin: number;
  thinkMsMax: number;
  shares: Shares;
  fault: Fault;
  /** The fault strikes when this share of the seats is sold (confirmed)... */
  faultAt: number;
  /** ...or this many seconds after the on-sale, whichever comes first (null: by the share only). */
  faultAfterSeconds: number | null;
  /** How long an outage lasts (webhook-outage; redis-restart and app-kill gaps are a few seconds). */
  faultSeconds: number;
  /** postgres-restart restarts the machine's shared PostgreSQL: refused without this. */
  allowPostgresRestart: boolean;
  /** Requests of the framework-floor burst (GET /api/health). */
  floorRequests: number;
  port: number | null;
  databaseUrl: string | null;
  noBuild: boolean;
  resultsDir: string;
  /** Seeds the fans' random choices (who contends, who declines, which seats). */
  seed: number;
};

const FULL: Omit<LabConfig, "ci" | "waitlist" | "fault" | "port" | "databaseUrl" | "noBuild" | "resultsDir" | "seed" | "allowPostgresRestart"> = {
  fans: 5000,
  seats: 20_000,
  concurrency: 64,
  maxSeconds: 900,
  queue: true,
  admitPerMinute: 1200,
  windowSeconds: 600,
  holdSeconds: 120,
  arrivalSeconds: 30,
  onsaleInSeconds: 10,
  quantityMin: 2,
  quantityMax: 8,
  thinkMsMin: 1000,
  thinkMsMax: 4000,
  shares: { contention: 0.3, bestAvailable: 0.3, decline: 0.1, declineRetry: 0.5, abandon: 0.05, skipConfirm: 0 },
  faultAt: 0.3,
  // While most fans still wait in the queue at 1200/min, so a fault meets queue, holds and payments.
  faultAfterSeconds: 90,
  faultSeconds: 40,
  floorRequests: 3000,
};

// A few hundred fans on a small venue: about a minute of sale, under two minutes with the server start.
const CI: typeof FULL = {
  ...FULL,
  fans: 300,
  seats: 1200,
  concurrency: 32,
  maxSeconds: 60,
  admitPerMinute: 6000,
  holdSeconds: 60,
  arrivalSeconds: 6,
  onsaleInSeconds: 3,
  thinkMsMin: 300,
  thinkMsMax: 1500,
  faultAfterSeconds: 15,
  faultSeconds: 10,
  floorRequests: 1000,
};

export const USAGE = `npm run bench:onsale -- [flags]
  --ci                     short run for CI (${CI.fans} fans, ${CI.seats} seats, fault webhook-chaos unless --fault)
  --fans N                 virtual fans (${FULL.fans})
  --seats N                seats of the venue (${FULL.seats})
  --concurrency N          requests in flight from the fans' process (${FULL.concurrency})
  --max-seconds N          stop the sale after N s (${FULL.maxSeconds})
  --admit-per-minute N     waiting-room admission rate (${FULL.admitPerMinute})
  --no-queue               no waiting room (reserve without admission)
  --hold-seconds N         the event's hold time (${FULL.holdSeconds})
  --arrival-seconds N      fans arrive over N s (${FULL.arrivalSeconds})
  --onsale-in N            on-sale N s after the first arrival; earlier arrivals are drawn by lottery (${FULL.onsaleInSeconds})
  --quantity MIN-MAX       seats per fan (${FULL.quantityMin}-${FULL.quantityMax})
  --contention X --best-available X --decline X --decline-retry X --abandon X --skip-confirm X   shares (0..1)
  --fault F                ${FAULTS.join(" | ")}
  --fault-at X             strike when this share of seats is sold (${FULL.faultAt})...
  --fault-after N          ...or N s after the on-sale, whichever comes first (${FULL.faultAfterSeconds}; 0: by the share only)
  --fault-seconds N        outage length for webhook-outage (${FULL.faultSeconds})
  --yes-restart-postgres   required with --fault=postgres-restart (restarts the machine's PostgreSQL)
  --port N                 port of next start (default: a free port)
  --database-url URL       the lab's own database (default: openseat_onsale on the server of DATABASE_URL or 127.0.0.1:5432)
  --no-waitlist            skip the waitlist phase after the sale (sold out by holds that lapse; docs/waitlist.md)
  --no-build               fail instead of running \`npm run build\` when there is no production build
  --results-dir DIR        where the JSON goes (bench-results)
  --seed N                 random seed of the fans' choices`;

function number(value: string | undefined, name: string, fallback: number, { min = 0, max = Number.MAX_SAFE_INTEGER } = {}): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n < min || n > max) throw new Error(`--${name} must be a number between ${min} and ${max}, got ${JSON.stringify(value)}`);
  return n;
}

const share = (value: string | undefined, name: string, fallback: number) => number(value, name, fallback, { max: 1 });

export function parseLabConfig(argv: string[] = process.argv.slice(2)): LabConfig {
  const { values } = parseArgs({
    args: argv,
    options: {
      ci: { type: "boolean", default: false },
      help: { type: "boolean", default: false },
      fans: { type: "string" },
      seats: { type: "string" },
      concurrency: { type: "string" },
      "max-seconds": { type: "string" },
      "admit-per-minute": { type: "string" },
      "no-queue": { type: "boolean", default: false },
      "hold-seconds": { type: "string" },
      "arrival-seconds": { type: "string" },
      "onsale-in": { type: "string" },
      quantity: { type: "string" },
      contention: { type: "string" },
      "best-available": { type: "string" },
      decline: { type: "string" },
      "decline-retry": { type: "string" },
      abandon: { type: "string" },
      "skip-confirm": { type: "string" },
      fault: { type: "string" },
      "fault-at": { type: "string" },
      "fault-after": { type: "string" },
      "fault-seconds": { type: "string" },
      "yes-restart-postgres": { type: "boolean", default: false },
      port: { type: "string" },
      "database-url": { type: "string" },
      "no-build": { type: "boolean", default: false },
      "no-waitlist": { type: "boolean", default: false },
      "results-dir": { type: "string" },
      seed: { type: "string" },
    },
  });
  if (values.help) {
    console.info(USAGE);
    process.exit(0);
  }
  const base = values.ci ? CI : FULL;
  const fault = (values.fault ?? (values.ci ? "webhook-chaos" : "none")) as Fault;
  if (!FAULTS.includes(fault)) throw new Error(`--fault must be one of ${FAULTS.join(", ")}`);
  let [quantityMin, quantityMax] = [base.quantityMin, base.quantityMax];
  if (values.quantity) {
    const m = /^(\d+)(?:-(\d+))?$/.exec(values.quantity);
    if (!m) throw new Error("--quantity must be N or MIN-MAX");
    quantityMin = Number(m[1]);
    quantityMax = Number(m[2] ?? m[1]);
    if (quantityMin < 1 || quantityMax < quantityMin || quantityMax > 8) throw new Error("--quantity must be within 1-8 (the event's order limit)");
  }
  const shares: Shares = {
    contention: share(values.contention, "contention", base.shares.contention),
    bestAvailable: share(values["best-available"], "best-available", base.shares.bestAvailable),
    decline: share(values.decline, "decline", base.shares.decline),
    declineRetry: share(values["decline-retry"], "decline-retry", base.shares.declineRetry),
    abandon: share(values.abandon, "abandon", base.shares.abandon),
    // Only the webhook outage needs fans who never confirm; elsewhere every payer confirms.
    skipConfirm: share(values["skip-confirm"], "skip-confirm", fault === "webhook-outage" ? 0.3 : base.shares.skipConfirm),
  };
  if (shares.contention + shares.bestAvailable > 1) throw new Error("--contention + --best-available must be at most 1");
  if (shares.decline + shares.abandon > 1) throw new Error("--decline + --abandon must be at most 1");
  return {
    ...base,
    ci: values.ci ?? false,
    waitlist: !values["no-waitlist"],
    fans: number(values.fans, "fans", base.fans, { min: 1, max: 100_000 }),
    seats: number(values.seats, "seats", base.seats, { min: 50, max: 200_000 }),
    concurrency: number(values.concurrency, "concurrency", base.concurrency, { min: 1, max: 1024 }),
    maxSeconds: number(values["max-seconds"], "max-seconds", base.maxSeconds, { min: 5, max: 7200 }),
    queue: !values["no-queue"],
    admitPerMinute: number(values["admit-per-minute"], "admit-per-minute", base.admitPerMinute, { min: 1, max: 1_000_000 }),
    holdSeconds: number(values["hold-seconds"], "hold-seconds", base.holdSeconds, { min: 10, max: 3600 }),
    arrivalSeconds: number(values["arrival-seconds"], "arrival-seconds", base.arrivalSeconds, { max: 3600 }),
    onsaleInSeconds: number(values["onsale-in"], "onsale-in", base.onsaleInSeconds, { max: 3600 }),
    quantityMin,
    quantityMax,
    shares,
    fault,
    faultAt: share(values["fault-at"], "fault-at", base.faultAt),
    faultAfterSeconds: values["fault-after"] === undefined ? base.faultAfterSeconds : number(values["fault-after"], "fault-after", 0, { max: 7200 }) || null,
    faultSeconds: number(values["fault-seconds"], "fault-seconds", base.faultSeconds, { min: 1, max: 3600 }),
    allowPostgresRestart: values["yes-restart-postgres"] ?? false,
    port: values.port === undefined ? null : number(values.port, "port", 0, { min: 1, max: 65535 }),
    databaseUrl: values["database-url"] ?? null,
    noBuild: values["no-build"] ?? false,
    resultsDir: values["results-dir"] ?? "bench-results",
    seed: number(values.seed, "seed", Date.now() % 1_000_000),
  };
}
