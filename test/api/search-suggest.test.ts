// GET /api/search/suggest: what the header's search box shows while a fan types. Prefixes and close
// spellings of performers, venues and upcoming events; drafts and past events never; bad input is a
// 400 or nothing, never a 500; a per-IP budget; and who may call it (everyone, changing nothing).
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { GET as suggest } from "@/app/api/search/suggest/route";
import { getDb } from "@/lib/db";
import type { Suggestion } from "@/lib/search/search-backend";
import { createEventWithTickets } from "@/prisma/seed/factories";
import { ACTOR_NAMES, createCast, type Cast } from "@/test/support/actors";
import { callRoute, type RouteHandler } from "@/test/support/api";
import { truncateAll } from "@/test/support/database";
import { resetRedis } from "@/test/support/redis";

const DAY = 86_400_000;
type Answer = { q: string; suggestions: Suggestion[]; error?: { code: string } };

let cast: Cast;
beforeAll(async () => {
  await truncateAll();
  await resetRedis();
  const db = getDb();
  cast = await createCast();
  const venueId = cast.venue.venue.id;
  await db.venue.update({ where: { id: venueId }, data: { name: "Taymor Theatre" } });
  const at = (days: number) => new Date(Date.now() + days * DAY);
  await createEventWithTickets(db, { venueId, title: "Taylor Swift | The Eras Tour", performers: ["Taylor Swift"], datetime: at(10) });
  await createEventWithTickets(db, { venueId, title: "Old Tayside Show", performers: ["Tayside Pipers"], datetime: at(-3) });
  const draft = await createEventWithTickets(db, { venueId, title: "Taylor Secret Draft", performers: [], datetime: at(20) });
  await db.event.update({ where: { id: draft.event.id }, data: { publishedAt: null } });
});

const ask = (qs: string, ip?: string) => callRoute<Answer>(suggest as RouteHandler, "GET", `/api/search/suggest?${qs}`, ip ? { ip } : {});
const labels = (a: Answer, kind?: string) => a.suggestions.filter((s) => !kind || s.kind === kind).map((s) => s.label);

describe("suggestions", () => {
  it("prefixes find performers, venues and upcoming published events, with where picking each goes", async () => {
    const res = await ask("q=tay");
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toMatch(/public/);
    expect(labels(res.body, "performer")).toEqual(expect.arrayContaining(["Taylor Swift", "Tayside Pipers"]));
    expect(labels(res.body, "venue")).toEqual(["Taymor Theatre"]);
    // Past and draft events are not suggested.
    expect(labels(res.body, "event")).toEqual(["Taylor Swift | The Eras Tour"]);
    const event = res.body.suggestions.find((s) => s.kind === "event")!;
    expect(event.href).toBe(`/events/${event.id}`);
    expect(res.body.suggestions.find((s) => s.kind === "performer")!.href).toMatch(/^\/\?q=/);
  });

  it("a later word narrows; a typo still suggests the performer", async () => {
    expect(labels((await ask("q=taylor%20sw")).body, "performer")).toEqual(["Taylor Swift"]);
    expect(labels((await ask("q=taylr%20swift")).body, "performer")).toContain("Taylor Swift");
  });

  it("limit bounds the list", async () => {
    expect((await ask("q=tay&limit=2")).body.suggestions.length).toBeLessThanOrEqual(2);
  });

  it.each(["", "t", "%", "'", "tay:*&!", "(", "a".repeat(100)])("q=%j answers 200", async (q) => {
    const res = await ask(`q=${encodeURIComponent(q)}`);
    expect(res.status).toBe(200);
    expect(Array.isArray(res.body.suggestions)).toBe(true);
  });

  it.each([`q=${"a".repeat(4000)}`, "q=tay%00", "q=tay&limit=0", "q=tay&limit=11", "q=tay&limit=x"])("%s is a 400 validation_error", async (qs) => {
    const res = await ask(qs);
    expect(res.status).toBe(400);
    expect(res.body.error?.code).toBe("validation_error");
  });
});

describe("rate limit", () => {
  const saved = process.env.RATE_LIMIT_SEARCH_SUGGEST_IP_PER_MINUTE;
  afterEach(() => {
    if (saved === undefined) delete process.env.RATE_LIMIT_SEARCH_SUGGEST_IP_PER_MINUTE;
    else process.env.RATE_LIMIT_SEARCH_SUGGEST_IP_PER_MINUTE = saved;
  });

  it("a client address past its budget gets 429 with Retry-After; another address does not", async () => {
    process.env.RATE_LIMIT_SEARCH_SUGGEST_IP_PER_MINUTE = "2";
    expect((await ask("q=tay", "10.9.0.1")).status).toBe(200);
    expect((await ask("q=tay", "10.9.0.1")).status).toBe(200);
    const limited = await ask("q=tay", "10.9.0.1");
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    expect((await ask("q=tay", "10.9.0.2")).status).toBe(200);
  });
});

describe("who may call it: everyone, and it changes nothing", () => {
  async function snapshot() {
    const db = getDb();
    return JSON.stringify({
      events: await db.event.findMany({ orderBy: { id: "asc" }, select: { id: true, title: true, publishedAt: true } }),
      performers: await db.performer.count(),
      audit: await db.auditLog.count(),
    });
  }

  it.each(ACTOR_NAMES)("%s: 200 with the same suggestions as anyone", async (name) => {
    const before = await snapshot();
    const actor = cast.actors[name];
    const headers: Record<string, string> = actor.cookie ? { cookie: actor.cookie } : {};
    const res = await callRoute<Answer>(suggest as RouteHandler, "GET", "/api/search/suggest?q=taylor", { token: actor.token, headers });
    expect(res.status).toBe(200);
    expect(labels(res.body)).toEqual(labels((await ask("q=taylor")).body));
    expect(labels(res.body, "event")).toEqual(["Taylor Swift | The Eras Tour"]);
    expect(await snapshot()).toBe(before);
  });
});
