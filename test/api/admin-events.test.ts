// The organizer's events through the API: creating a draft with its tickets in the venue's time
// zone, drafts invisible to every public read (search, detail, seats, availability, reserve, best
// available, the waiting room), publishing, re-pricing that never touches what a fan holds or paid,
// the audit log, and bad input (4xx JSON, nothing stored).
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { POST as createRoute } from "@/app/api/admin/events/route";
import { GET as getRoute, PATCH as patchRoute } from "@/app/api/admin/events/[event_id]/route";
import { POST as publishRoute } from "@/app/api/admin/events/[event_id]/publish/route";
import { POST as unpublishRoute } from "@/app/api/admin/events/[event_id]/unpublish/route";
import { POST as cancelRoute } from "@/app/api/admin/events/[event_id]/cancel/route";
import { GET as auditRoute } from "@/app/api/admin/events/[event_id]/audit/route";
import { POST as imageRoute } from "@/app/api/admin/events/images/route";
import { GET as imageGetRoute } from "@/app/api/event-images/[name]/route";
import { GET as searchRoute } from "@/app/api/events/route";
import { GET as detailRoute } from "@/app/api/events/[event_id]/route";
import { GET as availabilityRoute } from "@/app/api/events/[event_id]/availability/route";
import { GET as seatsRoute } from "@/app/api/events/[event_id]/seats/route";
import { POST as bestAvailableRoute } from "@/app/api/events/[event_id]/best-available/route";
import { POST as reserveRoute } from "@/app/api/events/ticket/reserve/route";
import type { AdminEvent, EventChangeResult } from "@/lib/admin/events";
import { backgroundCancellationsSettled } from "@/lib/admin/events-cancellation";
import { LocalDiskStorage, setImageStorage } from "@/lib/admin/storage";
import { getDb } from "@/lib/db";
import { reserveTickets } from "@/lib/inventory/reserve-tickets";
import { loadQueueSettings } from "@/lib/queue/queue-settings";
import { createEventWithTickets, createUser, createVenueWithGrid, ensureEventType, ensurePriceClasses } from "@/prisma/seed/factories";
import { createCast, type Cast } from "@/test/support/actors";
import { accessTokenFor, callRoute, postJson, type RouteHandler } from "@/test/support/api";
import { truncateAll } from "@/test/support/database";
import { resetRedis } from "@/test/support/redis";

type ErrorBody = { error: { code: string; message: string; field?: string } };

let uploadDir: string;
let cast: Cast;
let gold: number;
let silver: number;
let token: string;

beforeAll(async () => {
  uploadDir = await mkdtemp(path.join(tmpdir(), "openseat-uploads-"));
  setImageStorage(new LocalDiskStorage(uploadDir));
});
afterAll(async () => {
  setImageStorage(null);
  await rm(uploadDir, { recursive: true, force: true });
});
afterEach(() => backgroundCancellationsSettled());
beforeEach(async () => {
  await truncateAll();
  await resetRedis();
  const db = getDb();
  // Two sections of 2 x 5 seats, in Chicago.
  cast = await createCast({ venue: await createVenueWithGrid(db, { sections: 2, rows: 2, seatsPerRow: 5, timezone: "America/Chicago" }) });
  await ensureEventType(db, "concert");
  [gold, silver] = (await ensurePriceClasses(db, [
    { name: "Gold", description: "Gold", color: "#d97706" },
    { name: "Silver", description: "Silver", color: "#2563eb" },
  ])).map((c) => c.id) as [number, number];
  token = cast.actors.venueAdmin.token!;
});

const sections = () => cast.venue.sections.map((s) => s.id);

function body(overrides: Record<string, unknown> = {}) {
  return {
    title: "Lakeside Lights",
    type: "concert",
    venue_id: cast.venue.venue.id,
    starts_at: "2031-07-04T20:00",
    onsale_at: "2031-01-10T10:00",
    performers: ["Aurora Vale", "The Night Ferries"],
    description: "Summer show.",
    service_fee: "3.50",
    price_classes: [
      { class_id: gold, price: "89.00", section_ids: [sections()[0]] },
      { class_id: silver, price: "49.50", section_ids: [sections()[1]] },
    ],
    ...overrides,
  };
}

async function create(overrides: Record<string, unknown> = {}) {
  const res = await postJson<EventChangeResult & ErrorBody>(createRoute as RouteHandler, "/api/admin/events", body(overrides), token);
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.event;
}

const call = <T>(handler: unknown, method: string, eventId: string | number, suffix = "", b?: unknown, t: string | undefined = token) =>
  callRoute<T>(handler as RouteHandler, method, `/api/admin/events/${eventId}${suffix}`, { token: t, params: { event_id: String(eventId) }, body: b });

/** What bad input must leave alone. */
async function snapshot(): Promise<string> {
  const db = getDb();
  const rows = await Promise.all([
    db.event.findMany({ orderBy: { id: "asc" } }),
    db.ticket.findMany({ orderBy: { id: "asc" }, select: { id: true, classId: true, price: true, status: true } }),
    db.performer.findMany({ orderBy: { id: "asc" } }),
    db.class.findMany({ orderBy: { id: "asc" } }),
    db.auditLog.count(),
    readdir(uploadDir),
  ]);
  return JSON.stringify(rows, (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v));
}

describe("creating an event", () => {
  it("makes a draft with one ticket per priced seat, times in the venue's zone, and an audit entry", async () => {
    const event = await create();
    expect(event).toMatchObject({ state: "draft", published_at: null, title: "Lakeside Lights", performers: ["Aurora Vale", "The Night Ferries"], service_fee: "3.50", currency: "USD" });
    // 20:00 in Chicago on 4 July (CDT, UTC-5) is 01:00 UTC the next day.
    expect(event.starts_at).toBe("2031-07-05T01:00:00.000Z");
    expect(event.starts_at_local).toBe("2031-07-04T20:00");
    expect(event.onsale_at).toBe("2031-01-10T16:00:00.000Z"); // CST, UTC-6
    expect(event.tickets).toEqual({ total: 20, sold: 0, held: 0, available: 20 });
    expect(event.price_classes.map((p) => [p.class_name, p.price, p.section_ids, p.tickets])).toEqual([
      ["Gold", "89.00", [String(sections()[0])], 10],
      ["Silver", "49.50", [String(sections()[1])], 10],
    ]);
    const audit = await call<{ entries: { action: string; actor: { user_id: string } }[] }>(auditRoute, "GET", event.event_id, "/audit");
    expect(audit.body.entries.map((e) => [e.action, e.actor.user_id])).toEqual([["event.create", String(cast.actors.venueAdmin.user!.id)]]);
  });

  it("creates a price class and performers that do not exist yet, by name", async () => {
    const event = await create({ performers: ["Brand New Act"], price_classes: [{ class_name: "Balcony", color: "#123456", price: "15", section_ids: sections() }] });
    expect(event.price_classes).toEqual([expect.objectContaining({ class_name: "Balcony", color: "#123456", price: "15.00", tickets: 20 })]);
    expect(await getDb().performer.count({ where: { name: "Brand New Act" } })).toBe(1);
  });
});

describe("drafts are invisible to the public", () => {
  it("search, detail, seats, availability, reserve, best available and the waiting room ignore a draft until it is published", async () => {
    const draft = await create();
    const id = draft.event_id;
    const fan = await createUser(getDb(), {});
    const fanToken = await accessTokenFor(fan);
    const ticketIds = (await getDb().ticket.findMany({ where: { eventId: Number(id) }, orderBy: { id: "asc" }, select: { id: true } })).map((t) => t.id);
    // Put the sale window open now, so only the draft state stands in the way.
    await getDb().event.update({ where: { id: Number(id) }, data: { onsaleAt: new Date(Date.now() - 60_000) } });

    const publicReads = async () => ({
      search: (await callRoute<{ events: { event_id: string }[] }>(searchRoute as RouteHandler, "GET", "/api/events?q=Lakeside")).body.events.map((e) => e.event_id),
      detail: (await callRoute(detailRoute as RouteHandler, "GET", `/api/events/${id}`, { params: { event_id: id } })).status,
      seats: (await callRoute(seatsRoute as RouteHandler, "GET", `/api/events/${id}/seats`, { params: { event_id: id } })).status,
      availability: (await callRoute(availabilityRoute as RouteHandler, "GET", `/api/events/${id}/availability`, { params: { event_id: id } })).status,
      queue: (await loadQueueSettings(Number(id))) !== null,
    });
    expect(await publicReads()).toEqual({ search: [], detail: 404, seats: 404, availability: 404, queue: false });
    const reserve = await postJson<ErrorBody>(reserveRoute as RouteHandler, "/api/events/ticket/reserve", { ticket_ids: ticketIds.slice(0, 2) }, fanToken);
    expect(reserve.status).toBe(404);
    const best = await callRoute<ErrorBody>(bestAvailableRoute as RouteHandler, "POST", `/api/events/${id}/best-available`, { token: fanToken, params: { event_id: id }, body: { class_id: gold, quantity: 2 } });
    expect(best.status).toBe(404);
    expect(await getDb().ticket.count({ where: { eventId: Number(id), status: { not: "available" } } })).toBe(0);

    const published = await call<{ event: AdminEvent; changed: boolean }>(publishRoute, "POST", id, "/publish");
    expect(published.status).toBe(200);
    expect(published.body).toMatchObject({ changed: true, event: { state: "published" } });
    expect(await publicReads()).toEqual({ search: [id], detail: 200, seats: 200, availability: 200, queue: true });
    const held = await postJson(reserveRoute as RouteHandler, "/api/events/ticket/reserve", { ticket_ids: ticketIds.slice(0, 2) }, fanToken);
    expect(held.status).toBe(200);

    // Publishing again changes nothing; going back to draft is refused once a fan holds seats.
    expect((await call<{ changed: boolean }>(publishRoute, "POST", id, "/publish")).body.changed).toBe(false);
    const back = await call<ErrorBody>(unpublishRoute, "POST", id, "/unpublish");
    expect(back.status).toBe(409);
    const actions = (await call<{ entries: { action: string }[] }>(auditRoute, "GET", id, "/audit")).body.entries.map((e) => e.action);
    expect(actions).toEqual(["event.publish", "event.create"]);
  });

  it("an event nobody bought from can go back to draft, and disappears again", async () => {
    const event = await create();
    await call(publishRoute, "POST", event.event_id, "/publish");
    const back = await call<{ event: AdminEvent; changed: boolean }>(unpublishRoute, "POST", event.event_id, "/unpublish");
    expect(back.status).toBe(200);
    expect(back.body.event.state).toBe("draft");
    expect((await callRoute(detailRoute as RouteHandler, "GET", `/api/events/${event.event_id}`, { params: { event_id: event.event_id } })).status).toBe(404);
  });

  it("events that existed before publication states (and factory events) are published", async () => {
    const { event } = await createEventWithTickets(getDb(), { venueId: cast.venue.venue.id, classId: gold });
    expect((await getDb().event.findUniqueOrThrow({ where: { id: event.id } })).publishedAt).not.toBeNull();
  });
});

describe("changing prices", () => {
  it("re-prices only tickets that can be bought now: held and sold tickets keep their class and price", async () => {
    const db = getDb();
    const fan = await createUser(db, {});
    const { event } = await createEventWithTickets(db, {
      venueId: cast.venue.venue.id,
      sections: sections().map((sectionId) => ({ sectionId, classId: gold, price: "50.00" })),
      sold: { buyerIds: [fan.id], tickets: 4, orderSize: 2, salt: "reprice" },
    });
    const sold = await db.ticket.findMany({ where: { eventId: event.id, status: "confirmed" }, select: { id: true } });
    expect(sold.length).toBe(4);
    const free = await db.ticket.findMany({ where: { eventId: event.id, status: "available" }, orderBy: { id: "asc" }, select: { id: true } });
    const holder = await createUser(db, {});
    await reserveTickets({ userId: holder.id, ticketIds: free.slice(0, 3).map((t) => t.id) });
    const before = new Map((await db.ticket.findMany({ where: { eventId: event.id } })).map((t) => [t.id, t]));

    const res = await call<EventChangeResult>(patchRoute, "PATCH", event.id, "", {
      price_classes: [{ class_id: silver, price: "65.00", section_ids: sections() }],
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.repriced).toEqual({ changed: 20 - 4 - 3, kept_held_or_sold: 7 });
    const after = await db.ticket.findMany({ where: { eventId: event.id } });
    for (const t of after) {
      const was = before.get(t.id)!;
      if (was.status === "available") expect([t.classId, t.price.toFixed(2)]).toEqual([silver, "65.00"]);
      else expect([t.status, t.classId, t.price.toFixed(2), t.userId, t.reservationId, t.paymentId]).toEqual([was.status, gold, "50.00", was.userId, was.reservationId, was.paymentId]);
    }
    // What the fans paid is untouched too.
    const items = await db.orderItem.findMany({ where: { eventId: event.id } });
    expect(items.every((i) => i.price.toFixed(2) === "50.00" && i.className === "Gold")).toBe(true);
    const [audit] = (await call<{ entries: { action: string; before: { price_classes: unknown[] }; after: { price_classes: unknown[]; repriced: unknown } }[] }>(auditRoute, "GET", event.id, "/audit")).body.entries;
    expect(audit).toMatchObject({ action: "event.update", after: { repriced: { changed: 13, kept_held_or_sold: 7 } } });
    expect(audit!.before.price_classes).toEqual([expect.objectContaining({ class_name: "Gold", price: "50.00", tickets: 20 })]);
  });

  it("prices a row and single seats apart from their section (seat over row over section), on create and edit; held and sold seats keep theirs", async () => {
    const db = getDb();
    const [first, second] = sections() as [number, number];
    const seats = await db.seat.findMany({ where: { sectionId: first }, orderBy: [{ rowIndex: "asc" }, { number: "asc" }] });
    const rowB = seats[5]!.row; // 2 rows x 5 seats: the second row
    const vip = seats[7]!; // a seat in that row
    const created = await create({
      onsale_at: null, // on sale once published: a fan can hold a seat below
      price_classes: [
        { class_id: silver, price: "40.00", section_ids: [first, second] },
        { class_id: gold, price: "70.00", rows: [{ section_id: first, row: rowB }] },
        { class_name: "VIP", color: "#db2777", price: "150.00", seat_ids: [vip.id] },
      ],
    });
    const eventId = Number(created.event_id);
    const priceOf = async () =>
      new Map((await db.ticket.findMany({ where: { eventId }, select: { seatId: true, price: true } })).map((t) => [t.seatId, t.price.toFixed(2)]));
    let prices = await priceOf();
    expect(prices.size).toBe(20);
    for (const s of seats) expect(prices.get(s.id)).toBe(s.id === vip.id ? "150.00" : s.row === rowB ? "70.00" : "40.00");
    expect([...prices.values()].filter((p) => p === "40.00")).toHaveLength(10 + 5); // the other section, and row A

    // A fan holds one seat of row B; re-pricing the row moves every other seat of it, not theirs.
    await call(publishRoute, "POST", eventId, "/publish");
    const held = seats.find((s) => s.row === rowB && s.id !== vip.id)!;
    const heldTicket = await db.ticket.findFirstOrThrow({ where: { eventId, seatId: held.id } });
    const fan = await createUser(db, {});
    await reserveTickets({ userId: fan.id, ticketIds: [heldTicket.id] });
    const res = await call<EventChangeResult>(patchRoute, "PATCH", eventId, "", { price_classes: [{ class_id: gold, price: "75.00", rows: [{ section_id: first, row: rowB }] }] });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    // Row B: 5 seats, the VIP seat is not named by this edit but is in the row, so it is re-priced
    // as the row says; the held one keeps its price.
    expect(res.body.repriced).toEqual({ changed: 4, kept_held_or_sold: 1 });
    prices = await priceOf();
    for (const s of seats.filter((x) => x.row === rowB)) expect(prices.get(s.id)).toBe(s.id === held.id ? "70.00" : "75.00");

    // Rows and seats that are not this venue's, or named twice, are refused and change nothing.
    const before = JSON.stringify([...(await priceOf()).entries()].sort());
    for (const price_classes of [
      [{ class_id: gold, price: "1.00", rows: [{ section_id: first, row: "ZZ" }] }],
      [{ class_id: gold, price: "1.00", seat_ids: [999_999] }],
      [{ class_id: gold, price: "1.00", seat_ids: [vip.id] }, { class_id: silver, price: "2.00", seat_ids: [vip.id] }],
      [{ class_id: gold, price: "1.00" }],
    ]) {
      const refused = await call<ErrorBody>(patchRoute, "PATCH", eventId, "", { price_classes });
      expect(refused.status, JSON.stringify(refused.body)).toBe(400);
      expect(refused.body.error.code).toBe("validation_error");
    }
    expect(JSON.stringify([...(await priceOf()).entries()].sort())).toBe(before);
  });

  it("a new start time mails every ticket holder once, in the edit's transaction; other edits mail nobody", async () => {
    const db = getDb();
    const [a, b] = [await createUser(db, {}), await createUser(db, {})];
    const { event } = await createEventWithTickets(db, {
      venueId: cast.venue.venue.id,
      sections: sections().map((sectionId) => ({ sectionId, classId: gold, price: "50.00" })),
      sold: { buyerIds: [a.id, b.id], tickets: 4, orderSize: 2, salt: "moved" },
    });
    const mails = () => db.notification.findMany({ where: { kind: "event_changed", channel: "email" }, orderBy: { userId: "asc" }, select: { userId: true, payload: true } });
    expect((await call(patchRoute, "PATCH", event.id, "", { title: "Renamed, same night" })).status).toBe(200);
    expect(await mails()).toEqual([]);

    const startsAt = new Date(Date.now() + 40 * 86_400_000).toISOString().slice(0, 10) + "T21:30";
    expect((await call(patchRoute, "PATCH", event.id, "", { starts_at: startsAt })).status).toBe(200);
    const sent = await mails();
    const holders = [...new Set((await db.orderItem.findMany({ where: { eventId: event.id, status: "issued" }, select: { userId: true } })).map((i) => i.userId))].sort((x, y) => x - y);
    expect(holders.length).toBeGreaterThan(0);
    expect(sent.map((m) => m.userId)).toEqual(holders);
    expect(sent[0]!.payload).toMatchObject({ eventId: event.id, eventTitle: "Renamed, same night", changes: [expect.stringMatching(/^New date and time: .*9:30/)] });
    // The same time again changes nothing and mails nobody twice.
    expect((await call(patchRoute, "PATCH", event.id, "", { starts_at: startsAt })).status).toBe(200);
    expect(await mails()).toHaveLength(holders.length);
  });

  it("a fee change waits while a fan is paying (their checkout was quoted the old total)", async () => {
    const db = getDb();
    const event = await create();
    await call(publishRoute, "POST", event.event_id, "/publish");
    const ticket = await db.ticket.findFirstOrThrow({ where: { eventId: Number(event.event_id) } });
    await db.ticket.update({ where: { id: ticket.id }, data: { status: "reserved", holdExpiresAt: new Date(Date.now() + 60_000), checkoutHoldUntil: new Date(Date.now() + 600_000) } });
    const res = await call<ErrorBody>(patchRoute, "PATCH", event.event_id, "", { service_fee: "9.99" });
    expect(res.status).toBe(409);
    expect(res.body.error.field).toBe("service_fee");
  });

  it("adds tickets for a section priced later, and keeps the others", async () => {
    const event = await create({ price_classes: [{ class_id: gold, price: "10", section_ids: [sections()[0]] }] });
    expect(event.tickets.total).toBe(10);
    const res = await call<EventChangeResult>(patchRoute, "PATCH", event.event_id, "", { price_classes: [{ class_id: silver, price: "5", section_ids: [sections()[1]] }] });
    expect(res.body.event.tickets.total).toBe(20);
    expect(res.body.event.price_classes.map((p) => [p.class_name, p.price])).toEqual([["Gold", "10.00"], ["Silver", "5.00"]]);
  });
});

describe("bad input: a 4xx with a clear message, nothing stored", () => {
  const createCases: [string, () => Record<string, unknown>, number, RegExp][] = [
    ["a start in the past", () => body({ starts_at: "2020-01-01T20:00", onsale_at: null }), 400, /starts_at is in the past/],
    ["off-sale before on-sale", () => body({ onsale_at: "2031-06-01T10:00", offsale_at: "2031-05-01T10:00" }), 400, /offsale_at must be after onsale_at/],
    ["off-sale after the show", () => body({ offsale_at: "2031-07-05T10:00" }), 400, /offsale_at must be at or before/],
    ["an unknown venue", () => body({ venue_id: 999_999 }), 404, /Venue 999999 was not found/],
    ["another venue's id", () => body({ venue_id: cast.otherVenue.venue.id }), 403, /do not manage/],
    ["a negative price", () => body({ price_classes: [{ class_id: gold, price: -5, section_ids: sections() }] }), 400, /price must not be negative/],
    ["a price with three decimals", () => body({ price_classes: [{ class_id: gold, price: "1.005", section_ids: sections() }] }), 400, /at most two decimals/],
    ["no title", () => body({ title: "  " }), 400, /title is required/],
    ["a title with a NUL", () => body({ title: "a\u0000b" }), 400, /control characters/],
    ["an unknown type", () => body({ type: "opera-rave" }), 400, /Unknown event type "opera-rave"/],
    ["a section of another venue", () => body({ price_classes: [{ class_id: gold, price: "5", section_ids: [cast.otherVenue.sections[0]!.id] }] }), 400, /not a section of this venue/],
    ["a section in two classes", () => body({ price_classes: [{ class_id: gold, price: "5", section_ids: [sections()[0]] }, { class_id: silver, price: "4", section_ids: [sections()[0]] }] }), 400, /two price classes/],
    ["an unknown class", () => body({ price_classes: [{ class_id: 4242, price: "5", section_ids: sections() }] }), 400, /Price class 4242 does not exist/],
    ["no price classes", () => body({ price_classes: [] }), 400, /At least one price class/],
    ["a date that is not a date", () => body({ starts_at: "2031-02-30T20:00" }), 400, /not a real time/],
    ["a time skipped by daylight saving", () => body({ starts_at: "2031-03-09T02:30" }), 400, /not a real time in the venue's time zone \(America\/Chicago\)/],
    ["an offset instead of a local time", () => body({ starts_at: "2031-07-04T20:00Z" }), 400, /like 2027-05-01T20:00/],
    ["a hold time of a day", () => body({ hold_seconds: 86_400 }), 400, /hold_seconds must be at most 3600/],
    ["zero tickets per order", () => body({ max_tickets_per_order: 0 }), 400, /max_tickets_per_order must be at least 1/],
    ["a lower-case currency of four letters", () => body({ currency: "usdx" }), 400, /three-letter code/],
    ["an image URL we never handed out", () => body({ image_url: `/api/event-images/${"a".repeat(64)}.png` }), 400, /names no uploaded image/],
    ["an unknown field", () => ({ ...body(), price: 5 }), 400, /Unrecognized key/],
    ["a queue rate of zero", () => body({ queue_enabled: true, queue_admission_per_minute: 0 }), 400, /queue_admission_per_minute must be at least 1/],
  ];
  for (const [name, make, status, message] of createCases) {
    it(`POST /api/admin/events with ${name} -> ${status}`, async () => {
      const before = await snapshot();
      const res = await postJson<ErrorBody>(createRoute as RouteHandler, "/api/admin/events", make(), token);
      expect(res.status, JSON.stringify(res.body)).toBe(status);
      expect(res.body.error.message).toMatch(message);
      expect(await snapshot()).toBe(before);
    });
  }

  it("PATCH with nothing, a venue move, a malformed id or on a cancelled event is a 4xx and changes nothing", async () => {
    const event = await create();
    const id = event.event_id;
    const cases: [unknown, string, number, RegExp][] = [
      [{}, id, 400, /Nothing to change/],
      [{ venue_id: cast.otherVenue.venue.id }, id, 400, /cannot move to another venue/],
      [{ starts_at: "2020-01-01T10:00" }, id, 400, /in the past/],
      [{ onsale_at: "2031-08-01T10:00" }, id, 400, /onsale_at must be before the event starts/],
      [{ title: 42 }, id, 400, /title must be text/],
      [{ title: "x" }, "abc", 400, /event_id must be a positive integer/],
      [{ title: "x" }, "999999", 404, /not found/],
      ["not json", id, 400, /not valid JSON/],
    ];
    for (const [b, target, status, message] of cases) {
      const before = await snapshot();
      const res = await call<ErrorBody>(patchRoute, "PATCH", target, "", b);
      expect(res.status, JSON.stringify(b)).toBe(status);
      expect(res.body.error.message).toMatch(message);
      expect(await snapshot()).toBe(before);
    }
    await call(cancelRoute, "POST", id, "/cancel", { reason: "Storm warning" });
    await backgroundCancellationsSettled();
    const before = await snapshot();
    const res = await call<ErrorBody>(patchRoute, "PATCH", id, "", { title: "Too late" });
    expect(res.status).toBe(409);
    expect(await snapshot()).toBe(before);
    expect((await call<ErrorBody>(publishRoute, "POST", id, "/publish")).status).toBe(409);
    expect((await call<ErrorBody>(cancelRoute, "POST", id, "/cancel", { reason: "Storm warning" })).status).toBe(409);
    expect((await call<ErrorBody>(cancelRoute, "POST", id, "/cancel", { reason: "" })).status).toBe(400);
  });

  it("images: a 10 MB file, a text file named .png, a wrong content type and an empty body are refused; a real PNG is stored and served", async () => {
    const upload = (bytes: Uint8Array, contentType: string) =>
      imageRoute(new Request("http://localhost/api/admin/events/images", { method: "POST", headers: { "content-type": contentType, authorization: `Bearer ${token}` }, body: bytes as BodyInit }), { params: Promise.resolve({}) } as never);
    const before = await snapshot();
    const big = new Uint8Array(10 * 1024 * 1024);
    big.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    const tooBig = await upload(big, "image/png");
    expect(tooBig.status).toBe(413);
    const text = await upload(new TextEncoder().encode("just some text pretending to be photo.png"), "image/png");
    expect(text.status).toBe(400);
    expect(((await text.json()) as ErrorBody).error.message).toMatch(/not a PNG, JPEG, WebP or GIF/);
    expect((await upload(new Uint8Array([1, 2, 3]), "text/plain")).status).toBe(415);
    expect((await upload(new Uint8Array(0), "image/png")).status).toBe(400);
    expect(await snapshot()).toBe(before);

    const png = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3, 4]);
    const ok = await upload(png, "image/png");
    expect(ok.status).toBe(201);
    const { image_url } = (await ok.json()) as { image_url: string };
    const name = image_url.split("/").pop()!;
    const served = await imageGetRoute(new Request(`http://localhost${image_url}`), { params: Promise.resolve({ name }) } as never);
    expect(served.headers.get("content-type")).toBe("image/png");
    expect(new Uint8Array(await served.arrayBuffer())).toEqual(png);
    const event = await create({ image_url });
    expect(event.image_url).toBe(image_url);
    const missing = await imageGetRoute(new Request("http://localhost/api/event-images/../../etc/passwd"), { params: Promise.resolve({ name: "../../etc/passwd" }) } as never);
    expect(missing.status).toBe(404);
  });

  it("GET of an event that does not exist is a 404, of a malformed id a 400", async () => {
    expect((await call<ErrorBody>(getRoute, "GET", "999999")).status).toBe(404);
    expect((await call<ErrorBody>(getRoute, "GET", "0x1")).status).toBe(400);
  });
});
