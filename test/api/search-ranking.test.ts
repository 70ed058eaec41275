// Full-text search (lib/search): ranking, typo tolerance, prefixes, the document kept current by its
// triggers, and the relevance default. Real SQL on whichever PostgreSQL the run uses (PGlite loads
// pg_trgm too, so this runs on both).
import { beforeAll, describe, expect, it } from "vitest";
import { GET as listEvents } from "@/app/api/events/route";
import { getDb } from "@/lib/db";
import { buildEventSearch } from "@/lib/events/search-events";
import type { EventSearchResult } from "@/lib/events/types";
import { parseEventSearchQuery } from "@/lib/validations/events";
import { createEventWithTickets, createVenueWithGrid } from "@/prisma/seed/factories";
import { truncateAll } from "@/test/support/database";
import { resetRedis } from "@/test/support/redis";

const DAY = 86_400_000;

async function search(qs: string): Promise<EventSearchResult> {
  const res = await listEvents(new Request(`http://localhost/api/events?${qs}`), { params: Promise.resolve({}) } as never);
  expect(res.status).toBe(200);
  return (await res.json()) as EventSearchResult;
}

const titles = (r: EventSearchResult) => r.events.map((e) => e.title);

beforeAll(async () => {
  await truncateAll();
  await resetRedis();
  const db = getDb();
  const { venue } = await createVenueWithGrid(db, { name: "Lakeside Arena", location: "Chicago, IL", sections: 1, rows: 1, seatsPerRow: 2 });
  const { venue: other } = await createVenueWithGrid(db, { name: "Harbor Stage", location: "Boston, MA", sections: 1, rows: 1, seatsPerRow: 2 });
  const at = (days: number) => new Date(Date.now() + days * DAY);
  // Earliest first, so that date order and relevance order differ.
  await createEventWithTickets(db, { venueId: venue.id, title: "Winter Gala", description: "An evening with songs by Taylor Swift, sung by a choir.", performers: ["City Choir"], datetime: at(2) });
  await createEventWithTickets(db, { venueId: other.id, title: "Taylor Swift | The Eras Tour", performers: ["Taylor Swift"], datetime: at(9), price: "120.00" });
  await createEventWithTickets(db, { venueId: venue.id, title: "Chicago Windrunners vs Boston Tides", type: "sports", performers: ["Chicago Windrunners", "Boston Tides"], datetime: at(5) });
  await createEventWithTickets(db, { venueId: other.id, title: "Quiet Evening", performers: ["Solo Pianist"], datetime: at(7) });
});

describe("ranked full-text", () => {
  it("a title and performer match outranks a description match, although the description's event is sooner", async () => {
    const r = await search("q=taylor%20swift");
    expect(titles(r)).toEqual(["Taylor Swift | The Eras Tour", "Winter Gala"]);
    expect(r.fuzzy).toBe(false);
  });

  it("sort_by=date still orders the same matches by date", async () => {
    expect(titles(await search("q=taylor%20swift&sort_by=date"))).toEqual(["Winter Gala", "Taylor Swift | The Eras Tour"]);
  });

  it("matches performers and venues, every word required", async () => {
    expect(titles(await search("q=windrunners%20chicago"))).toEqual(["Chicago Windrunners vs Boston Tides"]);
    expect(titles(await search("q=harbor%20stage")).sort()).toEqual(["Quiet Evening", "Taylor Swift | The Eras Tour"]);
    expect(titles(await search("q=pianist"))).toEqual(["Quiet Evening"]);
    expect((await search("q=zzzznotfound")).total).toBe(0);
  });

  it("every word is a prefix, as when typing", async () => {
    expect(titles(await search("q=tay%20swi"))[0]).toBe("Taylor Swift | The Eras Tour");
    expect(titles(await search("q=windr"))).toEqual(["Chicago Windrunners vs Boston Tides"]);
  });

  it("tolerates typos: 'taylr swift' finds Taylor Swift, marked as a close match", async () => {
    const r = await search("q=taylr%20swift");
    expect(titles(r)[0]).toBe("Taylor Swift | The Eras Tour");
    expect(r.fuzzy).toBe(true);
    expect(titles(await search("q=windrunnrs"))).toEqual(["Chicago Windrunners vs Boston Tides"]);
  });

  it("filters apply to text matches", async () => {
    expect(titles(await search("q=boston&type=sports"))).toEqual(["Chicago Windrunners vs Boston Tides"]);
    expect(titles(await search("q=taylor&location=Boston%2C%20MA"))).toEqual(["Taylor Swift | The Eras Tour"]);
  });
});

// Straight from PostgreSQL: the API's few-second result cache is retired by the dashboard's edits,
// not by the raw writes below.
const fresh = async (qs: string) => buildEventSearch(parseEventSearchQuery(new URLSearchParams(qs)));

describe("facets", () => {
  const counts = (buckets: { label: string; count: number }[]) => Object.fromEntries(buckets.map((b) => [b.label, b.count]));

  it("count every upcoming event by type, city, date range and lowest price", async () => {
    const r = await search("facets=true");
    expect(r.total).toBe(4);
    expect(counts(r.facets!.type)).toEqual({ concert: 3, sports: 1 });
    expect(counts(r.facets!.city)).toEqual({ "Boston, MA": 2, "Chicago, IL": 2 });
    expect(counts(r.facets!.date)).toEqual({ "Next 7 days": 2, "In 8 to 30 days": 2 });
    expect(counts(r.facets!.price)).toEqual({ "$50 to $100": 3, "$100 to $200": 1 });
  });

  it("count the matches of the current text and filters only", async () => {
    const r = await search("q=taylor&facets=true");
    expect(counts(r.facets!.type)).toEqual({ concert: 2 });
    expect(counts(r.facets!.city)).toEqual({ "Boston, MA": 1, "Chicago, IL": 1 });
    const sports = await search("q=boston&type=sports&facets=1");
    expect(counts(sports.facets!.type)).toEqual({ sports: 1 });
    expect(counts(sports.facets!.city)).toEqual({ "Chicago, IL": 1 });
    // A close-spelling answer counts the close matches.
    expect(counts((await search("q=taylr%20swift&facets=true")).facets!.type)).toEqual({ concert: 1 });
    // Without the parameter, no facets (and no second query).
    expect((await search("q=taylor")).facets).toBeUndefined();
  });

  it("choosing a facet value gives exactly its count", async () => {
    const r = await search("facets=true");
    for (const b of r.facets!.type) expect((await search(`type=${encodeURIComponent(b.value)}`)).total).toBe(b.count);
    for (const b of r.facets!.city) expect((await search(`location=${encodeURIComponent(b.value)}`)).total).toBe(b.count);
    for (const b of r.facets!.price) expect((await search(`price=${encodeURIComponent(b.value)}`)).total).toBe(b.count);
    for (const b of r.facets!.date) {
      const [from, to] = b.value.split(":");
      const qs = new URLSearchParams({ ...(from ? { date_from: from } : {}), ...(to ? { date_to: to } : {}) });
      expect((await search(qs.toString())).total).toBe(b.count);
    }
  });
});

describe("the search document follows its sources", () => {
  it("renaming a performer, relinking performers, renaming a venue and editing a title are found at once", async () => {
    const db = getDb();
    await db.performer.update({ where: { name: "Solo Pianist" }, data: { name: "Nocturne Trio" } });
    expect(titles(await fresh("q=nocturne"))).toEqual(["Quiet Evening"]);
    expect((await fresh("q=pianist")).total).toBe(0);

    const quiet = await db.event.findFirstOrThrow({ where: { title: "Quiet Evening" } });
    await db.eventPerformer.deleteMany({ where: { eventId: quiet.id } });
    expect((await fresh("q=nocturne")).total).toBe(0);
    const strings = await db.performer.create({ data: { name: "Midnight Strings" } });
    await db.eventPerformer.create({ data: { eventId: quiet.id, performerId: strings.id } });
    expect(titles(await fresh("q=midnight%20strings"))).toEqual(["Quiet Evening"]);

    await db.venue.updateMany({ where: { name: "Harbor Stage" }, data: { name: "Seaport Hall" } });
    expect(titles(await fresh("q=seaport")).sort()).toEqual(["Quiet Evening", "Taylor Swift | The Eras Tour"]);

    await db.event.update({ where: { id: quiet.id }, data: { title: "Loud Morning" } });
    expect(titles(await fresh("q=loud"))).toEqual(["Loud Morning"]);
    expect((await fresh("q=quiet")).total).toBe(0);
  });
});
