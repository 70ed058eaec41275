// The live sales figures and exports: correct on a seeded event (sold/held/free add up to the
// tickets, money from the payments), computed once however many viewers ask at once, and CSV that a
// spreadsheet reads safely.
import { beforeEach, describe, expect, it, vi } from "vitest";
import { GET as salesRoute } from "@/app/api/admin/events/[event_id]/sales/route";
import { GET as ordersCsvRoute } from "@/app/api/admin/events/[event_id]/sales/orders.csv/route";
import { GET as attendeesCsvRoute } from "@/app/api/admin/events/[event_id]/sales/attendees.csv/route";
import { GET as checkInsRoute } from "@/app/api/admin/events/[event_id]/sales/check-ins/route";
import { GET as seatsRoute } from "@/app/api/admin/events/[event_id]/sales/seats/route";
import { computeEventSales, getEventSales, listEventSalesOverview, salesCacheKey, type EventSales } from "@/lib/admin/sales";
import type { Caller } from "@/lib/auth/get-caller";
import { getDb } from "@/lib/db";
import { getRedis } from "@/lib/redis";
import { invalidateCached } from "@/lib/redis/cached";
import { createEventWithTickets, createUser, createVenueWithGrid, holdTickets } from "@/prisma/seed/factories";
import { accessTokenFor, callRoute, type RouteHandler } from "@/test/support/api";
import { truncateAll } from "@/test/support/database";
import { resetRedis } from "@/test/support/redis";

beforeEach(async () => {
  await truncateAll();
  await resetRedis();
});

async function seeded() {
  const db = getDb();
  const { venue } = await createVenueWithGrid(db, { sections: 2, rows: 4, seatsPerRow: 10 });
  const fans = [await createUser(db, { username: "=HYPERLINK(\"http://x\")" }), await createUser(db, { username: "plain, fan" })];
  const { event, ticketCount } = await createEventWithTickets(db, {
    venueId: venue.id,
    price: "40.00",
    serviceFee: "2.00",
    queueEnabled: true,
    queueWindowSeconds: 600,
    sold: { buyerIds: fans.map((f) => f.id), tickets: 20, orderSize: 2 },
  });
  const holder = await createUser(db);
  await holdTickets(db, { eventId: event.id, userId: holder.id, count: 3 });
  // A lapsed hold counts as free (the availability rule), not held.
  const lapsed = await createUser(db);
  await holdTickets(db, { eventId: event.id, userId: lapsed.id, count: 2, expiresAt: new Date(Date.now() - 60_000) });
  const items = await db.orderItem.findMany({ where: { eventId: event.id }, orderBy: { id: "asc" } });
  await db.orderItem.updateMany({ where: { id: { in: items.slice(0, 5).map((i) => i.id) } }, data: { checkedInAt: new Date() } });
  // Waiting room: 4 joined, 3 admitted, of whom 2 long ago (window over): one bought, one did not.
  const now = Date.now();
  const q = [await createUser(db), await createUser(db)];
  await db.queueEntry.createMany({
    data: [
      { eventId: event.id, userId: fans[0]!.id, position: 1, preQueue: true, joinedAt: new Date(now - 3_600_000), admittedAt: new Date(now - 3_000_000) },
      { eventId: event.id, userId: q[0]!.id, position: 2, preQueue: true, joinedAt: new Date(now - 3_600_000), admittedAt: new Date(now - 3_000_000) },
      { eventId: event.id, userId: q[1]!.id, position: 3, preQueue: false, joinedAt: new Date(now - 60_000), admittedAt: new Date(now - 10_000) },
      { eventId: event.id, userId: holder.id, position: 4, preQueue: false, joinedAt: new Date(now - 5_000), admittedAt: null },
    ],
  });
  const organizer = await createUser(db, { role: "venue_admin", venueIds: [venue.id] });
  return { event, ticketCount, organizer, token: await accessTokenFor(organizer), items };
}

describe("sales figures", () => {
  it("add up on a seeded event: sold, held, free by class and section; money; waiting room; check-ins", async () => {
    const { event, ticketCount, token } = await seeded();
    const res = await callRoute<EventSales>(salesRoute as RouteHandler, "GET", `/api/admin/events/${event.id}/sales`, { token, params: { event_id: String(event.id) } });
    expect(res.status).toBe(200);
    const s = res.body;
    expect(s.totals).toEqual({ sold: 20, held: 3, free: ticketCount - 23, other: 0, total: ticketCount });
    expect(s.totals.sold + s.totals.held + s.totals.free + s.totals.other).toBe(ticketCount);
    for (const list of [s.by_class, s.by_section]) {
      expect(list.reduce((n, r) => n + r.total, 0)).toBe(ticketCount);
      expect(list.reduce((n, r) => n + r.sold, 0)).toBe(20);
      for (const r of list) expect(r.sold + r.held + r.free + r.other).toBe(r.total);
    }
    expect(s.by_section).toHaveLength(2);
    expect(s.money).toEqual({ currency: "USD", orders: 10, gross: "840.00", fees: "40.00", refunds: "0.00", net: "840.00" });
    expect(s.over_time.points.reduce((n, p) => n + p.tickets, 0)).toBe(20);
    expect(s.waiting_room).toMatchObject({ enabled: true, joined: 4, admitted: 3, waiting: 1, admitted_last_minute: 1, abandoned: 1, abandonment_rate: 0.5 });
    expect(s.check_in).toEqual({ issued: 20, checked_in: 5, rate: 0.25 });

    const seats = await callRoute<{ seats: Array<[number, number, number]> }>(seatsRoute as RouteHandler, "GET", `/api/admin/events/${event.id}/sales/seats`, { token, params: { event_id: String(event.id) } });
    const byStatus = [0, 1, 2, 3].map((k) => seats.body.seats.filter((x) => x[2] === k).length);
    expect(byStatus).toEqual([ticketCount - 23, 3, 20, 0]);

    const counts = await callRoute(checkInsRoute as RouteHandler, "GET", `/api/admin/events/${event.id}/sales/check-ins`, { token, params: { event_id: String(event.id) } });
    expect(counts.body).toEqual({ event_id: String(event.id), issued: 20, checked_in: 5 });
  });

  it("fifty viewers at once cause one computation; the next second's viewers another", async () => {
    const { event, organizer } = await seeded();
    const caller: Caller = { userId: organizer.id, role: organizer.role, email: organizer.email, username: organizer.username };
    const compute = vi.fn((id: number) => computeEventSales(id));
    const results = await Promise.all(Array.from({ length: 50 }, () => getEventSales(caller, event.id, { compute })));
    expect(compute).toHaveBeenCalledTimes(1);
    expect(new Set(results.map((r) => r.computed_at)).size).toBe(1);
    // The entry lives one second; dropping it stands in for that second passing (no sleeping).
    await invalidateCached(getRedis(), [salesCacheKey(event.id)]);
    await Promise.all(Array.from({ length: 50 }, () => getEventSales(caller, event.id, { compute })));
    expect(compute).toHaveBeenCalledTimes(2);
    expect(await getRedis().pttl(salesCacheKey(event.id))).toBeLessThanOrEqual(1000);
  });
});

describe("venue overview", () => {
  it("lists the events of the caller's venues with their sales, and nothing of other venues", async () => {
    const { event, organizer } = await seeded();
    const db = getDb();
    const { venue: elsewhere } = await createVenueWithGrid(db, { rows: 1, seatsPerRow: 4 });
    await createEventWithTickets(db, { venueId: elsewhere.id, title: "Elsewhere" });
    const caller: Caller = { userId: organizer.id, role: organizer.role, email: organizer.email, username: organizer.username };
    const lines = await listEventSalesOverview(caller);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ event_id: String(event.id), sold: 20, orders: 10, gross: "840.00", refunds: "0.00", checked_in: 5 });
    const admin = await createUser(db, { role: "admin" });
    expect((await listEventSalesOverview({ userId: admin.id, role: "admin", email: admin.email, username: admin.username })).map((l) => l.title).sort()).toContain("Elsewhere");
    const fan = await createUser(db);
    expect(await listEventSalesOverview({ userId: fan.id, role: "buyer", email: fan.email, username: fan.username })).toEqual([]);
  });
});

describe("CSV exports", () => {
  it("orders and attendees, escaped and formula-safe", async () => {
    const { event, token, items } = await seeded();
    const get = async (handler: RouteHandler, what: string) => {
      const res = await handler(new Request(`http://localhost/api/admin/events/${event.id}/sales/${what}.csv`, { headers: { authorization: `Bearer ${token}` } }), {
        params: Promise.resolve({ event_id: String(event.id) }),
      } as never);
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toMatch(/^text\/csv/);
      return (await res.text()).replace(/^\uFEFF/, "");
    };
    const orders = (await get(ordersCsvRoute as RouteHandler, "orders")).split("\r\n").filter(Boolean);
    expect(orders[0]).toBe("order_id,paid_at,status,buyer,email,tickets,total,fees,refunded,currency");
    expect(orders).toHaveLength(11);
    const attendees = (await get(attendeesCsvRoute as RouteHandler, "attendees")).split("\r\n").filter(Boolean);
    expect(attendees).toHaveLength(1 + items.length);
    const all = orders.join("\n") + attendees.join("\n");
    // The fan named like a formula appears only defused and quoted; the comma name quoted.
    expect(all).not.toMatch(/(^|,)=HYPERLINK/m);
    expect(all).toContain(`"'=HYPERLINK(""http://x"")"`);
    expect(all).toContain(`"plain, fan"`);
  });
});
