// The hold sweeper against the test database and Redis: what it expires, what it must leave alone
// (live holds, seats another reservation took since), Redis claims, counts, listeners, and two
// sweepers at once on a real PostgreSQL server.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { getDb } from "@/lib/db";
import { availabilityCacheKey } from "@/lib/events/cache-keys";
import { getRedis, reservedTicketKey, ticketCountKey } from "@/lib/redis";
import { createEventWithTickets, createUser, createVenueWithGrid, holdTickets } from "@/prisma/seed/factories";
import { realPostgres, truncateAll } from "@/test/support/database";
import { resetRedis } from "@/test/support/redis";
import { onSeatsFreed, type SeatsFreed } from "./inventory-events";
import { sweepExpiredHolds } from "./sweep-expired-holds";
import { ticketIsAvailableSql } from "./ticket-availability";
import { countAvailableTickets } from "./ticket-counts";
import { skipWithout } from "@/test/support/servers";

const MINUTE = 60_000;
const db = () => getDb();

let eventId: number;
let ticketTotal: number;
let fanId: number;
let otherId: number;
let freed: SeatsFreed[];
let unsubscribe: () => void;

async function setup(grid: { rows: number; seatsPerRow: number } = { rows: 2, seatsPerRow: 5 }) {
  const venue = await createVenueWithGrid(db(), { sections: 1, ...grid });
  const created = await createEventWithTickets(db(), { venueId: venue.venue.id });
  eventId = created.event.id;
  ticketTotal = created.ticketCount;
}

beforeEach(async () => {
  await truncateAll();
  await resetRedis();
  fanId = (await createUser(db())).id;
  otherId = (await createUser(db())).id;
  await setup();
  freed = [];
  unsubscribe = onSeatsFreed((e) => {
    freed.push(e);
  });
});

afterEach(() => unsubscribe());

const ticketsOf = (ids: number[]) => db().ticket.findMany({ where: { id: { in: ids } }, orderBy: { id: "asc" } });

describe("sweepExpiredHolds", () => {
  it("expires a passed hold: reservation expired, tickets expired and available, reservation_id kept", async () => {
    const { reservation, ticketIds } = await holdTickets(db(), { eventId, userId: fanId, count: 3, expiresAt: new Date(Date.now() - MINUTE) });
    await db().ticket.updateMany({ where: { id: { in: ticketIds } }, data: { userId: fanId } });

    const result = await sweepExpiredHolds();

    expect(result).toMatchObject({ reservationsExpired: 1, ticketsExpired: 3, eventsTouched: [eventId] });
    expect((await db().reservation.findUniqueOrThrow({ where: { id: reservation.id } })).status).toBe("expired");
    for (const t of await ticketsOf(ticketIds)) {
      expect(t).toMatchObject({ status: "expired", userId: null, holdExpiresAt: null, reservationId: reservation.id });
    }
    expect((await countAvailableTickets([eventId])).get(eventId)).toBe(ticketTotal);
    expect(freed).toEqual([{ eventId, ticketIds: [...ticketIds].sort((a, b) => a - b) }]);
  });

  it("leaves a live hold alone", async () => {
    const { reservation, ticketIds } = await holdTickets(db(), { eventId, userId: fanId, count: 2, expiresAt: new Date(Date.now() + 10 * MINUTE) });

    const result = await sweepExpiredHolds();

    expect(result).toMatchObject({ reservationsExpired: 0, ticketsExpired: 0, eventsTouched: [] });
    expect((await db().reservation.findUniqueOrThrow({ where: { id: reservation.id } })).status).toBe("active");
    for (const t of await ticketsOf(ticketIds)) expect(t).toMatchObject({ status: "reserved", reservationId: reservation.id });
    expect((await countAvailableTickets([eventId])).get(eventId)).toBe(ticketTotal - 2);
    expect(freed).toEqual([]);
  });

  it("never touches a seat another reservation took after the hold passed", async () => {
    const first = await holdTickets(db(), { eventId, userId: fanId, count: 2, expiresAt: new Date(Date.now() - MINUTE) });
    const [retaken, stillExpired] = first.ticketIds as [number, number];
    // Another fan's reserve takes one of the lapsed seats (the lazy-expiry predicate allows it).
    const liveUntil = new Date(Date.now() + 10 * MINUTE);
    const second = await db().reservation.create({ data: { userId: otherId, eventId, status: "active", expiresAt: liveUntil } });
    await db().ticket.update({
      where: { id: retaken },
      data: { status: "reserved", reservationId: second.id, userId: otherId, holdExpiresAt: liveUntil },
    });

    const result = await sweepExpiredHolds();

    expect(result).toMatchObject({ reservationsExpired: 1, ticketsExpired: 1, eventsTouched: [eventId] });
    const [a, b] = await ticketsOf([retaken, stillExpired]);
    expect(a).toMatchObject({ status: "reserved", reservationId: second.id, userId: otherId, holdExpiresAt: liveUntil });
    expect(b).toMatchObject({ status: "expired", reservationId: first.reservation.id });
    expect((await db().reservation.findUniqueOrThrow({ where: { id: second.id } })).status).toBe("active");
    expect(freed).toEqual([{ eventId, ticketIds: [stillExpired] }]);
  });

  it("is idempotent: a second sweep finds nothing", async () => {
    await holdTickets(db(), { eventId, userId: fanId, count: 2, expiresAt: new Date(Date.now() - MINUTE) });
    expect((await sweepExpiredHolds()).ticketsExpired).toBe(2);
    expect(await sweepExpiredHolds()).toMatchObject({ reservationsExpired: 0, ticketsExpired: 0, eventsTouched: [] });
  });

  it("works through more holds than one batch, and honours `now`", async () => {
    for (let i = 0; i < 4; i++) {
      await holdTickets(db(), { eventId, userId: fanId, count: 2, expiresAt: new Date(Date.now() + 5 * MINUTE), salt: `b${i}` });
    }
    expect((await sweepExpiredHolds()).reservationsExpired).toBe(0);
    const result = await sweepExpiredHolds({ now: new Date(Date.now() + 6 * MINUTE), batchSize: 1 });
    expect(result).toMatchObject({ reservationsExpired: 4, ticketsExpired: 8 });
    expect(await db().ticket.count({ where: { eventId, status: "expired" } })).toBe(8);
  });

  it("deletes the expired hold's Redis claims but keeps a claim someone else owns", async () => {
    const expiredAt = new Date(Date.now() - MINUTE);
    const { ticketIds } = await holdTickets(db(), { eventId, userId: fanId, count: 3, expiresAt: expiredAt });
    const [own, ownNumeric, foreign] = ticketIds as [number, number, number];
    const redis = getRedis();
    await redis.hset(reservedTicketKey(eventId, own), { user_id: fanId, expire_datetime: expiredAt.toISOString(), status: "reserved" });
    await redis.hset(reservedTicketKey(eventId, ownNumeric), { user_id: fanId, expire_datetime: expiredAt.getTime(), status: "reserved" });
    // Someone else already claimed this lapsed seat in Redis (their reserve is on its way).
    const later = new Date(Date.now() + 10 * MINUTE).toISOString();
    await redis.hset(reservedTicketKey(eventId, foreign), { user_id: otherId, expire_datetime: later, status: "reserved" });
    // The same fan's new, live claim on a seat of another expired hold must survive too.
    const again = await holdTickets(db(), { eventId, userId: fanId, count: 1, expiresAt: expiredAt, salt: "again" });
    const [againId] = again.ticketIds as [number];
    await redis.hset(reservedTicketKey(eventId, againId), { user_id: fanId, expire_datetime: later, status: "reserved" });

    const result = await sweepExpiredHolds();

    expect(result.ticketsExpired).toBe(4);
    expect(await redis.exists(reservedTicketKey(eventId, own), reservedTicketKey(eventId, ownNumeric))).toBe(0);
    expect(await redis.hgetall(reservedTicketKey(eventId, foreign))).toMatchObject({ user_id: String(otherId) });
    expect(await redis.hgetall(reservedTicketKey(eventId, againId))).toMatchObject({ user_id: String(fanId), expire_datetime: later });
  });

  it("invalidates the availability cache and reconciles ticket_count", async () => {
    await holdTickets(db(), { eventId, userId: fanId, count: 2, expiresAt: new Date(Date.now() - MINUTE) });
    const redis = getRedis();
    await redis.set(availabilityCacheKey(eventId), JSON.stringify({ stale: true }));
    await redis.set(ticketCountKey(eventId), 3);

    await sweepExpiredHolds();

    expect(await redis.get(availabilityCacheKey(eventId))).toBeNull();
    expect(await redis.get(ticketCountKey(eventId))).toBe(String(ticketTotal));
  });
});

describe.skipIf(skipWithout("a real PostgreSQL server", realPostgres))("two sweepers at once (real PostgreSQL)", () => {
  it("expire each reservation and ticket exactly once and leave consistent state", async () => {
    await setup({ rows: 6, seatsPerRow: 10 });
    for (let round = 0; round < 3; round++) {
      const holds = [];
      for (let i = 0; i < 10; i++) {
        holds.push(await holdTickets(db(), { eventId, userId: i % 2 ? fanId : otherId, count: 2, expiresAt: new Date(Date.now() - MINUTE), salt: `r${round}-${i}` }));
      }
      const results = await Promise.all([
        sweepExpiredHolds({ batchSize: 2, fullReconcile: false }),
        sweepExpiredHolds({ batchSize: 3, fullReconcile: false }),
      ]);

      expect(results[0].reservationsExpired + results[1].reservationsExpired).toBe(10);
      expect(results[0].ticketsExpired + results[1].ticketsExpired).toBe(20);
      const ids = holds.map((h) => h.reservation.id);
      expect(await db().reservation.count({ where: { id: { in: ids }, status: "expired" } })).toBe(10);
      const ticketIds = holds.flatMap((h) => h.ticketIds);
      expect(await db().ticket.count({ where: { id: { in: ticketIds }, status: "expired", userId: null, holdExpiresAt: null } })).toBe(20);
      expect(await db().ticket.count({ where: { eventId, status: "reserved" } })).toBe(0);
      // Expired seats are free again for the next round's holds.
      await db().ticket.updateMany({ where: { eventId, status: "expired" }, data: { status: "available" } });
    }
  });

  it("never undoes a reserve that takes lapsed seats while it sweeps", async () => {
    await setup({ rows: 4, seatsPerRow: 10 });
    for (let round = 0; round < 5; round++) {
      const lapsed = await holdTickets(db(), { eventId, userId: fanId, count: 4, expiresAt: new Date(Date.now() - MINUTE), salt: `lapse${round}` });
      const liveUntil = new Date(Date.now() + 10 * MINUTE);
      const taker = await db().reservation.create({ data: { userId: otherId, eventId, status: "active", expiresAt: liveUntil } });
      // The reserve path's conditional UPDATE (lazy expiry), racing the sweep for the same rows: it
      // takes a seat under the same shared predicate reserveTickets uses, so this race follows
      // whatever production counts as available.
      const reserve = db().$executeRaw`
        UPDATE ticket t SET status = 'reserved', user_id = ${otherId}, reservation_id = ${taker.id},
                            hold_expire_datetime = ${liveUntil}::timestamptz, status_update_datetime = now(),
                            checkout_hold_until = NULL
         WHERE t.ticket_id = ANY(${lapsed.ticketIds}::int[])
           AND ${ticketIsAvailableSql}`;
      const [taken, swept] = await Promise.all([reserve, sweepExpiredHolds({ fullReconcile: false })]);

      expect(taken).toBe(4);
      expect(swept.reservationsExpired).toBe(1);
      for (const t of await ticketsOf(lapsed.ticketIds)) {
        expect(t).toMatchObject({ status: "reserved", reservationId: taker.id, userId: otherId, holdExpiresAt: liveUntil });
      }
      await db().ticket.updateMany({ where: { reservationId: taker.id }, data: { status: "available", reservationId: null, userId: null, holdExpiresAt: null } });
      await db().reservation.update({ where: { id: taker.id }, data: { status: "released" } });
    }
  });
});
