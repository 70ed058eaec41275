// The waiting room end to end: the on-sale lottery (2,000 fans, a permutation, not arrival order,
// recomputable from the recorded seed), arrival order afterwards, admission at the event's rate on
// a driven clock, the admission window, sold out and resume, one place per account, reserve and
// best-available refusing every caller without a valid admission, the endpoints' shapes, and the
// queue answering from Redis while PostgreSQL is away. Runs on the in-process store and PGlite as
// well as on real servers: the queue's atomicity is Redis' (one Lua script per call), not PostgreSQL's.
import { PrismaPg } from "@prisma/adapter-pg";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { GET as statusRoute, POST as joinRoute } from "@/app/api/events/[event_id]/queue/route";
import { GET as progressRoute } from "@/app/api/events/[event_id]/queue/progress/route";
import { GET as streamRoute } from "@/app/api/events/[event_id]/queue/stream/route";
import { POST as reserveRoute } from "@/app/api/events/ticket/reserve/route";
import { POST as bestRoute } from "@/app/api/events/[event_id]/best-available/route";
import { getDb } from "@/lib/db";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { cancelReservedTickets } from "@/lib/inventory/cancel-reserved-tickets";
import { reserveTickets } from "@/lib/inventory/reserve-tickets";
import { closeRedis, getRedis } from "@/lib/redis";
import { discardQueueJournal, drawPositions, flushQueueJournal, getQueueProgress, getQueueStatus, joinQueue, membersDigest, readDrawMembers, signAdmissionToken, type QueueStatus } from "@/lib/queue";
import { queueKeys } from "@/lib/queue/queue-keys";
import { createEventWithTickets, createVenueWithGrid } from "@/prisma/seed/factories";
import { truncateAll } from "@/test/support/database";
import { resetRedis } from "@/test/support/redis";
import { startUpstashRestServer } from "@/test/support/upstash-rest-server";
import { hasRedisServer, skipWithout } from "@/test/support/servers";
import { bearerFor, callRoute as call, createFans, inBatches, type Fan } from "@/test/support/api";

type ErrorBody = { error: { code: string; message: string } };

const makeFans = (n: number) => createFans(n, "q");

async function makeEvent(options: { onsaleAt: Date | null; rate?: number; window?: number; queue?: boolean; rows?: number; seatsPerRow?: number }) {
  const db = getDb();
  const { venue } = await createVenueWithGrid(db, { rows: options.rows ?? 2, seatsPerRow: options.seatsPerRow ?? 10 });
  const { event } = await createEventWithTickets(db, {
    venueId: venue.id,
    onsaleAt: options.onsaleAt,
    queueEnabled: options.queue ?? true,
    queueAdmissionPerMinute: options.rate ?? 600,
    queueWindowSeconds: options.window ?? 600,
  });
  const tickets = await db.ticket.findMany({ where: { eventId: event.id }, orderBy: { id: "asc" }, select: { id: true, classId: true } });
  return { event, ticketIds: tickets.map((t) => t.id), classId: tickets[0]!.classId };
}

const bearer = bearerFor;

function spearman(a: number[], b: number[]): number {
  const n = a.length;
  let d2 = 0;
  for (let i = 0; i < n; i++) d2 += (a[i]! - b[i]!) ** 2;
  return 1 - (6 * d2) / (n * (n * n - 1));
}

const heldCount = (eventId: number) => getDb().ticket.count({ where: { eventId, status: "reserved" } });

beforeEach(async () => {
  // Places noted by the previous case must not land in this one's rows (ids restart at 1).
  await flushQueueJournal();
  discardQueueJournal();
  await truncateAll();
  await resetRedis();
});

describe("the on-sale lottery", () => {
  it("2,000 fans who join early get a random permutation of 1..2000, recomputable from the recorded seed; later fans queue in arrival order", async () => {
    const t0 = Date.now() + 3_600_000;
    const { event } = await makeEvent({ onsaleAt: new Date(t0), rate: 600 });
    const fans = await makeFans(2000);
    // Arrival order is the order of the batches; inside a batch the joins race each other.
    const early = await inBatches(fans, 200, (fan, i) => joinQueue({ eventId: event.id, userId: fan.id, now: t0 - 60_000 + i }));
    expect(early.every((s) => s.state === "pre_queue" && s.position === null)).toBe(true);
    expect(early.at(-1)!.queue_length).toBe(2000);

    // The on-sale instant: many callers at once, one draw.
    const ticks = await Promise.all(Array.from({ length: 20 }, (_, i) => getQueueProgress({ eventId: event.id, now: t0 + i })));
    expect(ticks.every((p) => p.drawn && p.queue_length === 2000)).toBe(true);
    // The audit row is written by the one caller that got the record lock (and may outlive its request).
    await vi.waitFor(async () => expect((await getRedis().hgetall(queueKeys(event.id).state)).recorded).toBe("1"));
    const draws = await getDb().queueDraw.findMany({ where: { eventId: event.id } });
    expect(draws).toHaveLength(1);
    const draw = draws[0]!;
    expect(draw).toMatchObject({ participants: 2000 });
    expect(draw.seed).toMatch(/^[0-9a-f]{64}$/);
    const state = await getRedis().hgetall(queueKeys(event.id).state);
    expect(state).toMatchObject({ seed: draw.seed, participants: "2000", members_digest: draw.membersDigest, recorded: "1" });

    const statuses = await inBatches(fans, 250, (fan) => getQueueStatus({ eventId: event.id, userId: fan.id, now: t0 + 100 }));
    const positions = statuses.map((s) => s.position!);
    expect(new Set(positions).size).toBe(2000);
    expect(Math.min(...positions)).toBe(1);
    expect(Math.max(...positions)).toBe(2000);
    // Not arrival order: the rank correlation with arrival is near 0, not near 1.
    expect(Math.abs(spearman(fans.map((_, i) => i + 1), positions))).toBeLessThan(0.1);

    // The audit: the recorded member list and seed give back every position.
    const members = await readDrawMembers(event.id);
    expect(membersDigest(members)).toBe(draw.membersDigest);
    expect(members).toHaveLength(draw.participants);
    const recomputed = drawPositions(members, draw.seed);
    fans.forEach((fan, i) => expect(recomputed.get(String(fan.id)), `fan ${fan.id}`).toBe(positions[i]));

    // After the draw: the back of the line, in arrival order.
    const late = await makeFans(30);
    const lateStatuses: QueueStatus[] = [];
    for (const [i, fan] of late.entries()) lateStatuses.push(await joinQueue({ eventId: event.id, userId: fan.id, now: t0 + 200 + i }));
    expect(lateStatuses.map((s) => s.position)).toEqual(late.map((_, i) => 2001 + i));
    expect(lateStatuses.every((s) => s.state === "queued")).toBe(true);

    // Re-joining changes nothing; the draw stays recorded once.
    const again = await joinQueue({ eventId: event.id, userId: fans[0]!.id, now: t0 + 300 });
    expect(again.position).toBe(positions[0]);
    expect(await getDb().queueDraw.count()).toBe(1);
    // The in-process store runs Lua in a JavaScript VM (milliseconds a call): give it time.
  }, 180_000);

  it("one account in two tabs holds one place, before and after the draw", async () => {
    const t0 = Date.now() + 3_600_000;
    const { event } = await makeEvent({ onsaleAt: new Date(t0) });
    const [fan, other, late] = await makeFans(3);
    await Promise.all(Array.from({ length: 10 }, (_, i) => joinQueue({ eventId: event.id, userId: fan!.id, now: t0 - 1000 + i })));
    await joinQueue({ eventId: event.id, userId: other!.id, now: t0 - 500 });
    expect((await getQueueProgress({ eventId: event.id, now: t0 - 400 })).queue_length).toBe(2);
    const tabs = await Promise.all(Array.from({ length: 10 }, (_, i) => joinQueue({ eventId: event.id, userId: late!.id, now: t0 + 10 + i })));
    expect(new Set(tabs.map((s) => s.position))).toEqual(new Set([3]));
    const fanTabs = await Promise.all([getQueueStatus({ eventId: event.id, userId: fan!.id, now: t0 + 50 }), joinQueue({ eventId: event.id, userId: fan!.id, now: t0 + 50 })]);
    expect(fanTabs[0].position).toBe(fanTabs[1].position);
    expect((await getQueueProgress({ eventId: event.id, now: t0 + 60 })).queue_length).toBe(3);
  });
});

describe("admission", () => {
  it("follows the event's rate on a driven clock, never past the last place, and binds the window to the first admission", async () => {
    const t0 = Date.now() + 3_600_000;
    const rate = 120; // 2 a second
    const window = 300;
    const { event } = await makeEvent({ onsaleAt: new Date(t0), rate, window });
    const fans = await makeFans(300);
    // Nobody joined early: the draw (at the first call after the on-sale) orders no one, and
    // arrivals are numbered 1, 2, 3... in order.
    const joined: QueueStatus[] = [];
    for (const [i, fan] of fans.entries()) joined.push(await joinQueue({ eventId: event.id, userId: fan.id, now: t0 + i }));
    expect(joined.map((s) => s.position)).toEqual(fans.map((_, i) => i + 1));

    // Tolerance: N is floor(rate x elapsed), exactly; we allow one admission of slack for
    // floating point across many small advances.
    for (let seconds = 5; seconds <= 140; seconds += 5) {
      const p = await getQueueProgress({ eventId: event.id, now: t0 + seconds * 1000 });
      expect(Math.abs(p.admitted_through - Math.floor((rate * seconds) / 60)), `after ${seconds} s`).toBeLessThanOrEqual(1);
    }
    // The fan at 300 waits ~ (300 - N) / rate minutes.
    const waiting = await getQueueStatus({ eventId: event.id, userId: fans[299]!.id, now: t0 + 140_000 });
    expect(waiting).toMatchObject({ state: "queued", position: 300, people_ahead: 300 - waiting.admitted_through });
    expect(waiting.estimated_wait_seconds).toBe(Math.ceil(((300 - waiting.admitted_through) / rate) * 60));
    // Never past the last place: an empty line admits a newcomer at the rate, not at once.
    expect((await getQueueProgress({ eventId: event.id, now: t0 + 400_000 })).admitted_through).toBe(300);
    const [newcomer] = await makeFans(1);
    const arrival = await joinQueue({ eventId: event.id, userId: newcomer!.id, now: t0 + 400_000 });
    expect(arrival).toMatchObject({ state: "queued", position: 301, admitted_through: 300 });
    expect((await getQueueStatus({ eventId: event.id, userId: newcomer!.id, now: t0 + 400_400 })).state).toBe("queued");
    expect((await getQueueStatus({ eventId: event.id, userId: newcomer!.id, now: t0 + 400_500 })).state).toBe("admitted");

    // Fan 1 was passed long ago but is admitted when they first ask; asking again keeps the window.
    const first = await getQueueStatus({ eventId: event.id, userId: fans[0]!.id, now: t0 + 401_000 });
    expect(first).toMatchObject({ state: "admitted", position: 1, people_ahead: 0 });
    expect(first.admission_expires_at).toBe(new Date(t0 + 401_000 + window * 1000).toISOString());
    const later = await getQueueStatus({ eventId: event.id, userId: fans[0]!.id, now: t0 + 500_000 });
    expect(later.admission_expires_at).toBe(first.admission_expires_at);
    const over = await getQueueStatus({ eventId: event.id, userId: fans[0]!.id, now: t0 + 401_000 + window * 1000 });
    expect(over).toMatchObject({ state: "expired", position: 1 });
    expect(over.admission_token).toBeUndefined();
    // Expired fans may join again, at the back.
    const rejoined = await joinQueue({ eventId: event.id, userId: fans[0]!.id, now: t0 + 402_000 + window * 1000 });
    expect(rejoined).toMatchObject({ position: 302 });
  });

  it("stops while the event is sold out (everyone waiting sees sold_out) and resumes when a seat comes back", async () => {
    const { event, ticketIds } = await makeEvent({ onsaleAt: new Date(Date.now() - 60_000), rate: 60, rows: 1, seatsPerRow: 2 });
    const fans = await makeFans(5);
    const t = Date.now();
    for (const [i, fan] of fans.entries()) await joinQueue({ eventId: event.id, userId: fan.id, now: t + i });
    const admitted = await getQueueStatus({ eventId: event.id, userId: fans[0]!.id, now: t + 1000 });
    expect(admitted.state).toBe("admitted");
    const admission = { tokenFor: () => admitted.admission_token! };
    await reserveTickets({ userId: fans[0]!.id, ticketIds, admission });

    const during = await getQueueProgress({ eventId: event.id, now: t + 61_000 });
    expect(during).toMatchObject({ sold_out: true, admitted_through: 1 });
    expect(await getQueueStatus({ eventId: event.id, userId: fans[1]!.id, now: t + 61_000 })).toMatchObject({ state: "sold_out", position: 2, sold_out: true });
    // The admitted fan keeps their admission.
    expect((await getQueueStatus({ eventId: event.id, userId: fans[0]!.id, now: t + 61_000 })).state).toBe("admitted");

    await cancelReservedTickets({ userId: fans[0]!.id, ticketIds: [ticketIds[0]!], reason: "changed my mind" });
    // Time spent sold out does not count: one second after the seat came back, one more admission.
    const after = await getQueueProgress({ eventId: event.id, now: t + 62_000 });
    expect(after).toMatchObject({ sold_out: false, admitted_through: 2 });
    expect((await getQueueStatus({ eventId: event.id, userId: fans[1]!.id, now: t + 62_000 })).state).toBe("admitted");
  });
});

describe("reserve while the queue is on", () => {
  async function admittedFan(eventId: number, fan: Fan) {
    const auth = await bearer(fan);
    const path = `/api/events/${eventId}/queue`;
    await call<QueueStatus>(joinRoute, "POST", path, { headers: { authorization: auth }, params: { event_id: String(eventId) } });
    // Admitted within milliseconds of joining: wait for that answer (polling), not for a duration.
    const res = await vi.waitFor(
      async () => {
        const polled = await call<QueueStatus>(statusRoute, "GET", path, { headers: { authorization: auth }, params: { event_id: String(eventId) } });
        if (polled.body.state !== "admitted") throw new Error(`not admitted yet: ${polled.body.state}`);
        return polled;
      },
      { timeout: 10_000, interval: 20 },
    );
    return { auth, status: res.body, cookie: res.headers.get("set-cookie")! };
  }

  it("refuses every reserve and best-available without a valid admission for that fan and event, and holds nothing", async () => {
    const past = new Date(Date.now() - 60_000);
    // 60,000 a minute: admitted within milliseconds of joining.
    const { event, ticketIds, classId } = await makeEvent({ onsaleAt: past, rate: 60_000 });
    const other = await makeEvent({ onsaleAt: past, rate: 60_000 });
    const [fan, rival] = await makeFans(2);
    const fanAuth = await bearer(fan!);
    const reserve = (headers: Record<string, string>, ids = [ticketIds[0]]) =>
      call<ErrorBody>(reserveRoute, "POST", "/api/events/ticket/reserve", { headers, body: { ticket_ids: ids } });
    const best = (headers: Record<string, string>) =>
      call<ErrorBody>(bestRoute, "POST", `/api/events/${event.id}/best-available`, { headers, body: { class_id: String(classId), quantity: 2 }, params: { event_id: String(event.id) } });

    const none = await reserve({ authorization: fanAuth });
    expect(none.status).toBe(403);
    expect(none.body.error.code).toBe("admission_required");
    expect((await best({ authorization: fanAuth })).body.error.code).toBe("admission_required");

    const { status: admitted, cookie } = await admittedFan(event.id, fan!);
    expect(cookie).toMatch(new RegExp(`^openseat_admission_${event.id}=[^;]+; Path=/; HttpOnly; SameSite=Lax; Max-Age=\\d+$`));
    const token = admitted.admission_token!;
    const { status: otherAdmission } = await admittedFan(other.event.id, fan!);
    const { status: rivalAdmission } = await admittedFan(event.id, rival!);

    const [h, p, s] = token.split(".") as [string, string, string];
    const expired = await signAdmissionToken({ userId: fan!.id, eventId: event.id, position: admitted.position!, admittedAt: new Date(Date.now() - 700_000), expiresAt: new Date(Date.now() - 100_000) });
    const refused: [string, string][] = [
      ["expired", expired],
      ["forged signature", `${h}.${p}.${s.slice(0, -4)}${s.endsWith("AAAA") ? "BBBB" : "AAAA"}`],
      ["another fan's", rivalAdmission.admission_token!],
      ["another event's", otherAdmission.admission_token!],
      ["not a token", "nonsense"],
    ];
    for (const [what, bad] of refused) {
      const res = await reserve({ authorization: fanAuth, "x-admission-token": bad });
      expect(res.status, what).toBe(403);
      expect(res.body.error.code, what).toBe("admission_invalid");
      const viaCookie = await reserve({ authorization: fanAuth, cookie: `openseat_admission_${event.id}=${bad}` });
      expect(viaCookie.body.error.code, `${what} (cookie)`).toBe("admission_invalid");
      expect((await best({ authorization: fanAuth, "x-admission-token": bad })).body.error.code, `${what} (best-available)`).toBe("admission_invalid");
    }
    expect(await heldCount(event.id)).toBe(0);
    expect(await getDb().reservation.count()).toBe(0);

    // With the admission: the header (API clients) and the cookie (browsers) both work.
    const viaHeader = await reserve({ authorization: fanAuth, "x-admission-token": token }, [ticketIds[0]]);
    expect(viaHeader.status).toBe(200);
    const viaCookie = await reserve({ authorization: fanAuth, cookie: cookie.split(";")[0]! }, [ticketIds[1]]);
    expect(viaCookie.status).toBe(200);
    expect((await best({ authorization: fanAuth, "x-admission-token": token })).status).toBe(200);
    expect(await heldCount(event.id)).toBe(4);
  });

  it("leaves events without a queue as they were: no token needed, state not_queued", async () => {
    const { event, ticketIds } = await makeEvent({ onsaleAt: new Date(Date.now() - 60_000), queue: false });
    const [fan] = await makeFans(1);
    const auth = await bearer(fan!);
    const status = await call<QueueStatus>(joinRoute, "POST", `/api/events/${event.id}/queue`, { headers: { authorization: auth }, params: { event_id: String(event.id) } });
    expect(status.body).toMatchObject({ state: "not_queued", position: null });
    expect(status.headers.get("set-cookie")).toBeNull();
    const res = await call(reserveRoute, "POST", "/api/events/ticket/reserve", { headers: { authorization: auth }, body: { ticket_ids: [ticketIds[0]] } });
    expect(res.status).toBe(200);
    expect(await getQueueProgress({ eventId: event.id })).toMatchObject({ queue_enabled: false, admitted_through: 0 });
  });
});

describe("queue endpoints", () => {
  it("answer the documented shapes, 401 without a caller and 404 for an unknown event", async () => {
    const onsale = new Date(Date.now() + 3_600_000);
    const { event } = await makeEvent({ onsaleAt: onsale, rate: 60, window: 120 });
    const [fan] = await makeFans(1);
    const auth = await bearer(fan!);
    const params = { event_id: String(event.id) };
    const path = `/api/events/${event.id}/queue`;

    const before = await call<QueueStatus>(statusRoute, "GET", path, { headers: { authorization: auth }, params });
    expect(before.status).toBe(200);
    expect(before.body).toMatchObject({ event_id: String(event.id), state: "not_joined", position: null });
    const joined = await call<QueueStatus>(joinRoute, "POST", path, { headers: { authorization: auth }, params });
    expect(joined.headers.get("cache-control")).toBe("private, no-store");
    expect(joined.body).toEqual({
      event_id: String(event.id),
      event_title: event.title,
      state: "pre_queue",
      position: null,
      admitted_through: 0,
      people_ahead: null,
      estimated_wait_seconds: null,
      rate_per_minute: 60,
      onsale_datetime: onsale.toISOString(),
      window_seconds: 120,
      queue_length: 1,
      sold_out: false,
      server_time: expect.any(String),
    });
    expect((await call(joinRoute, "POST", path, { params })).status).toBe(401);
    expect((await call(statusRoute, "GET", "/api/events/999999/queue", { headers: { authorization: auth }, params: { event_id: "999999" } })).status).toBe(404);

    const progress = await call(progressRoute, "GET", `${path}/progress`, { params });
    expect(progress.status).toBe(200);
    expect(progress.headers.get("cache-control")).toBe("public, max-age=1, stale-while-revalidate=1");
    expect(progress.body).toEqual({
      event_id: String(event.id),
      queue_enabled: true,
      admitted_through: 0,
      sold_out: false,
      drawn: false,
      onsale_datetime: onsale.toISOString(),
      rate_per_minute: 60,
      queue_length: 1,
      server_time: expect.any(String),
    });
    expect((await call(progressRoute, "GET", "/api/events/999999/queue/progress", { params: { event_id: "999999" } })).status).toBe(404);
  });

  it("streams progress as server-sent events", async () => {
    const { event } = await makeEvent({ onsaleAt: new Date(Date.now() - 1000) });
    const ac = new AbortController();
    const res = await streamRoute(new Request(`http://localhost/api/events/${event.id}/queue/stream`, { signal: ac.signal }), { params: Promise.resolve({ event_id: String(event.id) }) } as never);
    expect(res.headers.get("content-type")).toBe("text/event-stream; charset=utf-8");
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let text = "";
    while (!text.includes("event: progress")) text += decoder.decode((await reader.read()).value, { stream: true });
    expect(text).toMatch(/^retry: \d+\n\n/);
    expect(text).toMatch(/event: progress\ndata: \{"event_id":"\d+","queue_enabled":true,"admitted_through":0,"sold_out":false,"drawn":true,/);
    ac.abort();
    const missing = await streamRoute(new Request("http://localhost/api/events/999999/queue/stream"), { params: Promise.resolve({ event_id: "999999" }) } as never);
    expect(missing.status).toBe(404);
  });
});

describe("PostgreSQL away", () => {
  it("the queue keeps answering from Redis, draws, and records the draw once PostgreSQL is back", async () => {
    const t0 = Date.now() + 3_600_000;
    const { event } = await makeEvent({ onsaleAt: new Date(t0), rate: 600 });
    const fans = await makeFans(3);
    await joinQueue({ eventId: event.id, userId: fans[0]!.id, now: t0 - 10_000 });
    await getQueueProgress({ eventId: event.id, now: t0 - 10_000 });

    const globalForDb = globalThis as unknown as { __openseatDb?: PrismaClient };
    const healthy = globalForDb.__openseatDb;
    const broken = new PrismaClient({ adapter: new PrismaPg({ connectionString: "postgresql://nobody@127.0.0.1:1/none", connectionTimeoutMillis: 500 }) });
    globalForDb.__openseatDb = broken;
    try {
      // Joins before and after the on-sale, the draw itself, and stale settings (past their minute): all from Redis.
      expect((await joinQueue({ eventId: event.id, userId: fans[1]!.id, now: t0 - 5_000 })).state).toBe("pre_queue");
      const drawn = await getQueueProgress({ eventId: event.id, now: t0 + 120_000 });
      expect(drawn).toMatchObject({ drawn: true, queue_length: 2 });
      const late = await joinQueue({ eventId: event.id, userId: fans[2]!.id, now: t0 + 121_000 });
      expect(late).toMatchObject({ state: "queued", position: 3 });
      expect((await getQueueStatus({ eventId: event.id, userId: fans[0]!.id, now: t0 + 200_000 })).state).toBe("admitted");
    } finally {
      globalForDb.__openseatDb = healthy;
      await broken.$disconnect();
    }
    expect(await getDb().queueDraw.count()).toBe(0);
    // Once PostgreSQL is back, the next call after the record lock lapses (30 s) writes the audit row.
    await getRedis().del(queueKeys(event.id).recordLock);
    await getQueueProgress({ eventId: event.id, now: t0 + 201_000 });
    await vi.waitFor(async () => expect(await getDb().queueDraw.findUnique({ where: { eventId: event.id } })).toMatchObject({ participants: 2 }));
  });
});

describe.skipIf(skipWithout("a Redis server (REDIS_URL)", hasRedisServer()))("on the Upstash REST client (same redis-server, through the test endpoint)", () => {
  it("draws, numbers and admits the same way", async () => {
    const redisUrl = process.env.REDIS_URL!;
    const shim = await startUpstashRestServer({ redisUrl, token: "queue-test-token" });
    await closeRedis();
    delete process.env.REDIS_URL;
    process.env.UPSTASH_REDIS_REST_URL = shim.url;
    process.env.UPSTASH_REDIS_REST_TOKEN = shim.token;
    try {
      expect(getRedis().kind).toBe("upstash");
      const t0 = Date.now() + 3_600_000;
      const { event } = await makeEvent({ onsaleAt: new Date(t0), rate: 60 });
      const fans = await makeFans(40);
      await Promise.all(fans.slice(0, 30).map((fan, i) => joinQueue({ eventId: event.id, userId: fan.id, now: t0 - 1000 + i })));
      const statuses = await Promise.all(fans.slice(0, 30).map((fan) => getQueueStatus({ eventId: event.id, userId: fan.id, now: t0 })));
      expect(new Set(statuses.map((s) => s.position))).toEqual(new Set(Array.from({ length: 30 }, (_, i) => i + 1)));
      const draw = await vi.waitFor(async () => (await getDb().queueDraw.findUniqueOrThrow({ where: { eventId: event.id } })));
      const recomputed = drawPositions(await readDrawMembers(event.id), draw.seed);
      fans.slice(0, 30).forEach((fan, i) => expect(recomputed.get(String(fan.id))).toBe(statuses[i]!.position));
      const late = await Promise.all(fans.slice(30).map((fan, i) => joinQueue({ eventId: event.id, userId: fan.id, now: t0 + 10 + i })));
      expect(new Set(late.map((s) => s.position))).toEqual(new Set(Array.from({ length: 10 }, (_, i) => 31 + i)));
      expect((await getQueueProgress({ eventId: event.id, now: t0 + 10_500 })).admitted_through).toBe(10);
      const first = fans[statuses.findIndex((s) => s.position === 1)]!;
      const admitted = await getQueueStatus({ eventId: event.id, userId: first.id, now: t0 + 10_500 });
      expect(admitted.state).toBe("admitted");
    } finally {
      await closeRedis();
      delete process.env.UPSTASH_REDIS_REST_URL;
      delete process.env.UPSTASH_REDIS_REST_TOKEN;
      process.env.REDIS_URL = redisUrl;
      await shim.close();
    }
  });
});
