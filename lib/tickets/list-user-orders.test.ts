import { beforeEach, describe, expect, it } from "vitest";
import { getDb } from "@/lib/db";
import { createEventWithTickets, createUser, createVenueWithGrid } from "@/prisma/seed/factories";
import { truncateAll } from "@/test/support/database";
import { getUserTicket } from "./get-user-ticket";
import { listUserOrders } from "./list-user-orders";
import { verifyTicketToken } from "./ticket-token";

const day = 86_400_000;

beforeEach(async () => {
  await truncateAll();
});

describe("listUserOrders", () => {
  it("is empty for a user without orders", async () => {
    const user = await createUser(getDb());
    expect(await listUserOrders({ userId: user.id })).toEqual({ upcoming: [], past: [] });
  });

  it("lists the fan's orders only, upcoming soonest first and past latest first, with seats, fees and tokens", async () => {
    const db = getDb();
    const fan = await createUser(db);
    const other = await createUser(db);
    const { venue } = await createVenueWithGrid(db, { rows: 2, seatsPerRow: 5 });
    const later = await createEventWithTickets(db, { venueId: venue.id, title: "Later", datetime: new Date(Date.now() + 20 * day), serviceFee: "2.50", sold: { buyerIds: [fan.id], tickets: 3, orderSize: 3 } });
    await createEventWithTickets(db, { venueId: venue.id, title: "Sooner", datetime: new Date(Date.now() + 2 * day), sold: { buyerIds: [fan.id], tickets: 2, orderSize: 2 } });
    await createEventWithTickets(db, { venueId: venue.id, title: "Long ago", datetime: new Date(Date.now() - 30 * day), sold: { buyerIds: [fan.id], tickets: 1, orderSize: 1 } });
    await createEventWithTickets(db, { venueId: venue.id, title: "Last week", datetime: new Date(Date.now() - 7 * day), sold: { buyerIds: [fan.id], tickets: 1, orderSize: 1 } });
    await createEventWithTickets(db, { venueId: venue.id, title: "Not mine", sold: { buyerIds: [other.id], tickets: 4 } });

    const { upcoming, past } = await listUserOrders({ userId: fan.id });
    expect(upcoming.map((o) => [o.event.title, o.items.length])).toEqual([
      ["Sooner", 2],
      ["Later", 3],
    ]);
    expect(past.map((o) => o.event.title)).toEqual(["Last week", "Long ago"]);
    expect([...upcoming, ...past].every((o) => o.holder === fan.username)).toBe(true);

    const order = upcoming[1]!;
    expect(order).toMatchObject({
      status: "approved",
      currency: "USD",
      subtotal: "150.00",
      fees: "7.50",
      total: "157.50",
      refundedAmount: "0.00",
      note: null,
      event: { id: later.event.id, title: "Later", venue: venue.name, location: venue.location, timezone: venue.timezone, status: "scheduled" },
    });
    expect(order.refundableUntil?.getTime()).toBe(later.event.datetime.getTime() - 24 * 3_600_000);
    const ticket = await db.ticket.findUniqueOrThrow({ where: { id: order.items[0]!.ticketId }, include: { seatRef: { include: { section: true } } } });
    expect(order.items[0]).toMatchObject({
      seat: ticket.seat,
      section: ticket.seatRef.section.label,
      row: ticket.seatRef.row,
      number: ticket.seatRef.number,
      className: "Gold",
      classColor: expect.stringMatching(/^#/),
      price: "50.00",
      fee: "2.50",
      status: "issued",
      cancelReason: null,
      checkedInAt: null,
      cancellable: true,
    });
    for (const item of order.items) {
      const secret = (await db.orderItem.findUniqueOrThrow({ where: { id: item.orderItemId } })).tokenSecret;
      expect(verifyTicketToken(item.token)).toEqual({ orderItemId: item.orderItemId, tokenSecret: secret });
    }
    // Nothing of the other buyer's order leaks into the fan's list.
    const othersItems = await db.orderItem.findMany({ where: { userId: other.id }, select: { id: true } });
    const listed = new Set([...upcoming, ...past].flatMap((o) => o.items.map((i) => i.orderItemId)));
    expect(othersItems.length).toBeGreaterThan(0);
    expect(othersItems.some((i) => listed.has(i.id))).toBe(false);
  });

  it("shows cancelled and refunded tickets with their reason and no token, and leaves out payments that took no money", async () => {
    const db = getDb();
    const fan = await createUser(db);
    const { venue } = await createVenueWithGrid(db, { rows: 1, seatsPerRow: 6 });
    await createEventWithTickets(db, { venueId: venue.id, title: "Show", serviceFee: "1.00", sold: { buyerIds: [fan.id], tickets: 3, orderSize: 3 } });
    const items = await db.orderItem.findMany({ where: { userId: fan.id }, orderBy: { id: "asc" } });
    const cancelledAt = new Date();
    await db.orderItem.update({ where: { id: items[0]!.id }, data: { status: "cancelled", cancelReason: "Cannot make it", cancelledAt } });
    await db.ticket.update({ where: { id: items[0]!.ticketId }, data: { status: "available", userId: null, paymentId: null, reservationId: null } });
    await db.payment.update({ where: { id: items[0]!.paymentId }, data: { status: "partially_refunded", refundedAmount: "51.00" } });

    const [order] = (await listUserOrders({ userId: fan.id })).upcoming;
    expect(order).toMatchObject({ status: "partially_refunded", refundedAmount: "51.00", total: "153.00" });
    expect(order!.items[0]).toMatchObject({ status: "cancelled", cancelReason: "Cannot make it", cancelledAt, token: null, cancellable: false });
    expect(order!.items.slice(1).every((i) => i.status === "issued" && i.token !== null)).toBe(true);

    // A payment that failed (or is still pending) is not an order.
    await db.payment.update({ where: { id: items[0]!.paymentId }, data: { status: "failed" } });
    expect(await listUserOrders({ userId: fan.id })).toEqual({ upcoming: [], past: [] });
  });

  it("offers cancellation only before the refund deadline, for tickets not yet used", async () => {
    const db = getDb();
    const fan = await createUser(db);
    const { venue } = await createVenueWithGrid(db, { rows: 1, seatsPerRow: 8 });
    const sold = { buyerIds: [fan.id], tickets: 2, orderSize: 2 };
    await createEventWithTickets(db, { venueId: venue.id, title: "Tonight", datetime: new Date(Date.now() + 12 * 3_600_000), sold });
    await createEventWithTickets(db, { venueId: venue.id, title: "No refunds", refundCutoffHours: null, sold });
    await createEventWithTickets(db, { venueId: venue.id, title: "Called off", status: "cancelled", sold });
    const open = await createEventWithTickets(db, { venueId: venue.id, title: "Open", sold });
    const used = await db.orderItem.findFirstOrThrow({ where: { eventId: open.event.id }, orderBy: { id: "asc" } });
    await db.orderItem.update({ where: { id: used.id }, data: { checkedInAt: new Date() } });

    const { upcoming } = await listUserOrders({ userId: fan.id });
    const cancellable = Object.fromEntries(upcoming.map((o) => [o.event.title, o.items.map((i) => i.cancellable)]));
    // A called-off show is refunded like any other while the deadline has not passed.
    expect(cancellable).toEqual({ Tonight: [false, false], "No refunds": [false, false], "Called off": [true, true], Open: [false, true] });
    const noRefunds = upcoming.find((o) => o.event.title === "No refunds")!;
    expect(noRefunds).toMatchObject({ refundableUntil: null, refundPolicy: "Tickets for this event cannot be refunded." });
  });
});

describe("getUserTicket", () => {
  it("gives a ticket to its buyer and to admins only", async () => {
    const db = getDb();
    const fan = await createUser(db);
    const stranger = await createUser(db);
    const admin = await createUser(db, { role: "admin" });
    const venueAdmin = await createUser(db, { role: "venue_admin" });
    const { venue } = await createVenueWithGrid(db, { rows: 1, seatsPerRow: 4 });
    await db.venueAdmin.create({ data: { userId: venueAdmin.id, venueId: venue.id } });
    await createEventWithTickets(db, { venueId: venue.id, title: "Gig", sold: { buyerIds: [fan.id], tickets: 2, orderSize: 2 } });
    const item = await db.orderItem.findFirstOrThrow({ where: { userId: fan.id }, orderBy: { id: "desc" } });
    const as = (u: typeof fan) => ({ userId: u.id, role: u.role, email: u.email, username: u.username });

    const mine = await getUserTicket({ orderItemId: item.id, caller: as(fan) });
    expect(mine?.item).toMatchObject({ orderItemId: item.id, ticketId: item.ticketId, status: "issued" });
    expect(verifyTicketToken(mine!.item.token)).toEqual({ orderItemId: item.id, tokenSecret: item.tokenSecret });
    expect(mine?.order).toMatchObject({ orderId: item.paymentId, holder: fan.username, event: { title: "Gig" } });
    expect((await getUserTicket({ orderItemId: item.id, caller: as(admin) }))?.item.orderItemId).toBe(item.id);
    expect(await getUserTicket({ orderItemId: item.id, caller: as(stranger) })).toBeNull();
    expect(await getUserTicket({ orderItemId: item.id, caller: as(venueAdmin) })).toBeNull();
    expect(await getUserTicket({ orderItemId: 999_999, caller: as(fan) })).toBeNull();
  });
});
