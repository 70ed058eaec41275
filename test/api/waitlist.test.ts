// The waitlist's HTTP surface: join / status / change / leave / decline for fans, the organizer's
// figures, who may call what (anonymous, buyer, a venue admin of another venue, the venue's admin,
// an admin), and that a refused call changes nothing.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import * as adminWaitlist from "@/app/api/admin/events/[event_id]/waitlist/route";
import * as decline from "@/app/api/events/[event_id]/waitlist/offer/decline/route";
import * as waitlist from "@/app/api/events/[event_id]/waitlist/route";
import { getDb } from "@/lib/db";
import { cancelReservedTickets } from "@/lib/inventory/cancel-reserved-tickets";
import type { WaitlistFigures } from "@/lib/waitlist/get-waitlist-figures";
import type { WaitlistStatus } from "@/lib/waitlist/get-waitlist-status";
import { createEventWithTickets, createVenueWithGrid, ensurePriceClasses } from "@/prisma/seed/factories";
import { accessTokenFor, callRoute, type RouteHandler } from "@/test/support/api";
import { createTestUser } from "@/test/support/auth";
import { truncateAll } from "@/test/support/database";
import { resetRedis } from "@/test/support/redis";

const db = () => getDb();
type ErrorBody = { error: { code: string; message: string } };

let eventId: number;
let venueId: number;
let vipClass: number;
let holds: { userId: number; reservationId: number; ticketIds: number[] }[];

/** A sold-out event of 12 seats (two rows of six, Gold), every seat held in holds of two. */
async function soldOut() {
  const [gold, , vip] = await ensurePriceClasses(db());
  vipClass = vip!.id;
  const venue = await createVenueWithGrid(db(), { sections: 1, rows: 2, seatsPerRow: 6 });
  venueId = venue.venue.id;
  const created = await createEventWithTickets(db(), { venueId, classId: gold!.id, maxTicketsPerOrder: 4 });
  eventId = created.event.id;
  const tickets = await db().ticket.findMany({ where: { eventId }, orderBy: { id: "asc" }, select: { id: true } });
  holds = [];
  for (let i = 0; i < tickets.length; i += 2) {
    const holder = await createTestUser();
    const r = await db().reservation.create({ data: { userId: holder.id, eventId, status: "active", expiresAt: new Date(Date.now() + 3_600_000) } });
    const ids = tickets.slice(i, i + 2).map((t) => t.id);
    await db().ticket.updateMany({ where: { id: { in: ids } }, data: { status: "reserved", userId: holder.id, reservationId: r.id, holdExpiresAt: r.expiresAt } });
    holds.push({ userId: holder.id, reservationId: r.id, ticketIds: ids });
  }
}

const path = () => `/api/events/${eventId}/waitlist`;
const call = <T,>(handler: unknown, method: string, token: string | undefined, body?: unknown, p = path()) =>
  callRoute<T>(handler as RouteHandler, method, p, { token, body, params: { event_id: String(eventId) } });
const join = (token: string | undefined, body: unknown = { party_size: 2 }) => call<WaitlistStatus & ErrorBody>(waitlist.POST, "POST", token, body);
const status = (token: string | undefined) => call<WaitlistStatus & ErrorBody>(waitlist.GET, "GET", token);

async function fan() {
  const user = await createTestUser();
  return { user, token: await accessTokenFor(user) };
}

/** Everything a waitlist call may change. */
async function snapshot() {
  const [entries, offers, tickets] = await Promise.all([
    db().waitlistEntry.findMany({ orderBy: { id: "asc" } }),
    db().waitlistOffer.findMany({ orderBy: { id: "asc" } }),
    db().ticket.findMany({ orderBy: { id: "asc" }, select: { id: true, status: true, userId: true, reservationId: true } }),
  ]);
  return JSON.stringify({ entries, offers, tickets });
}

const savedLimit = process.env.RATE_LIMIT_WAITLIST_JOIN_PER_MINUTE;

beforeEach(async () => {
  await truncateAll();
  await resetRedis();
  await soldOut();
  // The rate limit has its own test; the others make more joins a minute than a fan would.
  process.env.RATE_LIMIT_WAITLIST_JOIN_PER_MINUTE = "1000";
});

afterEach(() => {
  if (savedLimit === undefined) delete process.env.RATE_LIMIT_WAITLIST_JOIN_PER_MINUTE;
  else process.env.RATE_LIMIT_WAITLIST_JOIN_PER_MINUTE = savedLimit;
});

describe("fans on the waitlist", () => {
  it("joins a sold-out event in order, sees their place, changes without losing it, leaves", async () => {
    const a = await fan();
    const b = await fan();
    const first = await join(a.token, { party_size: 2, together: true });
    expect(first.status).toBe(201);
    expect(first.body.entry).toMatchObject({ status: "waiting", party_size: 2, together: true, class_ids: [], position: 1, list_length: 1 });
    expect((await join(b.token, { party_size: 1 })).body.entry).toMatchObject({ position: 2, list_length: 2 });

    const changed = await call<WaitlistStatus>(waitlist.PATCH, "PATCH", a.token, { party_size: 3, together: false });
    expect(changed.status).toBe(200);
    expect(changed.body.entry).toMatchObject({ party_size: 3, together: false, position: 1 });

    const left = await call<WaitlistStatus>(waitlist.DELETE, "DELETE", a.token);
    expect(left.body.entry).toMatchObject({ status: "left", position: null });
    expect((await status(b.token)).body.entry).toMatchObject({ position: 1, list_length: 1 });
    // A fan who left may join again, at the back.
    expect((await join(a.token)).body.entry).toMatchObject({ position: 2 });
  });

  it("refuses: a second live entry, a fan who holds seats, a request that fits seats on sale, a party over the order limit, unknown classes, bad bodies", async () => {
    const a = await fan();
    await join(a.token);
    const again = await join(a.token);
    expect([again.status, again.body.error.code]).toEqual([409, "already_on_waitlist"]);

    const holder = await createTestUser();
    await db().ticket.updateMany({ where: { id: { in: holds[0]!.ticketIds } }, data: { userId: holder.id } });
    await db().reservation.update({ where: { id: holds[0]!.reservationId }, data: { userId: holder.id } });
    const holding = await join(await accessTokenFor(holder));
    expect([holding.status, holding.body.error.code]).toEqual([409, "already_has_tickets"]);

    const b = await fan();
    const before = await snapshot();
    for (const [body, code] of [
      [{ party_size: 5 }, "validation_error"],
      [{ party_size: 0 }, "validation_error"],
      [{ party_size: 2, class_ids: [vipClass] }, "validation_error"],
      [{ party_size: 2, class_ids: ["x"] }, "validation_error"],
      [{ party_size: 2, extra: 1 }, "validation_error"],
      [{ party_size: "2" }, "validation_error"],
    ] as const) {
      const res = await join(b.token, body);
      expect([res.status, res.body.error.code]).toEqual([400, code]);
    }
    expect(await snapshot()).toBe(before);

    // Two seats on sale: a pair fits them (buy instead), a party of three that must sit together does not.
    await db().ticket.updateMany({ where: { id: { in: holds[5]!.ticketIds } }, data: { status: "available", userId: null, reservationId: null, holdExpiresAt: null } });
    const fits = await join(b.token, { party_size: 2 });
    expect([fits.status, fits.body.error.code]).toEqual([409, "waitlist_not_sold_out"]);
    expect((await join(b.token, { party_size: 3, together: true })).status).toBe(201);
  });

  it("an offer shows on the fan's status with its seats and window; changing is refused while it is open; declining moves it to the next fan", async () => {
    const a = await fan();
    const b = await fan();
    await join(a.token);
    await join(b.token);
    await cancelReservedTickets({ userId: holds[2]!.userId, ticketIds: holds[2]!.ticketIds });

    const offered = await status(a.token);
    expect(offered.body.entry).toMatchObject({ status: "offered", position: 1 });
    expect(offered.body.offer).toMatchObject({ status: "offered", checkout_path: `/checkout/${offered.body.offer!.reservation_id}` });
    expect(offered.body.offer!.expire_in_seconds).toBeGreaterThan(800);
    expect(offered.body.offer!.hold!.tickets.map((t) => Number(t.ticket_id)).sort()).toEqual([...holds[2]!.ticketIds].sort());

    const change = await call<ErrorBody>(waitlist.PATCH, "PATCH", a.token, { party_size: 1 });
    expect([change.status, change.body.error.code]).toEqual([409, "waitlist_offer_open"]);
    const notMine = await call<ErrorBody>(decline.POST, "POST", b.token, undefined, `${path()}/offer/decline`);
    expect([notMine.status, notMine.body.error.code]).toEqual([409, "no_open_offer"]);

    const declined = await call<WaitlistStatus>(decline.POST, "POST", a.token, undefined, `${path()}/offer/decline`);
    expect(declined.status).toBe(200);
    expect(declined.body.entry?.status).toBe("left");
    expect((await status(b.token)).body.offer).toMatchObject({ status: "offered" });
  });

  it("a paid offer shows as bought at the fan's next read, without waiting for the sweeper", async () => {
    const a = await fan();
    await join(a.token);
    await cancelReservedTickets({ userId: holds[1]!.userId, ticketIds: holds[1]!.ticketIds });
    const offered = await status(a.token);
    const reservationId = Number(offered.body.offer!.reservation_id);
    // What confirm-payment writes when the payment is settled.
    await db().reservation.update({ where: { id: reservationId }, data: { status: "confirmed" } });
    await db().ticket.updateMany({ where: { reservationId }, data: { status: "confirmed", holdExpiresAt: null } });
    const after = await status(a.token);
    expect(after.body.entry).toMatchObject({ status: "converted", position: null });
    expect(after.body.offer).toMatchObject({ status: "accepted", hold: null });
  });

  it("joins are rate limited per fan", async () => {
    process.env.RATE_LIMIT_WAITLIST_JOIN_PER_MINUTE = "2";
    const a = await fan();
    await join(a.token);
    await join(a.token);
    const third = await join(a.token);
    expect([third.status, third.body.error.code]).toEqual([429, "rate_limited"]);
  });
});

describe("authorization", () => {
  type Who = "anonymous" | "buyer" | "other venue's admin" | "venue's admin" | "admin";
  async function callers(): Promise<Record<Who, string | undefined>> {
    const otherVenue = await createVenueWithGrid(db(), { sections: 1, rows: 1, seatsPerRow: 2 });
    const otherAdmin = await createTestUser({ role: "venue_admin" });
    await db().venueAdmin.create({ data: { userId: otherAdmin.id, venueId: otherVenue.venue.id } });
    const venueAdmin = await createTestUser({ role: "venue_admin" });
    await db().venueAdmin.create({ data: { userId: venueAdmin.id, venueId } });
    return {
      anonymous: undefined,
      buyer: (await fan()).token,
      "other venue's admin": await accessTokenFor(otherAdmin),
      "venue's admin": await accessTokenFor(venueAdmin),
      admin: await accessTokenFor(await createTestUser({ role: "admin" })),
    };
  }

  it("the organizer's figures: the event's venue admin and admins only; refused calls change nothing", async () => {
    const who = await callers();
    const a = await fan();
    await join(a.token, { party_size: 2 });
    await join((await fan()).token, { party_size: 3, class_ids: [] });
    const before = await snapshot();
    const expected: Record<Who, number> = { anonymous: 401, buyer: 403, "other venue's admin": 403, "venue's admin": 200, admin: 200 };
    for (const [name, token] of Object.entries(who) as [Who, string | undefined][]) {
      const res = await call<WaitlistFigures>(adminWaitlist.GET, "GET", token, undefined, `/api/admin/events/${eventId}/waitlist`);
      expect([name, res.status]).toEqual([name, expected[name]]);
      if (res.status === 200) {
        expect(res.body).toMatchObject({ live_entries: 2, seats_wanted: 5, demand_by_party_size: [{ party_size: 2, entries: 1 }, { party_size: 3, entries: 1 }], offers: { made: 0 } });
        expect(res.body.demand_by_class).toEqual([{ class_id: "any", class_name: "Any class", entries: 2, seats: 5 }]);
        expect(res.body.entries.map((e) => e.position)).toEqual([1, 2]);
      }
    }
    expect(await snapshot()).toBe(before);
  });

  it("the waitlist settings: the event's venue admin and admins only; refused calls change nothing; bad values 400", async () => {
    const who = await callers();
    const settingsOf = () => db().event.findUniqueOrThrow({ where: { id: eventId }, select: { waitlistOfferSeconds: true, waitlistPriority: true } });
    const expected: Record<Who, number> = { anonymous: 401, buyer: 403, "other venue's admin": 403, "venue's admin": 200, admin: 200 };
    let seconds = 600;
    for (const [name, token] of Object.entries(who) as [Who, string | undefined][]) {
      const before = await settingsOf();
      const res = await call<{ offer_seconds: number; priority: boolean }>(adminWaitlist.PATCH, "PATCH", token, { offer_seconds: ++seconds, priority: false }, `/api/admin/events/${eventId}/waitlist`);
      expect([name, res.status]).toEqual([name, expected[name]]);
      if (res.status === 200) expect(await settingsOf()).toEqual({ waitlistOfferSeconds: seconds, waitlistPriority: false });
      else expect(await settingsOf()).toEqual(before);
    }
    const before = await settingsOf();
    for (const body of [{ offer_seconds: 5 }, { offer_seconds: 86_401 }, { priority: "yes" }, {}, { offer_seconds: 60, extra: 1 }]) {
      const res = await call<ErrorBody>(adminWaitlist.PATCH, "PATCH", who.admin, body, `/api/admin/events/${eventId}/waitlist`);
      expect([JSON.stringify(body), res.status, res.body.error.code]).toEqual([JSON.stringify(body), 400, "validation_error"]);
    }
    expect(await settingsOf()).toEqual(before);
  });

  it("fan routes: signed-in callers only, each acting on their own entry; anonymous calls change nothing", async () => {
    const who = await callers();
    const owner = await fan();
    await join(owner.token);
    await cancelReservedTickets({ userId: holds[0]!.userId, ticketIds: holds[0]!.ticketIds });
    const before = await snapshot();
    // Anonymous: 401 on every route, nothing changes.
    for (const [handler, method, p] of [
      [waitlist.GET, "GET", path()],
      [waitlist.POST, "POST", path()],
      [waitlist.PATCH, "PATCH", path()],
      [waitlist.DELETE, "DELETE", path()],
      [decline.POST, "POST", `${path()}/offer/decline`],
    ] as const) {
      const res = await call<ErrorBody>(handler, method, undefined, method === "POST" || method === "PATCH" ? { party_size: 1 } : undefined, p);
      expect([method, p, res.status]).toEqual([method, p, 401]);
    }
    expect(await snapshot()).toBe(before);
    // Every signed-in role sees only their own (absent) entry, and cannot leave, change or decline the owner's.
    for (const [name, token] of Object.entries(who) as [Who, string | undefined][]) {
      if (!token) continue;
      expect([name, (await status(token)).body]).toEqual([name, { entry: null, offer: null }]);
      expect([name, (await call(waitlist.DELETE, "DELETE", token)).status]).toEqual([name, 404]);
      expect([name, (await call(waitlist.PATCH, "PATCH", token, { party_size: 1 })).status]).toEqual([name, 404]);
      expect([name, (await call(decline.POST, "POST", token, undefined, `${path()}/offer/decline`)).status]).toEqual([name, 409]);
    }
    expect(await snapshot()).toBe(before);
    expect((await status(owner.token)).body.offer).toMatchObject({ status: "offered" });
  });

  it("an unknown event is 404, a malformed id 400", async () => {
    const a = await fan();
    expect((await callRoute(waitlist.GET as RouteHandler, "GET", "/api/events/999999/waitlist", { token: a.token, params: { event_id: "999999" } })).status).toBe(404);
    expect((await callRoute(waitlist.POST as RouteHandler, "POST", "/api/events/999999/waitlist", { token: a.token, params: { event_id: "999999" }, body: { party_size: 1 } })).status).toBe(404);
    expect((await callRoute(waitlist.GET as RouteHandler, "GET", "/api/events/x/waitlist", { token: a.token, params: { event_id: "x" } })).status).toBe(400);
  });
});
