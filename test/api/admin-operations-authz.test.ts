// Who may call the organizer's operations routes (sales, exports, orders, refunds, check-in counts,
// users and venue grants): one row per route and kind of caller (test/support/actors.ts), with the
// status each must get, and for every refused call, proof that nothing changed.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import * as sales from "@/app/api/admin/events/[event_id]/sales/route";
import * as seats from "@/app/api/admin/events/[event_id]/sales/seats/route";
import * as salesStream from "@/app/api/admin/events/[event_id]/sales/stream/route";
import * as ordersCsv from "@/app/api/admin/events/[event_id]/sales/orders.csv/route";
import * as attendeesCsv from "@/app/api/admin/events/[event_id]/sales/attendees.csv/route";
import * as checkIns from "@/app/api/admin/events/[event_id]/sales/check-ins/route";
import * as orders from "@/app/api/admin/orders/route";
import * as order from "@/app/api/admin/orders/[order_id]/route";
import * as refund from "@/app/api/admin/orders/[order_id]/refund/route";
import * as resend from "@/app/api/admin/orders/[order_id]/resend/route";
import * as users from "@/app/api/admin/users/route";
import * as venues from "@/app/api/admin/users/[user_id]/venues/route";
import { getDb } from "@/lib/db";
import { createEventWithTickets, createUser } from "@/prisma/seed/factories";
import { ACTOR_NAMES, createCast, type ActorName, type Cast } from "@/test/support/actors";
import type { RouteHandler } from "@/test/support/api";
import { truncateAll } from "@/test/support/database";
import { resetRedis } from "@/test/support/redis";
import { startTestStripe } from "@/test/support/stripe";
import type { StripeEmulator } from "@openseat/stripe-emulator";

let emulator: StripeEmulator;
beforeAll(async () => {
  emulator = await startTestStripe();
});
afterAll(async () => {
  await emulator?.close();
});
beforeEach(async () => {
  await truncateAll();
  await resetRedis();
});

type World = { cast: Cast; eventId: number; otherEventId: number; orderIds: number[]; otherOrderId: number; target: number };

async function world(): Promise<World> {
  const db = getDb();
  const cast = await createCast();
  const fan = await createUser(db);
  const { event } = await createEventWithTickets(db, { venueId: cast.venue.venue.id, title: "Matrix night", sold: { buyerIds: [fan.id], tickets: 8, orderSize: 2 } });
  const { event: other } = await createEventWithTickets(db, { venueId: cast.otherVenue.venue.id, title: "Elsewhere", sold: { buyerIds: [fan.id], tickets: 2, orderSize: 2 } });
  const orderIds = (await db.payment.findMany({ where: { eventId: event.id }, orderBy: { id: "asc" }, select: { id: true } })).map((p) => p.id);
  const otherOrderId = (await db.payment.findFirstOrThrow({ where: { eventId: other.id } })).id;
  const target = (await createUser(db)).id;
  return { cast, eventId: event.id, otherEventId: other.id, orderIds, otherOrderId, target };
}

/** Everything a refused call could have touched. */
async function snapshot() {
  const db = getDb();
  return JSON.stringify({
    items: await db.orderItem.findMany({ orderBy: { id: "asc" }, select: { id: true, status: true, checkedInAt: true, stripeRefundId: true } }),
    tickets: await db.ticket.findMany({ orderBy: { id: "asc" }, select: { id: true, status: true, userId: true } }),
    payments: await db.payment.findMany({ orderBy: { id: "asc" }, select: { id: true, status: true, refundedAmount: true } }),
    refunds: await db.refund.count(),
    requests: await db.orderRefundRequest.count(),
    admins: await db.venueAdmin.findMany({ orderBy: [{ userId: "asc" }, { venueId: "asc" }] }),
    door: await db.venueDoorStaff.findMany({ orderBy: [{ userId: "asc" }, { venueId: "asc" }] }),
    roles: await db.user.findMany({ orderBy: { id: "asc" }, select: { id: true, role: true, sessionVersion: true } }),
    audit: await db.auditLog.count(),
    notifications: await db.notification.count(),
  });
}

type Expect = Record<ActorName, number>;
const MANAGERS: Expect = { anonymous: 401, buyer: 403, doorStaff: 403, otherVenueAdmin: 403, venueAdmin: 200, admin: 200 };
// A list scoped to the caller's venues: another venue's admin gets 200 with nothing of this venue.
const MANAGER_LIST: Expect = { ...MANAGERS, otherVenueAdmin: 200 };
const CHECK_IN: Expect = { ...MANAGERS, doorStaff: 200 };
const ADMIN_ONLY: Expect = { anonymous: 401, buyer: 403, doorStaff: 403, otherVenueAdmin: 403, venueAdmin: 403, admin: 200 };

type Row = {
  name: string;
  method: string;
  handler: (w: World) => RouteHandler;
  path: (w: World, i: number) => string;
  params: (w: World, i: number) => Record<string, string>;
  body?: (w: World, i: number) => unknown;
  headers?: (i: number) => Record<string, string>;
  expect: Expect;
  writes: boolean;
  /** A Server-Sent Events route: an allowed call is read up to its first bytes, then hung up. */
  stream?: boolean;
};

const ev = (w: World) => ({ event_id: String(w.eventId) });
const ROWS: Row[] = [
  { name: "GET sales", method: "GET", handler: () => sales.GET as RouteHandler, path: (w) => `/api/admin/events/${w.eventId}/sales`, params: ev, expect: MANAGERS, writes: false },
  { name: "GET sales/stream", method: "GET", handler: () => salesStream.GET as RouteHandler, path: (w) => `/api/admin/events/${w.eventId}/sales/stream`, params: ev, expect: MANAGERS, writes: false, stream: true },
  { name: "HEAD sales/stream", method: "HEAD", handler: () => salesStream.HEAD as RouteHandler, path: (w) => `/api/admin/events/${w.eventId}/sales/stream`, params: ev, expect: MANAGERS, writes: false, stream: true },
  { name: "GET sales/seats", method: "GET", handler: () => seats.GET as RouteHandler, path: (w) => `/api/admin/events/${w.eventId}/sales/seats`, params: ev, expect: MANAGERS, writes: false },
  { name: "GET orders.csv", method: "GET", handler: () => ordersCsv.GET as RouteHandler, path: (w) => `/api/admin/events/${w.eventId}/sales/orders.csv`, params: ev, expect: MANAGERS, writes: false },
  { name: "GET attendees.csv", method: "GET", handler: () => attendeesCsv.GET as RouteHandler, path: (w) => `/api/admin/events/${w.eventId}/sales/attendees.csv`, params: ev, expect: MANAGERS, writes: false },
  { name: "GET check-ins", method: "GET", handler: () => checkIns.GET as RouteHandler, path: (w) => `/api/admin/events/${w.eventId}/sales/check-ins`, params: ev, expect: CHECK_IN, writes: false },
  { name: "GET orders", method: "GET", handler: () => orders.GET as RouteHandler, path: () => `/api/admin/orders`, params: () => ({}), expect: MANAGER_LIST, writes: false },
  { name: "GET order", method: "GET", handler: () => order.GET as RouteHandler, path: (w) => `/api/admin/orders/${w.orderIds[0]}`, params: (w) => ({ order_id: String(w.orderIds[0]) }), expect: MANAGERS, writes: false },
  {
    name: "POST refund (tickets)",
    method: "POST",
    handler: () => refund.POST as RouteHandler,
    // Each successful call refunds another order, so every allowed caller has something to refund.
    path: (w, i) => `/api/admin/orders/${w.orderIds[i]}/refund`,
    params: (w, i) => ({ order_id: String(w.orderIds[i]) }),
    body: () => ({ reason: "Matrix test" }),
    expect: MANAGERS,
    writes: true,
  },
  {
    name: "POST refund (amount)",
    method: "POST",
    handler: () => refund.POST as RouteHandler,
    path: (w, i) => `/api/admin/orders/${w.orderIds[i]}/refund`,
    params: (w, i) => ({ order_id: String(w.orderIds[i]) }),
    body: () => ({ reason: "Matrix test", amount: "1.00" }),
    headers: (i) => ({ "idempotency-key": `matrix-${i}` }),
    expect: MANAGERS,
    writes: true,
  },
  {
    name: "POST resend",
    method: "POST",
    handler: () => resend.POST as RouteHandler,
    path: (w, i) => `/api/admin/orders/${w.orderIds[i]}/resend`,
    params: (w, i) => ({ order_id: String(w.orderIds[i]) }),
    expect: { ...MANAGERS, venueAdmin: 202, admin: 202 },
    writes: true,
  },
  { name: "GET users", method: "GET", handler: () => users.GET as RouteHandler, path: () => `/api/admin/users`, params: () => ({}), expect: ADMIN_ONLY, writes: false },
  {
    name: "POST users/:id/venues",
    method: "POST",
    handler: () => venues.POST as RouteHandler,
    path: (w) => `/api/admin/users/${w.target}/venues`,
    params: (w) => ({ user_id: String(w.target) }),
    body: (w) => ({ venue_id: String(w.cast.venue.venue.id), as: "door_staff" }),
    expect: ADMIN_ONLY,
    writes: true,
  },
  {
    name: "DELETE users/:id/venues",
    method: "DELETE",
    handler: () => venues.DELETE as RouteHandler,
    path: (w) => `/api/admin/users/${w.cast.actors.doorStaff.user!.id}/venues`,
    params: (w) => ({ user_id: String(w.cast.actors.doorStaff.user!.id) }),
    body: (w) => ({ venue_id: String(w.cast.venue.venue.id), as: "door_staff" }),
    expect: ADMIN_ONLY,
    writes: true,
  },
];

async function call(row: Row, w: World, actor: ActorName, i: number) {
  const a = w.cast.actors[actor];
  const headers: Record<string, string> = { "content-type": "application/json", ...(row.headers?.(i) ?? {}) };
  if (a.token) headers.authorization = `Bearer ${a.token}`;
  const hangUp = new AbortController();
  const init: RequestInit = { method: row.method, headers, signal: hangUp.signal };
  if (row.body) init.body = JSON.stringify(row.body(w, i));
  const res = await row.handler(w)(new Request(`http://localhost${row.path(w, i)}`, init), { params: Promise.resolve(row.params(w, i)) } as never);
  if (row.stream && res.ok) {
    // A live stream never ends by itself: its first bytes (the retry hint) prove it opened.
    const reader = res.body?.getReader();
    const first = reader ? new TextDecoder().decode((await reader.read()).value) : "";
    hangUp.abort();
    await reader?.cancel();
    return { status: res.status, contentType: res.headers.get("content-type") ?? "", text: first };
  }
  const text = await res.text();
  return { status: res.status, contentType: res.headers.get("content-type") ?? "", text };
}

describe("organizer operations: authorization matrix", () => {
  for (const row of ROWS) {
    it(`${row.name}: ${ACTOR_NAMES.map((n) => `${n} ${row.expect[n]}`).join(", ")}`, async () => {
      const w = await world();
      let successes = 0;
      for (const actor of ACTOR_NAMES) {
        const expected = row.expect[actor];
        const before = await snapshot();
        const res = await call(row, w, actor, successes);
        expect({ actor, status: res.status }).toEqual({ actor, status: expected });
        if (expected >= 200 && expected < 300) {
          successes++;
        } else {
          expect(JSON.parse(res.text)).toMatchObject({ error: { code: expected === 401 ? "unauthorized" : "forbidden" } });
          expect(await snapshot()).toBe(before);
        }
        if (!row.writes && expected >= 200 && expected < 300) expect(await snapshot()).toBe(before);
      }
    });
  }

  it("resend: a double click mails once, the order page lists the message, an order without valid tickets is a conflict", async () => {
    const w = await world();
    const token = w.cast.actors.venueAdmin.token!;
    const post = (orderId: number) =>
      resend.POST(new Request(`http://localhost/api/admin/orders/${orderId}/resend`, { method: "POST", headers: { authorization: `Bearer ${token}` } }), {
        params: Promise.resolve({ order_id: String(orderId) }),
      } as never);
    const answers = await Promise.all([post(w.orderIds[0]!), post(w.orderIds[0]!), post(w.orderIds[0]!)]);
    const bodies = (await Promise.all(answers.map((a) => a.json()))) as Array<{ queued: boolean }>;
    expect(bodies.filter((b) => b.queued)).toHaveLength(1);
    const db = getDb();
    const fan = (await db.payment.findUniqueOrThrow({ where: { id: w.orderIds[0]! } })).userId;
    expect(await db.notification.count({ where: { userId: fan, kind: "order_confirmation", dedupeKey: { contains: `order_confirmation:${w.orderIds[0]}:resend:` } } })).toBe(1);
    expect(await db.auditLog.count({ where: { action: "order.resend_tickets" } })).toBe(1);
    const detail = await order.GET(new Request(`http://localhost/api/admin/orders/${w.orderIds[0]}`, { headers: { authorization: `Bearer ${token}` } }), {
      params: Promise.resolve({ order_id: String(w.orderIds[0]) }),
    } as never);
    const { notifications } = (await detail.json()) as { notifications: Array<{ kind: string; status: string }> };
    expect(notifications).toEqual([expect.objectContaining({ kind: "order_confirmation", status: "queued" })]);
    // Every ticket refunded: nothing valid left to send.
    await db.orderItem.updateMany({ where: { paymentId: w.orderIds[1]! }, data: { status: "cancelled" } });
    const none = await post(w.orderIds[1]!);
    expect(none.status).toBe(409);
  });

  it("an order list never shows another venue's orders, and an order of another venue is 403 for this venue's admin", async () => {
    const w = await world();
    const token = w.cast.actors.venueAdmin.token!;
    const list = await orders.GET(new Request("http://localhost/api/admin/orders?size=100", { headers: { authorization: `Bearer ${token}` } }), { params: Promise.resolve({}) } as never);
    const body = (await list.json()) as { orders: Array<{ order_id: string }>; total: number };
    expect(body.orders.map((o) => Number(o.order_id)).sort((a, b) => a - b)).toEqual(w.orderIds);
    expect(body.total).toBe(w.orderIds.length);
    const other = await order.GET(new Request(`http://localhost/api/admin/orders/${w.otherOrderId}`, { headers: { authorization: `Bearer ${token}` } }), {
      params: Promise.resolve({ order_id: String(w.otherOrderId) }),
    } as never);
    expect(other.status).toBe(403);
    const otherAdmin = w.cast.actors.otherVenueAdmin.token!;
    const theirs = await orders.GET(new Request("http://localhost/api/admin/orders", { headers: { authorization: `Bearer ${otherAdmin}` } }), { params: Promise.resolve({}) } as never);
    expect(((await theirs.json()) as { orders: Array<{ order_id: string }> }).orders.map((o) => Number(o.order_id))).toEqual([w.otherOrderId]);
  });
});
