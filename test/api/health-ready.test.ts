// GET /api/health/ready: 200 while PostgreSQL and Redis answer, 503 with Retry-After and a JSON error
// naming the failed check (never its error text) when one does not, or while the server shuts down;
// and who may call it (everyone: a balancer has no credentials), changing nothing.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import * as ready from "@/app/api/health/ready/route";
import { disconnectDb, getDb } from "@/lib/db";
import { beginShutdown, resetShutdownForTests } from "@/lib/http/shutdown";
import { closeRedis } from "@/lib/redis";
import { ACTOR_NAMES, createCast, type Cast } from "@/test/support/actors";
import { callRoute, type RouteHandler } from "@/test/support/api";
import { truncateAll } from "@/test/support/database";
import { resetRedis } from "@/test/support/redis";

const handler = ready.GET as unknown as RouteHandler;
type Answer = { status?: string; checks?: Record<string, { status: string }>; error?: { code: string; message: string; reason?: string; retry_after_seconds?: number; checks?: Record<string, { status: string }> } };

// An address nothing listens on: connection refused at once.
const DEAD_REDIS = "redis://127.0.0.1:1/0";
const DEAD_POSTGRES = "postgresql://secret_user:secret_password@127.0.0.1:1/nowhere";

const saved = { redis: process.env.REDIS_URL, database: process.env.DATABASE_URL, timeout: process.env.READINESS_TIMEOUT_MS };

beforeAll(async () => {
  await truncateAll();
  await resetRedis();
});

afterEach(async () => {
  resetShutdownForTests();
  await closeRedis();
  await disconnectDb();
  for (const [name, value] of [["REDIS_URL", saved.redis], ["DATABASE_URL", saved.database], ["READINESS_TIMEOUT_MS", saved.timeout]] as const) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
});

afterAll(async () => {
  await closeRedis();
  await disconnectDb();
});

describe("GET /api/health/ready", () => {
  it("answers 200 with both checks ok while PostgreSQL and Redis answer", async () => {
    const res = await callRoute<Answer>(handler, "GET", "/api/health/ready");
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(res.body.status).toBe("ready");
    expect(res.body.checks?.postgres?.status).toBe("ok");
    expect(res.body.checks?.redis?.status).toBe("ok");
  });

  it("answers 503 with Retry-After naming Redis when Redis cannot be reached", async () => {
    process.env.REDIS_URL = DEAD_REDIS;
    await closeRedis();
    const res = await callRoute<Answer>(handler, "GET", "/api/health/ready");
    expect(res.status).toBe(503);
    expect(res.headers.get("retry-after")).toBe("5");
    expect(res.body.error?.code).toBe("unavailable");
    expect(res.body.error?.reason).toBe("dependency");
    expect(res.body.error?.message).toMatch(/redis/);
    expect(res.body.error?.message).not.toMatch(/postgres/);
    expect(res.body.error?.checks?.redis?.status).not.toBe("ok");
    expect(res.body.error?.checks?.postgres?.status).toBe("ok");
  });

  it("answers 503 naming PostgreSQL, within the timeout, and never shows the URL's credentials", async () => {
    process.env.DATABASE_URL = DEAD_POSTGRES;
    process.env.READINESS_TIMEOUT_MS = "300";
    await disconnectDb();
    const started = Date.now();
    const res = await callRoute<Answer>(handler, "GET", "/api/health/ready");
    // Bounded by the readiness timeout, not by DATABASE_CONNECT_TIMEOUT_MS (5 s); generous margin for a loaded machine.
    expect(Date.now() - started).toBeLessThan(4_000);
    expect(res.status).toBe(503);
    expect(res.headers.get("retry-after")).toBe("5");
    expect(res.body.error?.message).toMatch(/postgres/);
    expect(res.body.error?.checks?.postgres?.status).not.toBe("ok");
    const text = JSON.stringify(res.body);
    for (const secret of ["secret_user", "secret_password", "127.0.0.1", "nowhere"]) expect(text).not.toContain(secret);
  });

  it("answers 503 shutting_down once the server has begun a graceful shutdown", async () => {
    beginShutdown();
    const res = await callRoute<Answer>(handler, "GET", "/api/health/ready");
    expect(res.status).toBe(503);
    expect(res.headers.get("retry-after")).toBe("5");
    expect(res.body.error).toMatchObject({ code: "unavailable", reason: "shutting_down" });
  });

  it("refuses other methods with 405", async () => {
    const res = await (ready.POST as unknown as RouteHandler)(new Request("http://localhost/api/health/ready", { method: "POST" }), {} as never);
    expect(res.status).toBe(405);
    expect(res.headers.get("allow")).toContain("GET");
  });
});

describe("GET /api/health/ready: who may call it", () => {
  let cast: Cast;
  beforeAll(async () => {
    await truncateAll();
    cast = await createCast();
  });

  for (const name of ACTOR_NAMES) {
    it(`${name}: 200, and nothing changes`, async () => {
      const db = getDb();
      const before = JSON.stringify({ users: await db.user.findMany({ orderBy: { id: "asc" } }), tickets: await db.ticket.count(), payments: await db.payment.count() });
      const res = await callRoute<Answer>(handler, "GET", "/api/health/ready", { token: cast.actors[name].token });
      expect(res.status).toBe(200);
      const after = JSON.stringify({ users: await db.user.findMany({ orderBy: { id: "asc" } }), tickets: await db.ticket.count(), payments: await db.payment.count() });
      expect(after).toBe(before);
    });
  }
});
