// A reserve that dies between its Redis claim and its PostgreSQL transaction leaves a claim with
// no hold behind it; the sweeper drops it (lib/inventory/hold-claims.ts dropOrphanClaims) once it
// is older than the grace period, so the seat is free again within one sweep interval instead of
// the whole hold. The crash is real: a child process runs reserveTickets and is SIGKILLed at that
// point. Needs a Redis server shared by both processes (REDIS_URL).
import { spawn } from "node:child_process";
import path from "node:path";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { getDb } from "@/lib/db";
import { claimIndexKey, claimSeats, dropOrphanClaims, orphanClaimGraceMs } from "@/lib/inventory/hold-claims";
import { reserveTickets } from "@/lib/inventory/reserve-tickets";
import { sweepExpiredHolds } from "@/lib/inventory/sweep-expired-holds";
import { getRedis, reservedTicketKey } from "@/lib/redis";
import { createEventWithTickets, createUser, createVenueWithGrid } from "@/prisma/seed/factories";
import { truncateAll } from "@/test/support/database";
import { resetRedis } from "@/test/support/redis";
import { hasRedisServer, skipWithout } from "@/test/support/servers";

const ROOT = path.resolve(import.meta.dirname, "../..");

/** Runs reserveTickets in a child process that is killed right after the claim; resolves with its exit signal. */
function reserveAndCrash(userId: number, ticketIds: number[]): Promise<{ signal: NodeJS.Signals | null; code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    // tsx as a loader (not its CLI, which would run the script in a grandchild): the process that
    // claims is the one killed.
    const child = spawn(process.execPath, ["--import", "tsx", "test/support/crash-after-claim.ts", String(userId), ...ticketIds.map(String)], {
      cwd: ROOT,
      env: process.env,
      stdio: ["ignore", "ignore", "pipe"],
    });
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("error", reject);
    child.on("exit", (code, signal) => resolve({ code, signal, stderr }));
  });
}

async function onSaleEvent() {
  const db = getDb();
  const { venue } = await createVenueWithGrid(db, { sections: 1, rows: 2, seatsPerRow: 10 });
  const { event } = await createEventWithTickets(db, { venueId: venue.id, holdSeconds: 1800 });
  const ticketIds = (await db.ticket.findMany({ where: { eventId: event.id }, orderBy: { id: "asc" }, select: { id: true } })).map((t) => t.id);
  return { event, ticketIds };
}

const refusal = (p: Promise<unknown>) => p.then(() => "held", (e: { code?: string }) => e.code ?? String(e));

beforeEach(async () => {
  await truncateAll();
  await resetRedis();
});

describe.skipIf(skipWithout("a Redis server (REDIS_URL)", hasRedisServer()))("a claim left behind by a reserve that died before PostgreSQL", () => {
  it("blocks the seat until a sweep past the grace period drops it; then another fan gets it", async () => {
    const { event, ticketIds } = await onSaleEvent();
    const seats = ticketIds.slice(0, 2);
    const crashed = await createUser(getDb(), {});
    const died = await reserveAndCrash(crashed.id, seats);
    expect(died.signal, `${died.code} ${died.stderr}`).toBe("SIGKILL");
    // What the crash left: claims in Redis (30-minute TTL), nothing in PostgreSQL.
    const claim = await getRedis().hgetall(reservedTicketKey(event.id, seats[0]!));
    expect(claim).toMatchObject({ user_id: String(crashed.id), status: "reserved" });
    expect(Number(claim.claimed_at)).toBeGreaterThan(Date.now() - 60_000);
    expect(await getRedis().pttl(reservedTicketKey(event.id, seats[0]!))).toBeGreaterThan(25 * 60_000);
    expect(await getDb().reservation.count()).toBe(0);
    expect((await getDb().ticket.findMany({ where: { id: { in: seats } } })).every((t) => t.status === "available")).toBe(true);

    // Every other fan is turned away by the claim, all at once.
    const fans = await Promise.all(Array.from({ length: 6 }, () => createUser(getDb(), {})));
    expect(await Promise.all(fans.map((f) => refusal(reserveTickets({ userId: f.id, ticketIds: [seats[0]!] }))))).toEqual(Array(6).fill("seats_unavailable"));

    // A sweep now keeps it: the claim is younger than the grace period (its transaction could
    // still be running).
    expect((await sweepExpiredHolds({ fullReconcile: false })).orphanClaimsDropped).toBe(0);
    expect(await getRedis().exists(reservedTicketKey(event.id, seats[0]!))).toBe(1);

    // One sweep interval after the grace: dropped, both seats.
    const later = new Date(Date.now() + orphanClaimGraceMs() + 15_000);
    expect((await sweepExpiredHolds({ now: later, fullReconcile: false })).orphanClaimsDropped).toBe(2);
    expect(await getRedis().exists(...seats.map((id) => reservedTicketKey(event.id, id)))).toBe(0);

    // Now the seats can be had, by exactly one of many fans racing for them.
    const outcomes = await Promise.all(fans.map((f) => refusal(reserveTickets({ userId: f.id, ticketIds: seats }))));
    expect(outcomes.filter((o) => o === "held")).toHaveLength(1);
    expect(outcomes.filter((o) => o !== "held").every((o) => o === "seats_unavailable")).toBe(true);
  });

  it("never drops the claims of live holds, nor a claim the same seat got anew meanwhile", async () => {
    const { event, ticketIds } = await onSaleEvent();
    const holder = await createUser(getDb(), {});
    await reserveTickets({ userId: holder.id, ticketIds: ticketIds.slice(0, 3) });
    const later = new Date(Date.now() + orphanClaimGraceMs() + 15_000);
    const first = await dropOrphanClaims({ now: later, eventIds: [event.id] });
    expect(first).toMatchObject({ checked: 3, dropped: 0 });
    expect(await getRedis().exists(...ticketIds.slice(0, 3).map((id) => reservedTicketKey(event.id, id)))).toBe(3);
    // Checked claims of a live hold are not read again before their hold ends.
    expect(await dropOrphanClaims({ now: later, eventIds: [event.id] })).toMatchObject({ checked: 0, dropped: 0 });

    // A crash leaves a claim. While the sweep asks PostgreSQL about it, the claim ends and another
    // fan's reserve claims the seat anew (its transaction still running): the sweep, which found
    // the old claim orphaned, must not delete the new one.
    const crashed = await createUser(getDb(), {});
    expect((await reserveAndCrash(crashed.id, [ticketIds[5]!])).signal).toBe("SIGKILL");
    const key = reservedTicketKey(event.id, ticketIds[5]!);
    const newcomer = await createUser(getDb(), {});
    const db = getDb();
    const query = db.$queryRaw.bind(db);
    const spy = vi.spyOn(db, "$queryRaw").mockImplementationOnce((async (...args: Parameters<typeof query>) => {
      await getRedis().del(key);
      expect(await claimSeats(event.id, [ticketIds[5]!], newcomer.id, new Date(Date.now() + 600_000))).toMatchObject({ ok: true });
      return query(...args);
    }) as never);
    try {
      const third = await dropOrphanClaims({ now: later, eventIds: [event.id] });
      expect(third).toMatchObject({ checked: 1, dropped: 0 });
    } finally {
      spy.mockRestore();
    }
    expect(await getRedis().hgetall(key)).toMatchObject({ user_id: String(newcomer.id) });
  });

  it("the index stays bounded: claims that ended on their own leave it at their first check", async () => {
    const { event, ticketIds } = await onSaleEvent();
    const fan = await createUser(getDb(), {});
    await reserveTickets({ userId: fan.id, ticketIds: ticketIds.slice(0, 4) });
    await getRedis().del(...ticketIds.slice(0, 4).map((id) => reservedTicketKey(event.id, id)));
    expect(await getRedis().zcard(claimIndexKey(event.id))).toBe(4);
    await dropOrphanClaims({ now: new Date(Date.now() + orphanClaimGraceMs() + 1000), eventIds: [event.id] });
    expect(await getRedis().zcard(claimIndexKey(event.id))).toBe(0);
  });
});
