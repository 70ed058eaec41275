// Search inputs that used to escape validation: dates in years nobody sells tickets for (year 0000
// answered 500) and the LIKE wildcards `%` and `_` in `q`, which matched everything instead of
// themselves.
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

async function search(qs: string): Promise<{ status: number; body: EventSearchResult & { error?: { code: string; message: string } } }> {
  const res = await listEvents(new Request(`http://localhost/api/events?${qs}`), { params: Promise.resolve({}) } as never);
  return { status: res.status, body: (await res.json()) as never };
}

const titles = (r: EventSearchResult) => r.events.map((e) => e.title).sort();

beforeAll(async () => {
  await truncateAll();
  await resetRedis();
  const db = getDb();
  const { venue } = await createVenueWithGrid(db, { name: "Plain Hall", location: "Boston, MA", sections: 1, rows: 1, seatsPerRow: 2 });
  const at = (days: number) => new Date(Date.now() + days * DAY);
  await createEventWithTickets(db, { venueId: venue.id, title: "100% Live", performers: ["Band A"], datetime: at(3) });
  await createEventWithTickets(db, { venueId: venue.id, title: "snake_case night", performers: ["Band B"], datetime: at(4) });
  await createEventWithTickets(db, { venueId: venue.id, title: "Back\\slash Jam", performers: ["Band C"], datetime: at(5) });
  await createEventWithTickets(db, { venueId: venue.id, title: "Quiet Evening", performers: ["Band D"], datetime: at(6) });
});

describe("date filters outside 1970..9999", () => {
  it.each(["0000-01-01", "0001-01-01", "1969-12-31", "0000-01-01T00:00Z", "9999-12-31T23:00-05:00"])("date_from=%s is a 400 validation_error, not a 500", async (value) => {
    const res = await search(`date_from=${encodeURIComponent(value)}`);
    expect(res.status).toBe(400);
    expect(res.body.error?.code).toBe("validation_error");
    expect(res.body.error?.message).toMatch(/between the years 1970 and 9999/);
  });

  it("date_to=0000-01-01 is a 400 too", async () => {
    const res = await search("date_to=0000-01-01");
    expect(res.status).toBe(400);
  });

  it("the edges of the range are accepted", async () => {
    expect((await search("date_from=1970-01-01")).status).toBe(200);
    expect((await search("date_from=1970-01-01&date_to=9999-12-31")).status).toBe(200);
  });

  it("the home page's parser gives the same message (the page shows it above all upcoming events)", () => {
    expect(() => parseEventSearchQuery({ date_from: "0000-01-01" })).toThrow(/between the years/);
  });
});

describe("q matches % _ and \\ literally", () => {
  it("q=% finds only the event whose title has a %", async () => {
    const res = await search("q=%25");
    expect(res.status).toBe(200);
    expect(titles(res.body)).toEqual(["100% Live"]);
  });

  it("q=_ finds only the event with an underscore, not every event", async () => {
    const res = await search("q=_");
    expect(titles(res.body)).toEqual(["snake_case night"]);
  });

  it("q=\\ finds only the event with a backslash", async () => {
    const res = await search(`q=${encodeURIComponent("\\")}`);
    expect(titles(res.body)).toEqual(["Back\\slash Jam"]);
  });

  it("a wildcard inside a word is literal too (0_% matches nothing here), plain words still match", async () => {
    expect(titles((await search(`q=${encodeURIComponent("0_%")}`)).body)).toEqual([]);
    expect(titles((await search("q=100%25")).body)).toEqual(["100% Live"]);
    expect(titles((await search("q=quiet")).body)).toEqual(["Quiet Evening"]);
  });

  it("type and location filters take % and _ literally as well", async () => {
    expect((await search("location=%25")).body.total).toBe(0);
    expect((await search("location=_oston%2C%20MA")).body.total).toBe(0);
    expect((await search("type=%25")).body.total).toBe(0);
    expect((await search("location=boston%2C%20ma")).body.total).toBe(4);
  });

  it("the uncached search (what the cache fills from) agrees", async () => {
    const result = await buildEventSearch(parseEventSearchQuery({ q: "%" }));
    expect(titles(result)).toEqual(["100% Live"]);
  });
});

describe("full-text operators and odd text are plain words, never a 500", () => {
  it.each(["'", "\"", "quiet & !evening", "quiet | live", "quiet:*", "(quiet", "quiet <-> evening", "!!!", "'quiet' & 'evening'", "\\x00", "a:B & c:*D", "😀 quiet", "-quiet", "quiet OR live"])("q=%j answers 200", async (q) => {
    const res = await search(`q=${encodeURIComponent(q)}`);
    expect(res.status).toBe(200);
    expect(Array.isArray(res.body.events)).toBe(true);
  });

  it("operator characters separate words: 'quiet & !evening' finds Quiet Evening, '-quiet' does not exclude it", async () => {
    expect(titles((await search(`q=${encodeURIComponent("quiet & !evening")}`)).body)).toEqual(["Quiet Evening"]);
    expect(titles((await search(`q=${encodeURIComponent("-quiet")}`)).body)).toEqual(["Quiet Evening"]);
  });

  it("4,000 characters and control characters are a 400 validation_error", async () => {
    const long = await search(`q=${"a".repeat(4000)}`);
    expect(long.status).toBe(400);
    expect(long.body.error?.code).toBe("validation_error");
    for (const c of ["\u0000", "\u0007", "\u001b", "\u007f"]) {
      const res = await search(`q=${encodeURIComponent(`quiet${c}`)}`);
      expect(res.status).toBe(400);
      expect(res.body.error?.code).toBe("validation_error");
    }
  });

  it("100 characters of one repeated operator-laden word are fine", async () => {
    expect((await search(`q=${encodeURIComponent("a:*&|!".repeat(16))}`)).status).toBe(200);
  });
});
