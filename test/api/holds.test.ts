// Seat holds through the route handlers: reserve, re-reserve, cancel, expiry, bad input, and the
// concurrency storms (many fans at once on the same seats, with and without Redis mid-storm).
import Redis from "ioredis";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { POST as reserveRoute } from "@/app/api/events/ticket/reserve/route";
import { POST as cancelRoute } from "@/app/api/events/ticket/cancel/route";
import { GET as holdRoute } from "@/app/api/events/[event_id]/hold/route";
import { POST as bestRoute } from "@/app/api/events/[event_id]/best-available/route";
import { getDb } from "@/lib/db";
import { reserveTickets } from "@/lib/inventory/reserve-tickets";
import { getTicketCount } from "@/lib/inventory/ticket-counts";
import type { CancelResult, ReserveResult } from "@/lib/inventory/types";
import { getRedis, reservedTicketKey } from "@/lib/redis";
import { isAppError } from "@/lib/errors/app-error";
import { createEventWithTickets, createUser, createVenueWithGrid, holdTickets } from "@/prisma/seed/factories";
import { realPostgres, truncateAll } from "@/test/support/database";
import { resetRedis } from "@/test/support/redis";
import { skipWithout } from "@/test/support/servers";
import { accessTokenFor, postJson } from "@/test/support/api";

type ErrorBody = { error: { code: string; message: string; unavailable_ticket_ids?: string[] } };

async function setup(opts: { rows?: number; seatsPerRow?: number; sections?: number; holdSeconds?: number } = {}) {
  const db = getDb();
  const { venue } = await createVenueWithGrid(db, { sections: opts.sections ?? 1, rows: opts.rows ?? 2, seatsPerRow: opts.seatsPerRow ?? 10 });
  const { event } = await createEventWithTickets(db, { venueId: venue.id, holdSeconds: opts.holdSeconds });
  const tickets = await db.ticket.findMany({ where: { eventId: event.id }, orderBy: { id: "asc" }, select: { id: true } });
  return { event, ticketIds: tickets.map((t) => t.id) };
}

const statusOf = async (ids: number[]) =>
  (await getDb().ticket.findMany({ where: { id: { in: ids } }, orderBy: { id: "asc" }, select: { status: true, reservationId: true } }));

beforeEach(async () => {
  await truncateAll();
  await resetRedis();
});

describe("POST /api/events/ticket/reserve", () => {
  it("holds the seats with the spec's fields, all sharing the event's hold length", async () => {
    const { event, ticketIds } = await setup({ holdSeconds: 600 });
    const fan = await createUser(getDb());
    expect(await getTicketCount(event.id)).toBe(20);
    const { status, body } = await postJson<ReserveResult>(reserveRoute, "/api/events/ticket/reserve", { ticket_ids: ticketIds.slice(0, 2).map(String) }, await accessTokenFor(fan));
    expect(status).toBe(200);
    expect(body.expire_in_seconds).toBeGreaterThan(590);
    expect(body.expire_in_seconds).toBeLessThanOrEqual(600);
    expect(new Date(body.expire_datetime).getTime()).toBeGreaterThan(Date.now());
    expect(body).toMatchObject({ event_id: String(event.id), total: "100.00", currency: "USD" });
    expect(body.tickets.map((t) => t.ticket_id)).toEqual(ticketIds.slice(0, 2).map(String));
    const seat = await getDb().seat.findFirstOrThrow({ where: { tickets: { some: { id: ticketIds[0]! } } }, include: { section: true } });
    expect(body.tickets[0]).toMatchObject({ section: seat.section.label, row: seat.row, seat_number: seat.number, class: "Gold", status: "reserved" });
    const rows = await statusOf(ticketIds.slice(0, 2));
    expect(rows.every((r) => r.status === "reserved" && r.reservationId === Number(body.reservation_id))).toBe(true);
    const claim = await getRedis().hgetall(reservedTicketKey(event.id, ticketIds[0]!));
    expect(claim).toMatchObject({ user_id: String(fan.id), expire_datetime: body.expire_datetime, status: "reserved" });
    expect(await getTicketCount(event.id)).toBe(18);
  });

  it("answers the same hold and expiry when the fan re-reserves, and adds seats to it without extending it", async () => {
    const { event, ticketIds } = await setup();
    const fan = await createUser(getDb());
    const token = await accessTokenFor(fan);
    const first = await postJson<ReserveResult>(reserveRoute, "/api/events/ticket/reserve", { ticket_ids: [ticketIds[0], ticketIds[1]] }, token);
    // A minute later (the app's clock moved on, not the test's wall time): a new hold would end a
    // minute later too, so an unchanged expiry means the hold was not extended.
    vi.useFakeTimers({ toFake: ["Date"] });
    let again: { status: number; body: ReserveResult };
    let more: { status: number; body: ReserveResult };
    try {
      vi.setSystemTime(Date.now() + 60_000);
      again = await postJson<ReserveResult>(reserveRoute, "/api/events/ticket/reserve", { ticket_ids: [ticketIds[0], ticketIds[1]] }, token);
      more = await postJson<ReserveResult>(reserveRoute, "/api/events/ticket/reserve", { ticket_ids: [ticketIds[1], ticketIds[2]] }, token);
    } finally {
      vi.useRealTimers();
    }
    expect(again.status).toBe(200);
    expect(again.body.expire_datetime).toBe(first.body.expire_datetime);
    expect(again.body.reservation_id).toBe(first.body.reservation_id);
    expect(more.status).toBe(200);
    expect(more.body.expire_datetime).toBe(first.body.expire_datetime);
    expect(more.body.tickets).toHaveLength(3);
    // The added seat's Redis claim shares the hold's expiry too.
    const added = reservedTicketKey(event.id, ticketIds[2]!);
    expect((await getRedis().hgetall(added)).expire_datetime).toBe(first.body.expire_datetime);
    expect(await getRedis().pttl(added)).toBeLessThanOrEqual(new Date(first.body.expire_datetime).getTime() - Date.now() + 50);
  });

  it("is all or nothing: one taken seat means 409 with its id and nothing held", async () => {
    const { ticketIds } = await setup();
    const [a, b] = [await createUser(getDb()), await createUser(getDb())];
    await postJson(reserveRoute, "/api/events/ticket/reserve", { ticket_ids: [ticketIds[3]] }, await accessTokenFor(a));
    const res = await postJson<ErrorBody>(reserveRoute, "/api/events/ticket/reserve", { ticket_ids: [ticketIds[2], ticketIds[3], ticketIds[4]] }, await accessTokenFor(b));
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe("seats_unavailable");
    expect(res.body.error.unavailable_ticket_ids).toEqual([String(ticketIds[3])]);
    expect((await statusOf([ticketIds[2]!, ticketIds[4]!])).map((r) => r.status)).toEqual(["available", "available"]);
    expect(await getRedis().exists(reservedTicketKey((await getDb().ticket.findUniqueOrThrow({ where: { id: ticketIds[2]! } })).eventId, ticketIds[2]!))).toBe(0);
  });

  it("lets the next fan take a seat the moment its hold expires, before any sweeper", async () => {
    const { event, ticketIds } = await setup();
    const db = getDb();
    const [a, b] = [await createUser(db), await createUser(db)];
    await holdTickets(db, { eventId: event.id, userId: a.id, ticketIds: [ticketIds[0]!], expiresAt: new Date(Date.now() - 1000) });
    const res = await postJson<ReserveResult>(reserveRoute, "/api/events/ticket/reserve", { ticket_ids: [ticketIds[0]] }, await accessTokenFor(b));
    expect(res.status).toBe(200);
  });

  it("refuses events that are not on sale", async () => {
    const db = getDb();
    const { venue } = await createVenueWithGrid(db, { rows: 1, seatsPerRow: 2 });
    const { event } = await createEventWithTickets(db, { venueId: venue.id, onsaleAt: new Date(Date.now() + 3_600_000) });
    const ticket = await db.ticket.findFirstOrThrow({ where: { eventId: event.id } });
    const res = await postJson<ErrorBody>(reserveRoute, "/api/events/ticket/reserve", { ticket_ids: [ticket.id] }, await accessTokenFor(await createUser(db)));
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe("not_on_sale");
  });

  it("answers bad input with a 4xx JSON error and holds nothing", async () => {
    const db = getDb();
    const { ticketIds } = await setup();
    const other = await setup();
    const token = await accessTokenFor(await createUser(db));
    const cases: [unknown, number, string][] = [
      [{ ticket_ids: [] }, 400, "validation_error"],
      [{ ticket_ids: ticketIds.slice(0, 9) }, 400, "order_limit_exceeded"],
      [{ ticket_ids: [ticketIds[0], ticketIds[0]] }, 400, "validation_error"],
      [{ ticket_ids: [ticketIds[0], other.ticketIds[0]] }, 400, "validation_error"],
      [{ ticket_ids: [999999] }, 404, "not_found"],
      [{ ticket_ids: ["abc"] }, 400, "validation_error"],
      [{ ticket_ids: [-1] }, 400, "validation_error"],
      [{ ticket_ids: "1,2" }, 400, "validation_error"],
      [{}, 400, "validation_error"],
      [{ ticket_ids: Array.from({ length: 1000 }, (_, i) => i + 1) }, 400, "validation_error"],
      ["{not json", 400, "bad_request"],
      ["", 400, "bad_request"],
    ];
    for (const [body, status, code] of cases) {
      const res = await postJson<ErrorBody>(reserveRoute, "/api/events/ticket/reserve", body, token);
      expect(res.status, JSON.stringify(body).slice(0, 60)).toBe(status);
      expect(res.body.error.code, JSON.stringify(body).slice(0, 60)).toBe(code);
    }
    const noAuth = await postJson<ErrorBody>(reserveRoute, "/api/events/ticket/reserve", { ticket_ids: [ticketIds[0]] });
    expect(noAuth.status).toBe(401);
    expect(await db.ticket.count({ where: { status: "reserved" } })).toBe(0);
    expect(await db.reservation.count()).toBe(0);
  });
});

describe("POST /api/events/:event_id/best-available", () => {
  it("holds N adjacent seats in one row of the class, and 409 when no such block is left", async () => {
    const { event, ticketIds } = await setup({ rows: 1, seatsPerRow: 5 });
    const db = getDb();
    const gold = (await db.ticket.findFirstOrThrow({ where: { eventId: event.id } })).classId;
    const path = `/api/events/${event.id}/best-available`;
    const res = await postJson<ReserveResult>(bestRoute, path, { class_id: String(gold), quantity: 3 }, await accessTokenFor(await createUser(db)), { params: { event_id: String(event.id) } });
    expect(res.status).toBe(200);
    const seats = await db.ticket.findMany({ where: { id: { in: res.body.tickets.map((t) => Number(t.ticket_id)) } }, include: { seatRef: true } });
    expect(new Set(seats.map((s) => `${s.seatRef.sectionId}/${s.seatRef.row}`)).size).toBe(1);
    const numbers = seats.map((s) => s.seatRef.number).sort((a, b) => a - b);
    expect(numbers[2]! - numbers[0]!).toBe(2);
    // Holding 3 of 5 never takes the middle block (it would strand a seat at each end), so 2 adjacent
    // seats are left: a second fan asking for 3 finds no block.
    const again = await postJson<ErrorBody>(bestRoute, path, { class_id: String(gold), quantity: 3 }, await accessTokenFor(await createUser(db)), { params: { event_id: String(event.id) } });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe("seats_unavailable");
    expect(await db.ticket.count({ where: { id: { in: ticketIds }, status: "reserved" } })).toBe(3);
    const bad = await postJson<ErrorBody>(bestRoute, path, { class_id: "x", quantity: 0 }, await accessTokenFor(await createUser(db)), { params: { event_id: String(event.id) } });
    expect(bad.status).toBe(400);
  });
});

describe("POST /api/events/ticket/cancel (reserved)", () => {
  it("releases the fan's seats at once in PostgreSQL and Redis, with the spec's shape", async () => {
    const { event, ticketIds } = await setup();
    const fan = await createUser(getDb());
    const token = await accessTokenFor(fan);
    await postJson(reserveRoute, "/api/events/ticket/reserve", { ticket_ids: [ticketIds[0], ticketIds[1]] }, token);
    expect(await getTicketCount(event.id)).toBe(18);
    const res = await postJson<CancelResult>(cancelRoute, "/api/events/ticket/cancel", { ticket_ids: [String(ticketIds[0]), String(ticketIds[1])], status: "reserved", cancel_reason: "Changed my mind" }, token);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: "success", message: "Tickets successfully cancelled" });
    expect(res.body.cancelled_tickets).toEqual([
      expect.objectContaining({ ticket_id: String(ticketIds[0]), status: "cancelled", reason: "Changed my mind" }),
      expect.objectContaining({ ticket_id: String(ticketIds[1]), status: "cancelled", reason: "Changed my mind" }),
    ]);
    expect((await statusOf([ticketIds[0]!, ticketIds[1]!])).map((r) => r.status)).toEqual(["available", "available"]);
    expect(await getRedis().exists(reservedTicketKey(event.id, ticketIds[0]!), reservedTicketKey(event.id, ticketIds[1]!))).toBe(0);
    expect((await getDb().reservation.findFirstOrThrow()).status).toBe("released");
    expect(await getTicketCount(event.id)).toBe(20);
    const hold = await holdRoute(new Request(`http://localhost/api/events/${event.id}/hold`, { headers: { authorization: `Bearer ${token}` } }), { params: Promise.resolve({ event_id: String(event.id) }) } as never);
    expect(await hold.json()).toBeNull();
  });

  it("refuses another fan's hold with 403 and changes nothing", async () => {
    const { event, ticketIds } = await setup();
    const [a, b] = [await createUser(getDb()), await createUser(getDb())];
    await postJson(reserveRoute, "/api/events/ticket/reserve", { ticket_ids: [ticketIds[0]] }, await accessTokenFor(a));
    const res = await postJson<ErrorBody>(cancelRoute, "/api/events/ticket/cancel", { ticket_ids: [ticketIds[0]], status: "reserved" }, await accessTokenFor(b));
    expect(res.status).toBe(403);
    expect((await statusOf([ticketIds[0]!]))[0]!.status).toBe("reserved");
    expect(await getRedis().exists(reservedTicketKey(event.id, ticketIds[0]!))).toBe(1);
    const notHeld = await postJson<ErrorBody>(cancelRoute, "/api/events/ticket/cancel", { ticket_ids: [ticketIds[5]], status: "reserved" }, await accessTokenFor(b));
    expect(notHeld.status).toBe(409);
    expect(notHeld.body.error.code).toBe("not_held");
  });
});

// Fires `fans` reserve calls at once, each for 2-4 random seats of the first `seats` tickets.
async function storm(ticketIds: number[], fans: number, seats: number, midway?: () => Promise<void>) {
  const db = getDb();
  await db.user.createMany({ data: Array.from({ length: fans }, (_, i) => ({ username: `storm_${i}`, email: `storm_${i}@example.com` })) });
  const users = await db.user.findMany({ where: { username: { startsWith: "storm_" } }, select: { id: true } });
  let seed = 42;
  const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const wants = users.map((u) => {
    const pick = new Set<number>();
    const n = 2 + Math.floor(rand() * 3);
    while (pick.size < n) pick.add(ticketIds[Math.floor(rand() * seats)]!);
    return { userId: u.id, ids: [...pick] };
  });
  const attempt = (w: (typeof wants)[number]) =>
    reserveTickets({ userId: w.userId, ticketIds: w.ids }).then(
      (hold) => ({ ...w, ok: true as const, hold }),
      (e: unknown) => {
        if (isAppError(e) && e.code === "seats_unavailable") return { ...w, ok: false as const };
        throw e;
      },
    );
  const half = Math.floor(wants.length / 2);
  const first = wants.slice(0, half).map(attempt);
  // Mid-storm: once the first of the first half has its answer (others are still in flight).
  if (midway) {
    await Promise.race(first);
    await midway();
  }
  const second = wants.slice(half).map(attempt);
  return Promise.all([...first, ...second]);
}

async function expectNoSeatHeldTwice(results: Awaited<ReturnType<typeof storm>>, ticketIds: number[]) {
  const owners = new Map<number, number>();
  for (const r of results.filter((r) => r.ok)) {
    for (const id of r.ids) {
      expect(owners.has(id), `ticket ${id} held twice`).toBe(false);
      owners.set(id, r.userId);
    }
  }
  // Every success holds all its seats in PostgreSQL; every failure holds none.
  const rows = await getDb().ticket.findMany({
    where: { id: { in: ticketIds } },
    select: { id: true, status: true, userId: true },
  });
  for (const row of rows) {
    const owner = owners.get(row.id);
    if (owner === undefined) expect(row.status, `ticket ${row.id}`).toBe("available");
    else expect({ status: row.status, userId: row.userId }).toEqual({ status: "reserved", userId: owner });
  }
  return owners;
}

describe.skipIf(skipWithout("a real PostgreSQL server", realPostgres))("concurrency (real PostgreSQL)", () => {
  it("500 fans at once on overlapping sets of the same 20 seats: each seat held by at most one, all or nothing, Redis agrees", async () => {
    const { event, ticketIds } = await setup({ rows: 2, seatsPerRow: 10 });
    const results = await storm(ticketIds, 500, 20);
    const owners = await expectNoSeatHeldTwice(results, ticketIds);
    expect(owners.size).toBeGreaterThan(0);
    for (const id of ticketIds) {
      const claim = await getRedis().hgetall(reservedTicketKey(event.id, id));
      expect(claim.user_id, `claim of ticket ${id}`).toBe(owners.has(id) ? String(owners.get(id)) : undefined);
    }
  });

  it("the same storm with Redis flushed in the middle: still no seat held twice in PostgreSQL", async () => {
    const { ticketIds } = await setup({ rows: 2, seatsPerRow: 10 });
    const url = process.env.REDIS_URL;
    const results = await storm(ticketIds, 500, 20, async () => {
      if (url) {
        const client = new Redis(url);
        // FLUSHDB: all of the app's keys (FLUSHALL would also wipe other databases of a shared server).
        await client.flushdb();
        client.disconnect();
      } else {
        await resetRedis();
      }
    });
    await expectNoSeatHeldTwice(results, ticketIds);
  });
});
