// Graceful overload: when PostgreSQL or Redis is unreachable, silent or slow, the API answers within
// a bounded time, never hangs. PostgreSQL trouble is a 503 with Retry-After (the request cannot be
// decided without it); Redis trouble is absorbed (rate limits open, hold claims fall back to
// PostgreSQL alone, caches load from the source) and the request succeeds. The dependencies are
// pointed at local servers that accept connections and never answer, with small timeouts set
// through the same variables production uses, so the whole file runs in seconds.
//
// No assertion reads a stopwatch (durations are only logged): what bounds a request is which
// timeout ended each wait (the error pg or ioredis gave up with) and how many Redis commands it
// sent, recorded by wrapping the clients' own methods (recordPgFailures, recordRedisCommands).
import net from "node:net";
import Redis from "ioredis";
import pg from "pg";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { GET as availabilityRoute } from "@/app/api/events/[event_id]/availability/route";
import { POST as cancelRoute } from "@/app/api/events/ticket/cancel/route";
import { POST as reserveRoute } from "@/app/api/events/ticket/reserve/route";
import { dbTimeoutsFromEnv, disconnectDb, getDb } from "@/lib/db";
import { closeRedis, getRedis } from "@/lib/redis";
import { createEventWithTickets, createUser, createVenueWithGrid } from "@/prisma/seed/factories";
import { realPostgres, truncateAll } from "@/test/support/database";
import { resetRedis } from "@/test/support/redis";
import { fromAddress } from "@/test/support/client-address";
import { hasRedisServer, skipWithout } from "@/test/support/servers";
import { accessTokenFor } from "@/test/support/api";

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

/**
 * The messages of every pg connection attempt and query that failed from now on (the Prisma adapter
 * drives pg.Pool and pg.Client): which of pg's own bounds ended a request's wait.
 */
function recordPgFailures(): string[] {
  const failures: string[] = [];
  const watch = <T extends object>(proto: T, method: keyof T) => {
    const original = proto[method] as unknown as (...args: unknown[]) => unknown;
    vi.spyOn(proto, method as never).mockImplementation(function (this: unknown, ...args: unknown[]) {
      const record = (e: unknown) => failures.push(e instanceof Error ? e.message : String(e));
      // pg takes a callback or returns a promise; Pool.query uses connect's callback form.
      const callback = args.at(-1);
      if (typeof callback === "function") {
        args[args.length - 1] = (error: unknown, ...rest: unknown[]) => {
          if (error) record(error);
          return (callback as (...a: unknown[]) => unknown)(error, ...rest);
        };
      }
      const result = original.apply(this, args);
      if (result instanceof Promise) result.catch(record);
      return result;
    } as never);
  };
  watch(pg.Pool.prototype, "connect");
  watch(pg.Client.prototype, "query");
  return failures;
}

/** Every command ioredis sends from now on, with how it ended (its error message, or "ok"). */
function recordRedisCommands(): { name: string; outcome: Promise<string> }[] {
  const commands: { name: string; outcome: Promise<string> }[] = [];
  const original = Redis.prototype.sendCommand;
  vi.spyOn(Redis.prototype, "sendCommand").mockImplementation(function (this: Redis, ...args: Parameters<Redis["sendCommand"]>) {
    const promise = original.apply(this, args) as Promise<unknown>;
    commands.push({ name: args[0].name, outcome: promise.then(() => "ok", (e: unknown) => (e instanceof Error ? e.message : String(e))) });
    return promise;
  });
  return commands;
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
  return { event, ticketIds: tickets.map((t) => t.id), token: await accessTokenFor(fan) };
}

const quiet = () => vi.spyOn(console, "error").mockImplementation(() => {});

describe("PostgreSQL", () => {
  it("that accepts connections and never answers: 503 + Retry-After within DATABASE_CONNECT_TIMEOUT_MS", async () => {
    const { ticketIds, token } = await seatsAndFan();
    const silent = await startSilentServer();
    cleanups.push(silent.close);
    await useEnv({ DATABASE_URL: `postgresql://postgres@127.0.0.1:${silent.port}/openseat`, DATABASE_CONNECT_TIMEOUT_MS: "300" });
    quiet();
    const failures = recordPgFailures();
    const reserve = await timed(reserveRoute, "/api/events/ticket/reserve", { body: { ticket_ids: [ticketIds[0]] }, token });
    expectUnavailable(reserve);
    const cancel = await timed(cancelRoute, "/api/events/ticket/cancel", { body: { ticket_ids: [ticketIds[0]], status: "reserved" }, token });
    expectUnavailable(cancel);
    console.info(`[overload] silent PostgreSQL, 300 ms connect timeout: reserve ${reserve.ms} ms, cancel ${cancel.ms} ms`);
    // Each request gave up on pg's connect timeout (DATABASE_CONNECT_TIMEOUT_MS), not on anything longer.
    expect(failures.length).toBeGreaterThanOrEqual(2);
    for (const message of failures) expect(message).toMatch(/connection timeout/i);
  });

  it("that refuses connections: 503 at once", async () => {
    const { ticketIds, token } = await seatsAndFan();
    await useEnv({ DATABASE_URL: `postgresql://postgres@127.0.0.1:${await closedPort()}/openseat` });
    quiet();
    const failures = recordPgFailures();
    const reserve = await timed(reserveRoute, "/api/events/ticket/reserve", { body: { ticket_ids: [ticketIds[0]] }, token });
    expectUnavailable(reserve);
    // The refusal itself ended the request: no timeout was waited out.
    expect(failures.length).toBeGreaterThanOrEqual(1);
    for (const message of failures) expect(message).toMatch(/ECONNREFUSED/);
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
    const failures = recordPgFailures();
    const reserve = await timed(reserveRoute, "/api/events/ticket/reserve", { body: { ticket_ids: [ticketIds[0]] }, token });
    // Answered while the only connection is still held: the request waited in the pool's queue
    // until the pool's own connect timeout gave up, not until a connection came back.
    release();
    await holding;
    expectUnavailable(reserve);
    console.info(`[overload] pool of 1 held, 300 ms connect timeout: reserve ${reserve.ms} ms`);
    expect(failures).toEqual(["timeout exceeded when trying to connect"]);
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
    const failures = recordPgFailures();
    const reserve = await timed(reserveRoute, "/api/events/ticket/reserve", { body: { ticket_ids: [ticketIds[0]] }, token });
    await locker.query("ROLLBACK");
    expectUnavailable(reserve);
    console.info(`[overload] ticket table locked, 300 ms statement timeout: reserve ${reserve.ms} ms`);
    // PostgreSQL cancelled the stuck statement at DATABASE_STATEMENT_TIMEOUT_MS (57014).
    expect(failures.some((m) => /canceling statement due to statement timeout/.test(m))).toBe(true);
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
    const commands = recordRedisCommands();
    const first = await timed(reserveRoute, "/api/events/ticket/reserve", { body: { ticket_ids: [ticketIds[0]] }, token });
    const second = await timed(reserveRoute, "/api/events/ticket/reserve", { body: { ticket_ids: [ticketIds[1]] }, token });
    expect([first.status, second.status]).toEqual([200, 200]);
    expect(warn.mock.calls.some((c) => String(c[0]).includes("[rate-limit] Redis unavailable"))).toBe(true);
    // A page read whose cache is in Redis loads from PostgreSQL instead.
    const read = await timed(availabilityRoute, `/api/events/${event.id}/availability`, { method: "GET", params: { event_id: String(event.id) } });
    expect(read.status).toBe(200);
    console.info(`[overload] silent Redis, 200 ms command timeout: reserve ${first.ms} ms and ${second.ms} ms, availability ${read.ms} ms`);
    // Each Redis command on the path ended on the command timeout (REDIS_COMMAND_TIMEOUT_MS), none
    // succeeded or waited longer, and there are a handful per request.
    const outcomes = await Promise.all(commands.map((c) => c.outcome));
    expect(outcomes.length).toBeGreaterThan(0);
    expect(outcomes.length).toBeLessThanOrEqual(3 * 8);
    for (const outcome of outcomes) expect(outcome).toMatch(/Command timed out/);
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
    const commands = recordRedisCommands();
    const reserve = await timed(reserveRoute, "/api/events/ticket/reserve", { body: { ticket_ids: [ticketIds[0]] }, token });
    expect(reserve.status).toBe(200);
    // A handful of commands, each failed (never answered) and bounded by the command timeout.
    const outcomes = await Promise.all(commands.map((c) => c.outcome));
    expect(outcomes.length).toBeLessThanOrEqual(8);
    for (const outcome of outcomes) expect(outcome).toMatch(/ECONNREFUSED|Connection is closed|Stream isn't writeable|max retries per request|Command timed out/);
    console.info(`[overload] refused Redis: ${outcomes.length} commands, ${JSON.stringify([...new Set(outcomes)])}`);
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
    const emit = vi.spyOn(Redis.prototype, "emit");
    await new Promise<void>((resolve) => {
      proxy.close(() => resolve());
      for (const s of sockets) s.destroy();
    });
    // Wait for the client to see the connection go (its "close" event), not for a guessed duration.
    await vi.waitFor(() => expect(emit.mock.calls.some(([event]) => event === "close")).toBe(true));
    // Failed at once, by the client itself: a command queued for the reconnect would instead end
    // REDIS_COMMAND_TIMEOUT_MS (2 s) later with "Command timed out".
    await expect(store.get("anything")).rejects.toThrow(/Stream isn't writeable|Connection is closed/);
  });
});
