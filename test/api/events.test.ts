// The read API through its route handlers, against the test database: the spec's paths and
// field names, filters, paging, availability counts and every kind of bad input.
import { beforeAll, describe, expect, it } from "vitest";
import { GET as getTypes } from "@/app/api/events/types/route";
import { GET as listEvents } from "@/app/api/events/route";
import { GET as getEvent } from "@/app/api/events/[event_id]/route";
import { GET as getSeats } from "@/app/api/events/[event_id]/seats/route";
import { GET as getAvailability } from "@/app/api/events/[event_id]/availability/route";
import { GET as getSeatMap } from "@/app/api/venues/[venue_id]/seat-map/route";
import { GET as unknownApi } from "@/app/api/[...path]/route";
import { getDb } from "@/lib/db";
import type { EventAvailability, EventDetail, EventSearchResult, EventSeatLayout, SeatMap } from "@/lib/events/types";
import { createEventWithTickets, createUser, createVenueWithGrid, ensureEventType, holdTickets } from "@/prisma/seed/factories";
import { truncateAll } from "@/test/support/database";
import { resetRedis } from "@/test/support/redis";

const DAY = 86_400_000;

async function call<T>(
  // Each route types its own params; the test passes them as a route would receive them.
  handler: (req: Request, ctx: never) => Promise<Response>,
  path: string,
  params: Record<string, string> = {},
): Promise<{ status: number; body: T; headers: Headers }> {
  const res = await handler(new Request(`http://localhost${path}`), { params: Promise.resolve(params) } as never);
  return { status: res.status, body: (await res.json()) as T, headers: res.headers };
}

type ErrorBody = { error: { code: string; message: string } };

let venueId: number;
let chicagoVenueId: number;
const ids: Record<string, number> = {};

beforeAll(async () => {
  await truncateAll();
  await resetRedis();
  const db = getDb();
  await ensureEventType(db, "concert", "Music concerts");
  await ensureEventType(db, "sports", "Sporting events");
  await ensureEventType(db, "comedy", "Stand-up and improv");
  const hall = await createVenueWithGrid(db, { name: "Harbor Hall", location: "Boston, MA", sections: 2, rows: 3, seatsPerRow: 5 });
  const arena = await createVenueWithGrid(db, { name: "Lakeside Arena", location: "Chicago, IL", sections: 1, rows: 2, seatsPerRow: 4 });
  venueId = hall.venue.id;
  chicagoVenueId = arena.venue.id;
  const now = Date.now();
  const mk = async (key: string, o: Parameters<typeof createEventWithTickets>[1]) => {
    ids[key] = (await createEventWithTickets(db, o)).event.id;
  };
  await mk("jazz", { venueId, title: "Midnight Jazz Session", type: "concert", datetime: new Date(now + 10 * DAY), performers: ["The Blue Notes", "Ada Quartet"], price: "45.00" });
  await mk("derby", { venueId: chicagoVenueId, title: "Lakeside Derby", type: "sports", datetime: new Date(now + 5 * DAY), performers: ["Chicago Comets"], price: "80.50" });
  await mk("laughs", { venueId, title: "Late Laughs", type: "comedy", datetime: new Date(now + 20 * DAY), performers: ["Mira Okafor"], price: "25.00" });
  await mk("past", { venueId, title: "Yesterday's Gig", type: "concert", datetime: new Date(now - 2 * DAY), price: "10.00" });
  // Availability: 30 jazz tickets; 2 confirmed-like via a live hold, 3 under an expired hold.
  const fan = await createUser(db);
  await holdTickets(db, { eventId: ids.jazz!, userId: fan.id, count: 2 });
  await holdTickets(db, { eventId: ids.jazz!, userId: fan.id, count: 3, expiresAt: new Date(now - 60_000), salt: "expired" });
});

describe("GET /api/events/types", () => {
  it("lists the types with descriptions", async () => {
    const { status, body } = await call<{ event_types: { type: string; description: string }[] }>(getTypes, "/api/events/types");
    expect(status).toBe(200);
    expect(body.event_types).toEqual([
      { type: "comedy", description: "Stand-up and improv" },
      { type: "concert", description: "Music concerts" },
      { type: "sports", description: "Sporting events" },
    ]);
  });
});

describe("GET /api/events", () => {
  it("answers upcoming events by date with the spec's fields and paging metadata", async () => {
    const { status, body, headers } = await call<EventSearchResult>(listEvents, "/api/events");
    expect(status).toBe(200);
    expect(body.events.map((e) => e.title)).toEqual(["Lakeside Derby", "Midnight Jazz Session", "Late Laughs"]);
    expect(body).toMatchObject({ page: 1, size: 20, total: 3, total_pages: 1 });
    const jazz = body.events[1]!;
    expect(jazz).toMatchObject({
      event_id: String(ids.jazz),
      title: "Midnight Jazz Session",
      type: "concert",
      venue: "Harbor Hall",
      location: "Boston, MA",
      performer: "The Blue Notes, Ada Quartet",
      performers: ["The Blue Notes", "Ada Quartet"],
      total_ticket_cnt: 30,
      // 2 held with a live hold; the 3 under an expired hold count as available.
      available_ticket_cnt: 28,
      min_price: "45.00",
      currency: "USD",
    });
    expect(typeof jazz.detail).toBe("string");
    expect(new Date(jazz.datetime).toISOString()).toBe(jazz.datetime);
    expect(headers.get("cache-control")).toMatch(/max-age/);
  });

  it("filters by type, location, free text and dates", async () => {
    const titles = async (qs: string) => (await call<EventSearchResult>(listEvents, `/api/events?${qs}`)).body.events.map((e) => e.title);
    expect(await titles("type=sports")).toEqual(["Lakeside Derby"]);
    expect(await titles("type=SPORTS")).toEqual(["Lakeside Derby"]);
    expect(await titles("location=chicago,%20il")).toEqual(["Lakeside Derby"]);
    expect(await titles("q=blue%20notes")).toEqual(["Midnight Jazz Session"]);
    expect(await titles("q=okafor")).toEqual(["Late Laughs"]);
    expect(await titles("q=harbor")).toEqual(["Midnight Jazz Session", "Late Laughs"]);
    expect(await titles("type=theater")).toEqual([]);
    const in15 = new Date(Date.now() + 15 * DAY).toISOString().slice(0, 10);
    expect(await titles(`date_to=${in15}`)).toEqual(["Lakeside Derby", "Midnight Jazz Session"]);
    const weekAgo = new Date(Date.now() - 7 * DAY).toISOString().slice(0, 10);
    expect(await titles(`date_from=${weekAgo}&type=concert`)).toEqual(["Yesterday's Gig", "Midnight Jazz Session"]);
  });

  it("sorts by name and location in either order, and pages stably", async () => {
    const titles = async (qs: string) => (await call<EventSearchResult>(listEvents, `/api/events?${qs}`)).body.events.map((e) => e.title);
    expect(await titles("sort_by=event_name")).toEqual(["Lakeside Derby", "Late Laughs", "Midnight Jazz Session"]);
    expect(await titles("sort_by=event_name&order=desc")).toEqual(["Midnight Jazz Session", "Late Laughs", "Lakeside Derby"]);
    expect(await titles("sort_by=location&order=asc")).toEqual(["Midnight Jazz Session", "Late Laughs", "Lakeside Derby"]);
    const page1 = await call<EventSearchResult>(listEvents, "/api/events?size=2&page=1");
    const page2 = await call<EventSearchResult>(listEvents, "/api/events?size=2&page=2");
    expect(page1.body).toMatchObject({ total: 3, total_pages: 2, size: 2 });
    expect([...page1.body.events, ...page2.body.events].map((e) => e.title)).toEqual(["Lakeside Derby", "Midnight Jazz Session", "Late Laughs"]);
    expect((await call<EventSearchResult>(listEvents, "/api/events?page=9")).body.events).toEqual([]);
  });

  it.each([
    "sort_by=price",
    "order=sideways",
    "page=0",
    "page=-3",
    "size=100000",
    "size=0",
    "size=ten",
    "date_from=2026-13-45",
    "date_to=not-a-date",
    "date_from=2027-01-10&date_to=2027-01-01",
    `q=${"a".repeat(500)}`,
  ])("rejects %s with 400 and a JSON error", async (qs) => {
    const { status, body } = await call<ErrorBody>(listEvents, `/api/events?${qs}`);
    expect(status).toBe(400);
    expect(body.error.code).toBe("validation_error");
    expect(body.error.message).toEqual(expect.any(String));
    expect(JSON.stringify(body)).not.toMatch(/at .*\.ts|stack/i);
  });

  it("treats SQL-looking text as plain text", async () => {
    const { status, body } = await call<EventSearchResult>(listEvents, `/api/events?q=${encodeURIComponent("'; DROP TABLE event; --")}`);
    expect(status).toBe(200);
    expect(body.events).toEqual([]);
    expect(await getDb().event.count()).toBe(4);
  });
});

describe("GET /api/events/:event_id", () => {
  it("answers the event with every ticket, prices by class and the seat-map link", async () => {
    const { status, body } = await call<EventDetail>(getEvent, `/api/events/${ids.jazz}`, { event_id: String(ids.jazz) });
    expect(status).toBe(200);
    expect(body).toMatchObject({ venue: "Harbor Hall", performer: "The Blue Notes, Ada Quartet", total_ticket_cnt: 30, available_ticket_cnt: 28 });
    expect(body.tickets).toHaveLength(30);
    expect(body.tickets.filter((t) => !t.available)).toHaveLength(2);
    const t = body.tickets[0]!;
    expect(Object.keys(t).sort()).toEqual(["available", "class", "class_id", "id", "price", "seat", "seat_id", "unit"]);
    expect(t).toMatchObject({ price: "45.00", unit: "USD", class: "Gold" });
    expect(t.seat).toMatch(/^[^-]+-[^-]+-\d+$/);
    expect(body.classes).toEqual([expect.objectContaining({ name: "Gold", min_price: "45.00", max_price: "45.00", total_ticket_cnt: 30, available_ticket_cnt: 28 })]);
    expect(body.seat_map_url).toBe(`/api/venues/${venueId}/seat-map?v=${body.seat_map_version}`);
  });

  it("answers 404 for an unknown event and 400 for a malformed id", async () => {
    const missing = await call<ErrorBody>(getEvent, "/api/events/999999", { event_id: "999999" });
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe("not_found");
    for (const bad of ["abc", "0", "-5", "1.5", "99999999999", "1 OR 1=1"]) {
      const r = await call<ErrorBody>(getEvent, `/api/events/${encodeURIComponent(bad)}`, { event_id: bad });
      expect(r.status, bad).toBe(400);
      expect(r.body.error.code).toBe("validation_error");
    }
  });
});

describe("seat map, seat layout and availability", () => {
  it("serves the venue geometry columnar, long-cacheable when versioned", async () => {
    const { status, body, headers } = await call<SeatMap>(getSeatMap, `/api/venues/${venueId}/seat-map?v=1`, { venue_id: String(venueId) });
    expect(status).toBe(200);
    expect(body.sections).toHaveLength(2);
    expect(body.seat_ids).toHaveLength(30);
    for (const column of [body.seat_section, body.seat_row, body.seat_number, body.seat_x, body.seat_y]) expect(column).toHaveLength(30);
    expect(body.seat_section.every((i) => i >= 0 && i < 2)).toBe(true);
    expect(headers.get("cache-control")).toContain("immutable");
    const unversioned = await call<SeatMap>(getSeatMap, `/api/venues/${venueId}/seat-map`, { venue_id: String(venueId) });
    expect(unversioned.headers.get("cache-control")).not.toContain("immutable");
    expect((await call<ErrorBody>(getSeatMap, "/api/venues/424242/seat-map", { venue_id: "424242" })).status).toBe(404);
  });

  it("maps every ticket to a seat of the venue with its class and price", async () => {
    const { body } = await call<EventSeatLayout>(getSeats, `/api/events/${ids.derby}/seats`, { event_id: String(ids.derby) });
    const map = (await call<SeatMap>(getSeatMap, `/api/venues/${chicagoVenueId}/seat-map`, { venue_id: String(chicagoVenueId) })).body;
    expect(body.ticket_ids).toHaveLength(8);
    expect(new Set(body.seat_ids)).toEqual(new Set(map.seat_ids));
    expect(body.prices).toEqual(["80.50"]);
    expect(body.classes.map((c) => c.name)).toEqual(["Gold"]);
  });

  it("lists exactly the tickets that cannot be bought now", async () => {
    const { body } = await call<EventAvailability>(getAvailability, `/api/events/${ids.jazz}/availability`, { event_id: String(ids.jazz) });
    const held = await getDb().ticket.findMany({
      where: { eventId: ids.jazz!, status: "reserved", holdExpiresAt: { gt: new Date() } },
      select: { id: true },
      orderBy: { id: "asc" },
    });
    expect(body.unavailable_ticket_ids).toEqual(held.map((t) => t.id));
    expect(body).toMatchObject({ total_ticket_cnt: 30, available_ticket_cnt: 28 });
    expect((await call<ErrorBody>(getAvailability, "/api/events/777777/availability", { event_id: "777777" })).status).toBe(404);
  });
});

describe("unknown API paths", () => {
  it("answer a JSON 404", async () => {
    const res = unknownApi(new Request("http://localhost/api/nope"));
    expect(res.status).toBe(404);
    expect(((await res.json()) as ErrorBody).error.code).toBe("not_found");
  });
});

