// One sweeper pass at a time across instances: the lease has exactly one winner among concurrent
// takers, is given back only by its owner, and the self-hosted timer skips its pass while another
// instance holds it (an expired hold then stays unswept) and sweeps once it is free.
import { beforeEach, describe, expect, it } from "vitest";
import { getDb } from "@/lib/db";
import { startHoldSweepTimer } from "@/lib/inventory/hold-sweep-timer";
import { getRedis } from "@/lib/redis";
import { createEventWithTickets, createUser, createVenueWithGrid, holdTickets } from "@/prisma/seed/factories";
import { truncateAll } from "@/test/support/database";
import { resetRedis } from "@/test/support/redis";
import { PROCESS_SWEEP_OWNER, SWEEP_LEASE_KEY, acquireSweepLease, releaseSweepLease } from "./sweep-lease";

beforeEach(async () => {
  await truncateAll();
  await resetRedis();
});

describe("the sweep lease", () => {
  it("has exactly one winner among concurrent takers, and only its owner gives it back", async () => {
    const owners = Array.from({ length: 20 }, (_, i) => `instance-${i}`);
    const outcomes = await Promise.all(owners.map((o) => acquireSweepLease(o, 60_000)));
    expect(outcomes.filter((o) => o === "acquired")).toHaveLength(1);
    expect(outcomes.filter((o) => o === "held")).toHaveLength(19);
    const winner = owners[outcomes.indexOf("acquired")]!;
    const loser = owners.find((o) => o !== winner)!;
    expect(await releaseSweepLease(loser)).toBe(false);
    expect(await getRedis().get(SWEEP_LEASE_KEY)).toBe(winner);
    expect(await releaseSweepLease(winner)).toBe(true);
    expect(await acquireSweepLease(loser, 60_000)).toBe("acquired");
  });

  it("lapses by itself when its owner died mid-pass", async () => {
    expect(await acquireSweepLease("dead-instance", 100)).toBe("acquired");
    expect(await acquireSweepLease("live-instance", 60_000)).toBe("held");
    await new Promise((r) => setTimeout(r, 200));
    expect(await acquireSweepLease("live-instance", 60_000)).toBe("acquired");
  });

  it("the timer skips its pass while another instance sweeps, and sweeps once the lease is free", async () => {
    const db = getDb();
    const { venue } = await createVenueWithGrid(db, { rows: 1, seatsPerRow: 4 });
    const { event } = await createEventWithTickets(db, { venueId: venue.id });
    const fan = await createUser(db);
    const held = await holdTickets(db, { eventId: event.id, userId: fan.id, count: 2, expiresAt: new Date(Date.now() - 60_000) });
    const statuses = async () => (await db.ticket.findMany({ where: { id: { in: held.ticketIds } }, select: { status: true } })).map((t) => t.status);

    // Another instance's pass is running.
    expect(await acquireSweepLease("other-instance", 60_000)).toBe("acquired");
    const timer = startHoldSweepTimer(3_600_000);
    try {
      await timer.runOnce();
      expect(await statuses()).toEqual(["reserved", "reserved"]);
      expect(await getRedis().get(SWEEP_LEASE_KEY)).toBe("other-instance");

      await releaseSweepLease("other-instance");
      await timer.runOnce();
      expect(await statuses()).toEqual(["expired", "expired"]);
      // and it gave the lease back
      expect(await getRedis().get(SWEEP_LEASE_KEY)).toBeNull();
      expect(PROCESS_SWEEP_OWNER).toMatch(/^\d+-/);
    } finally {
      timer.stop();
    }
  });
});
