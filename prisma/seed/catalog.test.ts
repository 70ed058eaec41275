// The demo catalog (pure: no database): enough events of every type, sane dates, prices and sales.
import { describe, expect, it } from "vitest";
import { demoCatalog, EVENT_TYPES, PRICE_CLASSES, zonedDateTime } from "./catalog";
import { createRng } from "./random";
import { demoBuyers } from "./users";
import { demoVenues, PRICE_TIER_COUNT } from "./venues";

const venues = demoVenues();
const now = new Date("2026-03-02T15:00:00Z");
const events = demoCatalog(now, venues);
const DAY = 86_400_000;

describe("demo catalog", () => {
  it("has at least 60 events of every type, in every venue", () => {
    expect(events.length).toBeGreaterThanOrEqual(60);
    expect(new Set(events.map((e) => e.type))).toEqual(new Set(EVENT_TYPES.map((t) => t.type)));
    expect(new Set(events.map((e) => e.venueKey))).toEqual(new Set(venues.map((v) => v.key)));
    expect(new Set(events.map((e) => e.key)).size).toBe(events.length);
  });

  it("gives each event a title, a description and one to three performers", () => {
    for (const e of events) {
      expect(e.title.length).toBeGreaterThan(3);
      expect(e.description.length).toBeGreaterThan(20);
      expect(e.performers.length).toBeGreaterThanOrEqual(1);
      expect(e.performers.length).toBeLessThanOrEqual(3);
      expect(new Set(e.performers).size).toBe(e.performers.length);
    }
  });

  it("dates events over the coming months, after their on-sale", () => {
    for (const e of events) {
      expect(e.datetime.getTime()).toBeGreaterThan(now.getTime());
      expect(e.datetime.getTime()).toBeLessThan(now.getTime() + 200 * DAY);
      expect(e.onsaleAt.getTime()).toBeLessThan(e.datetime.getTime());
      expect(e.offsaleAt.getTime()).toBeLessThanOrEqual(e.datetime.getTime());
    }
    const future = events.filter((e) => e.onsaleAt > now);
    expect(future.length).toBeGreaterThanOrEqual(3);
    expect(future.length).toBeLessThan(events.length / 4);
    // Nothing is sold or held before it goes on sale.
    for (const e of future) expect(e.sales).toEqual({ soldFraction: 0, soldOut: false, holds: 0, fanTickets: 0, fanHold: 0 });
  });

  it("prices each tier as a decimal string, dearer nearer the stage", () => {
    expect(PRICE_CLASSES).toHaveLength(PRICE_TIER_COUNT);
    for (const e of events) {
      expect(e.prices).toHaveLength(PRICE_TIER_COUNT);
      for (const p of e.prices) expect(p).toMatch(/^\d+\.(00|50)$/);
      const values = e.prices.map(Number);
      for (let i = 1; i < values.length; i++) expect(values[i]).toBeLessThan(values[i - 1]!);
    }
  });

  it("sells one event out and part of many others", () => {
    expect(events.filter((e) => e.sales.soldOut)).toHaveLength(1);
    expect(events.filter((e) => e.sales.soldFraction > 0 && !e.sales.soldOut).length).toBeGreaterThanOrEqual(10);
    expect(events.some((e) => e.sales.holds > 0)).toBe(true);
    expect(events.some((e) => e.sales.fanTickets > 0)).toBe(true);
  });

  it("is the same catalog on another day, only moved in time", () => {
    const later = demoCatalog(new Date(now.getTime() + 40 * DAY), venues);
    const strip = (list: typeof events) =>
      list.map((e) => Object.fromEntries(Object.entries(e).filter(([k]) => !["datetime", "onsaleAt", "offsaleAt"].includes(k))));
    expect(strip(later)).toEqual(strip(events));
    expect(later[0]!.datetime.getTime() - events[0]!.datetime.getTime()).toBeGreaterThan(39 * DAY);
  });

  it("starts events at local wall-clock times", () => {
    expect(zonedDateTime(2026, 6, 4, 20, 0, "America/Chicago").toISOString()).toBe("2026-07-05T01:00:00.000Z");
    expect(zonedDateTime(2026, 0, 15, 19, 30, "America/New_York").toISOString()).toBe("2026-01-16T00:30:00.000Z");
    expect(zonedDateTime(2026, 2, 8, 12, 0, "America/Los_Angeles").toISOString()).toBe("2026-03-08T19:00:00.000Z");
    const chicago = events.find((e) => e.venueKey === "lakeshore-arena" && e.type === "concert")!;
    const local = new Intl.DateTimeFormat("en-US", { timeZone: "America/Chicago", hour: "numeric", minute: "2-digit", hourCycle: "h23" });
    expect(local.format(chicago.datetime)).toBe("20:00");
  });
});

describe("demo buyers", () => {
  it("are unique, deterministic and never on a real mail domain", () => {
    const a = demoBuyers(createRng(1), 200);
    expect(demoBuyers(createRng(1), 200)).toEqual(a);
    expect(new Set(a.map((u) => u.username)).size).toBe(200);
    expect(new Set(a.map((u) => u.email)).size).toBe(200);
    for (const u of a) expect(u.email).toMatch(/@example\.com$/);
  });
});
