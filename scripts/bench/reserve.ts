// `npm run bench:reserve`: the hold path under load, end to end over HTTP.
//
// Starts the production build (`next start`, run `npm run build` first) against the real
// PostgreSQL and Redis (DATABASE_URL and REDIS_URL, local hosts only), creates a fresh event and
// fans, and fires from this process:
//   (a) contended: every fan wants 2 of the same 4 seats;
//   (b) spread: every fan wants 2 seats nobody else wants;
// plus the framework floor (GET /api/health) at the same concurrency. It prints attempts/s,
// holds/s, latency percentiles and status counts, then checks in PostgreSQL that no seat is held
// twice and that every success holds exactly its seats. Loopback only; bounded in count.
//
// Flags: --fans N (default 2000), --concurrency N (default 64), --port N (default 3400).
import { spawn } from "node:child_process";
import http from "node:http";
import path from "node:path";
import { parseArgs } from "node:util";
import { issueAccessToken } from "@/lib/auth/access-token";
import { disconnectDb, getDb } from "@/lib/db";
import { isLocalDatabaseUrl } from "@/lib/db/local-database";
import { applyMigrations } from "@/lib/db/migrations";
import { createEventWithTickets, createVenueWithGrid } from "@/prisma/seed/factories";

const { values } = parseArgs({
  options: { fans: { type: "string", default: "2000" }, concurrency: { type: "string", default: "64" }, port: { type: "string", default: "3400" } },
});
const FANS = Number(values.fans);
const CONCURRENCY = Number(values.concurrency);
const PORT = Number(values.port);
const root = path.resolve(import.meta.dirname, "../..");
const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });

type Shot = { status: number; ms: number; body: string };

function request(method: string, urlPath: string, token?: string, body?: unknown): Promise<Shot> {
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
    req.on("error", reject);
    req.end(payload);
  });
}

async function run<T>(jobs: T[], fire: (job: T) => Promise<Shot>): Promise<{ shots: (Shot & { job: T })[]; seconds: number }> {
  const shots: (Shot & { job: T })[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < jobs.length) {
        const job = jobs[next++]!;
        shots.push({ ...(await fire(job)), job });
      }
    }),
  );
  return { shots, seconds: (performance.now() - started) / 1000 };
}

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;

function report(name: string, { shots, seconds }: { shots: Shot[]; seconds: number }, okStatus = 200) {
  const ms = shots.map((s) => s.ms).sort((a, b) => a - b);
  const byStatus = new Map<number, number>();
  for (const s of shots) byStatus.set(s.status, (byStatus.get(s.status) ?? 0) + 1);
  const ok = byStatus.get(okStatus) ?? 0;
  console.info(
    `${name.padEnd(34)} ${String(shots.length).padStart(6)} req in ${seconds.toFixed(2)} s: ${(shots.length / seconds).toFixed(0).padStart(5)} attempts/s, ` +
      `${(ok / seconds).toFixed(0).padStart(5)} ok/s; p50 ${pct(ms, 50).toFixed(0)} ms, p95 ${pct(ms, 95).toFixed(0)} ms, p99 ${pct(ms, 99).toFixed(0)} ms; ` +
      `status ${[...byStatus].sort().map(([k, v]) => `${k}:${v}`).join(" ")}`,
  );
  return shots.length / seconds;
}

async function waitForServer(): Promise<void> {
  for (let i = 0; i < 120; i++) {
    try {
      if ((await request("GET", "/api/health")).status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error("next start did not come up");
}

async function main(): Promise<void> {
  const url = process.env.DATABASE_URL;
  if (!url || !process.env.REDIS_URL) throw new Error("bench:reserve needs DATABASE_URL and REDIS_URL (a real PostgreSQL and Redis)");
  if (!isLocalDatabaseUrl(url)) throw new Error("bench:reserve only runs against a local database");
  process.env.AUTH_SECRET ??= "bench-only-secret-bench-only-secret-0123";
  await applyMigrations(url, { log: () => {} });

  const db = getDb();
  const seatsNeeded = 4 + FANS * 2;
  const seatsPerRow = 50;
  const rows = Math.ceil(seatsNeeded / seatsPerRow / 4) + 1;
  const { venue } = await createVenueWithGrid(db, { name: `Bench Arena ${Date.now()}`, sections: 4, rows, seatsPerRow });
  const { event, ticketCount } = await createEventWithTickets(db, { venueId: venue.id, title: `Bench on-sale ${new Date().toISOString()}` });
  const tickets = (await db.ticket.findMany({ where: { eventId: event.id }, orderBy: { id: "asc" }, select: { id: true } })).map((t) => t.id);
  const tag = Date.now().toString(36);
  await db.user.createMany({ data: Array.from({ length: FANS * 2 }, (_, i) => ({ username: `bench_${tag}_${i}`, email: `bench_${tag}_${i}@example.com` })) });
  const users = await db.user.findMany({ where: { username: { startsWith: `bench_${tag}_` } }, select: { id: true, email: true, username: true, role: true }, orderBy: { id: "asc" } });
  const tokens = await Promise.all(users.map(async (u) => ({ userId: u.id, token: (await issueAccessToken(u, 3600)).access_token })));
  console.info(`event #${event.id}: ${ticketCount} tickets; ${users.length} fans; concurrency ${CONCURRENCY}; next start on 127.0.0.1:${PORT}`);

  const server = spawn(path.join(root, "node_modules/.bin/next"), ["start", "-H", "127.0.0.1", "-p", String(PORT)], {
    cwd: root,
    env: { ...process.env, NODE_ENV: "production", HOLD_SWEEP_INTERVAL_MS: "0" },
    stdio: ["ignore", "ignore", "inherit"],
  });
  try {
    await waitForServer();
    await run(Array.from({ length: 200 }), () => request("GET", "/api/health")); // warm-up
    const floor = report("floor: GET /api/health", await run(Array.from({ length: FANS }), () => request("GET", "/api/health")));

    const hot = tickets.slice(0, 4);
    const contended = tokens.slice(0, FANS).map((t, i) => ({ ...t, ids: [hot[i % 4]!, hot[(i + 1) % 4]!] }));
    const a = await run(contended, (j) => request("POST", "/api/events/ticket/reserve", j.token, { ticket_ids: j.ids }));
    report("(a) contended: 2 of the same 4", a);

    const spread = tokens.slice(FANS).map((t, i) => ({ ...t, ids: [tickets[4 + 2 * i]!, tickets[5 + 2 * i]!] }));
    const b = await run(spread, (j) => request("POST", "/api/events/ticket/reserve", j.token, { ticket_ids: j.ids }));
    const holdsPerSecond = report("(b) spread: 2 seats each", b);
    console.info(`holds/s in (b) = ${((holdsPerSecond / floor) * 100).toFixed(0)}% of the framework floor`);

    // Invariants, from PostgreSQL.
    const owners = new Map<number, number>();
    let doubles = 0;
    for (const s of [...a.shots, ...b.shots].filter((s) => s.status === 200)) {
      for (const id of s.job.ids) {
        if (owners.has(id)) doubles++;
        owners.set(id, s.job.userId);
      }
    }
    const held = await db.ticket.findMany({ where: { eventId: event.id, status: "reserved" }, select: { id: true, userId: true } });
    const mismatched = held.filter((t) => owners.get(t.id) !== t.userId).length + [...owners].filter(([id]) => !held.some((t) => t.id === id)).length;
    const errors = [...a.shots, ...b.shots].filter((s) => s.status >= 500).length;
    console.info(`seats held twice: ${doubles}; successes not matching PostgreSQL: ${mismatched}; 5xx: ${errors}`);
    if (doubles || mismatched || errors) process.exitCode = 1;
  } finally {
    server.kill("SIGTERM");
    agent.destroy();
    await disconnectDb();
  }
}

main().catch((e: unknown) => {
  console.error("[bench] failed:", e);
  process.exit(1);
});
