// The waiting room survives Redis losing its data (FLUSHDB of the test index, or a new in-process
// store): fans join concurrently before the on-sale (lottery) and after it (arrival order),
// admission gets part way, Redis is flushed, and then every fan's rejoin or status answers the same
// number, admitted_through is not lower, admitted fans keep their admission (and its window), and
// the fans still waiting are admitted in the original order. A join is answered once its place is
// in PostgreSQL; a fan answered while PostgreSQL was away (whose place was not written yet) gets a
// new number behind everyone. One caller rebuilds; the rest wait.
import { PrismaPg } from "@prisma/adapter-pg";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { POST as joinRoute, GET as statusRoute } from "@/app/api/events/[event_id]/queue/route";
import { issueAccessToken } from "@/lib/auth/access-token";
import { getDb } from "@/lib/db";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { getRedis } from "@/lib/redis";
import { discardQueueJournal, flushQueueJournal, getQueueProgress, getQueueStatus, joinQueue, type QueueStatus } from "@/lib/queue";
import { queueKeys } from "@/lib/queue/queue-keys";
import { frontierBound } from "@/lib/queue/restore-queue";
import { createEventWithTickets, createVenueWithGrid } from "@/prisma/seed/factories";
import { truncateAll } from "@/test/support/database";
import { resetRedis } from "@/test/support/redis";
import { createFans, inBatches } from "@/test/support/api";

const makeFans = async (n: number): Promise<number[]> => (await createFans(n, "qr")).map((f) => f.id);

async function makeEvent(onsaleAt: Date, rate: number, window = 3600) {
  const db = getDb();
  const { venue } = await createVenueWithGrid(db, { rows: 2, seatsPerRow: 10 });
  const { event } = await createEventWithTickets(db, { venueId: venue.id, onsaleAt, queueEnabled: true, queueAdmissionPerMinute: rate, queueWindowSeconds: window });
  return event.id;
}

/** Redis loses everything: the test index is flushed (or, without REDIS_URL, the in-process store replaced). */
async function loseRedis(): Promise<void> {
  await resetRedis();
  expect(await getRedis().exists(queueKeys(1).state)).toBe(0);
}

/** Admitted exactly up to admitted_through: nobody behind an admitted fan is waiting-but-passed, nobody beyond it is admitted. */
function expectAdmittedInOrder(statuses: QueueStatus[]): void {
  for (const s of statuses) {
    const through = s.admitted_through;
    if (s.position! <= through) expect(s.state, `position ${s.position} with admitted_through ${through}`).toBe("admitted");
    else expect(s.state, `position ${s.position} with admitted_through ${through}`).toBe("queued");
  }
}

beforeEach(async () => {
  await flushQueueJournal();
  discardQueueJournal();
  await truncateAll();
  await resetRedis();
});

afterEach(() => {
  vi.restoreAllMocks();
});

describe("a Redis loss", () => {
  it("keeps every fan's number (lottery and arrival order), never moves admitted_through back, and admits the rest in the original order", async () => {
    const t0 = Date.now() + 3_600_000;
    const rate = 600; // 10 a second
    const eventId = await makeEvent(new Date(t0), rate);
    const early = await makeFans(400);
    const late = await makeFans(200);

    // Before the on-sale, all at once in batches: the pre-queue (numbers drawn at the on-sale).
    const pre = await inBatches(early, 100, (fan, i) => joinQueue({ eventId, userId: fan, now: t0 - 60_000 + i }));
    expect(pre.every((s) => s.state === "pre_queue")).toBe(true);
    // The draw, then late fans in concurrent batches (arrival order between batches).
    await getQueueProgress({ eventId, now: t0 });
    await vi.waitFor(async () => expect((await getRedis().hgetall(queueKeys(eventId).state)).recorded).toBe("1"));
    const after = await inBatches(late, 50, (fan, i) => joinQueue({ eventId, userId: fan, now: t0 + 100 + Math.floor(i / 50) }));
    const fans = [...early, ...late];
    const before = await inBatches(fans, 150, (fan) => getQueueStatus({ eventId, userId: fan, now: t0 + 1000 }));
    const positionOf = new Map(fans.map((fan, i) => [fan, before[i]!.position!]));
    expect(new Set(positionOf.values()).size).toBe(600);
    expect(after.map((s) => s.position!).every((p) => p > 400)).toBe(true);

    // Admission part way: 25 s at 10 a second. Half of the fans whose turn came ask (and are
    // admitted); the other half have not asked yet.
    const tA = t0 + 25_000;
    const progressBefore = await getQueueProgress({ eventId, now: tA });
    expect(progressBefore.admitted_through).toBeGreaterThanOrEqual(240);
    const turnCame = fans.filter((fan) => positionOf.get(fan)! <= progressBefore.admitted_through);
    const asked = turnCame.filter((_, i) => i % 2 === 0);
    const admittedBefore = await inBatches(asked, 100, (fan) => getQueueStatus({ eventId, userId: fan, now: tA }));
    expect(admittedBefore.every((s) => s.state === "admitted")).toBe(true);
    const windowOf = new Map(asked.map((fan, i) => [fan, admittedBefore[i]!.admission_expires_at]));

    // Everything noted is written (what the 250 ms timer does), then Redis loses everything.
    await flushQueueJournal();
    await loseRedis();

    // Every fan at once, half rejoining (POST, what a browser does on reload) and half asking
    // (GET), a little later: the same number each, admitted_through not lower.
    const info = vi.spyOn(console, "info");
    const tB = tA + 2_000;
    const again = await inBatches(fans, 200, (fan, i) => (i % 2 === 0 ? joinQueue({ eventId, userId: fan, now: tB }) : getQueueStatus({ eventId, userId: fan, now: tB })));
    fans.forEach((fan, i) => expect(again[i]!.position, `fan ${fan}`).toBe(positionOf.get(fan)));
    // One caller rebuilt the queue; the others waited for it.
    expect(info.mock.calls.filter(([line]) => String(line).includes("waiting room rebuilt")).length).toBe(1);
    const throughAfter = again[0]!.admitted_through;
    expect(throughAfter).toBeGreaterThanOrEqual(progressBefore.admitted_through);
    // An upper bound of where admission really was: never more than the rate over the time since the last reading.
    expect(throughAfter).toBeLessThanOrEqual(frontierBound({ through: progressBefore.admitted_through, at: tA, rate }, tB));
    expect(again.every((s) => s.admitted_through === throughAfter)).toBe(true);
    expectAdmittedInOrder(again);
    // The fans admitted before keep their admission and its window (it is not restarted).
    asked.forEach((fan) => expect(again[fans.indexOf(fan)]!.admission_expires_at).toBe(windowOf.get(fan)));
    expect(await getQueueProgress({ eventId, now: tB })).toMatchObject({ drawn: true, queue_length: 600 });

    // Admission goes on from there, in the original order, to the end of the line.
    for (const t of [tB + 10_000, tB + 20_000, tB + 40_000]) {
      const statuses = await inBatches(fans, 200, (fan) => getQueueStatus({ eventId, userId: fan, now: t }));
      fans.forEach((fan, i) => expect(statuses[i]!.position).toBe(positionOf.get(fan)));
      expectAdmittedInOrder(statuses);
    }
    // A newcomer is numbered after everyone.
    const [newcomer] = await makeFans(1);
    expect((await joinQueue({ eventId, userId: newcomer!, now: tB + 41_000 })).position).toBe(601);
    // The in-process store runs Lua in a JavaScript VM (about 100 s here on PGlite): give it time.
  }, 300_000);

  it("before the on-sale: the pre-queue comes back and is drawn once, at the on-sale", async () => {
    const t0 = Date.now() + 3_600_000;
    const eventId = await makeEvent(new Date(t0), 600);
    const fans = await makeFans(150);
    await inBatches(fans, 50, (fan, i) => joinQueue({ eventId, userId: fan, now: t0 - 30_000 + i }));
    await flushQueueJournal();
    await loseRedis();
    const statuses = await inBatches(fans, 75, (fan) => getQueueStatus({ eventId, userId: fan, now: t0 - 10_000 }));
    expect(statuses.every((s) => s.state === "pre_queue" && s.queue_length === 150)).toBe(true);
    const drawn = await inBatches(fans, 75, (fan) => getQueueStatus({ eventId, userId: fan, now: t0 + 1 }));
    expect(new Set(drawn.map((s) => s.position))).toEqual(new Set(Array.from({ length: 150 }, (_, i) => i + 1)));
    await vi.waitFor(async () => expect(await getDb().queueEntry.count({ where: { eventId, position: { not: null } } })).toBe(150));
    // And a second loss after the draw keeps it.
    await flushQueueJournal();
    await loseRedis();
    const kept = await inBatches(fans, 75, (fan) => getQueueStatus({ eventId, userId: fan, now: t0 + 2 }));
    kept.forEach((s, i) => expect(s.position).toBe(drawn[i]!.position));
    expect(await getDb().queueDraw.count()).toBe(1);
  });

  it("a fan whose place was not written yet gets a new number behind everyone, not ahead of anyone", async () => {
    const t0 = Date.now() - 60_000;
    const eventId = await makeEvent(new Date(t0), 60);
    const fans = await makeFans(60);
    const now = Date.now();
    const first = await inBatches(fans.slice(0, 40), 20, (fan) => joinQueue({ eventId, userId: fan, now }));
    // A join is answered once its place is written; these 40 are.
    expect(await getDb().queueEntry.count({ where: { eventId } })).toBe(40);
    // PostgreSQL cannot be reached: these 20 are answered anyway (the queue runs on Redis) and
    // their places wait for a retry; then the process dies, and Redis loses its data (the window).
    const globalForDb = globalThis as unknown as { __openseatDb?: PrismaClient };
    const healthy = globalForDb.__openseatDb;
    const broken = new PrismaClient({ adapter: new PrismaPg({ connectionString: "postgresql://nobody@127.0.0.1:1/none", connectionTimeoutMillis: 500 }) });
    globalForDb.__openseatDb = broken;
    let unwritten: QueueStatus[];
    try {
      unwritten = await inBatches(fans.slice(40), 20, (fan) => joinQueue({ eventId, userId: fan, now: now + 10 }));
    } finally {
      globalForDb.__openseatDb = healthy;
      await broken.$disconnect();
    }
    expect(Math.min(...unwritten.map((s) => s.position!))).toBeGreaterThan(40);
    discardQueueJournal();
    expect(await getDb().queueEntry.count({ where: { eventId } })).toBe(40);
    await loseRedis();

    const kept = await inBatches(fans.slice(0, 40), 20, (fan) => getQueueStatus({ eventId, userId: fan, now: now + 1000 }));
    kept.forEach((s, i) => expect(s.position).toBe(first[i]!.position));
    // The unwritten fans are not found (a browser then joins again, see use-queue-place.ts) ...
    const lookedUp = await inBatches(fans.slice(40), 20, (fan) => getQueueStatus({ eventId, userId: fan, now: now + 1000 }));
    expect(lookedUp.every((s) => s.state === "not_joined")).toBe(true);
    // ... and rejoin behind every recorded place and every number handed out before (the frontier).
    const rejoined = await inBatches(fans.slice(40), 20, (fan) => joinQueue({ eventId, userId: fan, now: now + 1000 }));
    const recordedMax = Math.max(...first.map((s) => s.position!));
    expect(Math.min(...rejoined.map((s) => s.position!))).toBeGreaterThan(recordedMax);
    expect(new Set(rejoined.map((s) => s.position)).size).toBe(20);
  });

  it("through the route: a browser that reloads after the loss is given its number back", async () => {
    const eventId = await makeEvent(new Date(Date.now() - 1000), 1);
    const fans = await makeFans(3);
    const auth = async (id: number) => {
      const user = await getDb().user.findUniqueOrThrow({ where: { id }, select: { id: true, email: true, username: true } });
      return `Bearer ${(await issueAccessToken({ ...user, role: "buyer" })).access_token}`;
    };
    const call = async (handler: typeof joinRoute, method: string, fan: number) => {
      const res = await handler(new Request(`http://localhost/api/events/${eventId}/queue`, { method, headers: { authorization: await auth(fan), "content-type": "application/json" } }), {
        params: Promise.resolve({ event_id: String(eventId) }),
      } as never);
      return (await res.json()) as QueueStatus;
    };
    const joined = [];
    for (const fan of fans) joined.push(await call(joinRoute, "POST", fan));
    await flushQueueJournal();
    await loseRedis();
    for (const [i, fan] of fans.entries()) {
      expect((await call(statusRoute, "GET", fan)).position).toBe(joined[i]!.position);
      expect((await call(joinRoute, "POST", fan)).position).toBe(joined[i]!.position);
    }
  });
});
