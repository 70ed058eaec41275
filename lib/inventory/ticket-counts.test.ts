// ticket_count:{event}: lazy fill from PostgreSQL, deltas only on an existing counter, and
// reconciliation after drift (directly, by the sweeper, and by the periodic on-sale pass).
import { beforeEach, describe, expect, it } from "vitest";
import { getDb } from "@/lib/db";
import { getRedis, ticketCountKey } from "@/lib/redis";
import { createEventWithTickets, createUser, createVenueWithGrid, holdTickets } from "@/prisma/seed/factories";
import { truncateAll } from "@/test/support/database";
import { resetRedis } from "@/test/support/redis";
import { FULL_RECONCILE_MARKER_KEY, sweepExpiredHolds } from "./sweep-expired-holds";
import { adjustTicketCount, getTicketCount, listOnSaleEventIds, reconcileTicketCounts } from "./ticket-counts";

const MINUTE = 60_000;
const db = () => getDb();

let eventId: number;
let userId: number;

beforeEach(async () => {
  await truncateAll();
  await resetRedis();
  const venue = await createVenueWithGrid(db(), { sections: 1, rows: 2, seatsPerRow: 5 });
  eventId = (await createEventWithTickets(db(), { venueId: venue.venue.id })).event.id;
  userId = (await createUser(db())).id;
});

describe("getTicketCount", () => {
  it("counts in PostgreSQL by the availability predicate and stores the counter", async () => {
    await holdTickets(db(), { eventId, userId, count: 2 });
    await holdTickets(db(), { eventId, userId, count: 3, expiresAt: new Date(Date.now() - MINUTE), salt: "lapsed" });
    expect(await getRedis().get(ticketCountKey(eventId))).toBeNull();
    expect(await getTicketCount(eventId)).toBe(8);
    expect(await getRedis().get(ticketCountKey(eventId))).toBe("8");
    expect(await getRedis().pttl(ticketCountKey(eventId))).toBeGreaterThan(0);
  });

  it("reads an existing counter without PostgreSQL", async () => {
    await getRedis().set(ticketCountKey(eventId), 4);
    expect(await getTicketCount(eventId)).toBe(4);
  });
});

describe("adjustTicketCount", () => {
  it("does nothing when there is no counter", async () => {
    expect(await adjustTicketCount(eventId, -2)).toBeNull();
    expect(await getRedis().get(ticketCountKey(eventId))).toBeNull();
  });

  it("adds the delta to an existing counter", async () => {
    expect(await getTicketCount(eventId)).toBe(10);
    expect(await adjustTicketCount(eventId, -3)).toBe(7);
    expect(await adjustTicketCount(eventId, 1)).toBe(8);
    expect(await getRedis().get(ticketCountKey(eventId))).toBe("8");
  });

  it("drops a counter that would go negative, to be recounted", async () => {
    await getRedis().set(ticketCountKey(eventId), 1);
    expect(await adjustTicketCount(eventId, -2)).toBeNull();
    expect(await getRedis().get(ticketCountKey(eventId))).toBeNull();
    expect(await getTicketCount(eventId)).toBe(10);
  });
});

describe("reconciliation", () => {
  it("reconcileTicketCounts overwrites a drifted counter", async () => {
    await holdTickets(db(), { eventId, userId, count: 2 });
    await getRedis().set(ticketCountKey(eventId), 42);
    expect((await reconcileTicketCounts([eventId])).get(eventId)).toBe(8);
    expect(await getRedis().get(ticketCountKey(eventId))).toBe("8");
  });

  it("a sweep fixes the counter of an event whose hold it expired", async () => {
    await holdTickets(db(), { eventId, userId, count: 2, expiresAt: new Date(Date.now() - MINUTE) });
    // What a reserve's delta left behind, with nobody adding the seats back when the hold lapsed.
    await getRedis().set(ticketCountKey(eventId), 8);
    await sweepExpiredHolds({ fullReconcile: false });
    expect(await getRedis().get(ticketCountKey(eventId))).toBe("10");
  });

  it("the periodic pass recounts existing counters of events on sale, once per period, and creates none", async () => {
    const venue = await createVenueWithGrid(db(), { sections: 1, rows: 1, seatsPerRow: 4 });
    const other = (await createEventWithTickets(db(), { venueId: venue.venue.id })).event.id;
    const past = (await createEventWithTickets(db(), { venueId: venue.venue.id, datetime: new Date(Date.now() - 86_400_000) })).event.id;
    expect(await listOnSaleEventIds()).toEqual([eventId, other]);
    await getRedis().set(ticketCountKey(eventId), 99);
    await getRedis().set(ticketCountKey(past), 99);

    const first = await sweepExpiredHolds();
    expect(first.fullReconcile).toBe(true);
    expect(await getRedis().get(ticketCountKey(eventId))).toBe("10");
    expect(await getRedis().get(ticketCountKey(other))).toBeNull();
    expect(await getRedis().get(ticketCountKey(past))).toBe("99");
    expect(await getRedis().get(FULL_RECONCILE_MARKER_KEY)).not.toBeNull();

    await getRedis().set(ticketCountKey(eventId), 5);
    expect((await sweepExpiredHolds()).fullReconcile).toBe(false);
    expect(await getRedis().get(ticketCountKey(eventId))).toBe("5");
    expect((await sweepExpiredHolds({ fullReconcile: true })).fullReconcile).toBe(true);
    expect(await getRedis().get(ticketCountKey(eventId))).toBe("10");
  });
});
