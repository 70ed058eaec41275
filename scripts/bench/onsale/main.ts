// `npm run bench:onsale`: the on-sale lab. A hot on-sale, end to end over HTTP, with faults, and
// the promises of docs/architecture.md checked afterwards from PostgreSQL and the Stripe emulator.
//
//   1. Its own everything: a fresh database (openseat_onsale, dropped and migrated each run), its
//      own redis-server on a free port, the Stripe emulator in this process (webhooks to the app),
//      and the production build under `next start` (built first when there is none).
//   2. One event in a 20,000-seat venue with the waiting room on, and the fans: users with access
//      tokens minted here.
//   3. The fans run in a separate process (fans-process.ts): join the queue, wait, hold, check out,
//      pay (or decline, or abandon), confirm; the framework floor (GET /api/health) is measured
//      there first at the same concurrency.
//   4. Meanwhile this process watches PostgreSQL once a second (sold, held) and injects the fault.
//   5. Afterwards: webhooks drained, the sweeper run once (with reconciliation), then the
//      invariants (invariants.ts). The result goes to bench-results/onsale-<timestamp>.json; the
//      exit code is 1 when any invariant is not zero or the lab itself failed.
//
// Flags: see config.ts or `npm run bench:onsale -- --help`.
import { execFileSync, fork, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { createWriteStream, mkdirSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { disconnectDb, getDb } from "@/lib/db";
import { startStripeEmulator, type StripeEmulator } from "@openseat/stripe-emulator";
import { createAppServer, ensureBuild, projectRoot, type AppServer } from "./app-server";
import { parseLabConfig, type LabConfig } from "./config";
import { labDatabaseUrl, recreateDatabase, saleProgress, seedOnsale, setOnsale, type LabEvent } from "./database";
import type { FansReport, FansStart, FromFans, ToFans } from "./fans-process";
import { checkPostgresRestartAllowed, createFaultRunner, type FaultRunner } from "./faults";
import { checkAdmissionOrder, checkInvariants, describeState, invariantTotal } from "./invariants";
import { httpTotals, printResult, saleRates, writeResult, type FloorResult, type LabResult } from "./report";
import { freePort, startLabRedis, type LabRedis } from "./redis-server";
import { round } from "./stats";
import { subscribedWebhookEndpoint } from "./webhook-endpoint";
import { printWaitlistPhase, runWaitlistPhase, WAITLIST_PHASE_CI, WAITLIST_PHASE_FULL, waitlistInvariantTotal } from "./waitlist-phase";

const log = (line: string) => console.info(`[onsale] ${line}`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** Other work on this shared machine skews every figure: the result records how busy it was. */
const loadAverage = () => os.loadavg().map((n) => round(n, 2));

function redisVersion(): string {
  try {
    return execFileSync("redis-server", ["--version"], { encoding: "utf8" }).match(/v=(\S+)/)?.[0].replace("v=", "Redis ") ?? "Redis ?";
  } catch {
    return "Redis ?";
  }
}

async function postgresVersion(): Promise<string> {
  const rows = await getDb().$queryRaw<Array<{ v: string }>>`SELECT current_setting('server_version') AS v`;
  return `PostgreSQL ${rows[0]?.v ?? "?"}`;
}

/** Seconds from the on-sale until 50, 90, 99 and 100% of the seats were confirmed (absent: never). */
function timeToShares(timeline: Array<[number, number]>, seats: number): Record<string, number> {
  const out: Record<string, number> = {};
  for (const share of [0.5, 0.9, 0.99, 1]) {
    const hit = timeline.find(([, sold]) => sold >= Math.ceil(share * seats));
    if (hit) out[`${share * 100}%`] = hit[0];
  }
  return out;
}

/** The fans' process, with typed messages. */
function forkFans(): { child: ChildProcess; next: <T extends FromFans["type"]>(type: T) => Promise<Extract<FromFans, { type: T }>>; onProgress: (f: (m: Extract<FromFans, { type: "progress" }>) => void) => void; send: (m: ToFans) => void } {
  const child = fork(path.join(import.meta.dirname, "fans-process.ts"), [], { execArgv: process.execArgv, stdio: ["ignore", "inherit", "inherit", "ipc"] });
  const waiting = new Map<string, (m: FromFans) => void>();
  let progress: ((m: Extract<FromFans, { type: "progress" }>) => void) | null = null;
  let failure: string | null = null;
  child.on("message", (m: FromFans) => {
    if (m.type === "progress") progress?.(m);
    else if (m.type === "failed") failure = m.message;
    else waiting.get(m.type)?.(m);
  });
  return {
    child,
    send: (m) => {
      if (child.connected) child.send(m);
    },
    onProgress: (f) => (progress = f),
    next: (type) =>
      new Promise((resolve, reject) => {
        waiting.set(type, (m) => resolve(m as never));
        child.once("exit", (code) => reject(new Error(`the fans' process exited (${code}) before "${type}"${failure ? `: ${failure}` : ""}`)));
      }),
  };
}

async function main(): Promise<number> {
  const config: LabConfig = parseLabConfig();
  checkPostgresRestartAllowed(config);
  if (config.fault === "postgres-restart") {
    log("!!! WARNING: this run restarts the machine's PostgreSQL server mid-sale: every database on it goes away for a few seconds !!!");
    await sleep(3000);
  }
  const startedAt = new Date();
  const stamp = startedAt.toISOString().replace(/[:.]/g, "-");
  const resultsDir = path.resolve(projectRoot, config.resultsDir);
  mkdirSync(resultsDir, { recursive: true });
  const files = {
    result: path.join(resultsDir, `onsale-${stamp}.json`),
    serverLog: path.join(resultsDir, `onsale-${stamp}.server.log`),
    emulatorLog: path.join(resultsDir, `onsale-${stamp}.emulator.log`),
  };

  let redis: LabRedis | null = null;
  let emulator: StripeEmulator | null = null;
  let app: AppServer | null = null;
  let fansChild: ChildProcess | null = null;
  let faults: FaultRunner | null = null;
  let labEvent: LabEvent | null = null;
  let fansReport: FansReport | null = null;
  let floor: FloorResult | null = null;
  let onsaleAt: Date | null = null;
  let soldOutAt: Date | null = null;
  let webhookStats: { forwarded: number; notSubscribed: number } | null = null;
  /** [seconds since the on-sale, tickets confirmed], about once a second. */
  const soldTimeline: Array<[number, number]> = [];
  // Ctrl-C: the server, Redis and the fans' process are this lab's children; take them along.
  const onSignal = (signal: NodeJS.Signals) => {
    log(`${signal}: stopping the lab's processes`);
    for (const pid of [fansChild?.pid, app?.pid(), redis?.pid()]) {
      try {
        if (pid) process.kill(pid, "SIGKILL");
      } catch {
        // already gone
      }
    }
    process.exit(130);
  };
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  const emulatorLog = createWriteStream(files.emulatorLog);
  const databaseUrl = labDatabaseUrl(config);
  const result: LabResult = {
    lab: "onsale",
    startedAt: startedAt.toISOString(),
    finishedAt: "",
    machine: { cpus: os.cpus().length, node: process.version, postgres: "?", redis: redisVersion(), loadAverageAtStart: loadAverage(), loadAverageAtEnd: [] },
    config,
    passed: false,
    event: { eventId: 0, venueId: 0, seats: 0, fans: config.fans, databaseUrl: databaseUrl.replace(/\/\/[^@/]*@/, "//") },
    floor: null,
    sale: {
      onsaleAt: null,
      soldOutAt: null,
      timeToSellOutSeconds: null,
      ticketsSold: 0,
      soldShare: 0,
      saleSeconds: 0,
      ...saleRates(null),
      peakHoldsShareOfFloor: null,
      timeToSoldShareSeconds: {},
      soldTimeline,
    },
    http: { endpoints: {}, totals: httpTotals({}) },
    fans: null,
    fault: { kind: config.fault, timeline: [], stats: {} },
    settlement: { beforeSweep: {}, sweep: null, webhooksIdle: false, webhookEndpoint: null },
    invariants: null,
    admissionOrder: null,
    state: null,
    files,
  };

  try {
    await ensureBuild({ noBuild: config.noBuild, log });

    // This process uses the lab's database and Redis too (seeding, the sweeper, the checks).
    process.env.DATABASE_URL = databaseUrl;
    process.env.DATABASE_STATEMENT_TIMEOUT_MS = "0";
    process.env.AUTH_SECRET = randomBytes(33).toString("base64");
    redis = await startLabRedis(log);
    process.env.REDIS_URL = redis.url;
    delete process.env.UPSTASH_REDIS_REST_URL;
    delete process.env.UPSTASH_REDIS_REST_TOKEN;
    log(`database ${result.event.databaseUrl} (dropped and migrated), redis-server on ${redis.port}`);
    await recreateDatabase(databaseUrl);
    result.machine.postgres = await postgresVersion();

    const port = config.port ?? (await freePort());
    const appUrl = `http://127.0.0.1:${port}`;
    const webhooks = subscribedWebhookEndpoint(`${appUrl}/api/webhooks/stripe`);
    const webhookSecret = `whsec_${randomBytes(24).toString("hex")}`;
    emulator = await startStripeEmulator({
      port: 0,
      webhookSecret,
      webhookTarget: webhooks.target,
      // Stripe delivers concurrently; one at a time could not keep up with thousands of payments.
      webhookConcurrency: 8,
      log: (line) => emulatorLog.write(`${new Date().toISOString()} ${line}\n`),
    });
    process.env.STRIPE_API_URL = emulator.url;
    process.env.STRIPE_SECRET_KEY = "sk_test_onsale_lab";
    process.env.STRIPE_WEBHOOK_SECRET = webhookSecret;
    const cronSecret = randomBytes(24).toString("hex");
    const appEnv: NodeJS.ProcessEnv = {
      ...process.env,
      NODE_ENV: "production",
      NEXT_TELEMETRY_DISABLED: "1",
      PORT: String(port),
      APP_URL: appUrl,
      CRON_SECRET: cronSecret,
      HOLD_SWEEP_INTERVAL_MS: "5000",
    };
    // The app keeps its own statement timeout (the default); only this process's seeding needs none.
    delete appEnv.DATABASE_STATEMENT_TIMEOUT_MS;

    log(`seeding ${config.seats} seats and ${config.fans} fans`);
    labEvent = await seedOnsale(config, config.maxSeconds + 3600);
    result.event = { ...result.event, eventId: labEvent.eventId, venueId: labEvent.venueId, seats: labEvent.ticketCount };

    app = createAppServer({ port, env: appEnv, logFile: files.serverLog });
    await app.start();
    log(`next start on ${appUrl} (pid ${app.pid()}), Stripe emulator on ${emulator.url}`);
    faults = createFaultRunner({ config, app, redis, emulator, webhookTarget: webhooks.target, log });
    webhookStats = webhooks.stats;

    const fans = forkFans();
    fansChild = fans.child;
    const start: FansStart = { type: "start", config, eventId: labEvent.eventId, appUrl, emulatorUrl: emulator.url, fans: labEvent.fans };
    const ready = fans.next("ready");
    fans.send(start);
    floor = (await ready).floor;
    result.floor = floor;
    if (floor) log(`framework floor: GET /api/health ${floor.rps} req/s at ${config.concurrency} in flight (p50 ${floor.p50} ms, p99 ${floor.p99} ms)`);

    onsaleAt = await setOnsale(labEvent.eventId, config.onsaleInSeconds);
    log(`event #${labEvent.eventId}: ${labEvent.ticketCount} seats; fans arrive over ${config.arrivalSeconds} s; on-sale at +${config.onsaleInSeconds} s; waiting room ${config.queue ? `${config.admitPerMinute}/min` : "off"}; fault ${config.fault}`);
    const reportPromise = fans.next("report");
    let counters: Record<string, number> = {};
    let admittedThrough: number | null = null;
    fans.onProgress((m) => {
      counters = m.counters;
      admittedThrough = m.admittedThrough;
    });
    fans.send({ type: "go" });
    faults.begin();

    // Watch the sale once a second until the fans are done.
    let done = false;
    void reportPromise.then(
      () => (done = true),
      () => (done = true),
    );
    const saleStarted = performance.now();
    let lastPrint = 0;
    while (!done) {
      await sleep(1000);
      try {
        const p = await saleProgress(labEvent.eventId);
        soldTimeline.push([round((Date.now() - onsaleAt.getTime()) / 1000), p.confirmed]);
        faults.onProgress(p.confirmed / labEvent.ticketCount, (Date.now() - onsaleAt.getTime()) / 1000);
        if (p.confirmed >= labEvent.ticketCount && !soldOutAt) {
          soldOutAt = new Date();
          log(`sold out: ${p.confirmed} tickets confirmed`);
          fans.send({ type: "sale-over" });
        }
        const elapsed = (performance.now() - saleStarted) / 1000;
        if (elapsed - lastPrint >= 5) {
          lastPrint = elapsed;
          const c = (k: string) => counters[k] ?? 0;
          log(
            `+${Math.round(elapsed)}s joined ${c("joined")} admitted ${c("admitted")} (through ${admittedThrough ?? "-"}) holds ${c("holds")} paid ${c("paid")} | ` +
              `PostgreSQL: confirmed ${p.confirmed} held ${p.reserved} free ${p.available} | 409 ${c("http_409")} 429 ${c("http_429")} 503 ${c("http_503")}`,
          );
        }
      } catch (e) {
        // PostgreSQL restarting, for instance.
        log(`(progress unavailable: ${(e as Error).message.split("\n").pop()})`);
      }
      if (performance.now() - saleStarted > (config.maxSeconds + 60) * 1000) {
        fans.send({ type: "stop" });
      }
    }
    fansReport = (await reportPromise).report;
    fansChild = null;
    await faults.finish();

    // Settle: webhooks drained, then the sweeper once (hold expiry, session expiry, reconciliation).
    log("settling: waiting for the webhooks to drain");
    try {
      await emulator.waitForIdle(120_000);
      result.settlement.webhooksIdle = true;
    } catch {
      log("webhooks still in flight after 120 s");
    }
    const before = await checkInvariants({ eventId: labEvent.eventId, emulator, fans: fansReport, sweptAt: new Date() });
    result.settlement.beforeSweep = {
      seatsSoldTwice: before.seatsSoldTwice.count,
      paidWithoutTickets: before.paidWithoutTickets.count,
      ticketsWithoutPaidSession: before.ticketsWithoutPaidSession.count,
      holdsPastExpiry: before.holdsPastExpiry.count,
    };
    const { runSweep } = await import("@/lib/sweep/run-sweep");
    const sweptAt = new Date();
    const sweep = await runSweep({ now: sweptAt, reconcilePayments: true });
    result.settlement.sweep = sweep;
    log(`sweeper: ${JSON.stringify(sweep)}`);
    try {
      await emulator.waitForIdle(60_000);
    } catch {
      log("webhooks after the sweep still in flight after 60 s");
    }
    result.invariants = await checkInvariants({ eventId: labEvent.eventId, emulator, fans: fansReport, sweptAt });
    result.state = await describeState({ eventId: labEvent.eventId, emulator, redisUrl: redis.url });

    const sold = result.state.tickets.confirmed ?? 0;
    const rates = saleRates(fansReport);
    result.sale = {
      onsaleAt: onsaleAt.toISOString(),
      soldOutAt: soldOutAt?.toISOString() ?? null,
      timeToSellOutSeconds: soldOutAt ? round((soldOutAt.getTime() - onsaleAt.getTime()) / 1000) : null,
      ticketsSold: sold,
      soldShare: sold / labEvent.ticketCount,
      saleSeconds: round((fansReport.endedAtEpochMs - fansReport.startedAtEpochMs) / 1000),
      ...rates,
      peakHoldsShareOfFloor: floor ? round(rates.peakHoldsPerSecond10s / floor.rps, 3) : null,
      timeToSoldShareSeconds: timeToShares(soldTimeline, labEvent.ticketCount),
      soldTimeline,
    };
    result.http = { endpoints: fansReport.endpoints, totals: httpTotals(fansReport.endpoints) };
    const { outcomes, plans, counters: fanCounters, admission, sampleErrors, paidSessions, clientWait } = fansReport;
    result.fans = { outcomes, plans, counters: fanCounters, admission, sampleErrors, paidSessions, clientWait };
    result.admissionOrder = checkAdmissionOrder(admission, config.queue);
    if (!faults.struck) result.error = `the fault ${config.fault} never struck (the sale ended first): this run proves nothing about it`;
    if (config.waitlist) {
      const liveEmulator = emulator;
      result.waitlist = await runWaitlistPhase({
        config: { ...(config.ci ? WAITLIST_PHASE_CI : WAITLIST_PHASE_FULL), seed: config.seed },
        appUrl,
        emulatorUrl: emulator.url,
        waitForWebhooks: () => liveEmulator.waitForIdle(60_000).catch(() => log("waitlist phase: webhooks still in flight after 60 s")),
        log,
      });
    }
    result.passed =
      invariantTotal(result.invariants) === 0 && result.admissionOrder.count === 0 && faults.struck && (!result.waitlist || waitlistInvariantTotal(result.waitlist) === 0);
  } catch (e) {
    result.error = e instanceof Error ? (e.stack ?? e.message) : String(e);
    result.passed = false;
  } finally {
    result.fault.timeline = faults?.timeline ?? [];
    result.fault.stats = faults?.stats ?? {};
    result.settlement.webhookEndpoint = webhookStats;
    result.finishedAt = new Date().toISOString();
    result.machine.loadAverageAtEnd = loadAverage();
    if (fansChild && fansChild.exitCode === null) fansChild.kill("SIGKILL");
    await app?.stop().catch(() => undefined);
    await emulator?.close().catch(() => undefined);
    await redis?.stop().catch(() => undefined);
    await disconnectDb().catch(() => undefined);
    emulatorLog.end();
  }
  writeResult(result);
  printResult(result, log);
  if (result.waitlist) printWaitlistPhase(result.waitlist, log);
  return result.passed ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error("[onsale] failed:", e);
    process.exit(1);
  },
);
