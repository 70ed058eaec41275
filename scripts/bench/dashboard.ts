// `npm run bench:dashboard`: the organizer dashboard on a sold-out arena.
//
// Seeds (once, reused afterwards) a 16,000-seat venue and event, sold out in single-ticket orders
// (16,000 orders) plus 4,000 earlier orders of the same seats refunded and cancelled: about 20,000
// orders and 20,000 order items. Then starts the production build (`next start`; run
// `npm run build` first) against DATABASE_URL and REDIS_URL (local hosts only) and times, over
// HTTP from this process, one request at a time (sequential, so the figure is latency, not
// throughput):
//   - GET /api/health (the framework floor: touches neither database);
//   - GET /api/admin/events/:id/sales cold (its 1 s cache dropped before each request: the full
//     computation) and warm (served from the cache, as during an on-sale with many viewers);
//   - GET /api/admin/events/:id/sales/seats cold;
//   - GET /api/admin/orders searches: newest page, by email, by part of a name, by seat, by order
//     number, sorted by amount.
// It prints p50 and p95 per request and the ratio of each p50 to health's p50, and writes them as
// JSON under bench-results/. Measures; asserts nothing but 2xx.
//
// Flags: --requests N per endpoint (30), --port N (3420), --results-dir DIR (bench-results).
import { spawn, type ChildProcess } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import pg from "pg";
import { salesCacheKey } from "@/lib/admin/sales";
import { issueAccessToken } from "@/lib/auth/access-token";
import { disconnectDb, getDb } from "@/lib/db";
import { isLocalDatabaseUrl } from "@/lib/db/local-database";
import { applyMigrations } from "@/lib/db/migrations";
import { closeRedis, getRedis } from "@/lib/redis";
import { createEventWithTickets, createUser, createVenueWithGrid } from "@/prisma/seed/factories";

const { values } = parseArgs({
  options: {
    requests: { type: "string", default: "30" },
    port: { type: "string", default: "3420" },
    "results-dir": { type: "string", default: "bench-results" },
  },
});
const REQUESTS = Number(values.requests);
const PORT = Number(values.port);
const root = path.resolve(import.meta.dirname, "../..");
const BENCH_TITLE = "Dashboard bench: sold-out arena";

async function ensureArena(): Promise<{ eventId: number; adminId: number }> {
  const db = getDb();
  const existing = await db.event.findFirst({ where: { title: BENCH_TITLE }, select: { id: true } });
  let admin = await db.user.findFirst({ where: { username: "dashboard_bench_admin" } });
  admin ??= await createUser(db, { username: "dashboard_bench_admin", role: "admin" });
  if (existing) {
    await addRefundedOrders(existing.id);
    return { eventId: existing.id, adminId: admin.id };
  }
  const started = Date.now();
  console.info("[bench] seeding a 16,000-seat arena with ~20,000 orders (once)");
  const tag = Date.now().toString(36);
  await db.user.createMany({ data: Array.from({ length: 4000 }, (_, i) => ({ username: `dash_${tag}_${i}`, email: `dash_${tag}_${i}@example.com` })) });
  const buyers = (await db.user.findMany({ where: { username: { startsWith: `dash_${tag}_` } }, select: { id: true } })).map((u) => u.id);
  const { venue } = await createVenueWithGrid(db, { name: "Dashboard Bench Arena", sections: 16, rows: 20, seatsPerRow: 50 });
  const { event, sold } = await createEventWithTickets(db, {
    venueId: venue.id,
    title: BENCH_TITLE,
    price: "80.00",
    serviceFee: "6.50",
    onsaleAt: new Date(Date.now() - 20 * 86_400_000),
    sold: { buyerIds: buyers, fraction: 1, orderSize: 1, paidFrom: new Date(Date.now() - 20 * 86_400_000) },
  });
  await addRefundedOrders(event.id);
  const orders = await db.payment.count({ where: { eventId: event.id } });
  console.info(`[bench] seeded ${sold.tickets} seats sold, ${orders} orders in ${Math.round((Date.now() - started) / 1000)} s`);
  return { eventId: event.id, adminId: admin.id };
}

/** 4,000 earlier orders of the same seats, refunded and cancelled (a ticket resold after a refund); once. */
async function addRefundedOrders(eventId: number): Promise<void> {
  const db = getDb();
  if ((await db.payment.count({ where: { eventId, transactionId: { startsWith: "bench_refunded_" } } })) > 0) return;
  // A plain pg client: the app's client has statement and read timeouts meant for requests, and this
  // statement writes 8,000 rows on what may be a busy machine.
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  try {
    await client.query(`
    WITH src AS (
      SELECT oi.* FROM order_item oi WHERE oi.event_id = $1::int ORDER BY oi.order_item_id LIMIT 4000
    ), pay AS (
      INSERT INTO payment (user_id, event_id, method, currency, price, fee_amount, refunded_amount, status, payment_datetime, transaction_id, create_datetime)
      SELECT src.user_id, src.event_id, 'card', src.currency, src.price + src.fee, src.fee, src.price + src.fee, 'refunded',
             src.create_datetime - interval '1 day', 'bench_refunded_' || src.order_item_id, src.create_datetime - interval '1 day'
        FROM src
      RETURNING payment_id, transaction_id
    )
    INSERT INTO order_item (payment_id, ticket_id, event_id, user_id, seat, class_name, price, fee, currency, status, token_secret, cancel_reason,
                            cancel_datetime, stripe_refund_id, create_datetime)
    SELECT pay.payment_id, src.ticket_id, src.event_id, src.user_id, src.seat, src.class_name, src.price, src.fee, src.currency, 'cancelled',
           replace(gen_random_uuid()::text, '-', ''), 'Bench: refunded', src.create_datetime, 're_bench_' || src.order_item_id, src.create_datetime - interval '1 day'
      FROM src JOIN pay ON pay.transaction_id = 'bench_refunded_' || src.order_item_id`, [eventId]);
    await client.query("ANALYZE payment");
    await client.query("ANALYZE order_item");
  } finally {
    await client.end();
  }
}

function startServer(): ChildProcess {
  return spawn(process.execPath, [path.join(root, "node_modules/next/dist/bin/next"), "start", "-H", "127.0.0.1", "-p", String(PORT)], {
    cwd: root,
    env: { ...process.env, NODE_ENV: "production", HOLD_SWEEP_INTERVAL_MS: "0", NEXT_TELEMETRY_DISABLED: "1" },
    stdio: ["ignore", "ignore", "inherit"],
  });
}

async function waitForServer(): Promise<void> {
  for (let i = 0; i < 600; i++) {
    try {
      if ((await fetch(`http://127.0.0.1:${PORT}/api/health`)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error("the server did not start");
}

type Figure = { name: string; p50: number; p95: number; ratio: number; bytes: number };

async function time(name: string, url: string, token: string | null, before?: () => Promise<void>): Promise<Omit<Figure, "ratio">> {
  const samples: number[] = [];
  let bytes = 0;
  for (let i = 0; i < REQUESTS + 2; i++) {
    if (before) await before();
    const t = performance.now();
    const res = await fetch(`http://127.0.0.1:${PORT}${url}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
    const body = await res.arrayBuffer();
    const ms = performance.now() - t;
    if (!res.ok) throw new Error(`${name}: ${res.status} ${new TextDecoder().decode(body).slice(0, 200)}`);
    bytes = body.byteLength;
    if (i >= 2) samples.push(ms); // two warm-up requests
  }
  samples.sort((a, b) => a - b);
  const at = (q: number) => samples[Math.min(samples.length - 1, Math.floor(q * samples.length))]!;
  return { name, p50: at(0.5), p95: at(0.95), bytes };
}

async function main(): Promise<void> {
  const url = process.env.DATABASE_URL;
  if (!url || !process.env.REDIS_URL) throw new Error("bench:dashboard needs DATABASE_URL and REDIS_URL (a real PostgreSQL and Redis)");
  if (!isLocalDatabaseUrl(url)) throw new Error("bench:dashboard runs on a local database only");
  process.env.AUTH_SECRET ??= "bench-only-secret-bench-only-secret-0123";
  await applyMigrations(url);
  const { eventId, adminId } = await ensureArena();
  const db = getDb();
  const admin = await db.user.findUniqueOrThrow({ where: { id: adminId } });
  const token = (await issueAccessToken({ id: admin.id, role: admin.role, email: admin.email, username: admin.username })).access_token;
  const sample = await db.orderItem.findFirstOrThrow({ where: { eventId, status: "issued" }, orderBy: { id: "desc" }, include: { user: true } });

  const server = startServer();
  try {
    await waitForServer();
    const redis = getRedis();
    const dropSales = async () => void (await redis.del(salesCacheKey(eventId)));
    const dropSeats = async () => void (await redis.del(`cache:admin_seat_status:{event_${eventId}}`));
    const figures = [
      await time("GET /api/health", "/api/health", null),
      await time("sales, cold (computed)", `/api/admin/events/${eventId}/sales`, token, dropSales),
      await time("sales, warm (cached)", `/api/admin/events/${eventId}/sales`, token),
      await time("seat map, cold", `/api/admin/events/${eventId}/sales/seats`, token, dropSeats),
      await time("orders: newest page", `/api/admin/orders?size=25`, token),
      await time("orders: by email", `/api/admin/orders?q=${encodeURIComponent(sample.user.email)}`, token),
      await time("orders: part of a name", `/api/admin/orders?q=${encodeURIComponent(sample.user.username.slice(-6))}`, token),
      await time("orders: by seat", `/api/admin/orders?q=${encodeURIComponent(sample.seat)}&event_id=${eventId}`, token),
      await time("orders: by order number", `/api/admin/orders?q=${sample.paymentId}`, token),
      await time("orders: by amount, page 40", `/api/admin/orders?sort=amount_desc&page=40&size=25`, token),
    ];
    const floor = figures[0]!.p50;
    const rows: Figure[] = figures.map((f) => ({ ...f, ratio: f.p50 / floor }));
    console.info(`\n[bench] ${REQUESTS} sequential requests each, event ${eventId}, ${os.cpus().length} CPUs`);
    for (const r of rows) console.info(`${r.name.padEnd(30)} p50 ${r.p50.toFixed(1).padStart(7)} ms  p95 ${r.p95.toFixed(1).padStart(7)} ms  ${r.ratio.toFixed(1).padStart(6)}x health  ${r.bytes} B`);
    const dir = path.resolve(root, values["results-dir"]!);
    mkdirSync(dir, { recursive: true });
    const file = path.join(dir, `dashboard-${new Date().toISOString().replace(/[:.]/g, "-")}.json`);
    writeFileSync(file, JSON.stringify({ at: new Date().toISOString(), requests: REQUESTS, cpus: os.cpus().length, rows }, null, 2));
    console.info(`[bench] wrote ${file}`);
  } finally {
    server.kill("SIGTERM");
    await closeRedis();
    await disconnectDb();
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
