// Broad words (lib/search/postgres/common-words.ts): a word PostgreSQL's statistics call common is
// searched by walking the upcoming events in date order instead of through the GIN index. Here
// 1,200 events share "tour", so after ANALYZE it is common: the answer is capped, ranked among the
// soonest matches (a title match above a description match), pages end at the rank window, facets
// count the capped matches, and a filter that leaves the walk too few matches falls back to the
// index and counts exactly. Real SQL on whichever PostgreSQL the run uses.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as listEvents } from "@/app/api/events/route";
import { getDb } from "@/lib/db";
import type { EventSearchResult } from "@/lib/events/types";
import { COMMON_FREQUENCY, estimateFrequency, forgetLexemeStatistics, withIndexTerms } from "@/lib/search/postgres/common-words";
import { parseTextQuery } from "@/lib/search/text-query";
import { createEventWithTickets, createVenueWithGrid } from "@/prisma/seed/factories";
import { truncateAll } from "@/test/support/database";
import { resetRedis } from "@/test/support/redis";

const MATCHES = 1_200;

async function search(qs: string): Promise<EventSearchResult> {
  const res = await listEvents(new Request(`http://localhost/api/events?${qs}`), { params: Promise.resolve({}) } as never);
  expect(res.status).toBe(200);
  return (await res.json()) as EventSearchResult;
}

beforeAll(async () => {
  await truncateAll();
  await resetRedis();
  const db = getDb();
  const { venue } = await createVenueWithGrid(db, { name: "Lakeside Arena", location: "Chicago, IL", sections: 1, rows: 1, seatsPerRow: 2 });
  await createVenueWithGrid(db, { name: "Harbor Stage", location: "Boston, MA", sections: 1, rows: 1, seatsPerRow: 2 });
  // The soonest match has "tour" only in its description: relevance must put it below titles.
  const first = await createEventWithTickets(db, { venueId: venue.id, title: "Quiet Evening", description: "Before the tour starts.", datetime: new Date(Date.now() + 3_600_000) });
  // 1,200 more, an hour apart after it, "tour" in the title (the search document's triggers run),
  // inserted latest first: the rows the GIN index yields first are the latest, so only the date
  // walk ranks the soonest ones.
  await db.$executeRaw`
    INSERT INTO event (title, datetime, type_id, venue_id, location, description, total_ticket_count)
    SELECT 'Act ' || i || ' World Tour', now() + (${MATCHES} + 2 - i) * interval '1 hour', e.type_id, e.venue_id, e.location, 'A night out.', 0
      FROM generate_series(1, ${MATCHES}) i, event e WHERE e.event_id = ${first.event.id}`;
  await db.$executeRaw`ANALYZE event`;
  forgetLexemeStatistics();
});

afterAll(() => forgetLexemeStatistics());

describe("common words through the date walk", () => {
  it("the statistics call the word common and a rare one not", async () => {
    expect(await estimateFrequency(parseTextQuery("tour")!)).toBeGreaterThanOrEqual(COMMON_FREQUENCY);
    expect(await estimateFrequency(parseTextQuery("wor tou")!)).toBeGreaterThanOrEqual(COMMON_FREQUENCY);
    expect(await estimateFrequency(parseTextQuery("quiet")!)).toBeLessThan(COMMON_FREQUENCY);
  });

  it("answers capped and ranked: title matches first, although the description's event is the soonest", async () => {
    const r = await search("q=tour");
    expect(r.total).toBe(1000);
    expect(r.total_capped).toBe(true);
    expect(r.events).toHaveLength(20);
    expect(r.events.map((e) => e.title)).not.toContain("Quiet Evening");
    expect(r.events.every((e) => e.title.endsWith("World Tour"))).toBe(true);
    // Ties on rank keep date order: the soonest title matches first.
    expect(r.events[0]!.title).toBe(`Act ${MATCHES} World Tour`);
  });

  it("pages end at the rank window, the description match on its last page", async () => {
    const last = await search("q=tour&page=10&size=100");
    expect(last.events).toHaveLength(100);
    expect(last.events.at(-1)!.title).toBe("Quiet Evening");
    expect((await search("q=tour&page=11&size=100")).events).toHaveLength(0);
  });

  it("sort_by=date still pages through every match", async () => {
    const r = await search("q=tour&sort_by=date&page=13&size=100");
    expect(r.events).toHaveLength(1);
    expect(r.events[0]!.title).toBe("Act 1 World Tour");
  });

  it("facets count the capped matches", async () => {
    const r = await search("q=tour&facets=true");
    const sum = (r.facets?.type ?? []).reduce((n, b) => n + b.count, 0);
    expect(sum).toBe(1000);
    expect(r.facets?.city).toEqual([{ value: "Chicago, IL", label: "Chicago, IL", count: 1000 }]);
  });

  it("a filter that leaves the walk too few matches falls back to the index, exact", async () => {
    const boston = await search("q=tour&location=boston%2C%20ma&facets=true");
    expect(boston.total).toBe(0);
    expect(boston.total_capped).toBe(false);
    const soon = await search(`q=tour&date_to=${encodeURIComponent(new Date(Date.now() + 10.5 * 3_600_000).toISOString())}&facets=true`);
    expect(soon.total).toBe(10);
    expect(soon.total_capped).toBe(false);
    expect((soon.facets?.type ?? []).reduce((n, b) => n + b.count, 0)).toBe(10);
  });

  it("a common word beside a rare one: the index looks up the rare one, both must match", async () => {
    expect((await withIndexTerms(parseTextQuery("tour quiet")!)).indexTsQuery).toBe("quiet:*");
    expect((await withIndexTerms(parseTextQuery("tour world")!)).indexTsQuery).toBeUndefined();
    const r = await search("q=tour%20quiet");
    expect(r.events.map((e) => e.title)).toEqual(["Quiet Evening"]);
    expect(r.total).toBe(1);
    // Both words exist, never in one event: no match as typed (close spellings answer instead).
    expect((await search("q=quiet%20act")).fuzzy).toBe(true);
  });
});
