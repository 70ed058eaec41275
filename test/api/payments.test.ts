// Checkout, confirmation, webhooks, refunds and reconciliation, end to end through the route
// handlers, the real Stripe SDK and the project's Stripe emulator (test/support/stripe.ts), on the
// real PostgreSQL and Redis when DATABASE_URL and REDIS_URL are set.
import type { UserRole } from "@/lib/generated/prisma/enums";
import Stripe from "stripe";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { POST as checkoutRoute } from "@/app/api/checkout/route";
import { POST as confirmRoute } from "@/app/api/events/ticket/confirm/route";
import { POST as cancelRoute } from "@/app/api/events/ticket/cancel/route";
import { POST as webhookRoute } from "@/app/api/webhooks/stripe/route";
import { getDb } from "@/lib/db";
import { reserveTickets } from "@/lib/inventory/reserve-tickets";
import { settleCheckoutSession } from "@/lib/payments/confirm-payment";
import { backgroundReconcileSettled, reconcilePayments, runPaymentMaintenance } from "@/lib/payments/reconcile-payments";
import { runSweep } from "@/lib/sweep/run-sweep";
import { startCheckout } from "@/lib/payments/start-checkout";
import { getStripe } from "@/lib/payments/stripe-client";
import type { CheckoutStarted, ConfirmResult } from "@/lib/payments/types";
import { createEventWithTickets, createUser, createVenueWithGrid } from "@/prisma/seed/factories";
import { truncateAll } from "@/test/support/database";
import { resetRedis } from "@/test/support/redis";
import { startTestStripe, TEST_STRIPE_KEY, TEST_WEBHOOK_SECRET } from "@/test/support/stripe";
import type { StripeEmulator } from "@openseat/stripe-emulator";
import { accessTokenFor, postJson } from "@/test/support/api";

type Handler = (req: Request, ctx: never) => Promise<Response>;
type ErrorBody = { error: { code: string; message: string } };
type User = { id: number; role: UserRole; email: string; username: string };

const GOOD_CARD = "4242 4242 4242 4242";
const DECLINED_CARD = "4000 0000 0000 0002";

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
  emulator.resumeWebhooks();
  emulator.reset();
  await truncateAll();
  await resetRedis();
});

/** An event of 20 seats at 50.00 with a 4.50 fee, a fan holding the first `seats` of them. */
async function holdingFan(options: { seats?: number; holdSeconds?: number; datetime?: Date; refundCutoffHours?: number | null } = {}) {
  const db = getDb();
  const { venue } = await createVenueWithGrid(db, { sections: 1, rows: 2, seatsPerRow: 10 });
  const { event } = await createEventWithTickets(db, {
    venueId: venue.id,
    price: "50.00",
    serviceFee: "4.50",
    holdSeconds: options.holdSeconds,
    datetime: options.datetime,
    refundCutoffHours: options.refundCutoffHours,
  });
  const ticketIds = (await db.ticket.findMany({ where: { eventId: event.id }, orderBy: { id: "asc" }, select: { id: true } })).map((t) => t.id);
  const fan = (await createUser(db, {})) as User;
  const token = await accessTokenFor(fan);
  const held = ticketIds.slice(0, options.seats ?? 2);
  const hold = await reserveTickets({ userId: fan.id, ticketIds: held });
  return { event, ticketIds, fan, token, held, reservationId: Number(hold.reservation_id) };
}

async function checkout(token: string, reservationId: number) {
  const res = await postJson<CheckoutStarted>(checkoutRoute as Handler, "/api/checkout", { reservation_id: reservationId }, token);
  expect(res.status).toBe(200);
  return res.body;
}

const ticketRows = (ids: number[]) =>
  getDb().ticket.findMany({ where: { id: { in: ids } }, orderBy: { id: "asc" }, select: { id: true, status: true, userId: true, paymentId: true } });

describe("checkout", () => {
  it("opens one Stripe session per hold with a line per ticket, the fees, and the binding metadata", async () => {
    const { token, reservationId, fan, held } = await holdingFan();
    const [a, b] = await Promise.all([checkout(token, reservationId), checkout(token, reservationId)]);
    expect(a.session_id).toBe(b.session_id);
    const again = await checkout(token, reservationId);
    expect(again.session_id).toBe(a.session_id);

    const session = await stripe.checkout.sessions.retrieve(a.session_id, { expand: ["line_items"] });
    expect(session.amount_total).toBe(2 * 5000 + 2 * 450);
    expect(session.currency).toBe("usd");
    expect(session.client_reference_id).toBe(String(fan.id));
    expect(session.metadata).toMatchObject({ reservation_id: String(reservationId), user_id: String(fan.id), ticket_ids: held.join(",") });
    expect(session.line_items?.data.map((l) => l.amount_total)).toEqual([5000, 5000, 900]);
    // Every seat line names the event; the fee line has the review page's fee name.
    const event = await getDb().event.findFirstOrThrow({ where: { tickets: { some: { id: held[0] } } }, select: { title: true } });
    expect(session.line_items?.data.slice(0, 2).every((l) => l.description?.startsWith(`${event.title}: `))).toBe(true);
    expect(session.line_items?.data[2]?.description).toBe("Service fee (per ticket)");
    // Stripe's 30-minute minimum: the session outlives a shorter hold, never the other way round.
    expect(session.expires_at * 1000).toBeGreaterThanOrEqual(Date.now() + 30 * 60 * 1000);
    const reservation = await getDb().reservation.findUniqueOrThrow({ where: { id: reservationId } });
    expect(reservation.checkoutSessionId).toBe(a.session_id);
  });

  it("concurrent starts with different idempotency keys still leave one payable session", async () => {
    const { reservationId, fan } = await holdingFan();
    const t = Date.now();
    const starts = await Promise.all([0, 5, 10, 15].map((s) => startCheckout({ userId: fan.id, reservationId, baseUrl: "http://localhost", now: new Date(t + s * 1000) })));
    expect(new Set(starts.map((r) => r.session_id)).size).toBe(1);
    const open = emulator.sessions().filter((x) => x.metadata?.reservation_id === String(reservationId) && x.status === "open");
    expect(open.map((x) => x.id)).toEqual([starts[0]!.session_id]);
  });

  it("runs every step on the injected clock: a hold still on at `now` gets its session, even though the wall clock is past its end", async () => {
    const { reservationId, fan, held } = await holdingFan();
    const t = Date.now();
    const end = new Date(t - 1000);
    await getDb().reservation.update({ where: { id: reservationId }, data: { expiresAt: end } });
    await getDb().ticket.updateMany({ where: { id: { in: held } }, data: { holdExpiresAt: end } });
    const result = await startCheckout({ userId: fan.id, reservationId, baseUrl: "http://localhost", now: new Date(t - 60_000) });
    expect(result.hold_expire_datetime).toBe(end.toISOString());
    expect((await getDb().reservation.findUniqueOrThrow({ where: { id: reservationId } })).checkoutSessionId).toBe(result.session_id);
    // At the wall clock's time the same hold has ended.
    await expect(startCheckout({ userId: fan.id, reservationId, baseUrl: "http://localhost" })).rejects.toMatchObject({ code: "not_held" });
  });

  it("refuses someone else's reservation, an ended hold and bad input", async () => {
    const { token, reservationId } = await holdingFan();
    const other = await accessTokenFor((await createUser(getDb(), {})) as User);
    expect((await postJson<ErrorBody>(checkoutRoute as Handler, "/api/checkout", { reservation_id: reservationId }, other)).status).toBe(404);
    expect((await postJson<ErrorBody>(checkoutRoute as Handler, "/api/checkout", { reservation_id: "x" }, token)).status).toBe(400);
    expect((await postJson<ErrorBody>(checkoutRoute as Handler, "/api/checkout", {}, token)).status).toBe(400);
    expect((await postJson<ErrorBody>(checkoutRoute as Handler, "/api/checkout", { reservation_id: reservationId })).status).toBe(401);
    await getDb().$executeRaw`UPDATE reservation SET expire_datetime = now() - interval '1 second' WHERE reservation_id = ${reservationId}`;
    const ended = await postJson<ErrorBody>(checkoutRoute as Handler, "/api/checkout", { reservation_id: reservationId }, token);
    expect(ended.status).toBe(409);
    expect(ended.body.error.code).toBe("not_held");
  });
});

describe("confirm", () => {
  it("pay -> confirmed, with the spec's response, one payment and one e-ticket per seat", async () => {
    const { token, reservationId, held, fan } = await holdingFan();
    const started = await checkout(token, reservationId);
    await emulator.pay(started.session_id, GOOD_CARD);
    const res = await postJson<ConfirmResult>(confirmRoute as Handler, "/api/events/ticket/confirm", {
      ticket_ids: held.map(String),
      payment_info: { payment_id: started.session_id, payment_method: "credit_card", amount_paid: 109, currency: "USD", payment_status: "approved" },
    }, token);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: "success", message: "Payment confirmed successfully" });
    expect(res.body.confirmed_tickets.map((t) => [t.ticket_id, t.status, t.price, t.currency])).toEqual(held.map((id) => [String(id), "confirmed", "50.00", "USD"]));
    expect(res.body.payment_details).toMatchObject({ payment_method: "card", amount_paid: 109, currency: "USD", payment_status: "approved" });
    expect(res.body.payment_details.transaction_id).toMatch(/^pi_/);
    expect(Date.parse(res.body.confirmation_datetime)).not.toBeNaN();

    await emulator.waitForIdle();
    expect(await getDb().payment.count()).toBe(1);
    const tickets = await ticketRows(held);
    expect(tickets.every((t) => t.status === "confirmed" && t.userId === fan.id && t.paymentId === Number(res.body.order_id))).toBe(true);
    expect(await getDb().orderItem.count({ where: { status: "issued" } })).toBe(2);
    expect((await getDb().reservation.findUniqueOrThrow({ where: { id: reservationId } })).status).toBe("confirmed");
  });

  it("forged payment_info confirms nothing: unknown ids, an unpaid session, someone else's session, other tickets", async () => {
    const { token, reservationId, held, ticketIds } = await holdingFan();
    const forged = { payment_id: "cs_test_forged123", transaction_id: "abc12345", payment_status: "approved", amount_paid: 109, currency: "USD" };
    const unknown = await postJson<ErrorBody>(confirmRoute as Handler, "/api/events/ticket/confirm", { ticket_ids: held, payment_info: forged }, token);
    expect(unknown.status).toBe(404);
    const pi = await postJson<ErrorBody>(confirmRoute as Handler, "/api/events/ticket/confirm", { ticket_ids: held, payment_info: { payment_id: "pi_forged", payment_status: "approved" } }, token);
    expect(pi.status).toBe(404);
    const noId = await postJson<ErrorBody>(confirmRoute as Handler, "/api/events/ticket/confirm", { ticket_ids: held, payment_info: { payment_id: "txn_12345", payment_status: "approved" } }, token);
    expect(noId.status).toBe(400);

    const started = await checkout(token, reservationId);
    const unpaid = await postJson<ErrorBody>(confirmRoute as Handler, "/api/events/ticket/confirm", { ticket_ids: held, payment_info: { payment_id: started.session_id, payment_status: "approved" } }, token);
    expect(unpaid.status).toBe(402);
    expect(unpaid.body.error.code).toBe("payment_not_completed");

    emulator.pauseWebhooks();
    await emulator.pay(started.session_id, GOOD_CARD);
    const stranger = await accessTokenFor((await createUser(getDb(), {})) as User);
    const theirs = await postJson<ErrorBody>(confirmRoute as Handler, "/api/events/ticket/confirm", { ticket_ids: held, payment_info: { payment_id: started.session_id } }, stranger);
    expect(theirs.status).toBe(403);
    const otherSeats = await postJson<ErrorBody>(confirmRoute as Handler, "/api/events/ticket/confirm", { ticket_ids: [ticketIds[5]], payment_info: { payment_id: started.session_id } }, token);
    expect(otherSeats.status).toBe(409);
    expect(otherSeats.body.error.code).toBe("payment_mismatch");
    expect(await getDb().payment.count()).toBe(0);
    expect((await ticketRows(held)).every((t) => t.status === "reserved")).toBe(true);
    emulator.resumeWebhooks();
  });

  it("an amount that does not match the order confirms nothing and is refunded in full", async () => {
    const { token, reservationId, held, fan, event } = await holdingFan();
    // A session made outside our checkout (as a tampered client or a bug could), for 1.00.
    const session = await stripe.checkout.sessions.create({
      mode: "payment",
      line_items: [{ quantity: 1, price_data: { currency: "usd", unit_amount: 100, product_data: { name: "cheap" } } }],
      client_reference_id: String(fan.id),
      metadata: { reservation_id: String(reservationId), user_id: String(fan.id), event_id: String(event.id), ticket_ids: held.join(",") },
      success_url: "http://localhost/ok",
      cancel_url: "http://localhost/no",
    });
    await emulator.pay(session.id, GOOD_CARD);
    const res = await postJson<ConfirmResult>(confirmRoute as Handler, "/api/events/ticket/confirm", { ticket_ids: held, payment_info: { payment_id: session.id } }, token);
    expect(res.status).toBe(200);
    expect(res.body.status).toBe("failure");
    expect(res.body.confirmed_tickets).toEqual([]);
    expect((await ticketRows(held)).every((t) => t.status === "reserved")).toBe(true);
    await emulator.waitForIdle();
    const payment = await getDb().payment.findFirstOrThrow();
    expect(payment.status).toBe("refunded");
    const pi = (await stripe.checkout.sessions.retrieve(session.id)).payment_intent as string;
    const refunds = await stripe.refunds.list({ payment_intent: pi });
    expect(refunds.data.map((r) => r.amount)).toEqual([100]);
  });

  it("the redirect's confirm racing five duplicate webhooks: exactly one payment, tickets confirmed once", async () => {
    const { token, reservationId, held } = await holdingFan({ seats: 3 });
    const started = await checkout(token, reservationId);
    emulator.pauseWebhooks();
    await emulator.pay(started.session_id, GOOD_CARD);
    const completed = emulator.events("checkout.session.completed").find((e) => (e.data.object as { id: string }).id === started.session_id)!;
    const confirms = Array.from({ length: 3 }, () =>
      postJson<ConfirmResult>(confirmRoute as Handler, "/api/events/ticket/confirm", { ticket_ids: held, payment_info: { payment_id: started.session_id } }, token),
    );
    const duplicates = emulator.redeliver(completed.id, { times: 5, concurrent: true });
    emulator.resumeWebhooks();
    const results = await Promise.all(confirms);
    await duplicates;
    await emulator.waitForIdle();
    expect(results.map((r) => r.status)).toEqual([200, 200, 200]);
    expect(new Set(results.map((r) => r.body.order_id)).size).toBe(1);
    expect(await getDb().payment.count()).toBe(1);
    expect(await getDb().orderItem.count()).toBe(3);
    expect((await ticketRows(held)).every((t) => t.status === "confirmed")).toBe(true);
    const deliveries = emulator.deliveries().filter((d) => d.eventId === completed.id);
    expect(deliveries.length).toBeGreaterThanOrEqual(6);
    expect(deliveries.every((d) => d.status === 200)).toBe(true);
    // One order confirmation in the outbox, written with the tickets, however many confirmations ran.
    const mails = await getDb().notification.findMany({ select: { kind: true, payload: true } });
    expect(mails).toEqual([{ kind: "order_confirmation", payload: { paymentId: (await getDb().payment.findFirstOrThrow()).id } }]);
  });
});

describe("failure and rollback", () => {
  it("a declined card ends nothing: the hold and the session stay open, and another card pays for the seats", async () => {
    const { token, reservationId, held, fan } = await holdingFan();
    const started = await checkout(token, reservationId);
    const declined = await emulator.pay(started.session_id, DECLINED_CARD);
    expect(declined.outcome).toBe("declined");
    await emulator.waitForIdle();
    // Stripe's behaviour, which the emulator copies: the session stays open for another attempt.
    const session = await stripe.checkout.sessions.retrieve(started.session_id, { expand: ["payment_intent"] });
    expect(session.status).toBe("open");
    expect((session.payment_intent as Stripe.PaymentIntent).status).toBe("requires_payment_method");
    // The payment_failed webhook arrived and was handled, and gave nothing away.
    const hook = await getDb().webhookEvent.findFirstOrThrow({ where: { type: "payment_intent.payment_failed" } });
    expect(hook.processedAt).not.toBeNull();
    expect((await ticketRows(held)).every((t) => t.status === "reserved" && t.userId === fan.id)).toBe(true);
    expect((await getDb().reservation.findUniqueOrThrow({ where: { id: reservationId } })).status).toBe("active");
    const rival = (await createUser(getDb(), {})) as User;
    await expect(reserveTickets({ userId: rival.id, ticketIds: [held[0]!] })).rejects.toMatchObject({ code: "seats_unavailable" });
    // Checkout again answers the same open session; the good card goes through.
    expect((await checkout(token, reservationId)).session_id).toBe(started.session_id);
    expect(emulator.pay(started.session_id, GOOD_CARD).outcome).toBe("succeeded");
    await emulator.waitForIdle();
    const res = await postJson<ConfirmResult>(confirmRoute as Handler, "/api/events/ticket/confirm", { ticket_ids: held, payment_info: { payment_id: started.session_id } }, token);
    expect(res.status).toBe(200);
    expect(res.body.status).toBe("success");
    expect(res.body.confirmed_tickets.map((t) => Number(t.ticket_id))).toEqual(held);
    expect((await ticketRows(held)).every((t) => t.status === "confirmed" && t.userId === fan.id)).toBe(true);
    expect(await getDb().refund.count()).toBe(0);
  });

  it("several declines in a row, then a good card: still the fan's seats", async () => {
    const { token, reservationId, held } = await holdingFan();
    const started = await checkout(token, reservationId);
    for (const card of [DECLINED_CARD, "4000 0000 0000 9995", DECLINED_CARD]) {
      expect(emulator.pay(started.session_id, card).outcome).toBe("declined");
    }
    await emulator.waitForIdle();
    expect(emulator.pay(started.session_id, GOOD_CARD).outcome).toBe("succeeded");
    await emulator.waitForIdle();
    expect((await ticketRows(held)).every((t) => t.status === "confirmed")).toBe(true);
    expect(await getDb().refund.count()).toBe(0);
  });

  it("a good card paid while the decline's webhook is being handled: the seats stay the fan's, nothing is refunded", async () => {
    const { token, reservationId, held } = await holdingFan();
    const started = await checkout(token, reservationId);
    // The handler reads the PaymentIntent (still failed) and, while it works, the fan's second card
    // goes through on the same page; the completed webhook waits behind it, and a rival wants the seats.
    const stripeClient = getStripe();
    const retrieve = stripeClient.paymentIntents.retrieve.bind(stripeClient.paymentIntents);
    let paidDuringHandler = false;
    const spy = vi.spyOn(stripeClient.paymentIntents, "retrieve").mockImplementation(async (...args: Parameters<typeof retrieve>) => {
      const pi = await retrieve(...args);
      if (!paidDuringHandler && pi.status === "requires_payment_method") {
        paidDuringHandler = true;
        emulator.pauseWebhooks();
        await emulator.pay(started.session_id, GOOD_CARD);
      }
      return pi;
    });
    try {
      expect(JSON.stringify(await emulator.pay(started.session_id, DECLINED_CARD))).toMatch(/declined/i);
      await emulator.waitForIdle();
    } finally {
      spy.mockRestore();
    }
    expect(paidDuringHandler).toBe(true);
    const rival = (await createUser(getDb(), {})) as User;
    await expect(reserveTickets({ userId: rival.id, ticketIds: [held[0]!] })).rejects.toMatchObject({ code: "seats_unavailable" });
    emulator.resumeWebhooks();
    await emulator.waitForIdle();
    expect((await ticketRows(held)).every((t) => t.status === "confirmed")).toBe(true);
    expect(await getDb().orderItem.count({ where: { status: "issued" } })).toBe(held.length);
    expect(await getDb().refund.count()).toBe(0);
  });

  it("a decline on a session the fan has since replaced does not end the hold", async () => {
    const { token, reservationId, ticketIds, fan } = await holdingFan();
    const first = await checkout(token, reservationId);
    emulator.pauseWebhooks();
    await emulator.pay(first.session_id, DECLINED_CARD);
    await reserveTickets({ userId: fan.id, ticketIds: [ticketIds[2]!] });
    const second = await checkout(token, reservationId);
    emulator.resumeWebhooks();
    await emulator.waitForIdle();
    expect((await stripe.checkout.sessions.retrieve(second.session_id)).status).toBe("open");
    expect((await ticketRows(ticketIds.slice(0, 3))).every((t) => t.status === "reserved")).toBe(true);
    expect((await getDb().reservation.findUniqueOrThrow({ where: { id: reservationId } })).status).toBe("active");
  });

  it("an expired session releases the hold", async () => {
    const { token, reservationId, held } = await holdingFan();
    const started = await checkout(token, reservationId);
    await emulator.expireNow(started.session_id);
    await emulator.waitForIdle();
    expect((await ticketRows(held)).every((t) => t.status === "available")).toBe(true);
    expect((await getDb().reservation.findUniqueOrThrow({ where: { id: reservationId } })).status).toBe("released");
  });

  it("a replaced session's expiry does not release the hold the fan is paying for now", async () => {
    const { token, reservationId, ticketIds, fan } = await holdingFan();
    const first = await checkout(token, reservationId);
    await reserveTickets({ userId: fan.id, ticketIds: [ticketIds[2]!] });
    const second = await checkout(token, reservationId);
    expect(second.session_id).not.toBe(first.session_id);
    await emulator.waitForIdle();
    expect((await stripe.checkout.sessions.retrieve(first.session_id)).status).toBe("expired");
    expect((await ticketRows(ticketIds.slice(0, 3))).every((t) => t.status === "reserved")).toBe(true);
  });

  it("paid after the hold expired with a seat taken: the free seat is confirmed, the taken one refunded automatically", async () => {
    const { token, reservationId, held, fan } = await holdingFan();
    const started = await checkout(token, reservationId);
    await getDb().$executeRaw`UPDATE reservation SET expire_datetime = now() - interval '1 minute' WHERE reservation_id = ${reservationId}`;
    // The hold and its checkout's own expiry both passed with no sweeper to close the session (the
    // ceiling of ticket-availability.ts), and the session was paid anyway (a payment Stripe
    // accepted at the last moment): the late-payment path.
    await getDb().$executeRaw`UPDATE ticket SET hold_expire_datetime = now() - interval '1 minute', checkout_hold_until = now() - interval '1 second' WHERE reservation_id = ${reservationId}`;
    await resetRedis();
    const rival = (await createUser(getDb(), {})) as User;
    await reserveTickets({ userId: rival.id, ticketIds: [held[1]!] });

    await emulator.pay(started.session_id, GOOD_CARD);
    await emulator.waitForIdle();
    const rows = await ticketRows(held);
    expect(rows[0]).toMatchObject({ status: "confirmed", userId: fan.id });
    expect(rows[1]).toMatchObject({ status: "reserved", userId: rival.id });
    const payment = await getDb().payment.findFirstOrThrow({ include: { items: true, refunds: true } });
    expect(payment.status).toBe("partially_refunded");
    expect(payment.refunds.map((r) => r.amount.toFixed(2))).toEqual(["54.50"]);
    expect(payment.items.map((i) => i.status).sort()).toEqual(["issued", "refunded"]);
    expect(payment.note).toMatch(/refunded/);
    const res = await postJson<ConfirmResult>(confirmRoute as Handler, "/api/events/ticket/confirm", { ticket_ids: held, payment_info: { payment_id: started.session_id } }, token);
    expect(res.body.confirmed_tickets.map((t) => t.ticket_id)).toEqual([String(held[0])]);
    expect(res.body.refunded_tickets.map((t) => t.ticket_id)).toEqual([String(held[1])]);
    expect(res.body.refund).toMatchObject({ amount: "54.50", status: "succeeded" });
    // The fan is told of both: the confirmation and the refund of the lost seat.
    const mails = await getDb().notification.findMany({ orderBy: { id: "asc" }, select: { userId: true, kind: true, payload: true } });
    expect(mails.map((m) => [m.userId, m.kind])).toEqual([
      [fan.id, "order_confirmation"],
      [fan.id, "refund"],
    ]);
    const lostSeat = payment.items.find((i) => i.status === "refunded")!.seat;
    expect(mails[1]!.payload).toMatchObject({ amount: "54.50", seats: [lostSeat] });
  });

  it("the sweeper closes the Stripe session of a hold that ended, so the page can no longer be paid, and the seats go back", async () => {
    const { token, reservationId, held } = await holdingFan();
    const started = await checkout(token, reservationId);
    emulator.pauseWebhooks();
    await getDb().$executeRaw`UPDATE reservation SET expire_datetime = now() - interval '1 second' WHERE reservation_id = ${reservationId}`;
    await getDb().$executeRaw`UPDATE ticket SET hold_expire_datetime = now() - interval '1 second' WHERE reservation_id = ${reservationId}`;
    const result = await runSweep({ fullReconcile: false, reconcilePayments: false });
    expect(result.payments.endingHolds).toMatchObject({ closed: 1, settled: 0, errors: 0 });
    expect(result.expiredReservationIds).toEqual([reservationId]);
    expect((await stripe.checkout.sessions.retrieve(started.session_id)).status).toBe("expired");
    expect(emulator.pay(started.session_id, GOOD_CARD).outcome).toBe("not_open");
    expect((await ticketRows(held)).every((t) => t.status === "expired")).toBe(true);
    emulator.resumeWebhooks();
    await emulator.waitForIdle();
    expect(await getDb().payment.count()).toBe(0);
  });

  it("paid in time, webhook stuck in a backlog, fan gone: settled before the hold lapses, so nobody takes the seats", async () => {
    const { token, reservationId, held } = await holdingFan({ holdSeconds: 600 });
    const started = await checkout(token, reservationId);
    emulator.pauseWebhooks();
    await emulator.pay(started.session_id, GOOD_CARD);
    const hold = await getDb().reservation.findUniqueOrThrow({ where: { id: reservationId } });
    // A sweeper run shortly before the hold ends, with no reconciliation due.
    const result = await runSweep({ now: new Date(hold.expiresAt.getTime() - 10_000), fullReconcile: false });
    expect(result.payments.endingHolds).toMatchObject({ settled: 1, errors: 0 });
    expect((await ticketRows(held)).every((t) => t.status === "confirmed")).toBe(true);
    // The hold's time runs out: the seats stay sold.
    await getDb().$executeRaw`UPDATE reservation SET expire_datetime = now() - interval '1 second' WHERE reservation_id = ${reservationId}`;
    const rival = (await createUser(getDb(), {})) as User;
    await expect(reserveTickets({ userId: rival.id, ticketIds: [held[0]!] })).rejects.toMatchObject({ code: "seats_unavailable" });
    emulator.resumeWebhooks();
    await emulator.waitForIdle();
    expect(await getDb().refund.count()).toBe(0);
    expect(await getDb().payment.count()).toBe(1);
  });

  it("an unpaid checkout is closed before its hold lapses, so it cannot be paid once the seats are someone else's", async () => {
    const { token, reservationId, held } = await holdingFan({ holdSeconds: 600 });
    const started = await checkout(token, reservationId);
    const hold = await getDb().reservation.findUniqueOrThrow({ where: { id: reservationId } });
    // Far from the end: nothing happens.
    expect((await runSweep({ now: new Date(hold.expiresAt.getTime() - 300_000), fullReconcile: false })).payments.endingHolds).toMatchObject({ closed: 0, settled: 0 });
    expect((await stripe.checkout.sessions.retrieve(started.session_id)).status).toBe("open");
    const result = await runSweep({ now: new Date(hold.expiresAt.getTime() - 10_000), fullReconcile: false });
    expect(result.payments.endingHolds).toMatchObject({ closed: 1, settled: 0, errors: 0 });
    expect((await stripe.checkout.sessions.retrieve(started.session_id)).status).toBe("expired");
    expect(emulator.pay(started.session_id, GOOD_CARD).outcome).toBe("not_open");
    // Its expired webhook gives the seats back at once.
    await emulator.waitForIdle();
    expect((await ticketRows(held)).every((t) => t.status === "available")).toBe(true);
    // Closed sessions are not asked about again.
    expect((await runSweep({ now: new Date(hold.expiresAt.getTime() - 5_000), fullReconcile: false })).payments.endingHolds).toMatchObject({ closed: 0 });
  });

  it("a payment whose webhook never arrived and whose fan never came back is settled by reconciliation", async () => {
    const { token, reservationId, held } = await holdingFan();
    const started = await checkout(token, reservationId);
    emulator.pauseWebhooks();
    await emulator.pay(started.session_id, GOOD_CARD);
    expect(await getDb().payment.count()).toBe(0);
    const out = await runPaymentMaintenance({ force: true });
    expect(out.reconcile).toMatchObject({ sessionsSettled: 1, errors: 0 });
    expect((await ticketRows(held)).every((t) => t.status === "confirmed")).toBe(true);
    emulator.resumeWebhooks();
    await emulator.waitForIdle();
    expect(await getDb().payment.count()).toBe(1);
  });
});

describe("a held seat with an open checkout is not free until Stripe has closed it", () => {
  /** Ends the hold (not the checkout) `seconds` ago, as if the clock had run out. */
  async function endHold(reservationId: number, seconds = 1) {
    await getDb().$executeRaw`UPDATE reservation SET expire_datetime = now() - make_interval(secs => ${seconds}) WHERE reservation_id = ${reservationId}`;
    await getDb().$executeRaw`UPDATE ticket SET hold_expire_datetime = now() - make_interval(secs => ${seconds}) WHERE reservation_id = ${reservationId} AND status = 'reserved'`;
  }
  const availability = async (eventId: number) => {
    const { getEventAvailability } = await import("@/lib/events/get-event-availability");
    const { invalidateAvailabilityCaches } = await import("@/lib/events/cache-keys");
    await invalidateAvailabilityCaches([eventId]);
    return (await getEventAvailability(eventId)).value;
  };

  it("paid in time, webhook lost, hold ended, sweeper behind: every rival is refused until the sweeper closes it, then the fan gets the seats and nobody is refunded", async () => {
    const { event, token, reservationId, held, fan } = await holdingFan();
    const started = await checkout(token, reservationId);
    emulator.pauseWebhooks();
    expect(emulator.pay(started.session_id, GOOD_CARD).outcome).toBe("succeeded");
    await endHold(reservationId);
    await resetRedis(); // the claims' TTL ran out with the hold: only PostgreSQL stands in the way
    // Many rivals at once: every one is refused, by the one predicate.
    const rivals = await Promise.all(Array.from({ length: 8 }, () => createUser(getDb(), {}) as Promise<User>));
    const outcomes = await Promise.allSettled(rivals.map((r, i) => reserveTickets({ userId: r.id, ticketIds: [held[i % held.length]!] })));
    expect(outcomes.map((o) => (o.status === "rejected" ? (o.reason as { code: string }).code : "held"))).toEqual(Array(8).fill("seats_unavailable"));
    // The chart, the counters and best-available agree.
    const chart = await availability(event.id);
    expect(chart.unavailable_ticket_ids).toEqual(expect.arrayContaining(held));
    const { countAvailableTickets } = await import("@/lib/inventory/ticket-counts");
    expect((await countAvailableTickets([event.id])).get(event.id)).toBe(20 - held.length);
    // A sweeper run expiring holds (but, say, not reaching the close-ahead) leaves the hold alone.
    const { sweepExpiredHolds } = await import("@/lib/inventory/sweep-expired-holds");
    expect((await sweepExpiredHolds({ fullReconcile: false })).reservationsExpired).toBe(0);
    expect((await ticketRows(held)).every((t) => t.status === "reserved")).toBe(true);

    const swept = await runSweep({ fullReconcile: false, reconcilePayments: false });
    expect(swept.payments.endingHolds).toMatchObject({ settled: 1, errors: 0 });
    expect((await ticketRows(held)).every((t) => t.status === "confirmed" && t.userId === fan.id)).toBe(true);
    await expect(reserveTickets({ userId: rivals[0]!.id, ticketIds: [held[0]!] })).rejects.toMatchObject({ code: "seats_unavailable" });
    emulator.resumeWebhooks();
    await emulator.waitForIdle();
    expect(await getDb().payment.count()).toBe(1);
    expect(await getDb().orderItem.count({ where: { status: "issued" } })).toBe(held.length);
    expect(await getDb().refund.count()).toBe(0);
  });

  it("an unpaid open checkout past its hold keeps the seats until the sweeper closes it; then they are free and the page cannot be paid", async () => {
    const { event, token, reservationId, held } = await holdingFan();
    const started = await checkout(token, reservationId);
    emulator.pauseWebhooks();
    await endHold(reservationId);
    await resetRedis();
    const rival = (await createUser(getDb(), {})) as User;
    await expect(reserveTickets({ userId: rival.id, ticketIds: held })).rejects.toMatchObject({ code: "seats_unavailable" });
    const swept = await runSweep({ fullReconcile: false, reconcilePayments: false });
    expect(swept.payments.endingHolds).toMatchObject({ closed: 1, settled: 0, errors: 0 });
    expect(swept.expiredReservationIds).toEqual([reservationId]);
    expect(emulator.pay(started.session_id, GOOD_CARD).outcome).toBe("not_open");
    expect((await availability(event.id)).unavailable_ticket_ids).toEqual([]);
    const hold = await reserveTickets({ userId: rival.id, ticketIds: held });
    expect(hold.tickets.map((t) => Number(t.ticket_id))).toEqual(held);
    emulator.resumeWebhooks();
    await emulator.waitForIdle();
    expect((await ticketRows(held)).every((t) => t.status === "reserved" && t.userId === rival.id)).toBe(true);
    expect(await getDb().payment.count()).toBe(0);
  });

  it("a hold without a checkout is free the moment it ends, as before, with no sweeper", async () => {
    const { reservationId, held } = await holdingFan();
    await endHold(reservationId);
    await resetRedis();
    const rival = (await createUser(getDb(), {})) as User;
    expect((await reserveTickets({ userId: rival.id, ticketIds: held })).tickets).toHaveLength(held.length);
  });

  it("a lost sweeper cannot keep seats forever: once the session's own expiry has passed they are free", async () => {
    const { token, reservationId, held } = await holdingFan();
    await checkout(token, reservationId);
    await endHold(reservationId, 3600);
    await resetRedis();
    const rival = (await createUser(getDb(), {})) as User;
    await expect(reserveTickets({ userId: rival.id, ticketIds: held })).rejects.toMatchObject({ code: "seats_unavailable" });
    // The marker is the session's expires_at (at least 30 minutes after it opened: Stripe's rule).
    const [row] = await getDb().$queryRaw<{ until: Date; session_expires: Date }[]>`
      SELECT t.checkout_hold_until AS until, cs.expires_datetime AS session_expires
        FROM ticket t JOIN reservation r ON r.reservation_id = t.reservation_id JOIN checkout_session cs ON cs.id = r.checkout_session_id
       WHERE t.ticket_id = ${held[0]!}`;
    expect(row!.until.getTime()).toBe(row!.session_expires.getTime());
    await getDb().$executeRaw`UPDATE ticket SET checkout_hold_until = now() - interval '1 second' WHERE reservation_id = ${reservationId}`;
    expect((await reserveTickets({ userId: rival.id, ticketIds: held })).tickets).toHaveLength(held.length);
  });
});

describe("reconciliation at on-sale scale", () => {
  it("finds a stuck paid session behind any number of newer ones, and reads a closed session only once", async () => {
    emulator.pauseWebhooks();
    // The stuck one: paid, its webhook lost, its fan gone.
    const stuck = await holdingFan();
    const stuckSession = await checkout(stuck.token, stuck.reservationId);
    await emulator.pay(stuckSession.session_id, GOOD_CARD);
    // An abandoned one, expired at Stripe.
    const gone = await holdingFan();
    const goneSession = await checkout(gone.token, gone.reservationId);
    await emulator.expireNow(goneSession.session_id);
    // Newer paid sessions, settled by their fans' redirect: they fill Stripe's newest-first list.
    for (let i = 0; i < 3; i++) {
      const fan = await holdingFan();
      const started = await checkout(fan.token, fan.reservationId);
      await emulator.pay(started.session_id, GOOD_CARD);
      expect((await settleCheckoutSession(started.session_id)).kind).toBe("settled");
    }
    const later = new Date(Date.now() + 5 * 60_000);
    const first = await reconcilePayments({ now: later, maxSessions: 3 });
    expect(first).toMatchObject({ sessionsSettled: 1, ledgerChecked: 2, ledgerClosed: 2, errors: 0 });
    expect((await ticketRows(stuck.held)).every((t) => t.status === "confirmed")).toBe(true);
    // Nothing left to read: the settled one has its payment, the expired one is closed.
    const second = await reconcilePayments({ now: new Date(later.getTime() + 10 * 60_000), maxSessions: 3 });
    expect(second).toMatchObject({ sessionsSettled: 0, ledgerChecked: 0, errors: 0 });
  });

  it("the self-hosted timer's run does not wait for reconciliation, which still settles in the background", async () => {
    const { token, reservationId, held } = await holdingFan();
    const started = await checkout(token, reservationId);
    emulator.pauseWebhooks();
    await emulator.pay(started.session_id, GOOD_CARD);
    const out = await runPaymentMaintenance({ force: true, background: true });
    expect(out.reconcile).toBeNull();
    await backgroundReconcileSettled();
    expect((await ticketRows(held)).every((t) => t.status === "confirmed")).toBe(true);
  });

  it("a session still open is read again only after the recheck period", async () => {
    const { token, reservationId } = await holdingFan();
    await checkout(token, reservationId);
    const at = Date.now() + 3 * 60_000;
    expect(await reconcilePayments({ now: new Date(at) })).toMatchObject({ ledgerChecked: 1, ledgerClosed: 0 });
    expect(await reconcilePayments({ now: new Date(at + 60_000) })).toMatchObject({ ledgerChecked: 0 });
    expect(await reconcilePayments({ now: new Date(at + 6 * 60_000) })).toMatchObject({ ledgerChecked: 1, ledgerClosed: 0 });
  });
});

describe("webhooks", () => {
  it("a bad signature is a 400 and changes nothing", async () => {
    const { token, reservationId, held } = await holdingFan();
    const started = await checkout(token, reservationId);
    emulator.pauseWebhooks();
    await emulator.pay(started.session_id, GOOD_CARD);
    const event = emulator.events("checkout.session.completed")[0]!;
    const payload = JSON.stringify(event);
    const send = (signature: string | null) =>
      (webhookRoute as Handler)(new Request("http://localhost/api/webhooks/stripe", { method: "POST", headers: { "content-type": "application/json; charset=utf-8", ...(signature ? { "stripe-signature": signature } : {}) }, body: payload }), {} as never);
    const wrongKey = Stripe.webhooks.generateTestHeaderString({ payload, secret: "whsec_someone_else" });
    for (const signature of [null, "t=1,v1=deadbeef", wrongKey]) {
      const res = await send(signature);
      expect(res.status).toBe(400);
      expect(((await res.json()) as ErrorBody).error.code).toBe("invalid_signature");
    }
    const tampered = Stripe.webhooks.generateTestHeaderString({ payload: payload.replace("checkout.session.completed", "checkout.session.expired"), secret: TEST_WEBHOOK_SECRET });
    expect((await send(tampered)).status).toBe(400);
    expect(await getDb().payment.count()).toBe(0);
    expect((await ticketRows(held)).every((t) => t.status === "reserved")).toBe(true);
    const good = await send(Stripe.webhooks.generateTestHeaderString({ payload, secret: TEST_WEBHOOK_SECRET }));
    expect(good.status).toBe(200);
    expect((await ticketRows(held)).every((t) => t.status === "confirmed")).toBe(true);
    emulator.resumeWebhooks();
  });

  it("Stripe unreachable while a delivery is handled: a coded 503 with Retry-After, not a logged crash; the redelivery does the work", async () => {
    const { token, reservationId, held } = await holdingFan();
    const started = await checkout(token, reservationId);
    await emulator.pay(started.session_id, GOOD_CARD);
    await emulator.waitForIdle();
    emulator.pauseWebhooks();
    const pi = (await stripe.checkout.sessions.retrieve(started.session_id)).payment_intent as string;
    await stripe.refunds.create({ payment_intent: pi });
    const payload = JSON.stringify(emulator.events("charge.refunded")[0]!);
    const deliver = () =>
      (webhookRoute as Handler)(
        new Request("http://localhost/api/webhooks/stripe", {
          method: "POST",
          headers: { "content-type": "application/json; charset=utf-8", "stripe-signature": Stripe.webhooks.generateTestHeaderString({ payload, secret: TEST_WEBHOOK_SECRET }) },
          body: payload,
        }),
        {} as never,
      );
    const crashes = vi.spyOn(console, "error").mockImplementation(() => {});
    const warnings = vi.spyOn(console, "warn").mockImplementation(() => {});
    vi.spyOn(getStripe().charges, "retrieve").mockRejectedValueOnce(new Stripe.errors.StripeConnectionError({ message: "An error occurred with our connection to Stripe." }));
    const refused = await deliver();
    expect(refused.status).toBe(503);
    expect(refused.headers.get("Retry-After")).toBe("5");
    expect(((await refused.json()) as ErrorBody).error.code).toBe("unavailable");
    expect(crashes).not.toHaveBeenCalled();
    expect(warnings.mock.calls.some(([line]) => String(line).includes("Stripe will deliver it again"))).toBe(true);
    expect((await ticketRows(held)).every((t) => t.status === "confirmed")).toBe(true);
    const again = await deliver();
    expect(again.status).toBe(200);
    expect((await ticketRows(held)).every((t) => t.status === "available")).toBe(true);
    vi.restoreAllMocks();
    emulator.resumeWebhooks();
  });

  it("a full refund made at Stripe cancels the tickets and frees the seats", async () => {
    const { token, reservationId, held } = await holdingFan();
    const started = await checkout(token, reservationId);
    await emulator.pay(started.session_id, GOOD_CARD);
    await emulator.waitForIdle();
    const pi = (await stripe.checkout.sessions.retrieve(started.session_id)).payment_intent as string;
    await stripe.refunds.create({ payment_intent: pi });
    await emulator.waitForIdle();
    expect((await ticketRows(held)).every((t) => t.status === "available")).toBe(true);
    const payment = await getDb().payment.findFirstOrThrow({ include: { items: true } });
    expect(payment.status).toBe("refunded");
    expect(payment.items.every((i) => i.status === "cancelled")).toBe(true);
  });
});

describe("cancel confirmed tickets", () => {
  async function paidFan(options: Parameters<typeof holdingFan>[0] = {}) {
    const fan = await holdingFan(options);
    const started = await checkout(fan.token, fan.reservationId);
    await emulator.pay(started.session_id, GOOD_CARD);
    await emulator.waitForIdle();
    expect((await ticketRows(fan.held)).every((t) => t.status === "confirmed")).toBe(true);
    return { ...fan, sessionId: started.session_id };
  }

  it("refunds through Stripe and frees the seat; the spec's response", async () => {
    const { token, held, sessionId } = await paidFan();
    const res = await postJson<{ status: string; cancelled_tickets: { ticket_id: string; status: string; reason: string }[]; refunds: { amount: string; status: string }[] }>(
      cancelRoute as Handler, "/api/events/ticket/cancel", { ticket_ids: [held[0]], status: "confirmed", cancel_reason: "Can't make it" }, token);
    expect(res.status).toBe(200);
    expect(res.body.status).toBe("success");
    expect(res.body.cancelled_tickets).toEqual([{ ticket_id: String(held[0]), seat: expect.any(String), class: expect.any(String), status: "cancelled", reason: "Can't make it" }]);
    expect(res.body.refunds).toMatchObject([{ amount: "54.50", status: "succeeded" }]);
    const rows = await ticketRows(held);
    expect(rows.map((r) => r.status)).toEqual(["available", "confirmed"]);
    const pi = (await stripe.checkout.sessions.retrieve(sessionId)).payment_intent as string;
    expect((await stripe.refunds.list({ payment_intent: pi })).data.map((r) => r.amount)).toEqual([5450]);
    await emulator.waitForIdle();
    const payment = await getDb().payment.findFirstOrThrow();
    expect(payment.status).toBe("partially_refunded");
    expect(payment.refundedAmount.toFixed(2)).toBe("54.50");
    // The seat is for sale again.
    const other = (await createUser(getDb(), {})) as User;
    await expect(reserveTickets({ userId: other.id, ticketIds: [held[0]!] })).resolves.toBeTruthy();
  });

  it("only the owner: another fan gets 403 and nothing changes; held or unknown tickets are refused", async () => {
    const { held } = await paidFan();
    const other = await accessTokenFor((await createUser(getDb(), {})) as User);
    const res = await postJson<ErrorBody>(cancelRoute as Handler, "/api/events/ticket/cancel", { ticket_ids: held, status: "confirmed" }, other);
    expect(res.status).toBe(403);
    expect((await ticketRows(held)).every((t) => t.status === "confirmed")).toBe(true);
    const { token: fan2, held: held2 } = await holdingFan();
    const notBought = await postJson<ErrorBody>(cancelRoute as Handler, "/api/events/ticket/cancel", { ticket_ids: held2, status: "confirmed" }, fan2);
    expect(notBought.status).toBe(409);
  });

  it("after the refund deadline the cancel is refused", async () => {
    const { token, held } = await paidFan({ datetime: new Date(Date.now() + 3 * 3600_000), refundCutoffHours: 24 });
    const res = await postJson<ErrorBody>(cancelRoute as Handler, "/api/events/ticket/cancel", { ticket_ids: held, status: "confirmed" }, token);
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe("refund_not_allowed");
    expect((await ticketRows(held)).every((t) => t.status === "confirmed")).toBe(true);
  });
});
