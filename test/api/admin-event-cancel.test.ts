// Cancelling an event with sales: the event stops selling at once, and the background job refunds
// each paid order exactly once through the real refund path and the Stripe emulator, whether it runs
// once, several times at once, or is interrupted mid-way and resumed.
import Stripe from "stripe";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { POST as checkoutRoute } from "@/app/api/checkout/route";
import { GET as cancelGetRoute, POST as cancelRoute } from "@/app/api/admin/events/[event_id]/cancel/route";
import { backgroundCancellationsSettled, getCancellationProgress, notifyEventCancelled, runEventCancellations, type CancellationProgress } from "@/lib/admin/events-cancellation";
import { getDb } from "@/lib/db";
import { reserveTickets } from "@/lib/inventory/reserve-tickets";
import { refundOwedItems } from "@/lib/payments/refunds";
import type { CheckoutStarted } from "@/lib/payments/types";
import { runSweep } from "@/lib/sweep/run-sweep";
import { createEventWithTickets, createUser, ensurePriceClasses } from "@/prisma/seed/factories";
import type { StripeEmulator } from "@openseat/stripe-emulator";
import { createCast, type Cast } from "@/test/support/actors";
import { accessTokenFor, callRoute, postJson, type RouteHandler } from "@/test/support/api";
import { truncateAll } from "@/test/support/database";
import { resetRedis } from "@/test/support/redis";
import { skipWithout } from "@/test/support/servers";
import { realPostgres } from "@/test/support/database";
import { startTestStripe, TEST_STRIPE_KEY } from "@/test/support/stripe";

let emulator: StripeEmulator;
let stripe: Stripe;
let cast: Cast;

beforeAll(async () => {
  emulator = await startTestStripe();
  stripe = new Stripe(TEST_STRIPE_KEY, { host: "127.0.0.1", port: emulator.port, protocol: "http" });
});
afterAll(async () => {
  await emulator?.close();
});
afterEach(() => backgroundCancellationsSettled());
beforeEach(async () => {
  await emulator.waitForIdle();
  emulator.reset();
  await truncateAll();
  await resetRedis();
  cast = await createCast();
});

/** An event of the cast's venue (10 seats at 40.00 + 2.00 fee) where `fans` fans each bought two seats through Stripe. */
async function eventWithPaidOrders(fans: number) {
  const db = getDb();
  const [gold] = await ensurePriceClasses(db, [{ name: "Gold", description: "Gold", color: "#d97706" }]);
  const { event } = await createEventWithTickets(db, { venueId: cast.venue.venue.id, classId: gold!.id, price: "40.00", serviceFee: "2.00" });
  const ticketIds = (await db.ticket.findMany({ where: { eventId: event.id }, orderBy: { id: "asc" }, select: { id: true } })).map((t) => t.id);
  const paymentIntents: string[] = [];
  for (let i = 0; i < fans; i++) {
    const fan = await createUser(db, {});
    const hold = await reserveTickets({ userId: fan.id, ticketIds: ticketIds.slice(i * 2, i * 2 + 2) });
    const started = await postJson<CheckoutStarted>(checkoutRoute as RouteHandler, "/api/checkout", { reservation_id: Number(hold.reservation_id) }, await accessTokenFor(fan));
    expect(started.status).toBe(200);
    await emulator.pay(started.body.session_id, "4242 4242 4242 4242");
  }
  await emulator.waitForIdle();
  const payments = await db.payment.findMany({ where: { eventId: event.id }, orderBy: { id: "asc" } });
  expect(payments.map((p) => p.status)).toEqual(Array(fans).fill("approved"));
  paymentIntents.push(...payments.map((p) => p.transactionId));
  return { event, ticketIds, payments, paymentIntents };
}

/** Refunds at Stripe per payment intent: the truth about "exactly once". */
async function stripeRefundCounts(paymentIntents: string[]): Promise<number[]> {
  return Promise.all(paymentIntents.map(async (pi) => (await stripe.refunds.list({ payment_intent: pi, limit: 100 })).data.length));
}

async function expectEverythingRefundedOnce(eventId: number, paymentIntents: string[]) {
  const db = getDb();
  expect(await stripeRefundCounts(paymentIntents)).toEqual(paymentIntents.map(() => 1));
  const payments = await db.payment.findMany({ where: { eventId }, include: { refunds: true } });
  for (const p of payments) {
    expect(p.status).toBe("refunded");
    expect(p.refunds.length).toBe(1);
    expect(p.refundedAmount.toFixed(2)).toBe(p.price.toFixed(2)); // 2 x (40.00 + 2.00)
  }
  expect(await db.orderItem.count({ where: { eventId, status: "issued" } })).toBe(0);
  expect(await db.orderItem.count({ where: { eventId, stripeRefundId: null } })).toBe(0);
  const progress = (await getCancellationProgress(eventId))!;
  expect(progress).toMatchObject({ status: "done", orders: { total: paymentIntents.length, refunded: paymentIntents.length, pending: 0 } });
}

describe("cancelling an event with sales", () => {
  it("stops sales at once, records the fans to notify, and the job refunds every paid order; progress is readable", async () => {
    const { event, ticketIds, payments, paymentIntents } = await eventWithPaidOrders(3);
    const db = getDb();
    const res = await callRoute<{ cancellation: CancellationProgress }>(cancelRoute as RouteHandler, "POST", `/api/admin/events/${event.id}/cancel`, {
      token: cast.actors.venueAdmin.token,
      params: { event_id: String(event.id) },
      body: { reason: "The headliner is ill" },
    });
    expect(res.status).toBe(202);
    expect(res.body.cancellation).toMatchObject({ status: "running", reason: "The headliner is ill", orders: { total: 3 }, notices: 3 });
    expect((await db.event.findUniqueOrThrow({ where: { id: event.id } })).status).toBe("cancelled");
    // No new sale once the cancel answered.
    const late = await createUser(db, {});
    await expect(reserveTickets({ userId: late.id, ticketIds: [ticketIds[9]!] })).rejects.toMatchObject({ code: "not_on_sale" });

    await backgroundCancellationsSettled();
    await runEventCancellations();
    await expectEverythingRefundedOnce(event.id, paymentIntents);
    // Each fan of a paid order has exactly one event_cancelled mail queued in the outbox.
    const fans = [...new Set(payments.map((p) => p.userId))].sort((a, b) => a - b);
    expect(fans).toHaveLength(3);
    const mails = await db.notification.findMany({ where: { kind: "event_cancelled", dedupeKey: { startsWith: `event_cancelled:${event.id}:` } }, select: { userId: true, channel: true } });
    expect(mails.map((m) => m.channel)).toEqual(["email", "email", "email"]);
    expect(mails.map((m) => m.userId).sort((a, b) => a - b)).toEqual(fans);
    const progress = await callRoute<{ cancellation: CancellationProgress }>(cancelGetRoute as RouteHandler, "GET", `/api/admin/events/${event.id}/cancel`, {
      token: cast.actors.admin.token,
      params: { event_id: String(event.id) },
    });
    expect(progress.body.cancellation).toMatchObject({ status: "done", orders: { total: 3, refunded: 3, pending: 0 } });
    // The seats were released (nobody owns a seat of a cancelled event).
    expect(await db.ticket.count({ where: { eventId: event.id, status: "confirmed" } })).toBe(0);
    const audit = await db.auditLog.findMany({ where: { eventId: event.id, action: "event.cancel" } });
    expect(audit).toHaveLength(1);
  });

  it("the sweep runs the job too (the timer and the cron route), and an event without sales finishes at once", async () => {
    const { event, paymentIntents } = await eventWithPaidOrders(2);
    const { cancelEvent } = await import("@/lib/admin/events-cancellation");
    const caller = { userId: cast.actors.admin.user!.id, role: "admin" as const, email: "", username: "" };
    await cancelEvent(caller, event.id, "Venue flooded");
    const swept = await runSweep({ fullReconcile: false, reconcilePayments: false });
    expect(swept.eventCancellations).toMatchObject({ ordersRefunded: 2, jobsFinished: 1 });
    await expectEverythingRefundedOnce(event.id, paymentIntents);

    const { event: empty } = await createEventWithTickets(getDb(), { venueId: cast.venue.venue.id });
    await cancelEvent(caller, empty.id, "No interest");
    await runEventCancellations({ eventId: empty.id });
    expect(await getCancellationProgress(empty.id)).toMatchObject({ status: "done", orders: { total: 0 } });
  });

  it.skipIf(skipWithout("a real PostgreSQL server", realPostgres))("refunds each order once when several runners work at the same time", async () => {
    const { event, paymentIntents } = await eventWithPaidOrders(4);
    const { cancelEvent } = await import("@/lib/admin/events-cancellation");
    await cancelEvent({ userId: cast.actors.admin.user!.id, role: "admin", email: "", username: "" }, event.id, "Double run");
    const results = await Promise.all([runEventCancellations(), runEventCancellations(), runEventCancellations(), runEventCancellations()]);
    expect(results.reduce((n, r) => n + r.ordersRefunded, 0)).toBe(4);
    expect(results.reduce((n, r) => n + r.ordersFailed, 0)).toBe(0);
    await expectEverythingRefundedOnce(event.id, paymentIntents);
  });

  it("resumes after a crash mid-way without refunding anyone twice", async () => {
    const { event, payments, paymentIntents } = await eventWithPaidOrders(4);
    const db = getDb();
    const { cancelEvent } = await import("@/lib/admin/events-cancellation");
    await cancelEvent({ userId: cast.actors.admin.user!.id, role: "admin", email: "", username: "" }, event.id, "Crash test");
    // First run: order 1 refunded; order 2 dies before Stripe is called; order 3 dies after Stripe
    // refunded it and the refund was recorded, before the job marked it; order 4 is not reached.
    const [p1, p2, p3] = payments.map((p) => p.id);
    let calls = 0;
    const first = await runEventCancellations({
      maxOrders: 3,
      refund: async (paymentId, reason) => {
        calls++;
        if (paymentId === p2) throw new Error("process killed before the refund");
        const outcome = await refundOwedItems(paymentId, reason);
        if (paymentId === p3) throw new Error("process killed after the refund");
        return outcome;
      },
    });
    expect(calls).toBe(3);
    expect(first).toMatchObject({ ordersRefunded: 1, ordersFailed: 2, jobsFinished: 0 });
    expect(await stripeRefundCounts(paymentIntents)).toEqual([1, 0, 1, 0]);
    expect(p1).toBeDefined();
    expect((await getCancellationProgress(event.id))!).toMatchObject({ status: "running", orders: { total: 4, refunded: 1, pending: 3 } });
    expect((await getCancellationProgress(event.id))!.last_error).toMatch(/process killed/);

    // The crashed runner's claims lapse (here: at once); the next run takes over.
    await db.eventCancellationOrder.updateMany({ where: { eventId: event.id }, data: { claimedUntil: new Date(Date.now() - 1000) } });
    const second = await runEventCancellations();
    expect(second).toMatchObject({ ordersRefunded: 3, ordersFailed: 0, jobsFinished: 1 });
    await expectEverythingRefundedOnce(event.id, paymentIntents);
    // And a run after the end changes nothing.
    expect(await runEventCancellations()).toEqual({ ordersRefunded: 0, ordersFailed: 0, jobsFinished: 0 });
    expect(await stripeRefundCounts(paymentIntents)).toEqual([1, 1, 1, 1]);
    // The fans were told once each, although the job ran three times; telling them again (what a
    // re-queued order does) adds no outbox row.
    await db.$transaction((tx) => notifyEventCancelled(tx, event.id, payments.map((p) => p.userId)));
    const mails = await db.notification.findMany({ where: { kind: "event_cancelled", dedupeKey: { startsWith: `event_cancelled:${event.id}:` } }, select: { userId: true } });
    expect(mails.map((m) => m.userId).sort((a, b) => a - b)).toEqual(payments.map((p) => p.userId).sort((a, b) => a - b));
    expect((await getCancellationProgress(event.id))!.notices).toBe(4);
  });

  it("a second cancel is a conflict and changes nothing", async () => {
    const { event } = await eventWithPaidOrders(1);
    const call = () =>
      callRoute<{ error: { code: string } }>(cancelRoute as RouteHandler, "POST", `/api/admin/events/${event.id}/cancel`, {
        token: cast.actors.venueAdmin.token,
        params: { event_id: String(event.id) },
        body: { reason: "Once" },
      });
    expect((await call()).status).toBe(202);
    await backgroundCancellationsSettled();
    const before = JSON.stringify(await getDb().eventCancellation.findMany());
    const again = await call();
    expect(again.status).toBe(409);
    expect(JSON.stringify(await getDb().eventCancellation.findMany())).toBe(before);
    expect(await getDb().auditLog.count({ where: { action: "event.cancel" } })).toBe(1);
  });
});
