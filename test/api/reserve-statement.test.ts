// The one-statement reserve (lib/inventory/reserve-tickets.ts): the event facts this process caches
// are only a hint (an edit made behind its back is seen by the next reserve, whichever way it goes),
// the reserve_guard row keeps the order limit exact when one fan's reserves race, and a statement
// that loses a seat writes nothing at all.
import { beforeEach, describe, expect, it } from "vitest";
import { POST as reserveRoute } from "@/app/api/events/ticket/reserve/route";
import { issueAccessToken } from "@/lib/auth/access-token";
import { getDb } from "@/lib/db";
import { reserveTickets } from "@/lib/inventory/reserve-tickets";
import { getRedis, reservedTicketKey } from "@/lib/redis";
import { createEventWithTickets, createUser, createVenueWithGrid } from "@/prisma/seed/factories";
import { postJson } from "@/test/support/api";
import { realPostgres, truncateAll } from "@/test/support/database";
import { resetRedis } from "@/test/support/redis";
import { skipWithout } from "@/test/support/servers";

type Json = { error?: { code: string; message: string }; reservation_id?: string; tickets?: { ticket_id: string }[] };

beforeEach(async () => {
  await truncateAll();
  await resetRedis();
  process.env.RATE_LIMIT_RESERVE_PER_MINUTE = "0";
  process.env.RATE_LIMIT_RESERVE_IP_PER_MINUTE = "0";
});

async function setup(maxTicketsPerOrder = 8) {
  const db = getDb();
  const { venue } = await createVenueWithGrid(db, { sections: 1, rows: 4, seatsPerRow: 20 });
  const { event } = await createEventWithTickets(db, { venueId: venue.id, price: "50.00", maxTicketsPerOrder });
  const ticketIds = (await db.ticket.findMany({ where: { eventId: event.id }, orderBy: { id: "asc" }, select: { id: true } })).map((t) => t.id);
  const fan = await createUser(db, {});
  const token = (await issueAccessToken(fan)).access_token;
  return { event, ticketIds, fan, token };
}

const reserve = (token: string, ids: number[]) => postJson<Json>(reserveRoute, "/api/events/ticket/reserve", { ticket_ids: ids.map(String) }, token);

async function snapshot(eventId: number) {
  const db = getDb();
  const [tickets, reservations, guards] = await Promise.all([
    db.ticket.findMany({ where: { eventId }, orderBy: { id: "asc" }, select: { id: true, status: true, userId: true, reservationId: true } }),
    db.reservation.findMany({ where: { eventId }, orderBy: { id: "asc" } }),
    db.reserveGuard.findMany({ where: { eventId }, orderBy: { userId: "asc" } }),
  ]);
  return { tickets, reservations, guards };
}

describe.skipIf(skipWithout("a real PostgreSQL server", realPostgres))("the reserve statement", () => {
  it("sees an event edited after this process cached it: a cancelled event refuses, a reopened one holds", async () => {
    const { event, ticketIds, token } = await setup();
    expect((await reserve(token, [ticketIds[0]!])).status).toBe(200); // the facts are cached now
    await getDb().event.update({ where: { id: event.id }, data: { status: "cancelled" } });
    const before = await snapshot(event.id);
    const refused = await reserve(token, [ticketIds[1]!]);
    expect(refused.status).toBe(409);
    expect(refused.body.error?.code).toBe("not_on_sale");
    expect(await snapshot(event.id)).toEqual(before);
    expect(await getRedis().exists(reservedTicketKey(event.id, ticketIds[1]!))).toBe(0);
    // Cached as cancelled now; reopened behind this process' back, the next reserve holds.
    await getDb().event.update({ where: { id: event.id }, data: { status: "scheduled" } });
    const held = await reserve(token, [ticketIds[1]!]);
    expect(held.status).toBe(200);
    expect(held.body.tickets?.map((t) => Number(t.ticket_id))).toEqual([ticketIds[0], ticketIds[1]]);
  });

  it("sees a lower order limit and a waiting room switched on after caching", async () => {
    const { event, ticketIds, token } = await setup(8);
    expect((await reserve(token, ticketIds.slice(0, 2))).status).toBe(200);
    await getDb().event.update({ where: { id: event.id }, data: { maxTicketsPerOrder: 3 } });
    const over = await reserve(token, ticketIds.slice(2, 4));
    expect(over.status).toBe(400);
    expect(over.body.error?.code).toBe("order_limit_exceeded");
    await getDb().event.update({ where: { id: event.id }, data: { queueEnabled: true } });
    const before = await snapshot(event.id);
    const gated = await reserve(token, [ticketIds[2]!]);
    expect(gated.body.error?.code).toBe("admission_required");
    expect(await snapshot(event.id)).toEqual(before);
  });

  it("one fan's reserves all at once on distinct seats: the limit holds exactly, in one hold, each refusal writes nothing", async () => {
    const { event, ticketIds, fan } = await setup(5);
    const results = await Promise.allSettled(ticketIds.slice(0, 40).map((id) => reserveTickets({ userId: fan.id, ticketIds: [id] })));
    const ok = results.filter((r) => r.status === "fulfilled");
    expect(ok).toHaveLength(5);
    const codes = results.flatMap((r) => (r.status === "rejected" ? [(r.reason as { code?: string }).code] : []));
    expect(new Set(codes)).toEqual(new Set(["order_limit_exceeded"]));
    const { tickets, reservations, guards } = await snapshot(event.id);
    const held = tickets.filter((t) => t.status === "reserved");
    expect(held).toHaveLength(5);
    expect(new Set(held.map((t) => t.reservationId)).size).toBe(1);
    expect(reservations).toHaveLength(1);
    expect(guards).toHaveLength(1);
    // Redis agrees: only the held seats keep a claim.
    const claimed = await Promise.all(ticketIds.slice(0, 40).map((id) => getRedis().exists(reservedTicketKey(event.id, id))));
    expect(claimed.filter((n) => n === 1)).toHaveLength(5);
  });

  it("a seat lost in PostgreSQL (Redis had no claim for it) aborts the whole statement", async () => {
    const { event, ticketIds, fan } = await setup();
    const other = await createUser(getDb(), {});
    await reserveTickets({ userId: other.id, ticketIds: [ticketIds[1]!] });
    await resetRedis(); // Redis forgets: only PostgreSQL knows the seat is taken
    const before = await snapshot(event.id);
    await expect(reserveTickets({ userId: fan.id, ticketIds: [ticketIds[0]!, ticketIds[1]!] })).rejects.toMatchObject({
      code: "seats_unavailable",
      details: { unavailable_ticket_ids: [String(ticketIds[1])] },
    });
    expect(await snapshot(event.id)).toEqual(before);
    expect(await getRedis().exists(reservedTicketKey(event.id, ticketIds[0]!))).toBe(0);
  });
});
