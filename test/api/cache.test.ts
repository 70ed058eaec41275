// The cached read API through its route handlers and the pages' loaders, against the test database:
// a cold stampede costs one build, cached answers are byte-for-byte the uncached ones, invalidation
// makes the next read fresh, the list's counts follow the live counters, and a dead Redis only
// makes reads slower, never failed.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { GET as listEvents } from "@/app/api/events/route";
import { GET as getEvent } from "@/app/api/events/[event_id]/route";
import { GET as getSeats } from "@/app/api/events/[event_id]/seats/route";
import { GET as getAvailability } from "@/app/api/events/[event_id]/availability/route";
import { GET as getSeatMap } from "@/app/api/venues/[venue_id]/seat-map/route";
import { getDb } from "@/lib/db";
import { invalidateAvailabilityCaches, invalidateEventCaches, seatMapCacheKey, venueChartCacheKey } from "@/lib/events/cache-keys";
import { getEventDetail } from "@/lib/events/get-event-detail";
import { listEventTypes } from "@/lib/events/list-event-types";
import { listLocations } from "@/lib/events/list-locations";
import { searchEvents } from "@/lib/events/search-events";
import type { EventAvailability, EventDetail } from "@/lib/events/types";
import { adjustTicketCount } from "@/lib/inventory/ticket-counts";
import { closeRedis, getRedis } from "@/lib/redis";
import { dropCachedLocally } from "@/lib/redis/cached";
import { parseEventSearchQuery } from "@/lib/validations/events";
import { createEventWithTickets, createUser, createVenueWithGrid, ensureEventType, holdTickets } from "@/prisma/seed/factories";
import { truncateAll } from "@/test/support/database";
import { resetRedis } from "@/test/support/redis";

type Handler = (req: Request, ctx: never) => Promise<Response>;
type Answer = { status: number; text: string; headers: Headers };

async function call(handler: Handler, path: string, params: Record<string, string> = {}): Promise<Answer> {
  const res = await handler(new Request(`http://localhost${path}`), { params: Promise.resolve(params) } as never);
  return { status: res.status, text: await res.text(), headers: res.headers };
}

/** Every database read the read paths make, counted. */
function spyOnDatabase() {
  const db = getDb();
  const spies = [
    vi.spyOn(db, "$queryRaw"),
    vi.spyOn(db.event, "findUnique"),
    vi.spyOn(db.event, "findMany"),
    vi.spyOn(db.event, "count"),
    vi.spyOn(db.venue, "findUnique"),
    vi.spyOn(db.section, "findMany"),
    vi.spyOn(db.eventType, "findMany"),
  ];
  return {
    count: () => spies.reduce((n, s) => n + s.mock.calls.length, 0),
    reset: () => spies.forEach((s) => s.mockClear()),
    restore: () => spies.forEach((s) => s.mockRestore()),
  };
}

/** The answer with the cache switched off: what the routes answered before there was a cache. */
async function uncached<T>(read: () => Promise<T>): Promise<T> {
  vi.stubEnv("OPENSEAT_CACHE", "off");
  try {
    return await read();
  } finally {
    vi.unstubAllEnvs();
  }
}

const withoutAsOf = (text: string) => ({ ...(JSON.parse(text) as EventAvailability), as_of: "" });

let venueId: number;
let eventId: number;
let otherEventId: number;
let fanId: number;
const eventPath = () => [`/api/events/${eventId}`, { event_id: String(eventId) }] as const;

beforeAll(async () => {
  await truncateAll();
  const db = getDb();
  await ensureEventType(db, "concert", "Music concerts");
  const venue = await createVenueWithGrid(db, { name: "Cache Hall", location: "Denver, CO", sections: 2, rows: 5, seatsPerRow: 10 });
  venueId = venue.venue.id;
  eventId = (await createEventWithTickets(db, { venueId, title: "Cached Night", type: "concert", performers: ["The Hits"], price: "55.00" })).event.id;
  otherEventId = (await createEventWithTickets(db, { venueId, title: "Second Night", type: "concert", datetime: new Date(Date.now() + 40 * 86_400_000) })).event.id;
  fanId = (await createUser(db)).id;
  await holdTickets(db, { eventId, userId: fanId, count: 3 });
});

let redisDown = false;
beforeEach(async () => {
  if (!redisDown) await resetRedis();
});

afterEach(() => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
});

describe("a cold stampede", () => {
  it("builds the event payload once for 50 concurrent readers", async () => {
    const db = spyOnDatabase();
    await uncached(() => call(getEvent, ...eventPath()));
    const oneBuild = db.count();
    expect(oneBuild).toBeGreaterThan(0);
    db.reset();

    const answers = await Promise.all(Array.from({ length: 50 }, () => call(getEvent, ...eventPath())));
    expect(answers.every((a) => a.status === 200)).toBe(true);
    expect(new Set(answers.map((a) => a.text)).size).toBe(1);
    expect(db.count()).toBe(oneBuild);

    // Warm: no database at all.
    await call(getEvent, ...eventPath());
    expect(db.count()).toBe(oneBuild);
  });

  it("builds availability, seat layout, seat map, page data and the list once each", async () => {
    const db = spyOnDatabase();
    const query = parseEventSearchQuery({});
    const readAll = () =>
      Promise.all([
        call(getAvailability, `/api/events/${eventId}/availability`, { event_id: String(eventId) }),
        call(getSeats, `/api/events/${eventId}/seats`, { event_id: String(eventId) }),
        call(getSeatMap, `/api/venues/${venueId}/seat-map?v=1`, { venue_id: String(venueId) }),
        getEventDetail(String(eventId), { includeTickets: false }),
        searchEvents(query),
        listEventTypes(),
        listLocations(),
      ]);
    await uncached(readAll);
    const oneBuildEach = db.count();
    db.reset();

    await Promise.all(Array.from({ length: 30 }, readAll));
    // The list's counts come from the counters; counting the ones Redis lacks is one more query.
    expect(db.count()).toBe(oneBuildEach + 1);
    db.reset();
    await Promise.all(Array.from({ length: 30 }, readAll));
    expect(db.count()).toBe(0);
  });

  it("serves a versioned seat map from the cache without asking PostgreSQL for the venue", async () => {
    const path = `/api/venues/${venueId}/seat-map?v=1`;
    const first = await call(getSeatMap, path, { venue_id: String(venueId) });
    dropCachedLocally(getRedis(), [seatMapCacheKey(venueId, 1), venueChartCacheKey(venueId)]); // no local copy: as another instance
    const db = spyOnDatabase();
    const second = await call(getSeatMap, path, { venue_id: String(venueId) });
    expect(db.count()).toBe(0);
    expect(second.text).toBe(first.text);
    expect(second.headers.get("cache-control")).toContain("immutable");
  });
});

describe("cached answers", () => {
  it("are identical to uncached ones", async () => {
    const reads: [Handler, string, Record<string, string>][] = [
      [getEvent, `/api/events/${eventId}`, { event_id: String(eventId) }],
      [getSeats, `/api/events/${eventId}/seats`, { event_id: String(eventId) }],
      [getSeatMap, `/api/venues/${venueId}/seat-map?v=1`, { venue_id: String(venueId) }],
      [listEvents, "/api/events", {}],
      [listEvents, "/api/events?sort_by=event_name&order=desc&size=1&page=2", {}],
    ];
    for (const [handler, path, params] of reads) {
      const before = await uncached(() => call(handler, path, params));
      await call(handler, path, params); // fills the cache
      const plain = await call(handler, path, params);
      expect(plain.status, path).toBe(200);
      expect(plain.text, path).toBe(before.text);
      expect(plain.headers.get("cache-control"), path).toBe(before.headers.get("cache-control"));
    }
    const availability = `/api/events/${eventId}/availability`;
    const before = await uncached(() => call(getAvailability, availability, { event_id: String(eventId) }));
    await call(getAvailability, availability, { event_id: String(eventId) });
    expect(withoutAsOf((await call(getAvailability, availability, { event_id: String(eventId) })).text)).toEqual(withoutAsOf(before.text));
  });

  it("answer 304 to a matching If-None-Match", async () => {
    const first = await call(getEvent, ...eventPath());
    const etag = first.headers.get("etag")!;
    expect(etag).toMatch(/^".+"$/);
    const again = await getEvent(new Request(`http://localhost/api/events/${eventId}`, { headers: { "if-none-match": etag } }), {
      params: Promise.resolve({ event_id: String(eventId) }),
    } as never);
    expect(again.status).toBe(304);
  });

  it("keep 404s and 400s", async () => {
    expect((await call(getEvent, "/api/events/987654", { event_id: "987654" })).status).toBe(404);
    expect((await call(getEvent, "/api/events/987654", { event_id: "987654" })).status).toBe(404);
    expect((await call(getEvent, "/api/events/abc", { event_id: "abc" })).status).toBe(400);
    expect((await call(getAvailability, "/api/events/987654/availability", { event_id: "987654" })).status).toBe(404);
    expect((await call(getSeats, "/api/events/987654/seats", { event_id: "987654" })).status).toBe(404);
    expect((await call(getSeatMap, "/api/venues/987654/seat-map?v=1", { venue_id: "987654" })).status).toBe(404);
    await expect(getEventDetail("987654", { includeTickets: false })).rejects.toMatchObject({ code: "not_found" });
  });
});

describe("invalidation", () => {
  it("makes the next availability read fresh after a hold", async () => {
    const path = `/api/events/${eventId}/availability`;
    const before = JSON.parse((await call(getAvailability, path, { event_id: String(eventId) })).text) as EventAvailability;
    const held = await holdTickets(getDb(), { eventId, userId: fanId, count: 2, salt: "invalidation" });
    // What reserve does after its transaction commits.
    await Promise.all([invalidateAvailabilityCaches([eventId]), adjustTicketCount(eventId, -2)]);
    const after = JSON.parse((await call(getAvailability, path, { event_id: String(eventId) })).text) as EventAvailability;
    expect(after.available_ticket_cnt).toBe(before.available_ticket_cnt - 2);
    for (const id of held.ticketIds) expect(after.unavailable_ticket_ids).toContain(id);
  });

  it("makes the next event, page and list read fresh after an edit", async () => {
    const query = parseEventSearchQuery({});
    await call(getEvent, ...eventPath());
    await getEventDetail(String(eventId), { includeTickets: false });
    await searchEvents(query);
    await getDb().event.update({ where: { id: eventId }, data: { title: "Cached Night (moved)" } });
    // Not yet invalidated: the cache answers what it has.
    expect((JSON.parse((await call(getEvent, ...eventPath())).text) as EventDetail).title).toBe("Cached Night");
    await invalidateEventCaches([eventId]);
    expect((JSON.parse((await call(getEvent, ...eventPath())).text) as EventDetail).title).toBe("Cached Night (moved)");
    expect((await getEventDetail(String(eventId), { includeTickets: false })).value.title).toBe("Cached Night (moved)");
    expect((await searchEvents(query)).events.map((e) => e.title)).toContain("Cached Night (moved)");
    await getDb().event.update({ where: { id: eventId }, data: { title: "Cached Night" } });
    await invalidateEventCaches([eventId]);
  });

  it("lists live available counts from the counters without rebuilding the list", async () => {
    const query = parseEventSearchQuery({});
    const count = async () => (await searchEvents(query)).events.find((e) => e.event_id === String(otherEventId))!.available_ticket_cnt;
    const before = await count();
    const db = spyOnDatabase();
    await holdTickets(getDb(), { eventId: otherEventId, userId: fanId, count: 2, salt: "list" });
    await adjustTicketCount(otherEventId, -2);
    db.reset();
    expect(await count()).toBe(before - 2);
    expect(db.count()).toBe(0);
    // And it agrees with a count in PostgreSQL.
    expect((await uncached(() => searchEvents(query))).events.find((e) => e.event_id === String(otherEventId))!.available_ticket_cnt).toBe(before - 2);
  });
});

describe("without Redis", () => {
  let savedUrl: string | undefined;
  beforeAll(async () => {
    savedUrl = process.env.REDIS_URL;
    // Nothing listens on port 1: every command fails, as during an outage.
    process.env.REDIS_URL = "redis://127.0.0.1:1/0";
    redisDown = true;
    await closeRedis();
  });
  afterAll(async () => {
    if (savedUrl === undefined) delete process.env.REDIS_URL;
    else process.env.REDIS_URL = savedUrl;
    redisDown = false;
    await closeRedis();
  });
  beforeEach(() => {
    vi.spyOn(console, "warn").mockImplementation(() => {});
  });

  it("answers every read from the database, never a 5xx, with the same bodies", async () => {
    const reads: [Handler, string, Record<string, string>][] = [
      [getEvent, `/api/events/${eventId}`, { event_id: String(eventId) }],
      [getSeats, `/api/events/${eventId}/seats`, { event_id: String(eventId) }],
      [getSeatMap, `/api/venues/${venueId}/seat-map?v=1`, { venue_id: String(venueId) }],
      [listEvents, "/api/events", {}],
    ];
    for (const [handler, path, params] of reads) {
      const answer = await call(handler, path, params);
      expect(answer.status, path).toBe(200);
      expect(answer.text, path).toBe((await uncached(() => call(handler, path, params))).text);
    }
    expect((await call(getAvailability, `/api/events/${eventId}/availability`, { event_id: String(eventId) })).status).toBe(200);
    expect((await getEventDetail(String(eventId), { includeTickets: false })).value.title).toBe("Cached Night");
    expect((await call(getEvent, "/api/events/987654", { event_id: "987654" })).status).toBe(404);
  });

  it("still builds once per process for a stampede", async () => {
    await closeRedis();
    const db = spyOnDatabase();
    const answers = await Promise.all(Array.from({ length: 20 }, () => call(getSeats, `/api/events/${otherEventId}/seats`, { event_id: String(otherEventId) })));
    expect(answers.every((a) => a.status === 200)).toBe(true);
    const afterStampede = db.count();
    expect(afterStampede).toBeGreaterThan(0);
    expect(afterStampede).toBeLessThanOrEqual(2); // one build: the event, then its tickets
    await call(getSeats, `/api/events/${otherEventId}/seats`, { event_id: String(otherEventId) });
    expect(db.count()).toBe(afterStampede);
  });
});
