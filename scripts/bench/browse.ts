// `npm run bench:browse`: browsing under load, with the read caches on and off.
//
// Starts the production build (`next start`; run `npm run build` first) twice against the real
// PostgreSQL and Redis (DATABASE_URL and REDIS_URL, local hosts only), side by side: one with
// OPENSEAT_CACHE=off (every request built from PostgreSQL, as before the caches) on --port, one
// with the caches on at --port + 1. Per endpoint it runs the two back to back (off, then on), so a
// change in the machine's load between runs hits both alike. It fires, from this process at a
// fixed concurrency over keep-alive connections and with
// `Accept-Encoding: gzip` like a browser, a timed run per endpoint: the event list (API and search
// page) and a 20,000-seat event (the spec's full payload, the HTML page, availability), after the
// framework floor (GET /api/health, which touches neither database) for scale. It prints
// requests/s, p50/p99 and the PostgreSQL work per run (transactions committed in the database,
// from pg_stat_database deltas: each query outside a transaction is one), and writes the figures as
// JSON under bench-results/.
//
// The database needs the demo catalog (`npm run db:seed`; done here when the database has no
// events) and gets a 20,000-seat venue and event of its own (created once, reused afterwards).
// Measures, asserts nothing but 5xx (exit 1 when any). Loopback only.
//
// Flags: --concurrency N (32), --seconds N per run (10), --warmup N seconds (2), --port N (3410),
// --results-dir DIR (bench-results).
import { spawn, type ChildProcess } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
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
    "results-dir": { type: "string", default: "bench-results" },
  },
});
const CONCURRENCY = Number(values.concurrency);
const SECONDS = Number(values.seconds);
const WARMUP = Number(values.warmup);
const PORTS = { off: Number(values.port), on: Number(values.port) + 1 } as const;
type Mode = keyof typeof PORTS;
const root = path.resolve(import.meta.dirname, "../..");
const BENCH_TITLE = "Browse bench: 20,000 seats";

type Shot = { status: number; ms: number; bytes: number };

function get(agent: http.Agent, port: number, urlPath: string): Promise<Shot> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = http.get({ host: "127.0.0.1", port, path: urlPath, agent, headers: { "accept-encoding": "gzip", accept: "*/*" } }, (res) => {
      let bytes = 0;
      res.on("data", (chunk: Buffer) => (bytes += chunk.length));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, ms: performance.now() - started, bytes }));
      res.on("error", reject);
    });
    req.on("error", reject);
  });
}

/** Fires `urlPath` from CONCURRENCY loops for `seconds`; every loop waits for its answer before the next request. */
async function hammer(port: number, urlPath: string, seconds: number): Promise<{ shots: Shot[]; seconds: number }> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  const shots: Shot[] = [];
  const started = performance.now();
  const until = started + seconds * 1000;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (performance.now() < until) {
        try {
          shots.push(await get(agent, port, urlPath));
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

type Row = {
  mode: Mode;
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
  return spawn(process.execPath, [path.join(root, "node_modules/next/dist/bin/next"), "start", "-H", "127.0.0.1", "-p", String(PORTS[mode])], {
    cwd: root,
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

  const scenarios = [
    { name: "framework floor", path: "/api/health" },
    { name: "event list API", path: "/api/events?size=20" },
    { name: "search page (HTML)", path: "/" },
    { name: `event API, ${tickets.toLocaleString("en-US")} tickets`, path: `/api/events/${eventId}` },
    { name: "event page (HTML)", path: `/events/${eventId}` },
    { name: "availability API", path: `/api/events/${eventId}/availability` },
  ];
  const stats = new pg.Client({ connectionString: url });
  await stats.connect();
  const rows: Row[] = [];
  console.info(`[bench] load average before: ${os.loadavg().map((n) => n.toFixed(2)).join(" ")} on ${os.cpus().length} CPUs`);
  console.info(
    `[bench] event #${eventId}; ${CONCURRENCY} connections, ${WARMUP} s warm-up + ${SECONDS} s per run; ` +
      `next start with OPENSEAT_CACHE=off on 127.0.0.1:${PORTS.off}, caches on at 127.0.0.1:${PORTS.on}`,
  );
  // The cached server starts cold: no shared entries of the bench event, a new list generation.
  await invalidateEventCaches([eventId]);
  const servers = { off: startServer("off"), on: startServer("on") };
  try {
    await Promise.all([waitForServer(PORTS.off), waitForServer(PORTS.on)]);
    for (const s of scenarios) {
      for (const mode of ["off", "on"] as const) {
        await hammer(PORTS[mode], s.path, WARMUP);
        const before = await dbStats(stats);
        const run = await hammer(PORTS[mode], s.path, SECONDS);
        const after = await dbStats(stats);
        const ms = run.shots.map((x) => x.ms).sort((a, b) => a - b);
        const status: Record<string, number> = {};
        for (const x of run.shots) status[x.status] = (status[x.status] ?? 0) + 1;
        // The two snapshot reads are transactions of their own.
        const xacts = Math.max(0, after.xacts - before.xacts - 2);
        const row: Row = {
          mode,
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
            `PG ${String(row.pg_xacts_per_request).padStart(6)} xact/req, ${String(row.pg_xacts_per_s).padStart(6)} xact/s  ${row.kb_per_response} KB  ${JSON.stringify(status)}`,
        );
      }
    }
  } finally {
    await Promise.all([stopServer(servers.off), stopServer(servers.on)]);
  }

  console.info("\n| endpoint | cache | req/s | p50 | p99 | PG transactions / request | PG transactions / s | KB / response (gzip) |");
  console.info("|---|---|---|---|---|---|---|---|");
  for (const s of scenarios) {
    for (const r of rows.filter((x) => x.path === s.path)) {
      console.info(`| ${r.name} \`${r.path}\` | ${r.mode} | ${r.rps} | ${r.p50_ms} ms | ${r.p99_ms} ms | ${r.pg_xacts_per_request} | ${r.pg_xacts_per_s} | ${r.kb_per_response} |`);
    }
  }
  const dir = path.resolve(root, values["results-dir"]!);
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `browse-${new Date().toISOString().replace(/[:.]/g, "-")}.json`);
  const machine = { cpus: os.cpus().length, load_average: os.loadavg().map((n) => Math.round(n * 100) / 100) };
  writeFileSync(file, JSON.stringify({ at: new Date().toISOString(), machine, concurrency: CONCURRENCY, seconds: SECONDS, warmup_seconds: WARMUP, event_id: eventId, tickets, rows }, null, 2) + "\n");
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
