// `npm run bench:browse`: the pages and reads an on-sale hits, against the framework's floor.
//
// Starts the production build (run `npm run build` first) through the production entry
// (scripts/server.mjs, as `npm start` does) against the real PostgreSQL and Redis (DATABASE_URL and
// REDIS_URL, local hosts only) and fires, from this process at a fixed concurrency over keep-alive
// connections and with a browser's `Accept-Encoding: gzip, deflate, br`, a timed run per endpoint:
// the framework floor (GET /api/health, which touches neither database), the search page `/`, the
// event list API, the largest event of the database (the demo's 16,404-seat arena event: the
// spec's full payload, with and without a matching If-None-Match, its HTML page and its
// availability), then the floor again. Each line is printed with its ratio to the mean of the two
// floors of the same run, requests/s, p50/p99, the server's CPU per request (from /proc; its ratio
// to the floor's moves much less with the machine's other load), bytes per response and the PostgreSQL work per run
// (transactions committed in the database, from pg_stat_database deltas: each query outside a
// transaction is one); the figures are written as JSON under bench-results/.
//
// With --modes off,on every endpoint also runs against a second server with OPENSEAT_CACHE=off
// (every request built from PostgreSQL) on --port + 1, back to back, so a change in the machine's
// load hits both alike. --app-dir DIR serves another checkout's build (a before/after in one
// sitting: an export of the commit to compare with, built there).
//
// The database needs the demo catalog (`npm run db:seed`; done here when the database has no
// events). When its largest event has fewer than 10,000 tickets a 20,000-seat grid event is
// created (once, reused afterwards). Measures, asserts nothing but 5xx (exit 1 when any). Loopback only.
//
// Flags: --concurrency N (32), --seconds N per run (10), --warmup N seconds (2), --port N (3410),
// --modes on|off,on (on), --app-dir DIR, --results-dir DIR (bench-results).
import { spawn, type ChildProcess } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import pg from "pg";
import { disconnectDb, getDb } from "@/lib/db";
import { isLocalDatabaseUrl } from "@/lib/db/local-database";
import { applyMigrations } from "@/lib/db/migrations";
import { invalidateEventCaches } from "@/lib/events/cache-keys";
import { closeRedis } from "@/lib/redis";
import { createEventWithTickets, createVenueWithGrid, holdTickets } from "@/prisma/seed/factories";

const { values } = parseArgs({
  options: {
    concurrency: { type: "string", default: "32" },
    seconds: { type: "string", default: "10" },
    warmup: { type: "string", default: "2" },
    port: { type: "string", default: "3410" },
    modes: { type: "string", default: "on" },
    "app-dir": { type: "string" },
    "results-dir": { type: "string", default: "bench-results" },
  },
});
const CONCURRENCY = Number(values.concurrency);
const SECONDS = Number(values.seconds);
const WARMUP = Number(values.warmup);
const PORTS = { on: Number(values.port), off: Number(values.port) + 1 } as const;
type Mode = keyof typeof PORTS;
const MODES = values.modes!.split(",").map((m) => m.trim()) as Mode[];
if (MODES.length === 0 || MODES.some((m) => m !== "on" && m !== "off")) throw new Error("--modes takes on, off or off,on");
const root = path.resolve(import.meta.dirname, "../..");
// --app-dir: the checkout whose build is served.
const appDir = path.resolve(values["app-dir"] ?? root);
const BROWSER_ACCEPT_ENCODING = "gzip, deflate, br";
const BENCH_TITLE = "Browse bench: 20,000 seats";

type Shot = { status: number; ms: number; bytes: number; etag?: string; encoding?: string };

function get(agent: http.Agent, port: number, urlPath: string, headers: Record<string, string> = {}): Promise<Shot> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = http.get({ host: "127.0.0.1", port, path: urlPath, agent, headers: { "accept-encoding": BROWSER_ACCEPT_ENCODING, accept: "*/*", ...headers } }, (res) => {
      let bytes = 0;
      res.on("data", (chunk: Buffer) => (bytes += chunk.length));
      const etag = res.headers.etag;
      const encoding = res.headers["content-encoding"];
      res.on("end", () => resolve({ status: res.statusCode ?? 0, ms: performance.now() - started, bytes, etag, encoding }));
      res.on("error", reject);
    });
    req.on("error", reject);
  });
}

/** Fires `urlPath` from CONCURRENCY loops for `seconds`; every loop waits for its answer before the next request. */
async function hammer(port: number, urlPath: string, seconds: number, headers: Record<string, string> = {}): Promise<{ shots: Shot[]; seconds: number }> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  const shots: Shot[] = [];
  const started = performance.now();
  const until = started + seconds * 1000;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (performance.now() < until) {
        try {
          shots.push(await get(agent, port, urlPath, headers));
        } catch {
          shots.push({ status: 0, ms: 0, bytes: 0 });
        }
      }
    }),
  );
  agent.destroy();
  return { shots, seconds: (performance.now() - started) / 1000 };
}

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;

type DbStats = { xacts: number };

async function dbStats(client: pg.Client): Promise<DbStats> {
  // An idle backend publishes its counters at most once a second, and when that was too soon, 10 s
  // later (PostgreSQL 15's PGSTAT_IDLE_INTERVAL): wait that out, so no run is billed for the last.
  await new Promise((r) => setTimeout(r, 11_000));
  await client.query("SELECT pg_stat_clear_snapshot()");
  const { rows } = await client.query<{ xacts: string }>(
    "SELECT xact_commit + xact_rollback AS xacts FROM pg_stat_database WHERE datname = current_database()",
  );
  return { xacts: Number(rows[0]!.xacts) };
}

/** CPU seconds (user + system) the process has used so far, from /proc (Linux; clock ticks of 10 ms). */
function cpuSeconds(pid: number | undefined): number {
  if (pid === undefined) return NaN;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return NaN;
  }
}

type Row = {
  mode: Mode;
  /** The server's CPU time per request (ms): steadier than req/s while the machine's load moves. */
  cpu_ms_per_request: number;
  /** The floor's CPU per request over this line's. */
  cpu_ratio: number;
  /** Requests/s over the mean of the floors measured first and last in the same run. */
  x_floor: number;
  encoding: string;
  name: string;
  path: string;
  requests: number;
  rps: number;
  p50_ms: number;
  p99_ms: number;
  errors: number;
  status: Record<string, number>;
  kb_per_response: number;
  pg_xacts: number;
  pg_xacts_per_request: number;
  pg_xacts_per_s: number;
};

async function waitForServer(port: number): Promise<void> {
  const agent = new http.Agent();
  for (let i = 0; i < 120; i++) {
    try {
      if ((await get(agent, port, "/api/health")).status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error("next start did not come up");
}

function startServer(mode: Mode): ChildProcess {
  // The production entry, as `npm start` runs it (per-IP budgets apply; none of these reads has one).
  return spawn(process.execPath, [path.join(appDir, "scripts/server.mjs"), "--hostname", "127.0.0.1", "--port", String(PORTS[mode])], {
    cwd: appDir,
    env: { ...process.env, NODE_ENV: "production", HOLD_SWEEP_INTERVAL_MS: "0", OPENSEAT_CACHE: mode, NEXT_TELEMETRY_DISABLED: "1" },
    stdio: ["ignore", "ignore", "inherit"],
  });
}

async function stopServer(server: ChildProcess): Promise<void> {
  if (server.exitCode !== null) return;
  const exited = new Promise((r) => server.once("exit", r));
  server.kill("SIGTERM");
  await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
  if (server.exitCode === null) server.kill("SIGKILL");
}

async function ensureSeeded(): Promise<void> {
  if ((await getDb().event.count()) > 0) return;
  console.info("[bench] the database has no events: seeding the demo catalog (npm run db:seed)");
  await new Promise<void>((resolve, reject) => {
    const seed = spawn(process.execPath, [path.join(root, "node_modules/tsx/dist/cli.mjs"), "prisma/seed.ts"], { cwd: root, stdio: "inherit" });
    seed.once("exit", (code) => (code === 0 ? resolve() : reject(new Error(`seed exited with ${code}`))));
  });
}

/** The bench's 20,000-seat event: a 20 x 25 x 40 grid, a third sold, a few holds. Created once. */
async function ensureBigEvent(): Promise<number> {
  const db = getDb();
  // The largest published event of the catalog (the demo's arena: 16,404 seats), when it is big enough.
  const [largest] = await db.$queryRaw<{ id: number; n: bigint }[]>`
    SELECT e.event_id AS id, count(t.ticket_id) AS n FROM event e JOIN ticket t ON t.event_id = e.event_id
     WHERE e.published_datetime IS NOT NULL GROUP BY e.event_id ORDER BY n DESC, e.event_id LIMIT 1`;
  if (largest && Number(largest.n) >= 10_000) return largest.id;
  const existing = await db.event.findFirst({ where: { title: BENCH_TITLE }, select: { id: true } });
  if (existing) return existing.id;
  const buyers = (await db.user.findMany({ select: { id: true }, take: 100, orderBy: { id: "asc" } })).map((u) => u.id);
  const { venue } = await createVenueWithGrid(db, { name: "Browse Bench Dome", location: "Columbus, OH", sections: 20, rows: 25, seatsPerRow: 40 });
  const { event, ticketCount } = await createEventWithTickets(db, {
    venueId: venue.id,
    title: BENCH_TITLE,
    type: "concert",
    performers: ["The Benchmarks"],
    datetime: new Date(Date.now() + 2 * 86_400_000),
    sold: { buyerIds: buyers, fraction: 0.35, salt: "browse-bench" },
  });
  for (let i = 0; i < 20; i++) await holdTickets(db, { eventId: event.id, userId: buyers[i % buyers.length]!, count: 4, salt: `browse-${i}` });
  await db.$executeRawUnsafe("ANALYZE ticket, seat, event");
  console.info(`[bench] created event #${event.id} "${BENCH_TITLE}" with ${ticketCount} tickets`);
  return event.id;
}

async function main(): Promise<void> {
  const url = process.env.DATABASE_URL;
  if (!url || !process.env.REDIS_URL) throw new Error("bench:browse needs DATABASE_URL and REDIS_URL (a real PostgreSQL and Redis)");
  if (!isLocalDatabaseUrl(url)) throw new Error("bench:browse only runs against a local database");
  process.env.AUTH_SECRET ??= "bench-only-secret-bench-only-secret-0123";
  await applyMigrations(url, { log: () => {} });
  await ensureSeeded();
  const eventId = await ensureBigEvent();
  const tickets = await getDb().ticket.count({ where: { eventId } });

  // Same order as the issue's table; the floor first and last, so each line has a floor of its run.
  type Scenario = { name: string; path: string; headers?: Record<string, string> | (() => Promise<Record<string, string>>) };
  const eventApi = `/api/events/${eventId}`;
  const scenarios: Scenario[] = [
    { name: "framework floor", path: "/api/health" },
    { name: "search page (HTML)", path: "/" },
    { name: "event list API", path: "/api/events?size=20" },
    { name: `event API, ${tickets.toLocaleString("en-US")} tickets`, path: eventApi },
    { name: "event API, If-None-Match", path: eventApi, headers: async () => ({ "if-none-match": await currentEtag(eventApi) }) },
    { name: "event page (HTML)", path: `/events/${eventId}` },
    { name: "availability API", path: `/api/events/${eventId}/availability` },
    { name: "framework floor (again)", path: "/api/health" },
  ];
  let etagPort = PORTS.on;
  async function currentEtag(urlPath: string): Promise<string> {
    const shot = await get(new http.Agent(), etagPort, urlPath);
    if (!shot.etag) throw new Error(`${urlPath} answered no ETag`);
    return shot.etag;
  }
  const stats = new pg.Client({ connectionString: url });
  await stats.connect();
  const rows: Row[] = [];
  const loadBefore = os.loadavg();
  console.info(`[bench] load average before: ${loadBefore.map((n) => n.toFixed(2)).join(" ")} on ${os.cpus().length} CPUs`);
  console.info(
    `[bench] event #${eventId} (${tickets} tickets); ${CONCURRENCY} connections, ${WARMUP} s warm-up + ${SECONDS} s per run; ` +
      `${MODES.map((m) => `OPENSEAT_CACHE=${m} on 127.0.0.1:${PORTS[m]}`).join(", ")}; serving ${path.relative(process.cwd(), appDir) || "."}`,
  );
  // The servers start cold: no shared entries of the bench event, a new list generation.
  await invalidateEventCaches([eventId]);
  const servers = MODES.map((m) => startServer(m));
  try {
    await Promise.all(MODES.map((m) => waitForServer(PORTS[m])));
    for (const s of scenarios) {
      for (const mode of MODES) {
        etagPort = PORTS[mode];
        await hammer(PORTS[mode], s.path, WARMUP, typeof s.headers === "function" ? await s.headers() : s.headers);
        const headers = typeof s.headers === "function" ? await s.headers() : s.headers;
        const before = await dbStats(stats);
        const server = servers[MODES.indexOf(mode)]!;
        const cpuBefore = cpuSeconds(server.pid);
        const run = await hammer(PORTS[mode], s.path, SECONDS, headers);
        const cpu = cpuSeconds(server.pid) - cpuBefore;
        const after = await dbStats(stats);
        const ms = run.shots.map((x) => x.ms).sort((a, b) => a - b);
        const status: Record<string, number> = {};
        for (const x of run.shots) status[x.status] = (status[x.status] ?? 0) + 1;
        const encodings = [...new Set(run.shots.filter((x) => x.status === 200).map((x) => x.encoding ?? "identity"))];
        // The two snapshot reads are transactions of their own.
        const xacts = Math.max(0, after.xacts - before.xacts - 2);
        const row: Row = {
          mode,
          cpu_ms_per_request: Math.round((cpu * 1000 * 100) / Math.max(1, run.shots.length)) / 100,
          cpu_ratio: 0,
          x_floor: 0,
          encoding: encodings.join("+") || "-",
          name: s.name,
          path: s.path,
          requests: run.shots.length,
          rps: Math.round((run.shots.length / run.seconds) * 10) / 10,
          p50_ms: Math.round(pct(ms, 50) * 10) / 10,
          p99_ms: Math.round(pct(ms, 99) * 10) / 10,
          errors: run.shots.filter((x) => x.status === 0 || x.status >= 500).length,
          status,
          kb_per_response: Math.round(run.shots.reduce((n, x) => n + x.bytes, 0) / Math.max(1, run.shots.length) / 102.4) / 10,
          pg_xacts: xacts,
          pg_xacts_per_request: Math.round((xacts / Math.max(1, run.shots.length)) * 1000) / 1000,
          pg_xacts_per_s: Math.round((xacts / run.seconds) * 10) / 10,
        };
        rows.push(row);
        console.info(
          `cache ${mode.padEnd(3)} ${s.name.padEnd(32)} ${String(row.rps).padStart(7)} req/s  p50 ${String(row.p50_ms).padStart(7)} ms  p99 ${String(row.p99_ms).padStart(7)} ms  ` +
            `CPU ${String(row.cpu_ms_per_request).padStart(6)} ms/req  PG ${String(row.pg_xacts_per_request).padStart(6)} xact/req  ${row.kb_per_response} KB ${row.encoding}  ${JSON.stringify(status)}`,
        );
      }
    }
  } finally {
    await Promise.all(servers.map((s) => stopServer(s)));
  }
  for (const mode of MODES) {
    const floors = rows.filter((r) => r.mode === mode && r.path === "/api/health");
    const floor = floors.reduce((n, r) => n + r.rps, 0) / Math.max(1, floors.length);
    const floorCpu = floors.reduce((n, r) => n + r.cpu_ms_per_request, 0) / Math.max(1, floors.length);
    for (const r of rows.filter((x) => x.mode === mode)) {
      r.x_floor = floor > 0 ? Math.round((r.rps / floor) * 100) / 100 : 0;
      r.cpu_ratio = r.cpu_ms_per_request > 0 ? Math.round((floorCpu / r.cpu_ms_per_request) * 100) / 100 : 0;
    }
  }
  const loadAfter = os.loadavg();

  console.info(`\n[bench] load average before ${loadBefore.map((n) => n.toFixed(1)).join(" ")}, after ${loadAfter.map((n) => n.toFixed(1)).join(" ")}; x floor: req/s over the mean of the two floor runs of the same server; CPU ratio: the floor's server CPU per request over the line's`);
  console.info("| endpoint | cache | req/s | x floor | p50 | p99 | CPU ms / request | CPU ratio | PG transactions / request | KB / response | encoding |");
  console.info("|---|---|---|---|---|---|---|---|---|---|---|");
  for (const r of rows) {
    console.info(`| ${r.name} \`${r.path}\` | ${r.mode} | ${r.rps} | ${r.x_floor} | ${r.p50_ms} ms | ${r.p99_ms} ms | ${r.cpu_ms_per_request} | ${r.cpu_ratio} | ${r.pg_xacts_per_request} | ${r.kb_per_response} | ${r.encoding} |`);
  }
  const dir = path.resolve(root, values["results-dir"]!);
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `browse-${new Date().toISOString().replace(/[:.]/g, "-")}.json`);
  const machine = { cpus: os.cpus().length, load_average_before: loadBefore.map((n) => Math.round(n * 100) / 100), load_average_after: loadAfter.map((n) => Math.round(n * 100) / 100) };
  writeFileSync(file, JSON.stringify({ at: new Date().toISOString(), app_dir: appDir, machine, concurrency: CONCURRENCY, seconds: SECONDS, warmup_seconds: WARMUP, event_id: eventId, tickets, rows }, null, 2) + "\n");
  console.info(`\n[bench] wrote ${path.relative(root, file)}`);
  await stats.end();
  if (rows.some((r) => r.errors > 0)) process.exitCode = 1;
}

main()
  .catch((e: unknown) => {
    console.error("[bench] failed:", e);
    process.exitCode = 1;
  })
  .finally(async () => {
    await disconnectDb();
    await closeRedis();
  });
