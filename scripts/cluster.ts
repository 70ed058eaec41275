// `npm run cluster -- --instances 3`: the self-hosted topology on one machine (docs/scaling.md):
//
//   HAProxy :8080 (health check GET /api/health/ready, X-Forwarded-For, retry on refused connections)
//     -> N x scripts/server.mjs (next start, TRUST_PROXY=loopback)
//          -> PgBouncer (transaction pooling) -> PostgreSQL (DATABASE_URL)
//          -> Redis (REDIS_URL), or with --redis-cluster a 3-primary + 3-replica Redis Cluster
//
// Needs a PostgreSQL server in DATABASE_URL (migrated here) and, without --redis-cluster, a Redis in
// REDIS_URL; haproxy and pgbouncer (and redis-server for --redis-cluster) are installed with apt-get
// when missing and this runs as root, else the command to run is printed. Builds when there is no
// build. Runs until Ctrl-C, then stops everything gracefully (SIGTERM to the instances first).
//
// --smoke proves the cross-instance behaviour and exits (0 when every check passed):
//   1. a hold made through instance 1 is seen on the live seat map (SSE) of instance 2 and on the
//      availability JSON of the last instance within 1 s;
//   2. a lapsed hold is swept once by the fleet while the sweep lease passes between instances;
//   3. kill -9 one instance: the balancer routes around it (every request through it still 200).
//
// Payments go to Stripe with STRIPE_SECRET_KEY set, else to the project's emulator started here.
// --smoke --load N also measures, through the balancer, the framework floor (GET /api/health) and
// N fans each holding one seat of their own, 64 requests in flight: req/s, p50/p99 and holds/s as a
// share of the floor (the per-IP reserve limit is lifted on the instances: every fan is 127.0.0.1).
// Options: --instances N (3), --port P (8080, the balancer), --redis-cluster, --smoke, --load N,
//          --pool N (DATABASE_POOL_SIZE per instance, 10), --no-build.
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import http from "node:http";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";

const root = path.resolve(import.meta.dirname, "..");
const { values: flags } = parseArgs({
  options: {
    instances: { type: "string", default: "3" },
    port: { type: "string", default: "8080" },
    pool: { type: "string", default: "10" },
    "redis-cluster": { type: "boolean", default: false },
    smoke: { type: "boolean", default: false },
    "no-build": { type: "boolean", default: false },
    load: { type: "string", default: "0" },
  },
});
const INSTANCES = Math.max(1, Number(flags.instances));
const LB_PORT = Number(flags.port);
const log = (line: string) => console.info(`[cluster] ${line}`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function onPath(name: string): boolean {
  try {
    execFileSync("sh", ["-c", `command -v ${name}`], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

/** Installs the Debian packages of missing binaries (as root), or says how and exits. */
function ensureBinaries(needed: Record<string, string>): void {
  const missing = Object.entries(needed).filter(([bin]) => !onPath(bin) && !existsSync(`/usr/sbin/${bin}`));
  if (missing.length === 0) return;
  const packages = [...new Set(missing.map(([, pkg]) => pkg))];
  if (process.getuid?.() !== 0) {
    console.error(`[cluster] missing ${missing.map(([b]) => b).join(", ")}: run  sudo apt-get install -y ${packages.join(" ")}`);
    process.exit(1);
  }
  log(`installing ${packages.join(", ")} (apt-get)`);
  execFileSync("apt-get", ["install", "-y", "--no-install-recommends", ...packages], { stdio: "inherit", env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" } });
}

function binary(name: string): string {
  return onPath(name) ? name : `/usr/sbin/${name}`;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

function get(url: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { agent: false, headers }, (res) => {
      let body = "";
      res.on("data", (c: Buffer) => (body += c.toString("utf8")));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on("error", reject);
    req.setTimeout(10_000, () => req.destroy(new Error("timeout")));
  });
}

async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    let ok = false;
    try {
      ok = await check();
    } catch (error) {
      // A request that failed means "not yet"; a process that exited means "never".
      if (error instanceof Error && error.message.includes("exited")) throw error;
    }
    if (ok) return;
    await sleep(200);
  }
  throw new Error(`${what}: not within ${timeoutMs} ms`);
}

const children: { name: string; child: ChildProcess }[] = [];
// What the start left to undo (PgBouncer, the Redis Cluster, the temporary directory), last first.
const cleanups: (() => Promise<void> | void)[] = [];
function start(name: string, command: string, args: string[], env: NodeJS.ProcessEnv = process.env): ChildProcess {
  const child = spawn(command, args, { cwd: root, env, stdio: ["ignore", "pipe", "pipe"] });
  const prefix = (chunk: Buffer) =>
    chunk
      .toString("utf8")
      .split("\n")
      .filter(Boolean)
      .forEach((line) => console.info(`[${name}] ${line}`));
  child.stdout?.on("data", prefix);
  child.stderr?.on("data", prefix);
  children.push({ name, child });
  return child;
}

const alive = (c: ChildProcess) => c.exitCode === null && c.signalCode === null;

async function main(): Promise<number> {
  const direct = process.env.DATABASE_URL?.trim();
  if (!direct || !/^postgres(ql)?:\/\//.test(direct)) throw new Error("DATABASE_URL must name a PostgreSQL server (the topology puts PgBouncer in front of it)");
  if (!flags["redis-cluster"] && !process.env.REDIS_URL?.trim()) throw new Error("set REDIS_URL, or pass --redis-cluster to start a Redis Cluster");
  ensureBinaries({ haproxy: "haproxy", pgbouncer: "pgbouncer", ...(flags["redis-cluster"] ? { "redis-server": "redis-server", "redis-cli": "redis-tools" } : {}) });

  if (!existsSync(path.join(root, ".next/BUILD_ID"))) {
    if (flags["no-build"]) throw new Error("no build: run npm run build");
    log("no build yet: npm run build");
    execFileSync("npm", ["run", "build"], { cwd: root, stdio: "inherit" });
  }
  log("migrations: npm run db:migrate");
  execFileSync("npm", ["run", "--silent", "db:migrate"], { cwd: root, stdio: "inherit", env: { ...process.env, DATABASE_URL: direct } });

  const dir = mkdtempSync(path.join(tmpdir(), "openseat-topology-"));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));

  // PgBouncer, transaction pooling (test/support/pgbouncer.ts; docs/scaling.md#pgbouncer for why the
  // app needs nothing more than pgbouncer=true in its URL).
  const { startPgBouncer } = await import("../test/support/pgbouncer");
  const bouncer = await startPgBouncer(direct, { onOutput: (line) => console.info(`[pgbouncer] ${line}`) });
  cleanups.push(() => bouncer.stop());
  const pooled = new URL(bouncer.url);
  const pg = new URL(direct);
  log(`PgBouncer (transaction pooling) on 127.0.0.1:${bouncer.port} -> ${pg.hostname}:${pg.port || 5432}${pg.pathname}`);
  const bouncerPort = bouncer.port;

  // Redis
  const redisEnv: Record<string, string> = {};
  if (flags["redis-cluster"]) {
    const { startRedisCluster } = await import("../test/support/redis-cluster");
    const cluster = await startRedisCluster({ primaries: 3, replicas: 1, nodeTimeoutMs: 2000 });
    cleanups.push(() => cluster.stop());
    redisEnv.REDIS_CLUSTER_NODES = cluster.nodesEnv;
    log(`Redis Cluster (3 primaries, 3 replicas): ${cluster.nodesEnv}`);
  } else {
    redisEnv.REDIS_URL = process.env.REDIS_URL!.trim();
  }

  // Payments: Stripe itself when the environment has a key, else the project's emulator in this
  // process (in memory; webhooks through the balancer), as `npm run demo` does.
  const stripeEnv: Record<string, string> = {};
  if (!process.env.STRIPE_SECRET_KEY?.trim()) {
    const { startStripeEmulator } = await import("@openseat/stripe-emulator");
    const webhookSecret = `whsec_${randomBytes(24).toString("hex")}`;
    const emulator = await startStripeEmulator({ port: 0, webhookSecret, webhookTarget: `http://localhost:${LB_PORT}/api/webhooks/stripe`, log: () => {} });
    cleanups.push(() => emulator.close());
    Object.assign(stripeEnv, { STRIPE_API_URL: emulator.url, STRIPE_SECRET_KEY: "sk_test_openseat_emulator", STRIPE_WEBHOOK_SECRET: webhookSecret });
    log(`Stripe emulator at ${emulator.url} (in memory; set STRIPE_SECRET_KEY to use Stripe)`);
  }

  // The instances
  const authSecret = process.env.AUTH_SECRET && process.env.AUTH_SECRET.length >= 32 ? process.env.AUTH_SECRET : randomBytes(33).toString("base64");
  const ports: number[] = [];
  const instances: ChildProcess[] = [];
  for (let i = 1; i <= INSTANCES; i++) {
    const port = await freePort();
    ports.push(port);
    const { REDIS_URL: _unusedRedisUrl, ...inherited } = process.env;
    void _unusedRedisUrl;
    instances.push(
      start(`app-${i}`, process.execPath, [path.join(root, "scripts/server.mjs"), "--port", String(port), "--hostname", "127.0.0.1"], {
        ...inherited,
        ...redisEnv,
        ...stripeEnv,
        DATABASE_URL: pooled.toString(),
        DATABASE_POOL_SIZE: flags.pool,
        AUTH_SECRET: authSecret,
        TRUST_PROXY: "loopback",
        APP_URL: `http://localhost:${LB_PORT}`,
        // Readiness turns 503 first; the balancer (checks every 1 s, 2 failures) stops sending
        // before the listener closes.
        SHUTDOWN_DELAY_MS: process.env.SHUTDOWN_DELAY_MS ?? "2500",
        HOLD_SWEEP_INTERVAL_MS: process.env.HOLD_SWEEP_INTERVAL_MS ?? (flags.smoke ? "1000" : "15000"),
        ...(Number(flags.load) > 0 ? { RATE_LIMIT_RESERVE_IP_PER_MINUTE: "0" } : {}),
        NEXT_TELEMETRY_DISABLED: "1",
      }),
    );
  }
  await Promise.all(
    ports.map((port, i) =>
      waitFor(`instance ${i + 1} ready`, async () => {
        if (!alive(instances[i]!)) throw new Error(`instance ${i + 1} exited (its log is above)`);
        return (await get(`http://127.0.0.1:${port}/api/health/ready`)).status === 200;
      }, 120_000),
    ),
  );

  // HAProxy
  const cfg = path.join(dir, "haproxy.cfg");
  writeFileSync(
    cfg,
    [
      "global",
      // Each connection through the balancer costs two descriptors; stay inside a default limit.
      "  maxconn 4000",
      "defaults",
      "  mode http",
      "  timeout connect 2s",
      "  timeout http-request 10s",
      "  timeout queue 10s",
      // Live streams stay open for minutes (they end themselves after 270 s).
      "  timeout client 300s",
      "  timeout server 300s",
      // A refused or failed connection (an instance killed or shutting down) is retried on another
      // instance: the request never reached an app, so this is safe for a POST too.
      "  retries 2",
      "  option redispatch 1",
      "  retry-on conn-failure empty-response",
      "frontend openseat",
      `  bind 127.0.0.1:${LB_PORT}`,
      "  option forwardfor",
      "  default_backend instances",
      "backend instances",
      "  balance roundrobin",
      "  option httpchk GET /api/health/ready",
      "  http-check expect status 200",
      "  default-server inter 1s fall 2 rise 2",
      ...ports.map((port, i) => `  server app-${i + 1} 127.0.0.1:${port} check`),
      "",
    ].join("\n"),
  );
  start("haproxy", binary("haproxy"), ["-db", "-f", cfg]);
  await waitFor("HAProxy", async () => (await get(`http://127.0.0.1:${LB_PORT}/api/health/ready`)).status === 200, 30_000);

  log(`ready: http://localhost:${LB_PORT} -> ${INSTANCES} instance(s) on ${ports.map((p) => `127.0.0.1:${p}`).join(", ")}; PgBouncer :${bouncerPort}; ${flags["redis-cluster"] ? "Redis Cluster" : `Redis ${redisEnv.REDIS_URL}`}`);

  const stopAll = async () => {
    log("stopping: SIGTERM to the instances (graceful), then the balancer, PgBouncer and Redis");
    for (const c of instances) if (alive(c)) c.kill("SIGTERM");
    await Promise.all(instances.map((c) => (alive(c) ? new Promise((r) => c.once("exit", r)) : null)));
    for (const { child } of children) if (alive(child)) child.kill("SIGTERM");
    await sleep(300);
    for (const { child } of children) if (alive(child)) child.kill("SIGKILL");
    for (const cleanup of cleanups.reverse()) await cleanup();
  };

  if (!flags.smoke) {
    await new Promise<void>((resolve) => {
      process.once("SIGINT", () => resolve());
      process.once("SIGTERM", () => resolve());
    });
    await stopAll();
    return 0;
  }

  let failed = 0;
  try {
    failed = await smoke(ports, authSecret, redisEnv, instances);
  } catch (error) {
    console.error(`[smoke] ${error instanceof Error ? error.stack : String(error)}`);
    failed = 1;
  } finally {
    await stopAll();
  }
  log(failed === 0 ? "smoke: every check passed" : `smoke: ${failed} check(s) failed`);
  return failed === 0 ? 0 : 1;
}

async function smoke(ports: number[], authSecret: string, redisEnv: Record<string, string>, instances: ChildProcess[]): Promise<number> {
  if (ports.length < 2 && !(Number(flags.load) > 0)) throw new Error("--smoke needs --instances 2 or more (or --load N, which measures one instance)");
  // The smoke writes its own small event through the direct URL, and signs an access token with the
  // instances' secret; lib/ reads these from the environment.
  process.env.AUTH_SECRET = authSecret;
  Object.assign(process.env, redisEnv);
  if (redisEnv.REDIS_CLUSTER_NODES) delete process.env.REDIS_URL;
  const { getDb, disconnectDb } = await import("../lib/db");
  const { createEventWithTickets, createUser, createVenueWithGrid, holdTickets } = await import("../prisma/seed/factories");
  const { issueAccessToken } = await import("../lib/auth/access-token");
  const { getRedis, closeRedis } = await import("../lib/redis");
  const { SWEEP_LEASE_KEY } = await import("../lib/sweep/sweep-lease");
  const db = getDb();
  let failed = 0;
  const check = (ok: boolean, line: string) => {
    console.info(`[smoke] ${ok ? "PASS" : "FAIL"} ${line}`);
    if (!ok) failed++;
  };
  try {
    const { venue } = await createVenueWithGrid(db, { rows: 2, seatsPerRow: 10 });
    const { event } = await createEventWithTickets(db, { venueId: venue.id, title: `Topology smoke ${Date.now()}` });
    const tickets = await db.ticket.findMany({ where: { eventId: event.id }, orderBy: { id: "asc" }, select: { id: true } });
    const fan = await createUser(db);
    const token = (await issueAccessToken({ id: fan.id, role: fan.role, email: fan.email, username: fan.username })).access_token;
    const target = tickets[0]!.id;
    const [first, second] = [ports[0]!, ports[1]!];
    const last = ports[ports.length - 1]!;

    if (ports.length >= 2) {
      // 1. A hold through instance 1, seen by instance 2's live stream and the last instance's JSON.
      let streamText = "";
      let snapshotSeen = false;
      let seenOnStreamAt = 0;
      const stream = http.get(`http://127.0.0.1:${second}/api/events/${event.id}/stream`, { agent: false, headers: { accept: "text/event-stream" } }, (res) => {
        res.on("data", (c: Buffer) => {
          streamText += c.toString("utf8");
          if (!snapshotSeen && streamText.includes("event: snapshot")) snapshotSeen = true;
          const changes = streamText.split("\n\n").filter((m) => m.startsWith("event: changes"));
          if (!seenOnStreamAt && changes.some((m) => new RegExp(`"taken":\\[[^\\]]*"?${target}"?`).test(m))) seenOnStreamAt = performance.now();
        });
      });
      stream.on("error", () => {});
      await waitFor("the stream's snapshot", async () => snapshotSeen, 10_000);
      const before = JSON.parse((await get(`http://127.0.0.1:${last}/api/events/${event.id}/availability`)).body) as { unavailable_ticket_ids: string[] };
      check(!before.unavailable_ticket_ids.map(String).includes(String(target)), `ticket ${target} free before the hold (instance ${ports.length})`);

      const t0 = performance.now();
      const reserve = await new Promise<{ status: number; body: string }>((resolve, reject) => {
        const body = JSON.stringify({ ticket_ids: [String(target)] });
        const req = http.request(`http://127.0.0.1:${first}/api/events/ticket/reserve`, { method: "POST", agent: false, headers: { authorization: `Bearer ${token}`, "content-type": "application/json", "content-length": String(Buffer.byteLength(body)) } }, (res) => {
          let text = "";
          res.on("data", (c: Buffer) => (text += c.toString("utf8")));
          res.on("end", () => resolve({ status: res.statusCode ?? 0, body: text }));
        });
        req.on("error", reject);
        req.end(body);
      });
      const held = performance.now();
      check(reserve.status === 200, `hold through instance 1: ${reserve.status} in ${Math.round(held - t0)} ms`);
      let seenOnJsonAt = 0;
      await waitFor("the hold on the last instance's availability", async () => {
        const a = JSON.parse((await get(`http://127.0.0.1:${last}/api/events/${event.id}/availability`)).body) as { unavailable_ticket_ids: string[] };
        if (a.unavailable_ticket_ids.map(String).includes(String(target))) seenOnJsonAt ||= performance.now();
        return seenOnJsonAt > 0;
      }, 5_000).catch(() => undefined);
      await waitFor("the hold on instance 2's stream", async () => seenOnStreamAt > 0, 5_000).catch(() => undefined);
      stream.destroy();
      const streamMs = seenOnStreamAt ? Math.round(seenOnStreamAt - held) : Infinity;
      const jsonMs = seenOnJsonAt ? Math.round(seenOnJsonAt - held) : Infinity;
      check(streamMs <= 1000, `instance 2's live seat map showed it ${streamMs} ms after the hold answered (limit 1000)`);
      check(jsonMs <= 1000, `instance ${ports.length}'s availability JSON showed it ${jsonMs} ms after the hold answered (limit 1000)`);

    }

    // 2. A lapsed hold is swept by the fleet, one pass at a time under the lease.
    const lapsed = await holdTickets(db, { eventId: event.id, userId: fan.id, ticketIds: [tickets[5]!.id, tickets[6]!.id], expiresAt: new Date(Date.now() - 60_000) });
    const owners = new Set<string>();
    const redis = getRedis();
    let swept = false;
    // A pass every second per instance; a lease whose give-back was lost lapses after 30 s.
    const deadline = Date.now() + 40_000;
    while (Date.now() < deadline && !swept) {
      const owner = await redis.get(SWEEP_LEASE_KEY).catch(() => null);
      if (owner) owners.add(owner);
      const rows = await db.ticket.findMany({ where: { id: { in: lapsed.ticketIds } }, select: { status: true } });
      swept = rows.every((r) => r.status === "expired");
      await sleep(50);
    }
    const leaseLeft = await redis.pttl(SWEEP_LEASE_KEY).catch(() => -3);
    check(swept, `a lapsed hold was swept (lease holders seen: ${owners.size === 0 ? "none sampled" : [...owners].join(", ")}; lease now ${leaseLeft >= 0 ? `${leaseLeft} ms left` : "free"})`);

    if (Number(flags.load) > 0) await load(Number(flags.load), ports.length);

    if (ports.length >= 2) {
      // 3. kill -9 one instance: the balancer routes around it.
      const victim = instances[instances.length - 1]!;
      victim.kill("SIGKILL");
      const statuses: number[] = [];
      for (let i = 0; i < 3 * ports.length + 6; i++) statuses.push((await get(`http://127.0.0.1:${LB_PORT}/api/events/${event.id}/availability`)).status);
      check(statuses.every((s) => s === 200), `after kill -9 of instance ${ports.length}: ${statuses.length} requests through the balancer, statuses ${[...new Set(statuses)].join(",")}`);
    }
  } finally {
    await closeRedis();
    await disconnectDb();
  }
  return failed;
}

/** Sends `run(i)` for i < count with `inFlight` at once; answers req/s and latency percentiles. */
async function drive(count: number, inFlight: number, run: (i: number) => Promise<number>): Promise<{ rps: number; p50: number; p99: number; statuses: Map<number, number> }> {
  const times: number[] = [];
  const statuses = new Map<number, number>();
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (next < count) {
        const i = next++;
        const t = performance.now();
        const status = await run(i).catch(() => 0);
        times.push(performance.now() - t);
        statuses.set(status, (statuses.get(status) ?? 0) + 1);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  times.sort((a, b) => a - b);
  const at = (q: number) => Math.round(times[Math.min(times.length - 1, Math.floor(q * times.length))] ?? 0);
  return { rps: Math.round((count / seconds) * 10) / 10, p50: at(0.5), p99: at(0.99), statuses };
}

function request(method: string, url: string, body?: string, headers: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, agent: keepAlive, headers: body ? { ...headers, "content-type": "application/json", "content-length": String(Buffer.byteLength(body)) } : headers }, (res) => {
      res.resume();
      res.on("end", () => resolve(res.statusCode ?? 0));
    });
    req.on("error", reject);
    req.setTimeout(30_000, () => req.destroy(new Error("timeout")));
    req.end(body);
  });
}
const keepAlive = new http.Agent({ keepAlive: true, maxSockets: 64 });

async function load(fans: number, instances: number): Promise<void> {
  const { getDb } = await import("../lib/db");
  const { createEventWithTickets, createVenueWithGrid } = await import("../prisma/seed/factories");
  const { issueAccessToken } = await import("../lib/auth/access-token");
  const db = getDb();
  const perRow = 50;
  const { venue } = await createVenueWithGrid(db, { rows: Math.ceil(fans / perRow), seatsPerRow: perRow });
  const { event } = await createEventWithTickets(db, { venueId: venue.id, title: `Topology load ${Date.now()}` });
  const tickets = (await db.ticket.findMany({ where: { eventId: event.id }, orderBy: { id: "asc" }, select: { id: true } })).map((t) => t.id);
  const tag = `load${Date.now().toString(36)}`;
  await db.user.createMany({ data: Array.from({ length: fans }, (_, i) => ({ username: `${tag}_${i}`, email: `${tag}_${i}@example.com` })) });
  const users = await db.user.findMany({ where: { username: { startsWith: `${tag}_` } }, orderBy: { id: "asc" } });
  const tokens = await Promise.all(users.map(async (u) => (await issueAccessToken({ id: u.id, role: u.role, email: u.email, username: u.username })).access_token));
  const lb = `http://127.0.0.1:${LB_PORT}`;
  const floorBefore = await drive(fans, 64, () => request("GET", `${lb}/api/health`));
  const holds = await drive(fans, 64, (i) => request("POST", `${lb}/api/events/ticket/reserve`, JSON.stringify({ ticket_ids: [String(tickets[i])] }), { authorization: `Bearer ${tokens[i]}` }));
  const floorAfter = await drive(fans, 64, () => request("GET", `${lb}/api/health`));
  const floor = (floorBefore.rps + floorAfter.rps) / 2;
  const held = await db.ticket.count({ where: { eventId: event.id, status: "reserved" } });
  const statusText = (m: Map<number, number>) => [...m].map(([s, n]) => `${n} x ${s}`).join(", ");
  console.info(`[load] ${instances} instance(s), 64 in flight through the balancer:`);
  console.info(`[load]   floor GET /api/health: ${floorBefore.rps} / ${floorAfter.rps} req/s (before/after), p50 ${floorBefore.p50} ms, p99 ${floorBefore.p99} ms`);
  console.info(`[load]   holds: ${holds.rps} holds/s (${Math.round((holds.rps / floor) * 100)}% of the floor), p50 ${holds.p50} ms, p99 ${holds.p99} ms; ${statusText(holds.statuses)}; ${held} seats held in PostgreSQL`);
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`[cluster] ${error instanceof Error ? error.message : String(error)}`);
    for (const { child } of children) if (alive(child)) child.kill("SIGKILL");
    void (async () => {
      for (const cleanup of cleanups.reverse()) await Promise.resolve(cleanup()).catch(() => undefined);
      process.exit(1);
    })();
  },
);
