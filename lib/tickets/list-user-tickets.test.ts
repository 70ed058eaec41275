import { beforeEach, describe, expect, it } from "vitest";
import { getDb } from "@/lib/db";
import { createEventWithTickets, createUser, createVenueWithGrid } from "@/prisma/seed/factories";
import { truncateAll } from "@/test/support/database";
import { listUserTickets } from "./list-user-tickets";

beforeEach(async () => {
  await truncateAll();
});

describe("listUserTickets", () => {
  it("is empty for a user without tickets", async () => {
    const user = await createUser(getDb());
    expect(await listUserTickets({ userId: user.id })).toEqual({ upcoming: [], past: [] });
  });

  it("groups the user's confirmed tickets by event, upcoming soonest first, past latest first", async () => {
    const db = getDb();
    const fan = await createUser(db);
    const other = await createUser(db);
    const { venue } = await createVenueWithGrid(db, { rows: 2, seatsPerRow: 5 });
    const day = 86_400_000;
    const later = await createEventWithTickets(db, { venueId: venue.id, title: "Later", datetime: new Date(Date.now() + 20 * day), sold: { buyerIds: [fan.id], tickets: 3, orderSize: 3 } });
    const sooner = await createEventWithTickets(db, { venueId: venue.id, title: "Sooner", datetime: new Date(Date.now() + 2 * day), sold: { buyerIds: [fan.id], tickets: 2, orderSize: 2 } });
    await createEventWithTickets(db, { venueId: venue.id, title: "Past", datetime: new Date(Date.now() - 5 * day), sold: { buyerIds: [fan.id], tickets: 1, orderSize: 1 } });
    await createEventWithTickets(db, { venueId: venue.id, title: "Not mine", sold: { buyerIds: [other.id], tickets: 4 } });

    const { upcoming, past } = await listUserTickets({ userId: fan.id });
    expect(upcoming.map((g) => [g.event.title, g.tickets.length])).toEqual([
      ["Sooner", 2],
      ["Later", 3],
    ]);
    expect(past.map((g) => [g.event.title, g.tickets.length])).toEqual([["Past", 1]]);
    expect(upcoming[0]!.event.id).toBe(sooner.event.id);
    expect(upcoming[1]!.event.id).toBe(later.event.id);
    expect(upcoming[0]!.tickets[0]).toMatchObject({ price: "50.00", currency: "USD", className: "Gold" });

    // Only confirmed tickets count: a refunded one disappears.
    const refunded = await db.ticket.findFirstOrThrow({ where: { eventId: later.event.id, userId: fan.id } });
    await db.ticket.update({ where: { id: refunded.id }, data: { status: "refunded" } });
    const after = await listUserTickets({ userId: fan.id });
    expect(after.upcoming.find((g) => g.event.title === "Later")!.tickets).toHaveLength(2);
  });
});
