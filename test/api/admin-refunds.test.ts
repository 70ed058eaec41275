// Organizer refunds through the route, the real Stripe SDK and the emulator: a double click (or ten)
// refunds once, with and without an Idempotency-Key; partial amounts never add up to more than was
// paid, even when sent at once; refunded seats are for sale again.
import Stripe from "stripe";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { POST as checkoutRoute } from "@/app/api/checkout/route";
import { POST as refundRoute } from "@/app/api/admin/orders/[order_id]/refund/route";
import { getDb } from "@/lib/db";
import { reserveTickets } from "@/lib/inventory/reserve-tickets";
import { reconcilePayments } from "@/lib/payments/reconcile-payments";
import type { CheckoutStarted } from "@/lib/payments/types";
import { createEventWithTickets, createUser, createVenueWithGrid } from "@/prisma/seed/factories";
import { accessTokenFor, postJson, type RouteHandler } from "@/test/support/api";
import { realPostgres, truncateAll } from "@/test/support/database";
import { resetRedis } from "@/test/support/redis";
import { skipWithout } from "@/test/support/servers";
import { startTestStripe, TEST_STRIPE_KEY } from "@/test/support/stripe";
import type { StripeEmulator } from "@openseat/stripe-emulator";

const GOOD_CARD = "4242 4242 4242 4242";
type RefundBody = { order_id: string; kind: string; amount: string; replayed: boolean; refund: { refund_id: string | null; status: string }; cancelled_tickets: Array<{ order_item_id: string }> };
type ErrorBody = { error: { code: string; message: string } };

let emulator: StripeEmulator;
let stripe: Stripe;
beforeAll(async () => {
  emulator = await startTestStripe();
  stripe = new Stripe(TEST_STRIPE_KEY, { host: "127.0.0.1", port: emulator.port, protocol: "http" });
});
afterAll(async () => {
  await emulator?.close();
});
beforeEach(async () => {
  await emulator.waitForIdle();
  emulator.reset();
  await truncateAll();
  await resetRedis();
});

/** A fan's paid order of `seats` tickets at 50.00 + 4.50 fee each, through checkout and the emulator. */
async function paidOrder(seats = 2) {
  const db = getDb();
  const { venue } = await createVenueWithGrid(db, { sections: 1, rows: 2, seatsPerRow: 10 });
  const { event } = await createEventWithTickets(db, { venueId: venue.id, price: "50.00", serviceFee: "4.50" });
  const ticketIds = (await db.ticket.findMany({ where: { eventId: event.id }, orderBy: { id: "asc" }, select: { id: true } })).map((t) => t.id).slice(0, seats);
  const fan = await createUser(db);
  const hold = await reserveTickets({ userId: fan.id, ticketIds });
  const started = await postJson<CheckoutStarted>(checkoutRoute as RouteHandler, "/api/checkout", { reservation_id: Number(hold.reservation_id) }, await accessTokenFor(fan));
  expect(started.status).toBe(200);
  await emulator.pay(started.body.session_id, GOOD_CARD);
  await emulator.waitForIdle();
  const payment = await db.payment.findFirstOrThrow({ where: { userId: fan.id }, include: { items: { orderBy: { id: "asc" } } } });
  expect(payment.status).toBe("approved");
  const organizer = await createUser(db, { role: "venue_admin", venueIds: [venue.id] });
  return { event, fan, payment, ticketIds, organizerToken: await accessTokenFor(organizer) };
}

const refund = (orderId: number, body: unknown, token: string, key?: string) =>
  postJson<RefundBody & ErrorBody>(refundRoute as RouteHandler, `/api/admin/orders/${orderId}/refund`, body, token, {
    params: { order_id: String(orderId) },
    headers: key ? { "idempotency-key": key } : {},
  });

const stripeRefunds = async (pi: string) => (await stripe.refunds.list({ payment_intent: pi, limit: 100 })).data;

describe("POST /api/admin/orders/:id/refund", () => {
  it("refunds one ticket in full: the seat is for sale again, the other ticket stays valid, and the order shows it", async () => {
    const { payment, ticketIds, organizerToken } = await paidOrder();
    const [first, second] = payment.items;
    const res = await refund(payment.id, { order_item_ids: [first!.id], reason: "Fan cannot come" }, organizerToken);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ kind: "items", amount: "54.50", replayed: false, refund: { status: "succeeded" }, cancelled_tickets: [{ order_item_id: String(first!.id) }] });
    await emulator.waitForIdle();
    const db = getDb();
    expect((await db.ticket.findUniqueOrThrow({ where: { id: ticketIds[0]! } })).status).toBe("available");
    expect((await db.orderItem.findUniqueOrThrow({ where: { id: first!.id } })).status).toBe("cancelled");
    expect((await db.orderItem.findUniqueOrThrow({ where: { id: second!.id } })).status).toBe("issued");
    const after = await db.payment.findUniqueOrThrow({ where: { id: payment.id } });
    expect(after.status).toBe("partially_refunded");
    expect(after.refundedAmount.toFixed(2)).toBe("54.50");
    expect((await stripeRefunds(payment.transactionId)).map((r) => r.amount)).toEqual([5450]);
    expect(await db.auditLog.count({ where: { action: "order.refund", targetId: String(payment.id) } })).toBe(1);
  });

  it("validates: amount and tickets together, an amount without a key, more than was paid, tickets of another order, no reason", async () => {
    const { payment, organizerToken } = await paidOrder();
    const before = await getDb().refund.count();
    expect((await refund(payment.id, { order_item_ids: [payment.items[0]!.id], amount: "5.00", reason: "x y z" }, organizerToken, "k1")).status).toBe(400);
    expect((await refund(payment.id, { amount: "5.00", reason: "Goodwill" }, organizerToken)).body.error.message).toMatch(/Idempotency-Key/);
    const tooMuch = await refund(payment.id, { amount: "109.01", reason: "Goodwill" }, organizerToken, "k2");
    expect(tooMuch.status).toBe(400);
    expect(tooMuch.body.error.message).toMatch(/At most 109.00/);
    for (const amount of ["0", "-1", "1.234", "abc", 1e12]) expect((await refund(payment.id, { amount, reason: "Goodwill" }, organizerToken, "k3")).status).toBe(400);
    expect((await refund(payment.id, { order_item_ids: [999999], reason: "Wrong" }, organizerToken)).status).toBe(400);
    expect((await refund(payment.id, { reason: "" }, organizerToken)).status).toBe(400);
    expect((await refund(payment.id, { reason: "ok ok", extra: 1 }, organizerToken)).status).toBe(400);
    expect(await getDb().refund.count()).toBe(before);
    expect(await getDb().orderRefundRequest.count()).toBe(0);
    expect(await getDb().orderItem.count({ where: { paymentId: payment.id, status: "issued" } })).toBe(2);
  });

  it("a partial amount keeps the tickets; later amounts never exceed what is left, and a whole-order refund then is refused as too much", async () => {
    const { payment, organizerToken } = await paidOrder();
    const first = await refund(payment.id, { amount: "9.00", reason: "Late doors" }, organizerToken, "goodwill-1");
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ kind: "amount", amount: "9.00", refund: { status: "succeeded" }, cancelled_tickets: [] });
    expect(await getDb().orderItem.count({ where: { paymentId: payment.id, status: "issued" } })).toBe(2);
    expect((await refund(payment.id, { amount: "100.01", reason: "More" }, organizerToken, "goodwill-2")).status).toBe(400);
    const whole = await refund(payment.id, { reason: "Everything" }, organizerToken);
    expect(whole.status).toBe(400);
    expect(whole.body.error.message).toMatch(/only 100.00/);
    expect((await stripeRefunds(payment.transactionId)).map((r) => r.amount)).toEqual([900]);
  });

  it("refuses a ticket already used at the door", async () => {
    const { payment, organizerToken } = await paidOrder();
    await getDb().orderItem.update({ where: { id: payment.items[0]!.id }, data: { checkedInAt: new Date() } });
    const res = await refund(payment.id, { order_item_ids: [payment.items[0]!.id], reason: "Used" }, organizerToken);
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe("refund_not_allowed");
  });

  it("an amount recorded while Stripe was unreachable is paid once by reconciliation", async () => {
    const { payment, organizerToken } = await paidOrder();
    const url = process.env.STRIPE_API_URL;
    process.env.STRIPE_API_URL = "http://127.0.0.1:9";
    try {
      const res = await refund(payment.id, { amount: "12.00", reason: "Outage" }, organizerToken, "outage-1");
      expect(res.status).toBe(200);
      expect(res.body.refund).toEqual({ refund_id: null, status: "pending" });
    } finally {
      process.env.STRIPE_API_URL = url;
    }
    expect(await stripeRefunds(payment.transactionId)).toEqual([]);
    await reconcilePayments();
    await reconcilePayments();
    expect((await stripeRefunds(payment.transactionId)).map((r) => r.amount)).toEqual([1200]);
    expect((await getDb().payment.findUniqueOrThrow({ where: { id: payment.id } })).refundedAmount.toFixed(2)).toBe("12.00");
  });
});

describe.skipIf(skipWithout("a real PostgreSQL server", realPostgres))("refunds under concurrency", () => {
  it("ten clicks with one Idempotency-Key refund the whole order once; the others replay it", async () => {
    const { payment, organizerToken } = await paidOrder();
    const results = await Promise.all(Array.from({ length: 10 }, () => refund(payment.id, { reason: "Double click" }, organizerToken, "click-1")));
    expect(results.map((r) => r.status)).toEqual(Array(10).fill(200));
    expect(results.filter((r) => !r.body.replayed)).toHaveLength(1);
    expect(new Set(results.map((r) => r.body.refund.refund_id)).size).toBe(1);
    await emulator.waitForIdle();
    expect((await stripeRefunds(payment.transactionId)).map((r) => r.amount)).toEqual([10900]);
    expect(await getDb().refund.count({ where: { paymentId: payment.id } })).toBe(1);
    expect((await getDb().payment.findUniqueOrThrow({ where: { id: payment.id } })).status).toBe("refunded");
  });

  it("ten clicks without a key on the same ticket: one refund, nine 409s", async () => {
    const { payment, organizerToken } = await paidOrder();
    const results = await Promise.all(Array.from({ length: 10 }, () => refund(payment.id, { order_item_ids: [payment.items[1]!.id], reason: "Double click" }, organizerToken)));
    expect(results.map((r) => r.status).sort()).toEqual([200, ...Array(9).fill(409)]);
    await emulator.waitForIdle();
    expect((await stripeRefunds(payment.transactionId)).map((r) => r.amount)).toEqual([5450]);
  });

  it("eight different 30.00 amounts at once on a 109.00 order: exactly three are made", async () => {
    const { payment, organizerToken } = await paidOrder();
    const results = await Promise.all(Array.from({ length: 8 }, (_, i) => refund(payment.id, { amount: "30.00", reason: "Race" }, organizerToken, `race-${i}`)));
    expect(results.map((r) => r.status).sort()).toEqual([200, 200, 200, 400, 400, 400, 400, 400]);
    await emulator.waitForIdle();
    expect((await stripeRefunds(payment.transactionId)).map((r) => r.amount)).toEqual([3000, 3000, 3000]);
    expect((await getDb().payment.findUniqueOrThrow({ where: { id: payment.id } })).refundedAmount.toFixed(2)).toBe("90.00");
  });
});
