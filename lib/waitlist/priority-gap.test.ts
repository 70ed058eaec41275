// The waitlist's priority over the public for seats of a lapsed hold. Expiry is lazy, so before the
// fix a hold's seats were free to any reserve the moment it passed and stayed so until the sweeper's
// next pass ran the engine: a public fan could take them while a fitting fan waited on the list. Now
// a public reserve (by seat or best-available) may not take them while the event's priority is on and
// entries wait, and the sweeper hands them to the list in the same transaction that expires the hold.
import { beforeEach, describe, expect, it } from "vitest";
import { getDb } from "@/lib/db";
import { holdBestAvailable } from "@/lib/inventory/hold-best-available";
import { reserveTickets } from "@/lib/inventory/reserve-tickets";
import { sweepExpiredHolds } from "@/lib/inventory/sweep-expired-holds";
import { createEventWithTickets, createVenueWithGrid, ensurePriceClasses } from "@/prisma/seed/factories";
import { createFans } from "@/test/support/api";
import { realPostgres, truncateAll } from "@/test/support/database";
import { resetRedis } from "@/test/support/redis";
import { hasRedisServer, skipWithout } from "@/test/support/servers";

const db = () => getDb();

beforeEach(async () => {
  await truncateAll();
  await resetRedis();
});

/** A sold-out event of 8 seats in one row, held in pairs; the first pair's hold passed a minute ago. */
async function lapsedHoldOnSoldOutEvent({ priority = true } = {}) {
  const [gold] = await ensurePriceClasses(db());
  const venue = await createVenueWithGrid(db(), { rows: 1, seatsPerRow: 8 });
  const { event } = await createEventWithTickets(db(), { venueId: venue.venue.id, sections: venue.sections.map((s) => ({ sectionId: s.id, classId: gold!.id, price: "40.00" })) });
  await db().event.update({ where: { id: event.id }, data: { waitlistPriority: priority, maxTicketsPerOrder: 8 } });
  const tickets = await db().ticket.findMany({ where: { eventId: event.id }, orderBy: { id: "asc" } });
  const holders = await createFans(4, "holder");
  const future = new Date(Date.now() + 3_600_000);
  const past = new Date(Date.now() - 60_000);
  const pairs: number[][] = [];
  for (let i = 0; i < 4; i++) {
    const expiresAt = i === 0 ? past : future;
    const ids = [tickets[2 * i]!.id, tickets[2 * i + 1]!.id];
    const r = await db().reservation.create({ data: { userId: holders[i]!.id, eventId: event.id, status: "active", expiresAt } });
    await db().ticket.updateMany({ where: { id: { in: ids } }, data: { status: "reserved", userId: holders[i]!.id, reservationId: r.id, holdExpiresAt: expiresAt } });
    pairs.push(ids);
  }
  const [waiting, publicFan] = await createFans(2, "fan");
  return { eventId: event.id, classId: gold!.id, lapsed: pairs[0]!, waiting: waiting!.id, publicFan: publicFan!.id };
}

describe.skipIf(skipWithout("a real PostgreSQL server", realPostgres) || skipWithout("a Redis server", hasRedisServer()))("waitlist priority for a lapsed hold's seats", () => {
  it("a public reserve cannot take them while a fan waits; the sweep hands them to that fan in its own transaction", async () => {
    const s = await lapsedHoldOnSoldOutEvent();
    const [entry] = await db().waitlistEntry.createManyAndReturn({ data: [{ eventId: s.eventId, userId: s.waiting, partySize: 2, classIds: [], together: true }] });

    await expect(reserveTickets({ userId: s.publicFan, ticketIds: s.lapsed })).rejects.toMatchObject({ code: "seats_unavailable" });
    await expect(holdBestAvailable({ userId: s.publicFan, eventId: s.eventId, classId: s.classId, quantity: 1 })).rejects.toBeTruthy();
    expect(await db().ticket.count({ where: { id: { in: s.lapsed }, userId: s.publicFan } })).toBe(0);

    // The sweep alone (not runSweep's later engine pass): the seats are the waiting fan's on return.
    const swept = await sweepExpiredHolds({ fullReconcile: false });
    expect(swept.ticketsExpired).toBe(2);
    const offers = await db().waitlistOffer.findMany({ where: { eventId: s.eventId } });
    expect(offers.map((o) => [o.entryId, [...o.ticketIds].sort((a, b) => a - b)])).toEqual([[entry!.id, s.lapsed]]);
    const tickets = await db().ticket.findMany({ where: { id: { in: s.lapsed } } });
    expect(tickets.map((t) => [t.status, t.userId])).toEqual([
      ["reserved", s.waiting],
      ["reserved", s.waiting],
    ]);
  });

  it("no fitting fan: the seats are public once the sweep has run; no waiting fan or priority off: public at once", async () => {
    // A party of four does not fit two seats: the sweep expires them for everyone.
    const a = await lapsedHoldOnSoldOutEvent();
    await db().waitlistEntry.create({ data: { eventId: a.eventId, userId: a.waiting, partySize: 4, classIds: [], together: true } });
    await expect(reserveTickets({ userId: a.publicFan, ticketIds: a.lapsed })).rejects.toMatchObject({ code: "seats_unavailable" });
    await sweepExpiredHolds({ fullReconcile: false });
    expect(await db().waitlistOffer.count()).toBe(0);
    await expect(reserveTickets({ userId: a.publicFan, ticketIds: a.lapsed })).resolves.toBeTruthy();

    await truncateAll();
    await resetRedis();
    const b = await lapsedHoldOnSoldOutEvent({ priority: false });
    await db().waitlistEntry.create({ data: { eventId: b.eventId, userId: b.waiting, partySize: 2, classIds: [], together: true } });
    await expect(reserveTickets({ userId: b.publicFan, ticketIds: b.lapsed })).resolves.toBeTruthy();

    await truncateAll();
    await resetRedis();
    const c = await lapsedHoldOnSoldOutEvent();
    await expect(reserveTickets({ userId: c.publicFan, ticketIds: c.lapsed })).resolves.toBeTruthy();
  });
});
