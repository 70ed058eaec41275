// The emulator's REST API, driven by the real Stripe SDK (stripe 23) exactly as the app drives it.
import Stripe from "stripe";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { EMULATOR_SERVER_HEADER } from "./api";
import { DEFAULT_API_VERSION } from "./server";
import { sessionParams, startTestEmulator, stripeClientFor, type TestEmulator } from "./testing";

let t: TestEmulator;
let stripe: Stripe;

beforeAll(async () => {
  t = await startTestEmulator();
  stripe = t.stripe;
});
afterAll(async () => {
  await t.emulator.close();
});
beforeEach(() => {
  t.emulator.reset();
  t.received.length = 0;
});

const now = () => t.emulator.now();
const createSession = (overrides: Partial<Stripe.Checkout.SessionCreateParams> = {}) =>
  stripe.checkout.sessions.create(sessionParams(now(), overrides));

/** The SDK's error for a call that must fail. */
async function failure(promise: Promise<unknown>): Promise<Stripe.errors.StripeError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(Stripe.errors.StripeError);
    return error as Stripe.errors.StripeError;
  }
  throw new Error("expected the call to fail");
}

describe("the SDK and the emulator", () => {
  it("names itself in every answer's Server header (what the app's deploy check looks for in bundles)", async () => {
    for (const path of ["/_emulator/health", "/v1/nothing-here"]) {
      const response = await fetch(`${t.emulator.url}${path}`);
      expect(response.headers.get("server")).toBe(EMULATOR_SERVER_HEADER);
    }
  });

  it("speak the SDK's API version", () => {
    expect(DEFAULT_API_VERSION).toBe(Stripe.API_VERSION);
  });
});

describe("POST /v1/checkout/sessions", () => {
  it("creates an open, unpaid session with Stripe's fields", async () => {
    const before = now();
    const session = await createSession();
    expect(session.id).toMatch(/^cs_test_[A-Za-z0-9]{58}$/);
    expect(session).toMatchObject({
      object: "checkout.session",
      amount_subtotal: 5000,
      amount_total: 5000,
      currency: "eur",
      status: "open",
      payment_status: "unpaid",
      mode: "payment",
      livemode: false,
      metadata: { reservation_id: "5" },
      client_reference_id: "reservation-5",
      customer_email: "fan@example.com",
      customer_details: null,
      payment_intent: null,
      success_url: "http://localhost:3000/checkout/success?session_id={CHECKOUT_SESSION_ID}",
      cancel_url: "http://localhost:3000/checkout/cancel",
      payment_method_types: ["card"],
      url: `${t.emulator.publicUrl}/c/pay/${session.id}`,
    });
    expect(session.expires_at).toBe(before + 3600);
    expect(session.created).toBeGreaterThanOrEqual(before);
    expect(session.line_items).toBeUndefined();
    expect(session.lastResponse.headers["request-id"]).toMatch(/^req_/);
    expect(session.lastResponse.headers["stripe-version"]).toBe(Stripe.API_VERSION);
  });

  it("defaults expires_at to 24 hours and accepts uppercase currencies and several line items", async () => {
    const session = await stripe.checkout.sessions.create({
      mode: "payment",
      line_items: [
        { price_data: { currency: "USD", unit_amount: 1000, product_data: { name: "A" } }, quantity: 1 },
        { price_data: { currency: "usd", unit_amount: 250, product_data: { name: "B" } }, quantity: 3 },
      ],
      success_url: "https://example.com/ok",
    });
    expect(session.currency).toBe("usd");
    expect(session.amount_total).toBe(1750);
    expect(session.expires_at - session.created).toBe(24 * 3600);
  });

  it("refuses bad parameters with Stripe's error shape and the param", async () => {
    const cases: Array<[Partial<Stripe.Checkout.SessionCreateParams> | Record<string, unknown>, string, string | undefined]> = [
      [{ line_items: undefined }, "line_items", "parameter_missing"],
      [{ line_items: [] }, "line_items", "parameter_missing"],
      [
        { line_items: [{ price_data: { currency: "eur", unit_amount: -5, product_data: { name: "x" } }, quantity: 1 }] },
        "line_items[0][price_data][unit_amount]",
        "parameter_invalid_integer",
      ],
      [
        { line_items: [{ price_data: { currency: "eur", unit_amount: 2500, product_data: { name: "x" } }, quantity: 0 }] },
        "line_items[0][quantity]",
        "parameter_invalid_integer",
      ],
      [
        { line_items: [{ price_data: { currency: "eur", unit_amount: 2500, product_data: { name: "x" } } }] },
        "line_items[0][quantity]",
        "parameter_missing",
      ],
      [
        { line_items: [{ price_data: { currency: "euro", unit_amount: 2500, product_data: { name: "x" } }, quantity: 1 }] },
        "line_items[0][price_data][currency]",
        undefined,
      ],
      [
        { line_items: [{ price_data: { currency: "eur", unit_amount: 2500, product_data: { name: "" } }, quantity: 1 }] },
        "line_items[0][price_data][product_data][name]",
        "parameter_invalid_empty",
      ],
      [{ line_items: [{ price_data: { currency: "eur", unit_amount: 10, product_data: { name: "x" } }, quantity: 1 }] }, "line_items", "amount_too_small"],
      [{ expires_at: Math.floor(Date.now() / 1000) + 10 * 60 }, "expires_at", undefined],
      [{ expires_at: Math.floor(Date.now() / 1000) + 25 * 3600 }, "expires_at", undefined],
      [{ success_url: "not a url" }, "success_url", "url_invalid"],
      [{ customer_email: "nobody" }, "customer_email", "email_invalid"],
      [{ mode: "subscription" }, "mode", undefined],
      [{ discounts: [{ coupon: "X" }] }, "discounts", "parameter_unknown"],
      [{ bogus_param: "1" }, "bogus_param", "parameter_unknown"],
    ];
    for (const [overrides, param, code] of cases) {
      const error = await failure(stripe.checkout.sessions.create({ ...sessionParams(now()), ...overrides } as Stripe.Checkout.SessionCreateParams));
      expect(error, param).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
      expect(error.statusCode, param).toBe(400);
      expect(error.param, JSON.stringify(overrides)).toBe(param);
      expect(error.code, param).toBe(code);
      expect(error.message.length).toBeGreaterThan(5);
    }
    const tooSoon = await failure(createSession({ expires_at: now() + 29 * 60 }));
    expect(tooSoon.message).toBe("The `expires_at` timestamp must be at least 30 minutes from Checkout Session creation.");
    expect((await createSession({ expires_at: now() + 30 * 60 + 5 })).status).toBe("open");
  });

  it("replays the first answer for the same Idempotency-Key and refuses it with other parameters", async () => {
    const first = await createSession();
    expect(first).toBeDefined();
    const params = sessionParams(now());
    const a = await stripe.checkout.sessions.create(params, { idempotencyKey: "order-42" });
    const b = await stripe.checkout.sessions.create(params, { idempotencyKey: "order-42" });
    expect(b.id).toBe(a.id);
    expect(b.lastResponse.headers["idempotent-replayed"]).toBe("true");
    expect(a.lastResponse.headers["idempotent-replayed"]).toBeUndefined();
    expect(t.emulator.sessions()).toHaveLength(2);

    const conflict = await failure(stripe.checkout.sessions.create({ ...params, client_reference_id: "other" }, { idempotencyKey: "order-42" }));
    expect(conflict).toBeInstanceOf(Stripe.errors.StripeIdempotencyError);
    expect(conflict.type).toBe("StripeIdempotencyError");
    expect(conflict.statusCode).toBe(400);
    expect(conflict.message).toContain("same parameters");

    const otherEndpoint = await failure(stripe.refunds.create({ payment_intent: "pi_x" }, { idempotencyKey: "order-42" }));
    expect(otherEndpoint).toBeInstanceOf(Stripe.errors.StripeIdempotencyError);
  });

  it("does not remember failed requests under their idempotency key", async () => {
    const bad = await failure(stripe.checkout.sessions.create({ ...sessionParams(now()), expires_at: now() + 60 }, { idempotencyKey: "k1" }));
    expect(bad.param).toBe("expires_at");
    const good = await stripe.checkout.sessions.create(sessionParams(now()), { idempotencyKey: "k1" });
    expect(good.status).toBe("open");
  });
});

describe("authentication", () => {
  it("requires a sk_test_ key", async () => {
    const live = await failure(stripeClientFor(t.emulator, "sk_live_123456789012345678").checkout.sessions.list());
    expect(live).toBeInstanceOf(Stripe.errors.StripeAuthenticationError);
    expect(live.statusCode).toBe(401);
    expect(live.message).toMatch(/^Invalid API Key provided: sk_live_/);
    const restricted = await failure(stripeClientFor(t.emulator, "pk_test_123456789012").checkout.sessions.list());
    expect(restricted).toBeInstanceOf(Stripe.errors.StripeAuthenticationError);

    const raw = await fetch(`${t.emulator.url}/v1/checkout/sessions`);
    expect(raw.status).toBe(401);
    const body = (await raw.json()) as { error: { type: string; message: string } };
    expect(body.error.type).toBe("invalid_request_error");
    expect(body.error.message).toContain("You did not provide an API key");
  });
});

describe("retrieving and listing sessions", () => {
  it("retrieves with expand[] of payment_intent, payment_intent.latest_charge and line_items", async () => {
    const session = await createSession();
    t.emulator.pay(session.id, "4242 4242 4242 4242", { email: "buyer@example.com", name: "Ada Fan" });

    const plain = await stripe.checkout.sessions.retrieve(session.id);
    expect(plain).toMatchObject({ status: "complete", payment_status: "paid", url: null });
    expect(typeof plain.payment_intent).toBe("string");
    expect(plain.customer_details?.email).toBe("buyer@example.com");
    expect(plain.customer_details?.name).toBe("Ada Fan");

    const expanded = await stripe.checkout.sessions.retrieve(session.id, { expand: ["payment_intent.latest_charge", "line_items"] });
    const pi = expanded.payment_intent as Stripe.PaymentIntent;
    expect(pi).toMatchObject({ object: "payment_intent", status: "succeeded", amount: 5000, amount_received: 5000, currency: "eur" });
    expect(pi.metadata).toEqual({ reservation_id: "5" });
    const charge = pi.latest_charge as Stripe.Charge;
    expect(charge).toMatchObject({ object: "charge", status: "succeeded", paid: true, amount: 5000, amount_refunded: 0, refunded: false, payment_intent: pi.id });
    expect(charge.payment_method_details?.card).toMatchObject({ brand: "visa", last4: "4242" });
    const items = expanded.line_items as Stripe.ApiList<Stripe.LineItem>;
    expect(items.object).toBe("list");
    expect(items.data).toHaveLength(1);
    expect(items.data[0]).toMatchObject({ object: "item", quantity: 2, amount_total: 5000, description: "Standing · General admission", currency: "eur" });
    expect(items.data[0]?.price?.unit_amount).toBe(2500);

    const onlyPi = await stripe.checkout.sessions.retrieve(session.id, { expand: ["payment_intent"] });
    expect(typeof (onlyPi.payment_intent as Stripe.PaymentIntent).latest_charge).toBe("string");

    const notExpandable = await failure(stripe.checkout.sessions.retrieve(session.id, { expand: ["currency"] }));
    expect(notExpandable.param).toBe("expand");
  });

  it("lists line items and expands their product", async () => {
    const session = await createSession();
    const items = await stripe.checkout.sessions.listLineItems(session.id, { expand: ["data.price.product"] });
    expect(items).toMatchObject({ object: "list", has_more: false, url: `/v1/checkout/sessions/${session.id}/line_items` });
    expect((items.data[0]?.price?.product as Stripe.Product).name).toBe("Standing · General admission");
  });

  it("answers unknown ids with 404 resource_missing", async () => {
    const error = await failure(stripe.checkout.sessions.retrieve("cs_test_missing"));
    expect(error).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(error).toMatchObject({ statusCode: 404, code: "resource_missing", param: "session" });
    expect(error.message).toBe("No such checkout.session: 'cs_test_missing'");
    for (const call of [
      stripe.paymentIntents.retrieve("pi_missing"),
      stripe.charges.retrieve("ch_missing"),
      stripe.refunds.retrieve("re_missing"),
      stripe.events.retrieve("evt_missing"),
      stripe.checkout.sessions.listLineItems("cs_test_missing"),
    ]) {
      expect(await failure(call)).toMatchObject({ statusCode: 404, code: "resource_missing" });
    }
  });

  it("lists newest first with limit, starting_after, status, created and payment_intent filters", async () => {
    const sessions: Stripe.Checkout.Session[] = [];
    for (let i = 0; i < 5; i++) sessions.push(await createSession({ client_reference_id: `r${i}` }));
    const paid = sessions[1] as Stripe.Checkout.Session;
    const paidResult = t.emulator.pay(paid.id, "4242424242424242");
    if (paidResult.outcome !== "succeeded") throw new Error(paidResult.outcome);
    t.emulator.pay((sessions[3] as Stripe.Checkout.Session).id, "4242424242424242");

    const page1 = await stripe.checkout.sessions.list({ limit: 2 });
    expect(page1).toMatchObject({ object: "list", has_more: true, url: "/v1/checkout/sessions" });
    expect(page1.data.map((s) => s.client_reference_id)).toEqual(["r4", "r3"]);
    const page2 = await stripe.checkout.sessions.list({ limit: 2, starting_after: page1.data[1]?.id });
    expect(page2.data.map((s) => s.client_reference_id)).toEqual(["r2", "r1"]);
    const all = await stripe.checkout.sessions.list({ limit: 2 }).autoPagingToArray({ limit: 100 });
    expect(all.map((s) => s.client_reference_id)).toEqual(["r4", "r3", "r2", "r1", "r0"]);

    const complete = await stripe.checkout.sessions.list({ status: "complete", created: { gte: now() - 60 } });
    expect(complete.data.map((s) => s.client_reference_id)).toEqual(["r3", "r1"]);
    expect(await stripe.checkout.sessions.list({ created: { gt: now() + 10 } })).toMatchObject({ data: [], has_more: false });

    const byPi = await stripe.checkout.sessions.list({ payment_intent: paidResult.payment_intent.id });
    expect(byPi.data.map((s) => s.id)).toEqual([paid.id]);

    expect((await failure(stripe.checkout.sessions.list({ limit: 101 }))).param).toBe("limit");
    expect((await failure(stripe.checkout.sessions.list({ starting_after: "cs_test_nope" }))).param).toBe("starting_after");
  });
});

describe("expiring sessions", () => {
  it("expires an open session once and emits checkout.session.expired", async () => {
    const session = await createSession();
    const expired = await stripe.checkout.sessions.expire(session.id);
    expect(expired).toMatchObject({ id: session.id, status: "expired", payment_status: "unpaid", url: null });
    const again = await failure(stripe.checkout.sessions.expire(session.id));
    expect(again).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(again.statusCode).toBe(400);
    expect(t.emulator.events("checkout.session.expired")).toHaveLength(1);
    const event = t.emulator.events("checkout.session.expired")[0];
    expect(event?.request.id).toBe(expired.lastResponse.requestId);
    expect(event?.request.idempotency_key).toMatch(/^stripe-node-retry-/);
  });

  it("refuses to expire a completed session", async () => {
    const session = await createSession();
    t.emulator.pay(session.id, "4242424242424242");
    const error = await failure(stripe.checkout.sessions.expire(session.id));
    expect(error.statusCode).toBe(400);
    expect(error.message).toContain('"complete"');
  });

  it("expires sessions whose expires_at passed (advanceClock) and cancels a declined attempt's PaymentIntent", async () => {
    const session = await createSession({ expires_at: now() + 1800 });
    const declined = t.emulator.pay(session.id, "4000 0000 0000 0002");
    expect(declined.outcome).toBe("declined");
    t.emulator.advanceClock(1799);
    expect((await stripe.checkout.sessions.retrieve(session.id)).status).toBe("open");
    t.emulator.advanceClock(1);
    const after = await stripe.checkout.sessions.retrieve(session.id);
    expect(after.status).toBe("expired");
    expect(t.emulator.events("checkout.session.expired")).toHaveLength(1);
    expect((await stripe.paymentIntents.retrieve(after.payment_intent as string)).status).toBe("canceled");
    // Reads do not expire it twice.
    await stripe.checkout.sessions.retrieve(session.id);
    await stripe.checkout.sessions.list();
    expect(t.emulator.events("checkout.session.expired")).toHaveLength(1);
  });
});

describe("payments", () => {
  it("records a declined attempt on the session's PaymentIntent and lets the fan pay again", async () => {
    const session = await createSession();
    const declined = t.emulator.pay(session.id, "4000000000009995");
    expect(declined.outcome).toBe("declined");
    const open = await stripe.checkout.sessions.retrieve(session.id, { expand: ["payment_intent"] });
    expect(open.status).toBe("open");
    const pi = open.payment_intent as Stripe.PaymentIntent;
    expect(pi.status).toBe("requires_payment_method");
    expect(pi.last_payment_error).toMatchObject({
      type: "card_error",
      code: "card_declined",
      decline_code: "insufficient_funds",
      message: "Your card has insufficient funds.",
    });
    const failedCharge = await stripe.charges.retrieve(pi.latest_charge as string);
    expect(failedCharge).toMatchObject({ status: "failed", paid: false, failure_code: "card_declined" });
    expect(t.emulator.events().map((e) => e.type)).toEqual(["payment_intent.created", "charge.failed", "payment_intent.payment_failed"]);

    const generic = t.emulator.pay(session.id, "4000 0000 0000 0002");
    expect(generic.outcome === "declined" && generic.error.decline_code).toBe("generic_decline");

    const paid = t.emulator.pay(session.id, "4242 4242 4242 4242");
    expect(paid.outcome).toBe("succeeded");
    const pi2 = await stripe.paymentIntents.retrieve(pi.id, { expand: ["latest_charge"] });
    expect(pi2).toMatchObject({ status: "succeeded", amount_received: 5000, last_payment_error: null, payment_method_types: ["card"] });
    expect((pi2.latest_charge as Stripe.Charge).status).toBe("succeeded");
    expect(t.emulator.events().map((e) => e.type).slice(-3)).toEqual(["charge.succeeded", "payment_intent.succeeded", "checkout.session.completed"]);
  });

  it("refuses other card numbers without an event", () => {
    return createSession().then((session) => {
      const result = t.emulator.pay(session.id, "4111 1111 1111 1111");
      expect(result).toMatchObject({ outcome: "invalid", field: "card", error: { code: "incorrect_number", message: "Your card number is incorrect." } });
      expect(t.emulator.events()).toHaveLength(0);
    });
  });

  it("lists charges and payment intents", async () => {
    const session = await createSession();
    const result = t.emulator.pay(session.id, "4242424242424242");
    if (result.outcome !== "succeeded") throw new Error(result.outcome);
    const charges = await stripe.charges.list({ payment_intent: result.payment_intent.id });
    expect(charges.data.map((c) => c.id)).toEqual([result.charge?.id]);
    const intents = await stripe.paymentIntents.list({ limit: 3 });
    expect(intents.data[0]?.id).toBe(result.payment_intent.id);
  });
});

describe("refunds", () => {
  async function paidSession() {
    const session = await createSession();
    const result = t.emulator.pay(session.id, "4242424242424242");
    if (result.outcome !== "succeeded" || !result.charge) throw new Error("payment failed");
    return { session, pi: result.payment_intent, charge: result.charge };
  }

  it("refunds part then the rest, updating the charge and emitting charge.refunded and refund.created", async () => {
    const { pi, charge } = await paidSession();
    const partial = await stripe.refunds.create({ payment_intent: pi.id, amount: 2000, reason: "requested_by_customer", metadata: { order_item: "9" } });
    expect(partial).toMatchObject({
      object: "refund",
      amount: 2000,
      currency: "eur",
      payment_intent: pi.id,
      charge: charge.id,
      status: "succeeded",
      reason: "requested_by_customer",
      metadata: { order_item: "9" },
    });
    expect(partial.id).toMatch(/^re_/);
    expect(await stripe.charges.retrieve(charge.id)).toMatchObject({ amount_refunded: 2000, refunded: false });

    const tooMuch = await failure(stripe.refunds.create({ payment_intent: pi.id, amount: 3001 }));
    expect(tooMuch).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(tooMuch).toMatchObject({ statusCode: 400, param: "amount", code: "amount_too_large" });
    expect(tooMuch.message).toBe("Refund amount (€30.01) is greater than unrefunded amount on charge (€30.00)");

    const rest = await stripe.refunds.create({ charge: charge.id });
    expect(rest.amount).toBe(3000);
    expect(await stripe.charges.retrieve(charge.id)).toMatchObject({ amount_refunded: 5000, refunded: true });
    const already = await failure(stripe.refunds.create({ payment_intent: pi.id }));
    expect(already).toMatchObject({ code: "charge_already_refunded", statusCode: 400 });

    const refunded = t.emulator.events("charge.refunded");
    expect(refunded).toHaveLength(2);
    expect(refunded[1]?.data.object).toMatchObject({ id: charge.id, amount_refunded: 5000, refunded: true });
    expect(refunded[1]?.data.previous_attributes).toEqual({ amount_refunded: 2000, refunded: false });
    expect(t.emulator.events("refund.created").map((e) => e.data.object.id)).toEqual([partial.id, rest.id]);

    expect((await stripe.refunds.retrieve(partial.id, { expand: ["charge"] })).charge).toMatchObject({ id: charge.id });
    const list = await stripe.refunds.list({ payment_intent: pi.id });
    expect(list.data.map((r) => r.id)).toEqual([rest.id, partial.id]);
  });

  it("replays a refund for the same idempotency key instead of refunding twice", async () => {
    const { pi, charge } = await paidSession();
    const a = await stripe.refunds.create({ payment_intent: pi.id }, { idempotencyKey: "refund-ticket-9" });
    const b = await stripe.refunds.create({ payment_intent: pi.id }, { idempotencyKey: "refund-ticket-9" });
    expect(b.id).toBe(a.id);
    expect((await stripe.charges.retrieve(charge.id)).amount_refunded).toBe(5000);
    expect(t.emulator.events("refund.created")).toHaveLength(1);
  });

  it("refuses refunds without a successful payment", async () => {
    const session = await createSession();
    t.emulator.pay(session.id, "4000000000000002");
    const pi = (await stripe.checkout.sessions.retrieve(session.id)).payment_intent as string;
    expect((await failure(stripe.refunds.create({ payment_intent: pi }))).param).toBe("payment_intent");
    expect((await failure(stripe.refunds.create({ payment_intent: "pi_nope" }))).code).toBe("resource_missing");
    expect((await failure(stripe.refunds.create({}))).code).toBe("parameter_missing");
    const { pi: paid } = await paidSession();
    expect((await failure(stripe.refunds.create({ payment_intent: paid.id, amount: 0 }))).param).toBe("amount");
    expect((await failure(stripe.refunds.create({ payment_intent: paid.id, reason: "because" as "duplicate" }))).param).toBe("reason");
  });
});

describe("events", () => {
  it("retrieves events and lists them newest first, filtered by type", async () => {
    const session = await createSession();
    t.emulator.pay(session.id, "4242424242424242");
    await t.emulator.waitForIdle();
    const stored = t.emulator.events();
    const completed = stored.find((e) => e.type === "checkout.session.completed");
    if (!completed) throw new Error("no checkout.session.completed");
    const event = await stripe.events.retrieve(completed.id);
    expect(event).toMatchObject({ object: "event", type: "checkout.session.completed", livemode: false, api_version: Stripe.API_VERSION, pending_webhooks: 0 });
    expect(event.request).toEqual({ id: null, idempotency_key: null });
    expect((event.data.object as Stripe.Checkout.Session).payment_status).toBe("paid");

    const list = await stripe.events.list({ limit: 100 });
    expect(list.data.map((e) => e.id)).toEqual(stored.map((e) => e.id).reverse());
    const onlyCompleted = await stripe.events.list({ type: "checkout.session.*" });
    expect(onlyCompleted.data.map((e) => e.type)).toEqual(["checkout.session.completed"]);
  });
});

describe("anything else", () => {
  it("answers an unrecognized URL with Stripe's 404", async () => {
    const response = await fetch(`${t.emulator.url}/v1/customers`, { headers: { authorization: "Bearer sk_test_x" } });
    expect(response.status).toBe(404);
    const body = (await response.json()) as { error: { type: string; message: string } };
    expect(body.error).toMatchObject({ type: "invalid_request_error" });
    expect(body.error.message).toMatch(/^Unrecognized request URL \(GET: \/v1\/customers\)/);
    const viaSdk = await failure(stripe.customers.list());
    expect(viaSdk).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(viaSdk.statusCode).toBe(404);
  });

  it("refuses JSON bodies like Stripe", async () => {
    const response = await fetch(`${t.emulator.url}/v1/refunds`, {
      method: "POST",
      headers: { authorization: "Bearer sk_test_x", "content-type": "application/json" },
      body: JSON.stringify({ payment_intent: "pi_x" }),
    });
    expect(response.status).toBe(400);
  });
});
