// POST /api/events/:id/queue (joining the waiting room) counts against the queue_join policy: 10
// joins a minute per account, 600 per client IP (lib/rate-limit/policies.ts). A refused join is a
// 429 with Retry-After and leaves the queue as it was.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { GET as statusRoute, POST as joinRoute } from "@/app/api/events/[event_id]/queue/route";
import { issueAccessToken } from "@/lib/auth/access-token";
import { getDb } from "@/lib/db";
import { getQueueProgress, type QueueStatus } from "@/lib/queue";
import { createEventWithTickets, createUser, createVenueWithGrid } from "@/prisma/seed/factories";
import { truncateAll } from "@/test/support/database";
import { resetRedis } from "@/test/support/redis";
import { fromAddress } from "@/test/support/client-address";

type Handler = (req: Request, ctx: never) => Promise<Response>;

async function queueEvent() {
  const db = getDb();
  const { venue } = await createVenueWithGrid(db, { rows: 1, seatsPerRow: 4 });
  const { event } = await createEventWithTickets(db, { venueId: venue.id, onsaleAt: new Date(Date.now() + 3_600_000), queueEnabled: true });
  return event;
}

async function call(handler: Handler, method: string, eventId: number, auth: string, ip: string) {
  const res = await handler(new Request(`http://localhost/api/events/${eventId}/queue`, { method, headers: { authorization: auth, ...fromAddress(ip) } }), {
    params: Promise.resolve({ event_id: String(eventId) }),
  } as never);
  return { status: res.status, headers: res.headers, body: (await res.json()) as QueueStatus & { error?: { code: string } } };
}

async function fan() {
  const user = await createUser(getDb(), {});
  return `Bearer ${(await issueAccessToken({ id: user.id, role: user.role, email: user.email, username: user.username })).access_token}`;
}

beforeEach(async () => {
  await truncateAll();
  await resetRedis();
});

afterEach(() => {
  delete process.env.RATE_LIMIT_QUEUE_JOIN_IP_PER_MINUTE;
});

describe("joining the waiting room is rate limited", () => {
  it("the 11th join in a minute by one account is 429 with Retry-After; the queue is unchanged; looking still works", async () => {
    const event = await queueEvent();
    const auth = await fan();
    const answers = [];
    for (let i = 0; i < 10; i++) answers.push(await call(joinRoute as Handler, "POST", event.id, auth, "203.0.113.10"));
    expect(answers.map((a) => a.status)).toEqual(Array(10).fill(200));
    const before = await getQueueProgress({ eventId: event.id });

    // From another address too: the budget is the account's.
    const refused = await call(joinRoute as Handler, "POST", event.id, auth, "203.0.113.11");
    expect(refused.status).toBe(429);
    expect(refused.body.error?.code).toBe("rate_limited");
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(await getQueueProgress({ eventId: event.id })).toMatchObject({ queue_length: before.queue_length, admitted_through: before.admitted_through });

    const look = await call(statusRoute as Handler, "GET", event.id, auth, "203.0.113.10");
    expect(look.status).toBe(200);
    expect(look.body.state).toBe("pre_queue");
  });

  it("over the per-IP budget a new account's join is refused and it is not in the queue", async () => {
    process.env.RATE_LIMIT_QUEUE_JOIN_IP_PER_MINUTE = "3";
    const event = await queueEvent();
    const fans = await Promise.all(Array.from({ length: 4 }, () => fan()));
    const statuses = [];
    for (const auth of fans) statuses.push((await call(joinRoute as Handler, "POST", event.id, auth, "198.51.100.7")).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
    expect((await getQueueProgress({ eventId: event.id })).queue_length).toBe(3);
    const last = await call(statusRoute as Handler, "GET", event.id, fans[3]!, "198.51.100.7");
    expect(last.body.state).toBe("not_joined");
    // Another address is not affected.
    expect((await call(joinRoute as Handler, "POST", event.id, fans[3]!, "198.51.100.8")).status).toBe(200);
  });
});
