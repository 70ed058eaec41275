// Graceful overload: when PostgreSQL or Redis is unreachable, silent or slow, the API answers within
// a bounded time, never hangs. PostgreSQL trouble is a 503 with Retry-After (the request cannot be
// decided without it); Redis trouble is absorbed (rate limits open, hold claims fall back to
// PostgreSQL alone, caches load from the source) and the request succeeds. The dependencies are
// pointed at local servers that accept connections and never answer, with small timeouts set
// through the same variables production uses, so the whole file runs in seconds.
import net from "node:net";
import pg from "pg";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { GET as availabilityRoute } from "@/app/api/events/[event_id]/availability/route";
import { POST as cancelRoute } from "@/app/api/events/ticket/cancel/route";
import { POST as reserveRoute } from "@/app/api/events/ticket/reserve/route";
import { issueAccessToken } from "@/lib/auth/access-token";
import { dbTimeoutsFromEnv, disconnectDb, getDb } from "@/lib/db";
import { closeRedis, getRedis } from "@/lib/redis";
import { createEventWithTickets, createUser, createVenueWithGrid } from "@/prisma/seed/factories";
import { realPostgres, truncateAll } from "@/test/support/database";
import { resetRedis } from "@/test/support/redis";
import { fromAddress } from "@/test/support/client-address";
import { hasRedisServer, skipWithout } from "@/test/support/servers";

type Handler = (req: Request, ctx: never) => Promise<Response>;
type ErrorBody = { error: { code: string; message: string; retry_after_seconds?: number } };

/** A TCP server that accepts connections and never sends a byte: a hung PostgreSQL or Redis. */
async function startSilentServer(): Promise<{ port: number; close: () => Promise<void> }> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    socket.on("error", () => {});
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    port,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A port nothing listens on: connections are refused at once. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

const ENV_KEYS = [
  "DATABASE_URL",
  "DATABASE_POOL_SIZE",
  "DATABASE_CONNECT_TIMEOUT_MS",
  "DATABASE_STATEMENT_TIMEOUT_MS",
  "REDIS_URL",
  "UPSTASH_REDIS_REST_URL",
  "UPSTASH_REDIS_REST_TOKEN",
  "REDIS_COMMAND_TIMEOUT_MS",
  "RATE_LIMIT_RESERVE_PER_MINUTE",
] as const;
const savedEnv = Object.fromEntries(ENV_KEYS.map((k) => [k, process.env[k]]));

/** Sets variables and drops the shared clients, so the next getDb()/getRedis() reads them. */
async function useEnv(vars: Partial<Record<(typeof ENV_KEYS)[number], string | undefined>>): Promise<void> {
  for (const [k, v] of Object.entries(vars)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  await disconnectDb();
  await closeRedis();
}

const cleanups: (() => Promise<void>)[] = [];

beforeEach(async () => {
  await truncateAll();
  await resetRedis();
});
afterEach(async () => {
  await useEnv(savedEnv);
  while (cleanups.length > 0) await cleanups.pop()!();
  vi.restoreAllMocks();
});

async function tokenFor(user: { id: number; role: "buyer" | "venue_admin" | "admin"; email: string; username: string }) {
  return (await issueAccessToken({ id: user.id, role: user.role, email: user.email, username: user.username })).access_token;
}

async function timed(handler: Handler, path: string, init: { method?: string; body?: unknown; token?: string; params?: Record<string, string> } = {}) {
  const headers: Record<string, string> = { "content-type": "application/json", ...fromAddress("198.51.100.20") };
  if (init.token) headers.authorization = `Bearer ${init.token}`;
  const request = new Request(`http://localhost${path}`, {
    method: init.method ?? "POST",
    headers,
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  const started = performance.now();
  const res = await handler(request, { params: Promise.resolve(init.params ?? {}) } as never);
  const ms = Math.round(performance.now() - started);
  return { status: res.status, headers: res.headers, body: (await res.json()) as unknown, ms };
}

function expectUnavailable(res: { status: number; headers: Headers; body: unknown }) {
  expect(res.status).toBe(503);
  expect(res.headers.get("retry-after")).toBe("5");
  expect(res.body).toMatchObject({ error: { code: "unavailable", retry_after_seconds: 5 } });
  expect((res.body as ErrorBody).error.message).not.toMatch(/prisma|ECONN|timeout exceeded/i);
}

async function seatsAndFan() {
  const db = getDb();
  const { venue } = await createVenueWithGrid(db, { sections: 1, rows: 1, seatsPerRow: 10 });
  const { event } = await createEventWithTickets(db, { venueId: venue.id });
  const tickets = await db.ticket.findMany({ where: { eventId: event.id }, orderBy: { id: "asc" }, select: { id: true } });
  const fan = await createUser(db);
  return { event, ticketIds: tickets.map((t) => t.id), token: await tokenFor(fan) };
}

const quiet = () => vi.spyOn(console, "error").mockImplementation(() => {});

describe("PostgreSQL", () => {
  it("that accepts connections and never answers: 503 + Retry-After within DATABASE_CONNECT_TIMEOUT_MS", async () => {
    const { ticketIds, token } = await seatsAndFan();
    const silent = await startSilentServer();
    cleanups.push(silent.close);
    await useEnv({ DATABASE_URL: `postgresql://postgres@127.0.0.1:${silent.port}/openseat`, DATABASE_CONNECT_TIMEOUT_MS: "300" });
    quiet();
    const reserve = await timed(reserveRoute, "/api/events/ticket/reserve", { body: { ticket_ids: [ticketIds[0]] }, token });
    expectUnavailable(reserve);
    const cancel = await timed(cancelRoute, "/api/events/ticket/cancel", { body: { ticket_ids: [ticketIds[0]], status: "reserved" }, token });
    expectUnavailable(cancel);
    console.info(`[overload] silent PostgreSQL, 300 ms connect timeout: reserve ${reserve.ms} ms, cancel ${cancel.ms} ms`);
    for (const ms of [reserve.ms, cancel.ms]) expect(ms).toBeLessThan(300 + 1_000);
  });

  it("that refuses connections: 503 at once", async () => {
    const { ticketIds, token } = await seatsAndFan();
    await useEnv({ DATABASE_URL: `postgresql://postgres@127.0.0.1:${await closedPort()}/openseat` });
    quiet();
    const reserve = await timed(reserveRoute, "/api/events/ticket/reserve", { body: { ticket_ids: [ticketIds[0]] }, token });
    expectUnavailable(reserve);
    expect(reserve.ms).toBeLessThan(1_000);
  });

  it("with every pooled connection busy: a request waits DATABASE_CONNECT_TIMEOUT_MS for one, then 503", async () => {
    const { ticketIds, token } = await seatsAndFan();
    await useEnv({ DATABASE_POOL_SIZE: "1", DATABASE_CONNECT_TIMEOUT_MS: "300" });
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    // Hold the pool's only connection in an open transaction.
    const holding = getDb().$transaction(
      async (tx) => {
        await tx.$queryRaw`SELECT 1`;
        await gate;
      },
      { timeout: 10_000 },
    );
    quiet();
    const reserve = await timed(reserveRoute, "/api/events/ticket/reserve", { body: { ticket_ids: [ticketIds[0]] }, token });
    release();
    await holding;
    expectUnavailable(reserve);
    console.info(`[overload] pool of 1 held, 300 ms connect timeout: reserve ${reserve.ms} ms`);
    expect(reserve.ms).toBeGreaterThanOrEqual(250);
    expect(reserve.ms).toBeLessThan(300 + 1_000);
    // The refused request changed nothing, and the pool serves again once the connection is back.
    expect((await getDb().ticket.findUniqueOrThrow({ where: { id: ticketIds[0]! } })).status).toBe("available");
    expect((await timed(reserveRoute, "/api/events/ticket/reserve", { body: { ticket_ids: [ticketIds[0]] }, token })).status).toBe(200);
  });

  it.skipIf(skipWithout("a real PostgreSQL server", realPostgres))("with a statement stuck past DATABASE_STATEMENT_TIMEOUT_MS (a lock never released): 503, and the seats are untouched", async () => {
    const { ticketIds, token } = await seatsAndFan();
    await useEnv({ DATABASE_STATEMENT_TIMEOUT_MS: "300" });
    const locker = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await locker.connect();
    cleanups.push(async () => {
      await locker.query("ROLLBACK").catch(() => {});
      await locker.end();
    });
    await locker.query("BEGIN");
    await locker.query("LOCK TABLE ticket IN ACCESS EXCLUSIVE MODE");
    quiet();
    const reserve = await timed(reserveRoute, "/api/events/ticket/reserve", { body: { ticket_ids: [ticketIds[0]] }, token });
    await locker.query("ROLLBACK");
    expectUnavailable(reserve);
    console.info(`[overload] ticket table locked, 300 ms statement timeout: reserve ${reserve.ms} ms`);
    expect(reserve.ms).toBeLessThan(300 + 1_000);
    expect((await getDb().ticket.findUniqueOrThrow({ where: { id: ticketIds[0]! } })).status).toBe("available");
  });
});

describe("PostgreSQL timeouts from the environment", () => {
  it("bound every wait by default; scripts can turn the statement bound off; poolers and PGlite get what they support", () => {
    expect(dbTimeoutsFromEnv({})).toEqual({
      connectionTimeoutMillis: 5_000,
      statement_timeout: 5_000,
      query_timeout: 7_000,
      idle_in_transaction_session_timeout: 15_000,
    });
    expect(dbTimeoutsFromEnv({ DATABASE_CONNECT_TIMEOUT_MS: "800", DATABASE_STATEMENT_TIMEOUT_MS: "10000" })).toEqual({
      connectionTimeoutMillis: 800,
      statement_timeout: 10_000,
      query_timeout: 12_000,
      idle_in_transaction_session_timeout: 20_000,
    });
    expect(dbTimeoutsFromEnv({ DATABASE_STATEMENT_TIMEOUT_MS: "0", DATABASE_CONNECT_TIMEOUT_MS: "0" })).toEqual({ connectionTimeoutMillis: 5_000 });
    // PgBouncer refuses statement_timeout as a startup parameter: keep the client-side bound only.
    expect(dbTimeoutsFromEnv({ DATABASE_URL: "postgresql://u@pooler.example:6543/db?pgbouncer=true" })).toEqual({ connectionTimeoutMillis: 5_000, query_timeout: 7_000 });
    expect(dbTimeoutsFromEnv({ OPENSEAT_EMBEDDED_DB: "1" })).toEqual({ connectionTimeoutMillis: 5_000 });
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    expect(dbTimeoutsFromEnv({ DATABASE_STATEMENT_TIMEOUT_MS: "5s" }).statement_timeout).toBe(5_000);
    expect(warn).toHaveBeenCalledWith(expect.stringMatching(/DATABASE_STATEMENT_TIMEOUT_MS.*"5s"/));
  });
});

describe("Redis", () => {
  it("that accepts connections and never answers: reserve still holds the seats (rate limit open, PostgreSQL decides), within a few command timeouts", async () => {
    const { event, ticketIds, token } = await seatsAndFan();
    const silent = await startSilentServer();
    cleanups.push(silent.close);
    await useEnv({
      REDIS_URL: `redis://127.0.0.1:${silent.port}/0`,
      UPSTASH_REDIS_REST_URL: undefined,
      UPSTASH_REDIS_REST_TOKEN: undefined,
      REDIS_COMMAND_TIMEOUT_MS: "200",
      RATE_LIMIT_RESERVE_PER_MINUTE: "1",
    });
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    const first = await timed(reserveRoute, "/api/events/ticket/reserve", { body: { ticket_ids: [ticketIds[0]] }, token });
    const second = await timed(reserveRoute, "/api/events/ticket/reserve", { body: { ticket_ids: [ticketIds[1]] }, token });
    expect([first.status, second.status]).toEqual([200, 200]);
    expect(warn.mock.calls.some((c) => String(c[0]).includes("[rate-limit] Redis unavailable"))).toBe(true);
    // A page read whose cache is in Redis loads from PostgreSQL instead.
    const read = await timed(availabilityRoute, `/api/events/${event.id}/availability`, { method: "GET", params: { event_id: String(event.id) } });
    expect(read.status).toBe(200);
    console.info(`[overload] silent Redis, 200 ms command timeout: reserve ${first.ms} ms and ${second.ms} ms, availability ${read.ms} ms`);
    // Each Redis command on the path waits at most the command timeout; there are a handful.
    for (const ms of [first.ms, second.ms, read.ms]) expect(ms).toBeLessThan(8 * 200 + 1_000);
  });

  it("that refuses connections: requests go through without waiting", async () => {
    const { ticketIds, token } = await seatsAndFan();
    await useEnv({
      REDIS_URL: `redis://127.0.0.1:${await closedPort()}/0`,
      UPSTASH_REDIS_REST_URL: undefined,
      UPSTASH_REDIS_REST_TOKEN: undefined,
      REDIS_COMMAND_TIMEOUT_MS: "200",
    });
    vi.spyOn(console, "warn").mockImplementation(() => {});
    const reserve = await timed(reserveRoute, "/api/events/ticket/reserve", { body: { ticket_ids: [ticketIds[0]] }, token });
    expect(reserve.status).toBe(200);
    expect(reserve.ms).toBeLessThan(8 * 200 + 1_000);
  });

  it.skipIf(skipWithout("a Redis server (REDIS_URL)", hasRedisServer(savedEnv)))("that drops a working connection and stays away: commands fail at once instead of queueing for the reconnect", async () => {
    // A proxy in front of the real Redis, closed for good once the client is connected.
    const target = new URL(savedEnv.REDIS_URL!);
    const sockets = new Set<net.Socket>();
    const proxy = net.createServer((client) => {
      const upstream = net.connect(Number(target.port || 6379), target.hostname);
      for (const s of [client, upstream]) {
        sockets.add(s);
        s.on("error", () => {});
      }
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((resolve) => proxy.listen(0, "127.0.0.1", resolve));
    const { port } = proxy.address() as net.AddressInfo;
    await useEnv({ REDIS_URL: `redis://127.0.0.1:${port}${target.pathname}`, REDIS_COMMAND_TIMEOUT_MS: "2000" });
    const store = getRedis();
    await store.ping();
    await new Promise<void>((resolve) => {
      proxy.close(() => resolve());
      for (const s of sockets) s.destroy();
    });
    await new Promise((resolve) => setTimeout(resolve, 20));
    const started = performance.now();
    await expect(store.get("anything")).rejects.toThrow(/Stream isn't writeable|Connection is closed/);
    expect(performance.now() - started).toBeLessThan(50);
  });
});
