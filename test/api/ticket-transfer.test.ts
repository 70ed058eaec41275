// Sending an e-ticket to a friend and adding it to a calendar, through the route handlers: only the
// holder may do either (everyone else gets a 404 and changes nothing), the old QR code stops at the
// door while the recipient's new one admits, used / refunded / started / cancelled tickets stay put,
// two transfers at once move the ticket once, and both fans are told through the outbox.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { GET as calendarRoute } from "@/app/api/tickets/[order_item_id]/calendar.ics/route";
import { POST as transferRoute } from "@/app/api/tickets/[order_item_id]/transfer/route";
import { POST as checkInRoute } from "@/app/api/tickets/check-in/route";
import { getDb } from "@/lib/db";
import type { User } from "@/lib/generated/prisma/client";
import { cancelConfirmedTickets } from "@/lib/payments/cancel-confirmed-tickets";
import { listUserOrders } from "@/lib/tickets/list-user-orders";
import { signTicketToken } from "@/lib/tickets/ticket-token";
import { createEventWithTickets, createUser } from "@/prisma/seed/factories";
import { ACTOR_NAMES, createCast, type Actor } from "@/test/support/actors";
import { accessTokenFor, callRoute, postJson, type RouteHandler } from "@/test/support/api";
import { realPostgres, truncateAll } from "@/test/support/database";
import { skipWithout } from "@/test/support/servers";

type ErrorBody = { error: { code: string; message: string } };
type Transferred = { status: string; order_item_id: string; recipient: { username: string }; transferred_at: string };

const transfer = (orderItemId: number, email: unknown, token?: string) =>
  postJson<Transferred & ErrorBody>(transferRoute as RouteHandler, `/api/tickets/${orderItemId}/transfer`, { email }, token, { params: { order_item_id: String(orderItemId) } });

const checkIn = (token: string, staffToken: string) => postJson<ErrorBody & { status: string }>(checkInRoute as RouteHandler, "/api/tickets/check-in", { token }, staffToken);

async function calendar(orderItemId: number | string, token?: string) {
  const headers: Record<string, string> = {};
  if (token) headers.authorization = `Bearer ${token}`;
  const res = await calendarRoute(new Request(`http://localhost/api/tickets/${orderItemId}/calendar.ics`, { headers }), {
    params: Promise.resolve({ order_item_id: String(orderItemId) }),
  } as never);
  return { status: res.status, headers: res.headers, text: await res.text() };
}

/** The cast, an event at its venue whose first order (two tickets) the cast's buyer holds, and a friend. */
async function setup(options: { datetime?: Date } = {}) {
  const db = getDb();
  const cast = await createCast();
  const buyer = cast.actors.buyer.user!;
  const { event } = await createEventWithTickets(db, {
    venueId: cast.venue.venue.id,
    title: "Transfer Night",
    datetime: options.datetime,
    sold: { buyerIds: [buyer.id], tickets: 2, orderSize: 2 },
  });
  const items = await db.orderItem.findMany({ where: { eventId: event.id }, orderBy: { id: "asc" } });
  const friend = await createUser(db);
  return { db, cast, buyer, event, items, item: items[0]!, friend, friendToken: await accessTokenFor(friend) };
}

const snapshot = async (id: number) => {
  const row = await getDb().orderItem.findUniqueOrThrow({ where: { id }, select: { userId: true, tokenSecret: true } });
  const notifications = await getDb().notification.count({ where: { kind: { in: ["ticket_transferred_out", "ticket_received"] } } });
  const audits = await getDb().auditLog.count({ where: { action: "ticket.transfer" } });
  return { ...row, notifications, audits };
};

const saved = { user: process.env.RATE_LIMIT_TICKET_TRANSFER_PER_MINUTE, ip: process.env.RATE_LIMIT_TICKET_TRANSFER_IP_PER_MINUTE };

beforeEach(async () => {
  await truncateAll();
  // The budgets are tested on their own below; the other tests call more often than a fan would.
  process.env.RATE_LIMIT_TICKET_TRANSFER_PER_MINUTE = "0";
  process.env.RATE_LIMIT_TICKET_TRANSFER_IP_PER_MINUTE = "0";
});

afterEach(() => {
  for (const [key, value] of [
    ["RATE_LIMIT_TICKET_TRANSFER_PER_MINUTE", saved.user],
    ["RATE_LIMIT_TICKET_TRANSFER_IP_PER_MINUTE", saved.ip],
  ] as const) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
});

describe("POST /api/tickets/:order_item_id/transfer", () => {
  it("moves the ticket to the friend, re-issues its QR code, tells both fans and writes an audit row", async () => {
    const { db, cast, buyer, item, items, friend, friendToken } = await setup();
    const oldToken = signTicketToken({ orderItemId: item.id, tokenSecret: item.tokenSecret });

    const res = await transfer(item.id, `  ${friend.email.toUpperCase()} `, cast.actors.buyer.token);
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("private, no-store");
    expect(res.body).toMatchObject({ status: "transferred", order_item_id: String(item.id), recipient: { username: friend.username } });

    const row = await db.orderItem.findUniqueOrThrow({ where: { id: item.id } });
    expect(row.userId).toBe(friend.id);
    expect(row.tokenSecret).not.toBe(item.tokenSecret);
    // The other ticket of the order stays with the buyer.
    expect((await db.orderItem.findUniqueOrThrow({ where: { id: items[1]!.id } })).userId).toBe(buyer.id);

    const notes = await db.notification.findMany({ where: { kind: { in: ["ticket_transferred_out", "ticket_received"] } }, orderBy: { kind: "asc" } });
    expect(notes.map((n) => [n.kind, n.userId, n.channel])).toEqual([
      ["ticket_received", friend.id, "email"],
      ["ticket_transferred_out", buyer.id, "email"],
    ]);
    const audit = await db.auditLog.findMany({ where: { action: "ticket.transfer" } });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actorId: buyer.id, targetType: "order_item", targetId: String(item.id), after: { user_id: friend.id } });

    // My tickets: the friend sees this one ticket, the buyer only the other.
    const mine = await listUserOrders({ userId: buyer.id });
    expect(mine.upcoming.flatMap((o) => o.items.map((i) => i.orderItemId))).toEqual([items[1]!.id]);
    const theirs = await listUserOrders({ userId: friend.id });
    expect(theirs.upcoming.flatMap((o) => o.items.map((i) => i.orderItemId))).toEqual([item.id]);
    expect(theirs.upcoming[0]!.holder).toBe(friend.username);
    // The buyer's money figures are theirs: the friend's card says who sent it instead.
    expect(theirs.upcoming[0]!.receivedFrom).toBe(buyer.username);
    expect(mine.upcoming[0]!.receivedFrom).toBeNull();
    // Received tickets are not refundable by their holder: the money would go to the buyer's card.
    expect(theirs.upcoming[0]!.items[0]!.cancellable).toBe(false);

    // At the door: the old code is refused, the friend's new one admits.
    const door = cast.actors.doorStaff.token!;
    const old = await checkIn(oldToken, door);
    expect(old.status).toBe(404);
    expect(old.body.error.code).toBe("not_found");
    const newToken = theirs.upcoming[0]!.items[0]!.token!;
    expect(newToken).not.toBe(oldToken);
    expect((await checkIn(newToken, door)).status).toBe(200);

    // And the buyer can no longer send it again (it is not theirs): 404, nothing changes.
    const again = await transfer(item.id, buyer.email, cast.actors.buyer.token);
    expect(again.status).toBe(404);
    // The friend cannot send a ticket that was used at the door.
    const used = await transfer(item.id, buyer.email, friendToken);
    expect(used.status).toBe(409);
    expect(used.body.error.code).toBe("transfer_not_allowed");
  });

  // The authorization matrix: only the ticket's holder may send it; admins neither (a fan's ticket
  // is moved by the fan). Everyone else gets the 404 of an unknown id, and nothing changes.
  it.each(ACTOR_NAMES.filter((n) => n !== "buyer"))("refuses %s and changes nothing", async (name) => {
    const { cast, item, friend } = await setup();
    const actor: Actor = cast.actors[name];
    const before = await snapshot(item.id);
    const res = await transfer(item.id, friend.email, actor.token);
    expect(res.status).toBe(name === "anonymous" ? 401 : 404);
    expect(await snapshot(item.id)).toEqual(before);
  });

  it("refuses another buyer (not the owner) with a 404 and changes nothing", async () => {
    const { item, friend, friendToken, buyer } = await setup();
    const before = await snapshot(item.id);
    const res = await transfer(item.id, friend.email, friendToken);
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe("not_found");
    // A ticket that does not exist answers the same.
    expect((await transfer(item.id + 1000, buyer.email, friendToken)).body.error.code).toBe("not_found");
    expect(await snapshot(item.id)).toEqual(before);
  });

  it("refuses sending to yourself, to an address without an account, and a malformed address", async () => {
    const { cast, buyer, item } = await setup();
    const before = await snapshot(item.id);
    const self = await transfer(item.id, buyer.email, cast.actors.buyer.token);
    expect([self.status, self.body.error.code]).toEqual([409, "transfer_not_allowed"]);
    const nobody = await transfer(item.id, "nobody-here@example.test", cast.actors.buyer.token);
    expect([nobody.status, nobody.body.error.code]).toEqual([422, "recipient_not_found"]);
    const bad = await transfer(item.id, "not an email", cast.actors.buyer.token);
    expect([bad.status, bad.body.error.code]).toEqual([400, "validation_error"]);
    const missing = await postJson<ErrorBody>(transferRoute as RouteHandler, `/api/tickets/${item.id}/transfer`, {}, cast.actors.buyer.token, { params: { order_item_id: String(item.id) } });
    expect(missing.status).toBe(400);
    expect(await snapshot(item.id)).toEqual(before);
  });

  it("refuses a checked-in, a refunded, a cancelled-event and a started-event ticket", async () => {
    const { db, cast, items, friend } = await setup();
    const token = cast.actors.buyer.token;
    await db.orderItem.update({ where: { id: items[0]!.id }, data: { checkedInAt: new Date() } });
    await db.orderItem.update({ where: { id: items[1]!.id }, data: { status: "refunded", cancelledAt: new Date() } });
    for (const i of items) {
      const before = await snapshot(i.id);
      const res = await transfer(i.id, friend.email, token);
      expect([res.status, res.body.error.code]).toEqual([409, "transfer_not_allowed"]);
      expect(await snapshot(i.id)).toEqual(before);
    }

    const fresh = await setup();
    await fresh.db.event.update({ where: { id: fresh.event.id }, data: { status: "cancelled" } });
    const cancelled = await transfer(fresh.item.id, fresh.friend.email, fresh.cast.actors.buyer.token);
    expect([cancelled.status, cancelled.body.error.code]).toEqual([409, "transfer_not_allowed"]);
    expect(cancelled.body.error.message).toMatch(/cancelled/);

    const started = await setup();
    await started.db.event.update({ where: { id: started.event.id }, data: { datetime: new Date(Date.now() - 60_000) } });
    const late = await transfer(started.item.id, started.friend.email, started.cast.actors.buyer.token);
    expect([late.status, late.body.error.code]).toEqual([409, "transfer_not_allowed"]);
    expect(late.body.error.message).toMatch(/started/);
    expect((await started.db.orderItem.findUniqueOrThrow({ where: { id: started.item.id } })).userId).toBe(started.buyer.id);
  });

  it("rate limits transfers per user (429 with Retry-After), changing nothing once over", async () => {
    const { cast, items, friend } = await setup();
    process.env.RATE_LIMIT_TICKET_TRANSFER_PER_MINUTE = "1";
    expect((await transfer(items[0]!.id, friend.email, cast.actors.buyer.token)).status).toBe(200);
    const before = await snapshot(items[1]!.id);
    const limited = await transfer(items[1]!.id, friend.email, cast.actors.buyer.token);
    expect(limited.status).toBe(429);
    expect(limited.body.error.code).toBe("rate_limited");
    expect(limited.headers.get("retry-after")).toMatch(/^\d+$/);
    expect(await snapshot(items[1]!.id)).toEqual(before);
  });

  it("keeps the money with the buyer: neither the friend nor the sender can refund a transferred ticket", async () => {
    const { db, cast, buyer, item, friend } = await setup();
    expect((await transfer(item.id, friend.email, cast.actors.buyer.token)).status).toBe(200);
    const asCaller = (u: User) => ({ userId: u.id, role: u.role });
    await expect(cancelConfirmedTickets({ caller: asCaller(friend), ticketIds: [item.ticketId] })).rejects.toMatchObject({ code: "refund_not_allowed" });
    await expect(cancelConfirmedTickets({ caller: asCaller(buyer), ticketIds: [item.ticketId] })).rejects.toMatchObject({ code: "forbidden" });
    const row = await db.orderItem.findUniqueOrThrow({ where: { id: item.id } });
    expect([row.status, row.userId]).toEqual(["issued", friend.id]);
  });

  it.skipIf(skipWithout("a real PostgreSQL server", realPostgres))("moves a ticket exactly once when transfers to two friends race", async () => {
    const { db, cast, item, friend } = await setup();
    const others = await Promise.all(Array.from({ length: 7 }, () => createUser(db)));
    const recipients: User[] = [friend, ...others];
    const results = await Promise.all(recipients.map((r) => transfer(item.id, r.email, cast.actors.buyer.token)));
    const ok = results.filter((r) => r.status === 200);
    expect(ok).toHaveLength(1);
    // The losers find the ticket is no longer the buyer's: the 404 of someone else's ticket.
    expect(results.filter((r) => r.status === 404)).toHaveLength(recipients.length - 1);
    const winner = recipients.find((r) => r.username === ok[0]!.body.recipient.username)!;
    expect((await db.orderItem.findUniqueOrThrow({ where: { id: item.id } })).userId).toBe(winner.id);
    expect(await db.notification.count({ where: { kind: "ticket_received" } })).toBe(1);
    expect(await db.auditLog.count({ where: { action: "ticket.transfer" } })).toBe(1);
  });
});

describe("GET /api/tickets/:order_item_id/calendar.ics", () => {
  it("gives the holder an iCalendar file of the event with their seat", async () => {
    const { cast, item, event } = await setup();
    const res = await calendar(item.id, cast.actors.buyer.token);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/calendar/);
    expect(res.headers.get("cache-control")).toBe("private, no-store");
    expect(res.headers.get("content-disposition")).toContain(`openseat-ticket-${item.id}.ics`);
    expect(res.text).toMatch(/^BEGIN:VCALENDAR/);
    expect(res.text).toContain("BEGIN:VEVENT");
    expect(res.text).toContain("SUMMARY:Transfer Night");
    expect(res.text).toContain(`UID:openseat-event-${event.id}-ticket-${item.id}`);
    const stamp = event.datetime.toISOString().replace(/[-:]/g, "").replace(/\.\d{3}/, "");
    expect(res.text).toContain(`DTSTART:${stamp}`);
    expect(res.text.replace(/\r\n /g, "")).toContain(item.seat);
  });

  it.each(ACTOR_NAMES.filter((n) => n !== "buyer"))("answers %s with 401/404 and no file", async (name) => {
    const { cast, item } = await setup();
    const res = await calendar(item.id, cast.actors[name].token);
    expect(res.status).toBe(name === "anonymous" ? 401 : 404);
    expect(res.text).not.toContain("VCALENDAR");
  });

  it("follows the ticket: after a transfer the friend gets it and the sender a 404; a refunded ticket has none", async () => {
    const { db, cast, items, friend, friendToken } = await setup();
    expect((await transfer(items[0]!.id, friend.email, cast.actors.buyer.token)).status).toBe(200);
    expect((await calendar(items[0]!.id, friendToken)).status).toBe(200);
    expect((await calendar(items[0]!.id, cast.actors.buyer.token)).status).toBe(404);
    await db.orderItem.update({ where: { id: items[1]!.id }, data: { status: "refunded" } });
    expect((await calendar(items[1]!.id, cast.actors.buyer.token)).status).toBe(409);
    expect((await calendar("abc", cast.actors.buyer.token)).status).toBe(400);
  });
});

describe("other methods", () => {
  it("answers 405 with Allow", async () => {
    const { GET } = await import("@/app/api/tickets/[order_item_id]/transfer/route");
    const res = await callRoute(GET as unknown as RouteHandler, "GET", "/api/tickets/1/transfer", { params: { order_item_id: "1" } });
    expect(res.status).toBe(405);
    expect(res.headers.get("allow")).toMatch(/^POST\b/);
  });
});
