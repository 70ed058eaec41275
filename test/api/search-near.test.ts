// "Near me": events at venues within radius_km of a point (a bounding box on the venue index, then
// the haversine distance), sortable by distance, and the parameters' validation.
import { beforeAll, describe, expect, it } from "vitest";
import { GET as listEvents } from "@/app/api/events/route";
import { getDb } from "@/lib/db";
import type { EventSearchResult } from "@/lib/events/types";
import { createEventWithTickets, createVenueWithGrid } from "@/prisma/seed/factories";
import { truncateAll } from "@/test/support/database";
import { resetRedis } from "@/test/support/redis";

const DAY = 86_400_000;

async function search(qs: string): Promise<{ status: number; body: EventSearchResult & { error?: { code: string; message: string } } }> {
  const res = await listEvents(new Request(`http://localhost/api/events?${qs}`), { params: Promise.resolve({}) } as never);
  return { status: res.status, body: (await res.json()) as never };
}
const titles = (r: EventSearchResult) => r.events.map((e) => e.title);

// The Loop, Chicago.
const CHICAGO = "lat=41.8781&lng=-87.6298";

beforeAll(async () => {
  await truncateAll();
  await resetRedis();
  const db = getDb();
  const at = (days: number) => new Date(Date.now() + days * DAY);
  const arena = await createVenueWithGrid(db, { name: "West Side Arena", location: "Chicago, IL", latitude: 41.8807, longitude: -87.6742, sections: 1, rows: 1, seatsPerRow: 2 });
  const evanston = await createVenueWithGrid(db, { name: "Lakefront Club", location: "Evanston, IL", latitude: 42.0451, longitude: -87.6877, sections: 1, rows: 1, seatsPerRow: 2 });
  const milwaukee = await createVenueWithGrid(db, { name: "Brew City Hall", location: "Milwaukee, WI", latitude: 43.0389, longitude: -87.9065, sections: 1, rows: 1, seatsPerRow: 2 });
  const unknown = await createVenueWithGrid(db, { name: "Somewhere Hall", location: "Chicago, IL", sections: 1, rows: 1, seatsPerRow: 2 });
  await createEventWithTickets(db, { venueId: evanston.venue.id, title: "Evanston Jazz", datetime: at(1) });
  await createEventWithTickets(db, { venueId: milwaukee.venue.id, title: "Milwaukee Rock", datetime: at(2) });
  await createEventWithTickets(db, { venueId: arena.venue.id, title: "Arena Hockey", datetime: at(3) });
  await createEventWithTickets(db, { venueId: unknown.venue.id, title: "Nowhere Show", datetime: at(4) });
});

describe("events near a point", () => {
  it("radius_km bounds the distance (Evanston ~19 km, Milwaukee ~130 km); venues without coordinates are not near anything", async () => {
    expect(titles((await search(`${CHICAGO}&radius_km=10`)).body)).toEqual(["Arena Hockey"]);
    expect(titles((await search(`${CHICAGO}&radius_km=25`)).body)).toEqual(["Evanston Jazz", "Arena Hockey"]);
    expect(titles((await search(`${CHICAGO}&radius_km=200`)).body)).toEqual(["Evanston Jazz", "Milwaukee Rock", "Arena Hockey"]);
    // The default radius is 50 km.
    expect(titles((await search(CHICAGO)).body)).toEqual(["Evanston Jazz", "Arena Hockey"]);
  });

  it("sort_by=distance orders nearest first", async () => {
    expect(titles((await search(`${CHICAGO}&radius_km=200&sort_by=distance`)).body)).toEqual(["Arena Hockey", "Evanston Jazz", "Milwaukee Rock"]);
    expect(titles((await search(`${CHICAGO}&radius_km=200&sort_by=distance&order=desc`)).body)).toEqual(["Milwaukee Rock", "Evanston Jazz", "Arena Hockey"]);
  });

  it("combines with text and facets", async () => {
    expect(titles((await search(`${CHICAGO}&radius_km=200&q=rock`)).body)).toEqual(["Milwaukee Rock"]);
    const r = await search(`${CHICAGO}&radius_km=200&facets=true`);
    expect(r.body.facets!.city.map((c) => [c.label, c.count]).sort()).toEqual([["Chicago, IL", 1], ["Evanston, IL", 1], ["Milwaukee, WI", 1]]);
  });

  it("a point near the antimeridian or a pole answers (the box spans every longitude there)", async () => {
    expect((await search("lat=89.9&lng=179.9&radius_km=500")).status).toBe(200);
    expect((await search("lat=-10&lng=-179.99&radius_km=500")).status).toBe(200);
  });

  it.each([
    ["lat=41.8", "lat"],
    ["lng=-87.6", "lat"],
    ["lat=91&lng=0", "lat"],
    ["lat=0&lng=181", "lng"],
    ["lat=abc&lng=0", "lat"],
    ["lat=1e3&lng=0", "lat"],
    [`${CHICAGO}&radius_km=0`, "radius_km"],
    [`${CHICAGO}&radius_km=501`, "radius_km"],
    ["radius_km=10", "lat"],
    ["sort_by=distance", "lat"],
  ])("%s is a 400 on %s", async (qs, field) => {
    const res = await search(qs);
    expect(res.status).toBe(400);
    expect(res.body.error?.code).toBe("validation_error");
    expect(res.body.error?.message).toMatch(new RegExp(field === "lat" ? "lat|lng" : field));
  });
});
