// The organizers' order search (GET /api/admin/orders?q=): every way of finding an order (number,
// email or its start, part of a name, Stripe id, a seat, a whole row or section), only the caller's
// venues, hostile patterns taken literally; and each way has an index path (migration
// order_search_indexes), proven on the plan with sequential scans switched off.
import { beforeEach, describe, expect, it } from "vitest";
import { GET as ordersRoute } from "@/app/api/admin/orders/route";
import { getDb } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";
import { createEventWithTickets, createUser, createVenueWithGrid } from "@/prisma/seed/factories";
import { accessTokenFor, callRoute, type RouteHandler } from "@/test/support/api";
import { truncateAll } from "@/test/support/database";
import { resetRedis } from "@/test/support/redis";

beforeEach(async () => {
  await truncateAll();
  await resetRedis();
});

type Page = { orders: Array<{ order_id: string; buyer: { username: string } }>; total: number };

async function seeded() {
  const db = getDb();
  const { venue } = await createVenueWithGrid(db, { sections: 2, rows: 3, seatsPerRow: 4 });
  const ada = await createUser(db, { username: "ada_lovelace", email: "Ada.Lovelace@Example.com" });
  const alan = await createUser(db, { username: "alan_turing", email: "alan@example.org" });
  const { event } = await createEventWithTickets(db, { venueId: venue.id, sold: { buyerIds: [ada.id, alan.id], tickets: 8, orderSize: 2 } });
  const { venue: otherVenue } = await createVenueWithGrid(db, { sections: 1, rows: 1, seatsPerRow: 4 });
  await createEventWithTickets(db, { venueId: otherVenue.id, sold: { buyerIds: [ada.id], tickets: 2, orderSize: 2 } });
  const organizer = await createUser(db, { role: "venue_admin", venueIds: [venue.id] });
  const items = await db.orderItem.findMany({ where: { eventId: event.id }, orderBy: { id: "asc" }, include: { user: true } });
  return { event, organizer, token: await accessTokenFor(organizer), items };
}

describe("order search", () => {
  it("finds orders by number, email, part of a name, Stripe id, seat, row and section, in the caller's venues only", async () => {
    const { token, items } = await seeded();
    const db = getDb();
    const search = async (q: string) => {
      const res = await callRoute<Page>(ordersRoute as RouteHandler, "GET", `/api/admin/orders?q=${encodeURIComponent(q)}&size=100`, { token });
      expect(res.status).toBe(200);
      return res.body;
    };
    const ids = (page: Page) => page.orders.map((o) => Number(o.order_id)).sort((a, b) => a - b);
    const ordersOf = (pred: (i: (typeof items)[number]) => boolean) => [...new Set(items.filter(pred).map((i) => i.paymentId))].sort((a, b) => a - b);
    const first = items[0]!;

    expect(ids(await search(String(first.paymentId)))).toEqual([first.paymentId]);
    expect(ids(await search(`#${first.paymentId}`))).toEqual([first.paymentId]);
    // Ada also bought at the other venue: this venue's admin never sees that order.
    expect(ids(await search("ada.lovelace@example.com"))).toEqual(ordersOf((i) => i.user.username === "ada_lovelace"));
    expect(ids(await search("ADA.LOVE"))).toEqual([]); // no @: a name, and no name contains it
    expect(ids(await search("ada.love@"))).toEqual([]);
    expect(ids(await search("ada.lo"))).toEqual([]);
    expect(ids(await search("Ada.Lovelace@"))).toEqual(ordersOf((i) => i.user.username === "ada_lovelace"));
    expect(ids(await search("TURING"))).toEqual(ordersOf((i) => i.user.username === "alan_turing"));
    expect(ids(await search(first.seat.toLowerCase()))).toEqual([first.paymentId]);
    const [section, row] = first.seat.split("-") as [string, string];
    expect(ids(await search(`${section}-${row}`))).toEqual(ordersOf((i) => i.seat.startsWith(`${section}-${row}-`)));
    expect(ids(await search(`${section}-`))).toEqual(ordersOf((i) => i.seat.startsWith(`${section}-`)));
    await db.payment.update({ where: { id: first.paymentId }, data: { transactionId: "pi_search_test", checkoutSessionId: "cs_search_test" } });
    expect(ids(await search("pi_search_test"))).toEqual([first.paymentId]);
    expect(ids(await search("cs_search_test"))).toEqual([first.paymentId]);
    // LIKE's wildcards are literal.
    expect((await search("%")).total).toBe(0);
    // "_" is an underscore, not any character: ada_lovelace only.
    expect(ids(await search("a_l"))).toEqual(ordersOf((i) => i.user.username === "ada_lovelace"));
    expect((await search("a__")).total).toBe(0);
    expect((await search("%-%")).total).toBe(0);
  });

  it("each way of matching has an index path", async () => {
    await seeded();
    const plan = async (sql: Prisma.Sql, ordered = false) =>
      getDb().$transaction(async (tx) => {
        // Tiny tables make a sequential scan cheapest; without it, the index the query can use shows.
        await tx.$executeRawUnsafe("SET LOCAL enable_seqscan = off");
        // An ordered page: the index that yields the order, not a sort of whatever finds the rows.
        if (ordered) await tx.$executeRawUnsafe("SET LOCAL enable_sort = off");
        if (ordered) await tx.$executeRawUnsafe("SET LOCAL enable_bitmapscan = off");
        const rows = await tx.$queryRaw<Array<{ "QUERY PLAN": string }>>(Prisma.sql`EXPLAIN ${sql}`);
        return rows.map((r) => r["QUERY PLAN"]).join("\n");
      });
    expect(await plan(Prisma.sql`SELECT user_id FROM users WHERE lower(email) LIKE ${"ada.lovelace@%"}`)).toContain("users_lower_email_trgm_idx");
    expect(await plan(Prisma.sql`SELECT user_id FROM users WHERE lower(username) LIKE ${"%turing%"}`)).toContain("users_lower_username_trgm_idx");
    expect(await plan(Prisma.sql`SELECT payment_id FROM order_item WHERE upper(seat) = ${"A-A-1"}`)).toContain("order_item_upper_seat_idx");
    expect(await plan(Prisma.sql`SELECT payment_id FROM order_item WHERE upper(seat) LIKE ${"A-B-%"}`)).toContain("order_item_upper_seat_idx");
    expect(await plan(Prisma.sql`SELECT payment_id FROM payment WHERE status IN ('approved', 'partially_refunded', 'refunded') ORDER BY payment_datetime DESC NULLS LAST, payment_id DESC LIMIT 25`, true)).toContain("payment_datetime_id_idx");
    expect(await plan(Prisma.sql`SELECT payment_id FROM payment WHERE status IN ('approved', 'partially_refunded', 'refunded') ORDER BY price DESC, payment_id DESC LIMIT 25`, true)).toContain("payment_price_id_idx");
  });
});
