// The data factories against the test database: counts, labels, sales and holds stay consistent.
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/lib/db";
import { truncateAll } from "@/test/support/database";
import {
  createEventWithTickets,
  createUser,
  createVenue,
  createVenueWithGrid,
  ensureEventType,
  ensurePriceClasses,
  holdTickets,
  sellTickets,
} from "./factories";
import { comedyClubLayout } from "./venues";

const db = () => getDb();

beforeAll(async () => {
  await truncateAll();
});

/**
 * Sale bookkeeping that must hold for any event: see sellTickets. Every confirmed ticket has exactly
 * one issued order item of its payment and buyer, at its price plus the event's fee, with a 32-hex
 * token secret; every payment is the sum of its items' prices and fees.
 */
async function expectConsistentSales(eventId: number) {
  const [row] = await db().$queryRaw<Array<Record<string, bigint>>>`
    SELECT
      count(*) FILTER (WHERE t.status = 'confirmed' AND (t.user_id IS NULL OR t.payment_id IS NULL OR t.reservation_id IS NULL)) AS unlinked,
      (SELECT count(*) FROM payment p JOIN reservation r USING (reservation_id)
        WHERE r.event_id = ${eventId} AND (p.user_id <> r.user_id OR r.status <> 'confirmed' OR p.status <> 'approved'
              OR p.event_id IS DISTINCT FROM r.event_id
              OR p.price <> (SELECT sum(price) + sum(fee) FROM order_item x WHERE x.payment_id = p.payment_id)
              OR p.fee_amount <> (SELECT sum(fee) FROM order_item x WHERE x.payment_id = p.payment_id)
              OR p.price <> p.fee_amount + (SELECT sum(price) FROM ticket x WHERE x.payment_id = p.payment_id)
              OR p.transaction_id NOT LIKE 'seed\\_%')) AS bad_payments,
      (SELECT count(*) FROM (SELECT payment_id FROM ticket WHERE event_id = ${eventId} AND payment_id IS NOT NULL
                              GROUP BY payment_id HAVING count(*) > 8 OR count(DISTINCT user_id) > 1) o) AS bad_orders,
      count(*) FILTER (WHERE t.status = 'confirmed' AND (SELECT count(*) FROM order_item oi JOIN event e USING (event_id), class cl
                                                          WHERE oi.ticket_id = t.ticket_id AND oi.payment_id = t.payment_id
                                                            AND oi.user_id = t.user_id AND oi.event_id = t.event_id AND oi.seat = t.seat
                                                            AND cl.class_id = t.class_id AND oi.class_name = cl.name
                                                            AND oi.price = t.price AND oi.fee = e.service_fee AND oi.currency = t.currency
                                                            AND oi.status = 'issued' AND oi.token_secret ~ '^[0-9a-f]{32}$'
                                                            AND oi.checked_in_datetime IS NULL) <> 1) AS bad_items,
      (SELECT count(*) FROM order_item oi WHERE oi.event_id = ${eventId}) - count(*) FILTER (WHERE t.status = 'confirmed') AS extra_items
    FROM ticket t WHERE t.event_id = ${eventId}`;
  expect(row).toEqual({ unlinked: 0n, bad_payments: 0n, bad_orders: 0n, bad_items: 0n, extra_items: 0n });
}

describe("createVenueWithGrid", () => {
  it("writes the sections and seats of a grid, with capacity and chart", async () => {
    const { venue, sections, seatCount } = await createVenueWithGrid(db(), { sections: 3, rows: 4, seatsPerRow: 6, location: "Austin, TX" });
    expect(seatCount).toBe(72);
    expect(venue.capacity).toBe(72);
    expect(venue.location).toBe("Austin, TX");
    expect(venue.chart).toMatchObject({ width: expect.any(Number), stage: { label: "STAGE" } });
    expect(sections.map((s) => s.name)).toEqual(["A", "B", "C"]);
    expect(await db().seat.count({ where: { venueId: venue.id } })).toBe(72);
    const first = await db().seat.findFirstOrThrow({ where: { sectionId: sections[0]!.id, rowIndex: 0, number: 1 } });
    expect(first.row).toBe("A");
  });
});

describe("createVenue", () => {
  it("writes a designed chart as is", async () => {
    const spec = comedyClubLayout({ key: "club", kind: "club", name: "Test Club", location: "Austin, TX", address: "1 Main St", phone: "+1 512-555-0100", timezone: "America/Chicago" });
    const { venue, sections } = await createVenue(db(), spec);
    expect(sections.map((s) => [s.name, s.seatCount])).toEqual(spec.sections.map((s) => [s.name, s.seats.length]));
    const stored = await db().section.findMany({ where: { venueId: venue.id }, orderBy: { sortOrder: "asc" } });
    expect(stored.map((s) => s.outline)).toEqual(spec.sections.map((s) => s.outline));
    const seats = await db().seat.findMany({ where: { venueId: venue.id }, orderBy: { id: "asc" } });
    expect(seats.map((s) => [s.row, s.number, s.x, s.y])).toEqual(spec.sections.flatMap((s) => s.seats.map((p) => [p.row, p.number, p.x, p.y])));
  });
});

describe("createEventWithTickets", () => {
  it("creates one available ticket per seat and counts them", async () => {
    const { venue } = await createVenueWithGrid(db(), { sections: 2, rows: 3, seatsPerRow: 5 });
    const { event, ticketCount, sold } = await createEventWithTickets(db(), {
      venueId: venue.id,
      title: "Factory Night",
      performers: ["Headliner X", "Opener Y"],
      price: "42.50",
    });
    expect(ticketCount).toBe(30);
    expect(sold).toEqual({ orders: 0, tickets: 0 });
    expect(event).toMatchObject({ totalTicketCount: 30, location: venue.location, holdSeconds: 1800, maxTicketsPerOrder: 8, currency: "USD" });
    const tickets = await db().ticket.findMany({ where: { eventId: event.id }, orderBy: { id: "asc" }, include: { class: true } });
    expect(tickets.every((t) => t.status === "available" && t.price.toFixed(2) === "42.50" && t.class.name === "Gold")).toBe(true);
    expect(tickets[0]!.seat).toBe("A-A-1");
    expect(tickets.at(-1)!.seat).toBe("B-C-5");
    const performers = await db().eventPerformer.findMany({ where: { eventId: event.id }, include: { performer: true }, orderBy: { billing: "asc" } });
    expect(performers.map((p) => p.performer.name)).toEqual(["Headliner X", "Opener Y"]);
  });

  it("prices sections by class and can sell some tickets as it creates them", async () => {
    const { venue, sections } = await createVenueWithGrid(db(), { sections: 2, rows: 4, seatsPerRow: 10 });
    const [vip, , , , bronze] = await ensurePriceClasses(db());
    const buyers = [await createUser(db()), await createUser(db())];
    const type = await ensureEventType(db(), "comedy", "Stand-up and improv comedy");
    const { event, sold } = await createEventWithTickets(db(), {
      venueId: venue.id,
      typeId: type.id,
      sections: [
        { sectionId: sections[0]!.id, classId: vip!.id, price: "120.00" },
        { sectionId: sections[1]!.id, classId: bronze!.id, price: "20.00" },
      ],
      serviceFee: "4.25",
      sold: { buyerIds: buyers.map((b) => b.id), fraction: 0.5 },
    });
    expect(sold.tickets).toBeGreaterThanOrEqual(40);
    expect(sold.tickets).toBeLessThanOrEqual(46);
    expect(await db().ticket.count({ where: { eventId: event.id, status: "confirmed" } })).toBe(sold.tickets);
    expect(await db().payment.count({ where: { reservation: { eventId: event.id } } })).toBe(sold.orders);
    expect(await db().orderItem.count({ where: { eventId: event.id, status: "issued", fee: "4.25" } })).toBe(sold.tickets);
    await expectConsistentSales(event.id);
  });

  it("refuses a class that does not exist", async () => {
    const { venue, sections } = await createVenueWithGrid(db());
    await expect(
      createEventWithTickets(db(), { venueId: venue.id, sections: [{ sectionId: sections[0]!.id, classId: 999_999, price: 1 }] }),
    ).rejects.toThrow(/0 tickets for 50 seats/);
  });
});

describe("sellTickets", () => {
  it("sells out an event in orders of adjacent seats, the same seats for the same salt", async () => {
    const { venue } = await createVenueWithGrid(db(), { sections: 2, rows: 5, seatsPerRow: 12 });
    const buyer = await createUser(db());
    const a = await createEventWithTickets(db(), { venueId: venue.id, serviceFee: "3.50" });
    const b = await createEventWithTickets(db(), { venueId: venue.id });
    const partA = await sellTickets(db(), { eventId: a.event.id, buyerIds: [buyer.id], fraction: 0.3, salt: "s" });
    const partB = await sellTickets(db(), { eventId: b.event.id, buyerIds: [buyer.id], fraction: 0.3, salt: "s" });
    expect(partB).toEqual(partA);
    const soldSeats = async (eventId: number) =>
      (await db().ticket.findMany({ where: { eventId, status: "confirmed" }, select: { seat: true }, orderBy: { seat: "asc" } })).map((t) => t.seat);
    expect(await soldSeats(b.event.id)).toEqual(await soldSeats(a.event.id));

    const rest = await sellTickets(db(), { eventId: a.event.id, buyerIds: [buyer.id], fraction: 1 });
    expect(partA.tickets + rest.tickets).toBe(120);
    expect(await db().ticket.count({ where: { eventId: a.event.id, status: { not: "confirmed" } } })).toBe(0);
    await expectConsistentSales(a.event.id);
  });

  it("sells an exact order size to one buyer", async () => {
    const { venue } = await createVenueWithGrid(db(), { rows: 2, seatsPerRow: 10 });
    const fan = await createUser(db());
    const { event } = await createEventWithTickets(db(), { venueId: venue.id });
    expect(await sellTickets(db(), { eventId: event.id, buyerIds: [fan.id], tickets: 4, orderSize: 4 })).toEqual({ orders: 1, tickets: 4 });
    const mine = await db().ticket.findMany({ where: { userId: fan.id }, include: { seatRef: true } });
    expect(new Set(mine.map((t) => t.seatRef.row)).size).toBe(1);
    const payment = await db().payment.findFirstOrThrow({ where: { userId: fan.id }, include: { items: true } });
    expect(payment).toMatchObject({ eventId: event.id, status: "approved" });
    expect(payment.price.toFixed(2)).toBe("200.00"); // 4 x 50.00, no fee
    expect(payment.items.map((i) => i.ticketId).sort()).toEqual(mine.map((t) => t.id).sort());
    expect(new Set(payment.items.map((i) => i.tokenSecret)).size).toBe(4);
    await expectConsistentSales(event.id);
  });
});

describe("holdTickets", () => {
  it("holds seats side by side in one row until expiry, and only available ones", async () => {
    const { venue } = await createVenueWithGrid(db(), { rows: 1, seatsPerRow: 4 });
    const fan = await createUser(db());
    const { event } = await createEventWithTickets(db(), { venueId: venue.id, holdSeconds: 600 });
    const before = Date.now();
    const { reservation, ticketIds } = await holdTickets(db(), { eventId: event.id, userId: fan.id, count: 3 });
    expect(ticketIds).toHaveLength(3);
    expect(reservation.status).toBe("active");
    expect(reservation.expiresAt.getTime()).toBeGreaterThanOrEqual(before + 600_000);
    const held = await db().ticket.findMany({ where: { id: { in: ticketIds } }, orderBy: { id: "asc" } });
    expect(held.map((t) => t.seat)).toEqual(["A-A-1", "A-A-2", "A-A-3"]);
    expect(held.every((t) => t.status === "reserved" && t.reservationId === reservation.id && t.holdExpiresAt?.getTime() === reservation.expiresAt.getTime())).toBe(true);
    await expect(holdTickets(db(), { eventId: event.id, userId: fan.id, count: 2 })).rejects.toThrow(/no row/);
    await expect(holdTickets(db(), { eventId: event.id, userId: fan.id, ticketIds })).rejects.toThrow(/only 0 of 3/);
  });
});

describe("createUser", () => {
  it("makes unique users, and venue admins of the venues given", async () => {
    const { venue } = await createVenueWithGrid(db(), { rows: 1, seatsPerRow: 1 });
    const a = await createUser(db());
    const b = await createUser(db(), { role: "venue_admin", venueIds: [venue.id] });
    expect(a.username).not.toBe(b.username);
    expect(a.email).toMatch(/@example\.com$/);
    expect(await db().venueAdmin.findMany({ where: { userId: b.id }, select: { venueId: true } })).toEqual([{ venueId: venue.id }]);
  });
});
