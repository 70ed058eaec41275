// `npm run bench:reserve`: the hold path under load, end to end over HTTP, every figure with the
// framework floor (GET /api/health) measured in the same run (docs/performance.md).
//
// Starts the production build through scripts/server.mjs (`npm run build` first) against the real
// PostgreSQL and Redis (DATABASE_URL and REDIS_URL, local hosts only) and a Stripe emulator in this
// process (behind a timing proxy, so the share of time the app waits on Stripe is known), creates
// a fresh event and fans, and fires from this process:
//   floor        GET /api/health at the distinct phase's concurrency, and at the storm's
//   distinct     every fan holds 1 seat nobody else wants (--fans, --concurrency in flight)
//   storm        --storm fans at once on one seat, --storm-rounds times (a new seat each round)
//   best         best-available, 1 seat of the event's class, one fan each
//   cancel       fans of the distinct phase release their seat
//   checkout     fans of the distinct phase open a Stripe Checkout Session, pay it on the emulator
//                (not timed), then confirm
// Then checks in PostgreSQL that no seat is held twice and that every success matches PostgreSQL.
// Per-IP budgets are raised for the run (one client address drives thousands of fans); the per-IP
// check still runs. Loopback only; bounded in count.
//
// --count-round-trips: instead, puts counting proxies between the app and PostgreSQL / Redis and
// sends --fans holds one at a time, then prints PostgreSQL round trips (Sync/Query messages) and
// Redis round trips (client writes) per hold.
// --cpu-prof DIR: the server runs under `node --cpu-prof --cpu-prof-dir DIR`.
// --app-dir DIR: serve the build of another checkout (before/after comparisons in one sitting).
//
// Flags: --fans N (1500), --concurrency N (50), --storm N (200), --storm-rounds N (5), --best N (300),
// --cancel N (500), --checkout N (150), --port N (3103).
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import http from "node:http";
import net from "node:net";
import path from "node:path";
import { parseArgs } from "node:util";
import { issueAccessToken } from "@/lib/auth/access-token";
import { disconnectDb, getDb } from "@/lib/db";
import { isLocalDatabaseUrl } from "@/lib/db/local-database";
import { applyMigrations } from "@/lib/db/migrations";
import { createEventWithTickets, createVenueWithGrid } from "@/prisma/seed/factories";
import { startStripeEmulator, type StripeEmulator } from "@openseat/stripe-emulator";

const { values } = parseArgs({
  options: {
    fans: { type: "string", default: "1500" },
    concurrency: { type: "string", default: "50" },
    storm: { type: "string", default: "200" },
    "storm-rounds": { type: "string", default: "5" },
    best: { type: "string", default: "300" },
    cancel: { type: "string", default: "500" },
    checkout: { type: "string", default: "150" },
    port: { type: "string", default: "3103" },
    "count-round-trips": { type: "boolean", default: false },
    "cpu-prof": { type: "string" },
    "app-dir": { type: "string" },
  },
});
const FANS = Number(values.fans);
const CONCURRENCY = Number(values.concurrency);
const STORM = Number(values.storm);
const STORM_ROUNDS = Number(values["storm-rounds"]);
const BEST = Number(values.best);
const CANCEL = Math.min(Number(values.cancel), FANS);
const CHECKOUT = Math.min(Number(values.checkout), FANS - CANCEL);
const PORT = Number(values.port);
const COUNTING = values["count-round-trips"];
const root = path.resolve(import.meta.dirname, "../..");
// --app-dir: the checkout whose build is served (e.g. a worktree of the commit to compare with).
const appDir = path.resolve(values["app-dir"] ?? root);
const agent = new http.Agent({ keepAlive: true, maxSockets: Math.max(CONCURRENCY, STORM) });

type Shot = { status: number; ms: number; body: string };

function request(method: string, urlPath: string, token?: string, body?: unknown, retried = false): Promise<Shot> {
  const payload = body === undefined ? undefined : JSON.stringify(body);
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: "127.0.0.1", port: PORT, path: urlPath, method, agent, headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) } },
      (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (c: string) => (text += c));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, ms: performance.now() - started, body: text }));
      },
    );
    // A kept-alive socket the server closed just as it was reused (its keepAliveTimeout passed):
    // the request never reached the app; sent once more on a new socket, as Node's docs advise.
    req.on("error", (error: NodeJS.ErrnoException) => {
      if (!retried && req.reusedSocket && error.code === "ECONNRESET") resolve(request(method, urlPath, token, body, true));
      else reject(error);
    });
    req.end(payload);
  });
}

type Run<T> = { shots: (Shot & { job: T })[]; seconds: number; cpuMs: number };

// The server's own CPU time (user + system, /proc/<pid>/stat, 10 ms ticks): per request, a figure
// the machine's other load does not move much, unlike requests per second.
let serverPid: number | undefined;
function serverCpuMs(): number {
  if (serverPid === undefined) return 0;
  try {
    const fields = readFileSync(`/proc/${serverPid}/stat`, "utf8").split(") ")[1]!.split(" ");
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return 0;
  }
}

async function run<T>(jobs: T[], fire: (job: T) => Promise<Shot>, concurrency = CONCURRENCY): Promise<Run<T>> {
  const shots: (Shot & { job: T })[] = [];
  let next = 0;
  const started = performance.now();
  const cpuBefore = serverCpuMs();
  await Promise.all(
    Array.from({ length: Math.min(concurrency, jobs.length) }, async () => {
      while (next < jobs.length) {
        const job = jobs[next++]!;
        shots.push({ ...(await fire(job)), job });
      }
    }),
  );
  return { shots, seconds: (performance.now() - started) / 1000, cpuMs: serverCpuMs() - cpuBefore };
}

function merge<T>(runs: Run<T>[]): Run<T> {
  return { shots: runs.flatMap((r) => r.shots), seconds: runs.reduce((s, r) => s + r.seconds, 0), cpuMs: runs.reduce((s, r) => s + r.cpuMs, 0) };
}

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;

type Figure = { name: string; perSecond: number; okPerSecond: number; p50: number; p99: number; statuses: string; cpuPerRequest: number };
const figures: Figure[] = [];

function report(name: string, { shots, seconds, cpuMs }: { shots: Shot[]; seconds: number; cpuMs: number }, okStatus = 200): Figure {
  const ms = shots.map((s) => s.ms).sort((a, b) => a - b);
  const byStatus = new Map<number, number>();
  for (const s of shots) byStatus.set(s.status, (byStatus.get(s.status) ?? 0) + 1);
  const ok = byStatus.get(okStatus) ?? 0;
  const figure = {
    name,
    perSecond: shots.length / seconds,
    okPerSecond: ok / seconds,
    p50: pct(ms, 50),
    p99: pct(ms, 99),
    statuses: [...byStatus].sort().map(([k, v]) => `${k}:${v}`).join(" "),
    cpuPerRequest: cpuMs / Math.max(1, shots.length),
  };
  figures.push(figure);
  console.info(
    `${name.padEnd(40)} ${String(shots.length).padStart(6)} req in ${seconds.toFixed(2)} s: ${figure.perSecond.toFixed(0).padStart(5)} req/s, ` +
      `${figure.okPerSecond.toFixed(0).padStart(5)} ok/s; p50 ${figure.p50.toFixed(0)} ms, p95 ${pct(ms, 95).toFixed(0)} ms, p99 ${figure.p99.toFixed(0)} ms; server CPU ${figure.cpuPerRequest.toFixed(2)} ms/req; status ${figure.statuses}`,
  );
  return figure;
}

async function waitForServer(): Promise<void> {
  for (let i = 0; i < 240; i++) {
    try {
      if ((await request("GET", "/api/health")).status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error("the server did not come up");
}

// ---- Stripe timing proxy: every call the app makes to Stripe passes here and is timed.
type StripeClock = { calls: number; ms: number };
function stripeTimingProxy(target: URL, clock: StripeClock): Promise<http.Server> {
  const server = http.createServer((req, res) => {
    const started = performance.now();
    const upstream = http.request({ host: target.hostname, port: target.port, path: req.url, method: req.method, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
      answer.on("end", () => {
        clock.calls++;
        clock.ms += performance.now() - started;
      });
    });
    upstream.on("error", () => res.destroy());
    req.pipe(upstream);
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

// ---- Round-trip counters (--count-round-trips): TCP proxies that count what the app sends.
type Counter = { roundTrips: number };

/** PostgreSQL: counts Sync ('S') and simple Query ('Q') messages, each ends one round trip. */
function postgresCountingProxy(target: URL, counter: Counter): Promise<net.Server> {
  const server = net.createServer((client) => {
    const upstream = net.connect(Number(target.port || 5432), target.hostname);
    let buffer = Buffer.alloc(0);
    let started = false;
    client.on("data", (chunk: Buffer) => {
      upstream.write(chunk);
      buffer = Buffer.concat([buffer, chunk]);
      for (;;) {
        if (!started) {
          // SSLRequest / StartupMessage: int32 length, no type byte.
          if (buffer.length < 8) break;
          const len = buffer.readInt32BE(0);
          const code = buffer.readInt32BE(4);
          if (buffer.length < len) break;
          buffer = buffer.subarray(len);
          if (code !== 80877103) started = true; // not an SSLRequest: the startup message
          continue;
        }
        if (buffer.length < 5) break;
        const len = buffer.readInt32BE(1);
        if (buffer.length < 1 + len) break;
        const type = String.fromCharCode(buffer[0]!);
        if (type === "S" || type === "Q") counter.roundTrips++;
        buffer = buffer.subarray(1 + len);
      }
    });
    upstream.on("data", (chunk) => client.write(chunk));
    const close = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on("error", close).on("close", close);
    upstream.on("error", close).on("close", close);
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

/** Redis: counts the client's writes that start a new exchange (every write after a reply). */
function redisCountingProxy(target: URL, counter: Counter): Promise<net.Server> {
  const server = net.createServer((client) => {
    const upstream = net.connect(Number(target.port || 6379), target.hostname);
    let awaitingReply = false;
    client.on("data", (chunk) => {
      if (!awaitingReply) counter.roundTrips++;
      awaitingReply = true;
      upstream.write(chunk);
    });
    upstream.on("data", (chunk) => {
      awaitingReply = false;
      client.write(chunk);
    });
    const close = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on("error", close).on("close", close);
    upstream.on("error", close).on("close", close);
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

const listeningUrl = (base: URL, server: net.Server) => {
  const url = new URL(base.toString());
  url.hostname = "127.0.0.1";
  url.port = String((server.address() as net.AddressInfo).port);
  return url.toString();
};

async function main(): Promise<void> {
  const url = process.env.DATABASE_URL;
  const redisUrl = process.env.REDIS_URL;
  if (!url || !redisUrl) throw new Error("bench:reserve needs DATABASE_URL and REDIS_URL (a real PostgreSQL and Redis)");
  if (!isLocalDatabaseUrl(url)) throw new Error("bench:reserve only runs against a local database");
  process.env.AUTH_SECRET ??= "bench-only-secret-bench-only-secret-0123";
  await applyMigrations(url, { log: () => {} });

  const db = getDb();
  const stormSeats = STORM_ROUNDS;
  const seatsNeeded = 200 + 2 * FANS + stormSeats + BEST + 200;
  const seatsPerRow = 50;
  const rows = Math.ceil(seatsNeeded / seatsPerRow / 4) + 1;
  const { venue } = await createVenueWithGrid(db, { name: `Bench Arena ${Date.now()}`, sections: 4, rows, seatsPerRow });
  const { event, ticketCount } = await createEventWithTickets(db, { venueId: venue.id, title: `Bench on-sale ${new Date().toISOString()}` });
  const tickets = await db.ticket.findMany({ where: { eventId: event.id }, orderBy: { id: "asc" }, select: { id: true, classId: true } });
  const classId = tickets[0]!.classId;
  const tag = Date.now().toString(36);
  const fanCount = 200 + FANS + STORM * STORM_ROUNDS + BEST;
  await db.user.createMany({ data: Array.from({ length: fanCount }, (_, i) => ({ username: `bench_${tag}_${i}`, email: `bench_${tag}_${i}@example.com` })) });
  const users = await db.user.findMany({ where: { username: { startsWith: `bench_${tag}_` } }, select: { id: true, email: true, username: true, role: true }, orderBy: { id: "asc" } });
  const tokens = await Promise.all(users.map(async (u) => ({ userId: u.id, token: (await issueAccessToken(u, 3600)).access_token })));
  const take = (() => {
    let at = 0;
    return (n: number) => tokens.slice(at, (at += n));
  })();

  // Stripe: the emulator in this process, behind the timing proxy.
  const webhookSecret = `whsec_${randomBytes(24).toString("hex")}`;
  const emulator: StripeEmulator = await startStripeEmulator({ port: 0, webhookSecret });
  const stripeClock: StripeClock = { calls: 0, ms: 0 };
  const stripeProxy = await stripeTimingProxy(new URL(emulator.url), stripeClock);
  const stripeUrl = `http://127.0.0.1:${(stripeProxy.address() as net.AddressInfo).port}`;

  const pgCounter: Counter = { roundTrips: 0 };
  const redisCounter: Counter = { roundTrips: 0 };
  const proxies: net.Server[] = [];
  let appDatabaseUrl = url;
  let appRedisUrl = redisUrl;
  if (COUNTING) {
    const pg = await postgresCountingProxy(new URL(url), pgCounter);
    const rd = await redisCountingProxy(new URL(redisUrl), redisCounter);
    proxies.push(pg, rd);
    appDatabaseUrl = listeningUrl(new URL(url), pg);
    appRedisUrl = listeningUrl(new URL(redisUrl), rd);
  }

  console.info(`event #${event.id}: ${ticketCount} tickets; ${users.length} fans; concurrency ${CONCURRENCY}; scripts/server.mjs on 127.0.0.1:${PORT}`);
  const nodeArgs = values["cpu-prof"] ? ["--cpu-prof", "--cpu-prof-dir", values["cpu-prof"]] : [];
  const server: ChildProcess = spawn(process.execPath, [...nodeArgs, path.join(appDir, "scripts/server.mjs"), "--port", String(PORT), "--hostname", "127.0.0.1"], {
    cwd: appDir,
    env: {
      ...process.env,
      DATABASE_URL: appDatabaseUrl,
      REDIS_URL: appRedisUrl,
      NODE_ENV: "production",
      HOLD_SWEEP_INTERVAL_MS: "0",
      APP_URL: `http://127.0.0.1:${PORT}`,
      STRIPE_API_URL: stripeUrl,
      STRIPE_SECRET_KEY: "sk_test_bench_reserve",
      STRIPE_WEBHOOK_SECRET: webhookSecret,
      // One address drives every fan here: the per-IP budgets are raised, not switched off.
      RATE_LIMIT_RESERVE_IP_PER_MINUTE: "1000000",
      RATE_LIMIT_BEST_AVAILABLE_IP_PER_MINUTE: "1000000",
      RATE_LIMIT_CANCEL_IP_PER_MINUTE: "1000000",
      RATE_LIMIT_CHECKOUT_IP_PER_MINUTE: "1000000",
      RATE_LIMIT_CONFIRM_IP_PER_MINUTE: "1000000",
    },
    stdio: ["ignore", "ignore", "inherit"],
  });
  serverPid = server.pid;
  const seats = tickets.map((t) => t.id);
  let seatAt = 0;
  const nextSeats = (n: number) => seats.slice(seatAt, (seatAt += n));
  try {
    await waitForServer();
    // Warm-up: the health route and the reserve route (code paths compiled and JITed).
    await run(Array.from({ length: 300 }), () => request("GET", "/api/health"));
    const warm = take(100).map((t, i) => ({ ...t, ids: [seats[i]!] }));
    nextSeats(100);
    if (COUNTING) {
      await run(warm, (j) => request("POST", "/api/events/ticket/reserve", j.token, { ticket_ids: j.ids }), 1);
      const fans = take(FANS).map((t) => ({ ...t, ids: nextSeats(1) }));
      pgCounter.roundTrips = 0;
      redisCounter.roundTrips = 0;
      const counted = await run(fans, (j) => request("POST", "/api/events/ticket/reserve", j.token, { ticket_ids: j.ids }), 1);
      report("reserve, one at a time (counted)", counted);
      console.info(`per hold, a fan's first request: ${(pgCounter.roundTrips / fans.length).toFixed(2)} PostgreSQL round trips, ${(redisCounter.roundTrips / fans.length).toFixed(2)} Redis round trips`);
      // The same fans again at once (their session state is in the server's memory now): a seat more each.
      const again = fans.map((f) => ({ ...f, ids: nextSeats(1) }));
      pgCounter.roundTrips = 0;
      redisCounter.roundTrips = 0;
      const second = await run(again, (j) => request("POST", "/api/events/ticket/reserve", j.token, { ticket_ids: j.ids }), 1);
      report("reserve again, one at a time (counted)", second);
      console.info(`per hold, seats added to the fan's hold a few seconds later: ${(pgCounter.roundTrips / again.length).toFixed(2)} PostgreSQL round trips, ${(redisCounter.roundTrips / again.length).toFixed(2)} Redis round trips`);
      // New fans whose session state the server has just looked up (a refused empty reserve first,
      // not counted), as for a fan who has been using the site: what the hold itself costs.
      const warmFans = take(Math.min(FANS, 100)).map((t) => ({ ...t, ids: nextSeats(1) }));
      let pg = 0;
      let rd = 0;
      const warmShots = await run(
        warmFans,
        async (j) => {
          await request("POST", "/api/events/ticket/reserve", j.token, { ticket_ids: [] });
          const [p0, r0] = [pgCounter.roundTrips, redisCounter.roundTrips];
          const shot = await request("POST", "/api/events/ticket/reserve", j.token, { ticket_ids: j.ids });
          pg += pgCounter.roundTrips - p0;
          rd += redisCounter.roundTrips - r0;
          return shot;
        },
        1,
      );
      report("reserve, session state known (counted)", warmShots);
      console.info(`per hold, the fan's session state known: ${(pg / warmFans.length).toFixed(2)} PostgreSQL round trips, ${(rd / warmFans.length).toFixed(2)} Redis round trips`);
      return;
    }
    await run(warm, (j) => request("POST", "/api/events/ticket/reserve", j.token, { ticket_ids: j.ids }));

    // The floor right before and right after the phases it is compared with (the machine's other
    // load drifts): the ratios use the mean of the two.
    const floorRun = () => run(Array.from({ length: FANS }), () => request("GET", "/api/health"));
    const floorStormRun = () => run(Array.from({ length: STORM * STORM_ROUNDS }), () => request("GET", "/api/health"), STORM);
    const floorRuns = [await floorRun()];
    const floorStormRuns = [await floorStormRun()];

    const distinctFans = take(FANS).map((t) => ({ ...t, ids: nextSeats(1) }));
    const distinct = await run(distinctFans, (j) => request("POST", "/api/events/ticket/reserve", j.token, { ticket_ids: j.ids }));
    const holds = report(`distinct: ${FANS} fans x 1 seat`, distinct);
    floorRuns.push(await floorRun());

    const stormRuns: Run<{ userId: number; token: string; ids: number[] }>[] = [];
    for (let r = 0; r < STORM_ROUNDS; r++) {
      const seat = nextSeats(1);
      const fans = take(STORM).map((t) => ({ ...t, ids: seat }));
      stormRuns.push(await run(fans, (j) => request("POST", "/api/events/ticket/reserve", j.token, { ticket_ids: j.ids }), STORM));
    }
    const storm = merge(stormRuns);
    const stormFigure = report(`storm: ${STORM} at once on 1 seat x ${STORM_ROUNDS}`, storm);
    floorStormRuns.push(await floorStormRun());
    const floor = report(`floor: GET /api/health (${CONCURRENCY} in flight, before+after)`, merge(floorRuns));
    const floorStorm = report(`floor: GET /api/health (${STORM} in flight, before+after)`, merge(floorStormRuns));
    console.info(
      `floor drift: ${floorRuns.map((r) => (r.shots.length / r.seconds).toFixed(0)).join(" -> ")} req/s at ${CONCURRENCY} in flight, ` +
        `${floorStormRuns.map((r) => (r.shots.length / r.seconds).toFixed(0)).join(" -> ")} req/s at ${STORM}`,
    );
    const stormWinners = stormRuns.map((r) => r.shots.filter((s) => s.status === 200).length);

    const bestFans = take(BEST);
    const best = await run(bestFans, (j) => request("POST", `/api/events/${event.id}/best-available`, j.token, { class_id: classId, quantity: 1 }));
    const bestFigure = report(`best-available: ${BEST} fans x 1 seat`, best);

    const held = distinct.shots.filter((s) => s.status === 200);
    const cancelJobs = held.slice(0, CANCEL).map((s) => s.job);
    const cancel = await run(cancelJobs, (j) => request("POST", "/api/events/ticket/cancel", j.token, { ticket_ids: j.ids, status: "reserved" }));
    const cancelFigure = report(`cancel: ${cancelJobs.length} holds`, cancel);

    const checkoutJobs = held.slice(CANCEL, CANCEL + CHECKOUT).map((s) => ({ ...s.job, reservationId: (JSON.parse(s.body) as { reservation_id: string }).reservation_id }));
    let clockBefore = { ...stripeClock };
    const checkout = await run(checkoutJobs, (j) => request("POST", "/api/checkout", j.token, { reservation_id: j.reservationId }));
    const checkoutFigure = report(`checkout start: ${checkoutJobs.length} holds`, checkout);
    const checkoutStripe = { calls: stripeClock.calls - clockBefore.calls, ms: stripeClock.ms - clockBefore.ms };
    const sessions = new Map<number, string>();
    for (const s of checkout.shots.filter((s) => s.status === 200)) {
      const sessionId = (JSON.parse(s.body) as { session_id: string }).session_id;
      emulator.pay(sessionId, "4242 4242 4242 4242", { email: `fan${s.job.userId}@example.com` });
      sessions.set(s.job.userId, sessionId);
    }
    const confirmJobs = checkoutJobs.filter((j) => sessions.has(j.userId));
    clockBefore = { ...stripeClock };
    const confirm = await run(confirmJobs, (j) => request("POST", "/api/events/ticket/confirm", j.token, { ticket_ids: j.ids, payment_info: { payment_id: sessions.get(j.userId) } }));
    const confirmFigure = report(`confirm: ${confirmJobs.length} paid holds`, confirm);
    const confirmStripe = { calls: stripeClock.calls - clockBefore.calls, ms: stripeClock.ms - clockBefore.ms };
    const busy = (r: Run<unknown>) => r.shots.reduce((s, x) => s + x.ms, 0);

    console.info("");
    console.info("| what | req/s | p50 ms | p99 ms | x floor | server CPU ms/req | floor's CPU / this CPU |");
    console.info("|---|---|---|---|---|---|---|");
    const row = (f: Figure, base: Figure, perSecond = f.perSecond, label = f.name) =>
      console.info(
        `| ${label} | ${perSecond.toFixed(0)} | ${f.p50.toFixed(0)} | ${f.p99.toFixed(0)} | ${(perSecond / base.perSecond).toFixed(2)} | ${f.cpuPerRequest.toFixed(2)} | ${(base.cpuPerRequest / Math.max(0.001, f.cpuPerRequest)).toFixed(2)} |`,
      );
    row(floor, floor);
    row(floorStorm, floorStorm);
    row(holds, floor, holds.okPerSecond, `${holds.name} (holds/s)`);
    row(stormFigure, floorStorm, stormFigure.perSecond, `${stormFigure.name} (attempts/s)`);
    row(bestFigure, floor, bestFigure.okPerSecond, `${bestFigure.name} (holds/s)`);
    row(cancelFigure, floor, cancelFigure.okPerSecond);
    row(checkoutFigure, floor, checkoutFigure.okPerSecond);
    row(confirmFigure, floor, confirmFigure.okPerSecond);
    console.info(
      `waiting on Stripe: checkout start ${((checkoutStripe.ms / Math.max(1, busy(checkout))) * 100).toFixed(0)}% of its request time (${checkoutStripe.calls} calls, ${(checkoutStripe.ms / Math.max(1, checkoutStripe.calls)).toFixed(1)} ms each); ` +
        `confirm ${((confirmStripe.ms / Math.max(1, busy(confirm))) * 100).toFixed(0)}% (${confirmStripe.calls} calls, ${(confirmStripe.ms / Math.max(1, confirmStripe.calls)).toFixed(1)} ms each)`,
    );
    console.info(`storm winners per round: ${stormWinners.join(", ")} (each must be 1)`);

    // Invariants, from PostgreSQL: every seat an answer said was held or bought is the fan's there.
    const owners = new Map<number, number>();
    let doubles = 0;
    const cancelled = new Set(cancel.shots.filter((s) => s.status === 200).flatMap((s) => s.job.ids));
    for (const s of [...distinct.shots, ...storm.shots].filter((s) => s.status === 200)) {
      for (const id of s.job.ids) {
        if (owners.has(id)) doubles++;
        owners.set(id, s.job.userId);
      }
    }
    for (const s of best.shots.filter((s) => s.status === 200)) {
      for (const t of (JSON.parse(s.body) as { tickets: { ticket_id: string }[] }).tickets) {
        const id = Number(t.ticket_id);
        if (owners.has(id)) doubles++;
        owners.set(id, s.job.userId);
      }
    }
    for (const id of cancelled) owners.delete(id);
    const taken = await db.ticket.findMany({ where: { eventId: event.id, status: { in: ["reserved", "confirmed"] }, id: { notIn: seats.slice(0, 100) } }, select: { id: true, userId: true } });
    const takenIds = new Set(taken.map((t) => t.id));
    const mismatched = taken.filter((t) => owners.get(t.id) !== t.userId).length + [...owners.keys()].filter((id) => !takenIds.has(id)).length;
    const all = [distinct, storm, best, cancel, checkout, confirm].flatMap((r) => r.shots as Shot[]);
    const errors = all.filter((s) => s.status >= 500).length;
    const badStorm = stormWinners.filter((n) => n !== 1).length;
    console.info(`seats held twice: ${doubles}; successes not matching PostgreSQL: ${mismatched}; storm rounds without exactly one winner: ${badStorm}; 5xx: ${errors}`);
    if (doubles || mismatched || errors || badStorm) process.exitCode = 1;
  } finally {
    server.kill("SIGTERM");
    await new Promise((r) => server.once("exit", r));
    agent.destroy();
    stripeProxy.close();
    for (const p of proxies) p.close();
    await emulator.close();
    await disconnectDb();
  }
}

main().catch((e: unknown) => {
  console.error("[bench] failed:", e);
  process.exit(1);
});
