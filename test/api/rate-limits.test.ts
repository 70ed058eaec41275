// Rate limits on the buying endpoints, through the route handlers: each answers 429 with
// Retry-After once a user's (or an IP's) budget is spent, other users are not affected, a refused
// request changes nothing, limits come from the environment, and a failing Redis lets requests
// through. Small limits are set per test through the RATE_LIMIT_* variables.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { POST as checkoutRoute } from "@/app/api/checkout/route";
import { POST as bestRoute } from "@/app/api/events/[event_id]/best-available/route";
import { POST as cancelRoute } from "@/app/api/events/ticket/cancel/route";
import { POST as confirmRoute } from "@/app/api/events/ticket/confirm/route";
import { POST as reserveRoute } from "@/app/api/events/ticket/reserve/route";
import { getDb } from "@/lib/db";
import { apiRoute } from "@/lib/http/api-route";
import { authedApiRoute } from "@/lib/http/authed-api-route";
import { getRedis, RedisStoreError, reservedTicketKey } from "@/lib/redis";
import { policyLimits, RATE_LIMIT_POLICIES, type RateLimitPolicy } from "@/lib/rate-limit";
import { createEventWithTickets, createUser, createVenueWithGrid } from "@/prisma/seed/factories";
import { truncateAll } from "@/test/support/database";
import { resetRedis } from "@/test/support/redis";
import { fromAddress } from "@/test/support/client-address";
import { accessTokenFor, postJson, type ApiAnswer } from "@/test/support/api";

type Handler = (req: Request, ctx: never) => Promise<Response>;
type ErrorBody = { error: { code: string; message: string; retry_after_seconds?: number } };

// A public route's policy has no per-user budget (search_suggest).
const POLICY_ENV = Object.values(RATE_LIMIT_POLICIES).flatMap((p: { user?: { env: string }; ip: { env: string } }) => (p.user ? [p.user.env, p.ip.env] : [p.ip.env]));
const savedEnv = Object.fromEntries(POLICY_ENV.map((k) => [k, process.env[k]]));

beforeEach(async () => {
  await truncateAll();
  await resetRedis();
});
afterEach(() => {
  for (const [k, v] of Object.entries(savedEnv)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  vi.restoreAllMocks();
});

async function setup() {
  const db = getDb();
  const { venue } = await createVenueWithGrid(db, { sections: 1, rows: 2, seatsPerRow: 10 });
  const { event } = await createEventWithTickets(db, { venueId: venue.id });
  const tickets = await db.ticket.findMany({ where: { eventId: event.id }, orderBy: { id: "asc" }, select: { id: true } });
  const fans = await Promise.all([0, 1, 2, 3].map(() => createUser(db)));
  const tokens = await Promise.all(fans.map(accessTokenFor));
  return { event, ticketIds: tickets.map((t) => t.id), fans, tokens };
}

const statusOf = async (ids: number[]) =>
  (await getDb().ticket.findMany({ where: { id: { in: ids } }, orderBy: { id: "asc" }, select: { status: true, userId: true } })).map((t) => t.status);

function expectRateLimited(res: { status: number; headers: Headers; body: unknown }) {
  expect(res.status).toBe(429);
  const retryAfter = Number(res.headers.get("retry-after"));
  expect(retryAfter).toBeGreaterThanOrEqual(1);
  expect(retryAfter).toBeLessThanOrEqual(60);
  const body = res.body as ErrorBody;
  expect(body.error.code).toBe("rate_limited");
  expect(body.error.message).toMatch(/try again/);
  expect(body.error.retry_after_seconds).toBe(retryAfter);
}

describe("per-user limits", () => {
  it("reserve: 429 with Retry-After after the limit; the refused request holds nothing; another fan is unaffected", async () => {
    process.env.RATE_LIMIT_RESERVE_PER_MINUTE = "2";
    const { event, ticketIds, tokens } = await setup();
    const [a, b] = tokens as [string, string];
    expect((await postJson(reserveRoute, "/api/events/ticket/reserve", { ticket_ids: [ticketIds[0]] }, a)).status).toBe(200);
    expect((await postJson(reserveRoute, "/api/events/ticket/reserve", { ticket_ids: [ticketIds[1]] }, a)).status).toBe(200);
    const limited = await postJson(reserveRoute, "/api/events/ticket/reserve", { ticket_ids: [ticketIds[2]] }, a);
    expectRateLimited(limited);
    expect(await statusOf([ticketIds[2]!])).toEqual(["available"]);
    expect(await getRedis().exists(reservedTicketKey(event.id, ticketIds[2]!))).toBe(0);
    // Another fan has a budget of their own, and gets the seat.
    expect((await postJson(reserveRoute, "/api/events/ticket/reserve", { ticket_ids: [ticketIds[2]] }, b)).status).toBe(200);
    expect(await statusOf([ticketIds[2]!])).toEqual(["reserved"]);
  });

  it("cancel: the refused request releases nothing", async () => {
    process.env.RATE_LIMIT_CANCEL_PER_MINUTE = "1";
    const { ticketIds, tokens } = await setup();
    const [a, b] = tokens as [string, string];
    expect((await postJson(reserveRoute, "/api/events/ticket/reserve", { ticket_ids: ticketIds.slice(0, 2) }, a)).status).toBe(200);
    expect((await postJson(cancelRoute, "/api/events/ticket/cancel", { ticket_ids: [ticketIds[0]], status: "reserved" }, a)).status).toBe(200);
    expectRateLimited(await postJson(cancelRoute, "/api/events/ticket/cancel", { ticket_ids: [ticketIds[1]], status: "reserved" }, a));
    expect(await statusOf(ticketIds.slice(0, 2))).toEqual(["available", "reserved"]);
    // Fan b's cancel is judged on its merits (the seat is not theirs), not refused for a's calls.
    const other = await postJson(cancelRoute, "/api/events/ticket/cancel", { ticket_ids: [ticketIds[1]], status: "reserved" }, b);
    expect(other.status).not.toBe(429);
    expect(other.status).toBeLessThan(500);
  });

  // Requests that fail validation or find nothing still count: a script probing the endpoint pays
  // for each call, and the refused one never reaches the handler.
  const cases: { policy: RateLimitPolicy; env: string; call: (token: string, eventId: number) => Promise<ApiAnswer<unknown>> }[] = [
    {
      policy: "best_available",
      env: "RATE_LIMIT_BEST_AVAILABLE_PER_MINUTE",
      call: (token, eventId) =>
        postJson(bestRoute, `/api/events/${eventId}/best-available`, { class_id: "999999", quantity: 2 }, token, { params: { event_id: String(eventId) } }),
    },
    { policy: "confirm", env: "RATE_LIMIT_CONFIRM_PER_MINUTE", call: (token) => postJson(confirmRoute, "/api/events/ticket/confirm", { ticket_ids: [] }, token) },
    { policy: "checkout", env: "RATE_LIMIT_CHECKOUT_PER_MINUTE", call: (token) => postJson(checkoutRoute, "/api/checkout", { reservation_id: "999999" }, token) },
  ];
  for (const c of cases) {
    it(`${c.policy}: 429 with Retry-After after the limit, another fan unaffected`, async () => {
      process.env[c.env] = "2";
      const { event, tokens } = await setup();
      const [a, b] = tokens as [string, string];
      for (let i = 0; i < 2; i++) expect((await c.call(a, event.id)).status).not.toBe(429);
      expectRateLimited(await c.call(a, event.id));
      expect((await c.call(b, event.id)).status).not.toBe(429);
    });
  }
});

describe("per-IP limits", () => {
  it("count every account behind one address; another address and the same fans elsewhere are unaffected", async () => {
    process.env.RATE_LIMIT_RESERVE_IP_PER_MINUTE = "3";
    const { ticketIds, tokens } = await setup();
    const ip = "198.51.100.7";
    for (let i = 0; i < 3; i++) {
      expect((await postJson(reserveRoute, "/api/events/ticket/reserve", { ticket_ids: [ticketIds[i]] }, tokens[i]!, { ip })).status).toBe(200);
    }
    expectRateLimited(await postJson(reserveRoute, "/api/events/ticket/reserve", { ticket_ids: [ticketIds[3]] }, tokens[3]!, { ip }));
    expect(await statusOf([ticketIds[3]!])).toEqual(["available"]);
    expect((await postJson(reserveRoute, "/api/events/ticket/reserve", { ticket_ids: [ticketIds[3]] }, tokens[3]!, { ip: "198.51.100.8" })).status).toBe(200);
  });

  it("are skipped when the address is unknown (one shared bucket would be a site-wide limit)", async () => {
    process.env.RATE_LIMIT_RESERVE_IP_PER_MINUTE = "1";
    const { ticketIds, tokens } = await setup();
    for (let i = 0; i < 4; i++) {
      expect((await postJson(reserveRoute, "/api/events/ticket/reserve", { ticket_ids: [ticketIds[i]] }, tokens[i]!)).status).toBe(200);
    }
  });

  it("a fan refused by their IP's budget keeps their own budget", async () => {
    process.env.RATE_LIMIT_RESERVE_PER_MINUTE = "2";
    process.env.RATE_LIMIT_RESERVE_IP_PER_MINUTE = "1";
    const { ticketIds, tokens } = await setup();
    const [a, b] = tokens as [string, string];
    expect((await postJson(reserveRoute, "/api/events/ticket/reserve", { ticket_ids: [ticketIds[0]] }, b, { ip: "198.51.100.9" })).status).toBe(200);
    // a is refused by the IP budget; the call is given back to a's own budget...
    for (let i = 0; i < 3; i++) expectRateLimited(await postJson(reserveRoute, "/api/events/ticket/reserve", { ticket_ids: [ticketIds[1]] }, a, { ip: "198.51.100.9" }));
    // ...so from other addresses a still has both calls, and then no more.
    expect((await postJson(reserveRoute, "/api/events/ticket/reserve", { ticket_ids: [ticketIds[1]] }, a, { ip: "198.51.100.10" })).status).toBe(200);
    expect((await postJson(reserveRoute, "/api/events/ticket/reserve", { ticket_ids: [ticketIds[2]] }, a, { ip: "198.51.100.11" })).status).toBe(200);
    expectRateLimited(await postJson(reserveRoute, "/api/events/ticket/reserve", { ticket_ids: [ticketIds[3]] }, a, { ip: "198.51.100.12" }));
  });
});

describe("configuration", () => {
  it("has defaults a fan never meets, per-IP budgets larger than per-user ones", () => {
    for (const policy of Object.keys(RATE_LIMIT_POLICIES) as RateLimitPolicy[]) {
      const { user, ip } = policyLimits(policy, {});
      // A public route's policy (search_suggest) has only a per-IP budget.
      const budgets: { user?: unknown; ip: unknown } = RATE_LIMIT_POLICIES[policy];
      if (!budgets.user) {
        expect(user).toBe(0);
        expect(ip).toBeGreaterThanOrEqual(100);
        continue;
      }
      expect(user).toBeGreaterThanOrEqual(10);
      expect(ip).toBeGreaterThanOrEqual(user * 10);
    }
    expect(policyLimits("reserve", {})).toEqual({ user: 30, ip: 300 });
  });

  it("reads limits from the environment; 0 turns one off; a bad value warns and keeps the default", async () => {
    expect(policyLimits("checkout", { RATE_LIMIT_CHECKOUT_PER_MINUTE: "7", RATE_LIMIT_CHECKOUT_IP_PER_MINUTE: "0" })).toEqual({ user: 7, ip: 0 });
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    expect(policyLimits("confirm", { RATE_LIMIT_CONFIRM_PER_MINUTE: "ten", RATE_LIMIT_CONFIRM_IP_PER_MINUTE: "-1" })).toEqual({ user: 20, ip: 200 });
    expect(warn.mock.calls.map((c) => String(c[0])).join("\n")).toMatch(/RATE_LIMIT_CONFIRM_PER_MINUTE.*"ten".*using 20/);

    process.env.RATE_LIMIT_RESERVE_PER_MINUTE = "0";
    process.env.RATE_LIMIT_RESERVE_IP_PER_MINUTE = "0";
    const { ticketIds, tokens } = await setup();
    for (let i = 0; i < 5; i++) {
      expect((await postJson(reserveRoute, "/api/events/ticket/reserve", { ticket_ids: [ticketIds[i]] }, tokens[0]!, { ip: "198.51.100.11" })).status).toBe(200);
    }
  });

  it("can be attached to public routes (per IP) and checks before the handler runs", async () => {
    process.env.RATE_LIMIT_QUEUE_JOIN_IP_PER_MINUTE = "1";
    process.env.RATE_LIMIT_QUEUE_JOIN_PER_MINUTE = "1";
    let calls = 0;
    const handler = async () => {
      calls += 1;
      return Response.json({ ok: true });
    };
    const publicRoute = apiRoute(handler, { rateLimit: "queue_join" }) as unknown as Handler;
    const authedRoute = authedApiRoute(handler, { rateLimit: "queue_join" }) as unknown as Handler;
    const call = (route: Handler, init: { ip?: string; token?: string }) => {
      const headers: Record<string, string> = {};
      if (init.ip) Object.assign(headers, fromAddress(init.ip));
      if (init.token) headers.authorization = `Bearer ${init.token}`;
      return route(new Request("http://localhost/api/x", { method: "POST", headers }), { params: Promise.resolve({}) } as never);
    };
    expect((await call(publicRoute, { ip: "203.0.113.1" })).status).toBe(200);
    expect((await call(publicRoute, { ip: "203.0.113.1" })).status).toBe(429);
    const fan = await createUser(getDb());
    const token = await accessTokenFor(fan);
    expect((await call(authedRoute, { token })).status).toBe(200);
    expect((await call(authedRoute, { token })).status).toBe(429);
    // No caller: 401 before any budget is touched.
    expect((await call(authedRoute, {})).status).toBe(401);
    expect(calls).toBe(2);
  });
});

describe("when Redis fails", () => {
  it("fails open: requests go through (PostgreSQL still decides), logged once", async () => {
    process.env.RATE_LIMIT_RESERVE_PER_MINUTE = "1";
    process.env.RATE_LIMIT_RESERVE_IP_PER_MINUTE = "1";
    const { ticketIds, tokens } = await setup();
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    vi.spyOn(getRedis(), "runScript").mockRejectedValue(new RedisStoreError(getRedis().kind, "EVALSHA", new Error("Command timed out")));
    for (let i = 0; i < 3; i++) {
      expect((await postJson(reserveRoute, "/api/events/ticket/reserve", { ticket_ids: [ticketIds[i]] }, tokens[0]!, { ip: "198.51.100.12" })).status).toBe(200);
    }
    expect(await statusOf(ticketIds.slice(0, 3))).toEqual(["reserved", "reserved", "reserved"]);
    // Another fan still cannot take a held seat: the limiter was never what protected it.
    expect((await postJson(reserveRoute, "/api/events/ticket/reserve", { ticket_ids: [ticketIds[0]] }, tokens[1]!)).status).toBe(409);
    expect(warn.mock.calls.some((c) => String(c[0]).includes("[rate-limit] Redis unavailable"))).toBe(true);
  });
});
