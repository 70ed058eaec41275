// max_tickets_per_order holds per account per event, across the live hold and the tickets bought
// (paid through the real checkout, Stripe emulator and confirm route), not per hold; and it holds
// under a storm of concurrent reserves by one fan.
import { describe, expect, it } from "vitest";
import { POST as checkoutRoute } from "@/app/api/checkout/route";
import { POST as bestRoute } from "@/app/api/events/[event_id]/best-available/route";
import { POST as cancelRoute } from "@/app/api/events/ticket/cancel/route";
import { POST as confirmRoute } from "@/app/api/events/ticket/confirm/route";
import { POST as reserveRoute } from "@/app/api/events/ticket/reserve/route";
import { issueAccessToken } from "@/lib/auth/access-token";
import { getDb } from "@/lib/db";
import { createEventWithTickets, createUser, createVenueWithGrid } from "@/prisma/seed/factories";
import { realPostgres } from "@/test/support/database";
import { reserveStormSetup } from "@/test/support/reserve-storm-setup";
import { skipWithout } from "@/test/support/servers";
import { postJson } from "@/test/support/api";

type Json = { error?: { code: string; message: string; tickets_remaining?: number }; [k: string]: unknown };

const storms = reserveStormSetup();

/** An event of 80 seats (limit 8 per fan), and a fan with a token. */
async function setup() {
  const db = getDb();
  const { venue } = await createVenueWithGrid(db, { sections: 1, rows: 4, seatsPerRow: 20 });
  const { event } = await createEventWithTickets(db, { venueId: venue.id, price: "50.00" });
  const tickets = await db.ticket.findMany({ where: { eventId: event.id }, orderBy: { id: "asc" }, select: { id: true, classId: true } });
  const fan = await createUser(db, {});
  const token = (await issueAccessToken(fan)).access_token;
  return { event, ticketIds: tickets.map((t) => t.id), classId: tickets[0]!.classId, fan, token };
}

const reserve = (token: string, ids: number[]) => postJson<Json>(reserveRoute, "/api/events/ticket/reserve", { ticket_ids: ids.map(String) }, token);

/** Holds `ids`, pays at the emulator and confirms through the route: the tickets become the fan's. */
async function buy(token: string, ids: number[]) {
  const hold = await reserve(token, ids);
  expect(hold.status).toBe(200);
  const started = await postJson<Json>(checkoutRoute, "/api/checkout", { reservation_id: hold.body.reservation_id }, token);
  expect(started.status).toBe(200);
  await storms.emulator.pay(started.body.session_id as string, "4242 4242 4242 4242");
  const confirmed = await postJson<Json>(confirmRoute, "/api/events/ticket/confirm", { ticket_ids: ids.map(String), payment_info: { payment_id: started.body.session_id } }, token);
  expect(confirmed).toMatchObject({ status: 200, body: { status: "success" } });
}

/** What the fan has for the event: live held (not free to others) plus bought. */
async function owned(userId: number, eventId: number): Promise<number> {
  const [row] = await getDb().$queryRaw<{ n: number }[]>`
    SELECT count(*)::int AS n FROM ticket
     WHERE user_id = ${userId} AND event_id = ${eventId}
       AND (status = 'confirmed' OR (status = 'reserved' AND hold_expire_datetime > now()))`;
  return row!.n;
}

describe("max_tickets_per_order per account and event", () => {
  it("a fan who bought 8 cannot hold more, on reserve or best-available; after a refund of 2 they may hold 2", async () => {
    const { event, ticketIds, classId, fan, token } = await setup();
    await buy(token, ticketIds.slice(0, 8));
    const refused = await reserve(token, [ticketIds[10]!]);
    expect(refused.status).toBe(400);
    expect(refused.body.error).toMatchObject({ code: "order_limit_exceeded", tickets_remaining: 0 });
    expect(refused.body.error!.message).toMatch(/at most 8 tickets.*already hold or bought 8.*no more/);
    const best = await postJson<Json>(bestRoute, `/api/events/${event.id}/best-available`, { class_id: String(classId), quantity: 1 }, token, { params: { event_id: String(event.id) } });
    expect(best.status).toBe(400);
    expect(best.body.error?.code).toBe("order_limit_exceeded");
    // Nothing was held by the refusals.
    expect(await getDb().ticket.count({ where: { eventId: event.id, status: "reserved" } })).toBe(0);
    expect(await owned(fan.id, event.id)).toBe(8);

    const cancelled = await postJson<Json>(cancelRoute, "/api/events/ticket/cancel", { ticket_ids: ticketIds.slice(0, 2).map(String), status: "confirmed", cancel_reason: "plans changed" }, token);
    expect(cancelled.status).toBe(200);
    expect((await reserve(token, ticketIds.slice(10, 13))).status).toBe(400);
    expect((await reserve(token, ticketIds.slice(10, 12))).status).toBe(200);
    expect(await owned(fan.id, event.id)).toBe(8);
  });

  it("counts bought and held together and says how many more may be taken", async () => {
    const { event, ticketIds, fan, token } = await setup();
    await buy(token, ticketIds.slice(0, 5));
    const over = await reserve(token, ticketIds.slice(10, 14));
    expect(over.status).toBe(400);
    expect(over.body.error).toMatchObject({ code: "order_limit_exceeded", tickets_remaining: 3 });
    expect(over.body.error!.message).toMatch(/already hold or bought 5, so you may take 3 more/);
    expect((await reserve(token, ticketIds.slice(10, 12))).status).toBe(200);
    // Adding to the hold: 5 bought + 2 held, one more fits, two do not.
    const two = await reserve(token, [ticketIds[12]!, ticketIds[13]!]);
    expect(two.body.error).toMatchObject({ code: "order_limit_exceeded", tickets_remaining: 1 });
    // Re-reserving seats already held costs nothing extra.
    expect((await reserve(token, [ticketIds[10]!, ticketIds[11]!, ticketIds[12]!])).status).toBe(200);
    expect(await owned(fan.id, event.id)).toBe(8);
    // Another fan is not affected by this one's tickets.
    const other = (await issueAccessToken(await createUser(getDb(), {}))).access_token;
    expect((await reserve(other, ticketIds.slice(20, 28))).status).toBe(200);
  });

  it("a hold that has ended does not count", async () => {
    const { event, ticketIds, fan, token } = await setup();
    expect((await reserve(token, ticketIds.slice(0, 8))).status).toBe(200);
    await getDb().$executeRaw`UPDATE reservation SET expire_datetime = now() - interval '1 second' WHERE user_id = ${fan.id}`;
    await getDb().$executeRaw`UPDATE ticket SET hold_expire_datetime = now() - interval '1 second' WHERE user_id = ${fan.id}`;
    expect((await reserve(token, ticketIds.slice(20, 28))).status).toBe(200);
    expect(await owned(fan.id, event.id)).toBe(8);
  });
});

describe.skipIf(skipWithout("a real PostgreSQL server", realPostgres))("concurrent reserves by one fan", () => {
  it("never leave the fan with more than the limit, held and bought together", async () => {
    const { event, ticketIds, fan, token } = await setup();
    await buy(token, ticketIds.slice(0, 2));
    // 24 reserves at once, 3 different seats each: any two fit alone (2 + 3 + 3 = 8), three do not.
    const requests = Array.from({ length: 24 }, (_, i) => reserve(token, ticketIds.slice(8 + i * 3, 8 + i * 3 + 3)));
    const results = await Promise.all(requests);
    const ok = results.filter((r) => r.status === 200).length;
    const limited = results.filter((r) => r.body.error?.code === "order_limit_exceeded").length;
    expect(ok + limited).toBe(24);
    expect(ok).toBe(2);
    expect(await owned(fan.id, event.id)).toBe(8);
    // One hold per fan and event, however the requests interleaved.
    expect(await getDb().reservation.count({ where: { userId: fan.id, eventId: event.id, status: "active" } })).toBe(1);
  });

  it("with no hold to start from, many at once make one hold within the limit", async () => {
    const { event, ticketIds, fan, token } = await setup();
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => reserve(token, [ticketIds[i * 3]!, ticketIds[i * 3 + 1]!])));
    expect(results.filter((r) => r.status === 200)).toHaveLength(4);
    expect(results.every((r) => r.status === 200 || r.body.error?.code === "order_limit_exceeded")).toBe(true);
    expect(await owned(fan.id, event.id)).toBe(8);
    expect(await getDb().reservation.count({ where: { userId: fan.id, eventId: event.id, status: "active" } })).toBe(1);
  });

  it("different fans at once are not held back by each other", async () => {
    const { event, ticketIds } = await setup();
    const fans = await Promise.all(Array.from({ length: 10 }, async () => (await issueAccessToken(await createUser(getDb(), {}))).access_token));
    const results = await Promise.all(fans.map((t, i) => reserve(t, ticketIds.slice(i * 8, i * 8 + 8))));
    expect(results.map((r) => r.status)).toEqual(Array(10).fill(200));
    expect(await getDb().ticket.count({ where: { eventId: event.id, status: "reserved" } })).toBe(80);
  });
});
