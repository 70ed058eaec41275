// Signed webhooks (verified by the real SDK), retries, duplicates, pause/shuffle/drop, expiry by
// the clock, async payments, the admin HTTP routes and the state file.
import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import Stripe from "stripe";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { startStripeEmulator, type StripeEmulator } from "./server";
import { sessionParams, startTestEmulator, stripeClientFor, TEST_WEBHOOK_SECRET, type TestEmulator } from "./testing";

const started: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((s) => s.close()));
});

async function emulatorForTest(options: Parameters<typeof startTestEmulator>[0] = {}): Promise<TestEmulator> {
  const t = await startTestEmulator(options);
  started.push(t.emulator);
  return t;
}

const createSession = (t: { stripe: Stripe; emulator: StripeEmulator }, overrides: Partial<Stripe.Checkout.SessionCreateParams> = {}) =>
  t.stripe.checkout.sessions.create(sessionParams(t.emulator.now(), overrides));

/** A plain HTTP webhook receiver on a free port. */
async function startReceiver(answer: (req: IncomingMessage, body: string) => number = () => 200) {
  const requests: Array<{ headers: IncomingMessage["headers"]; body: string }> = [];
  const server: Server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk: Buffer) => (body += chunk.toString("utf8")));
    req.on("end", () => {
      requests.push({ headers: req.headers, body });
      res.writeHead(answer(req, body), { "content-type": "text/plain" });
      res.end("ok");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/webhooks/stripe`;
  const close = () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  started.push({ close });
  return { url, requests, close };
}

describe("signatures", () => {
  it("signs each delivery so that the SDK's constructEvent accepts it, and refuses a tampered one", async () => {
    const t = await emulatorForTest();
    const session = await createSession(t);
    t.emulator.pay(session.id, "4242424242424242");
    await t.emulator.waitForIdle();
    expect(t.received.map((r) => r.event.type)).toEqual([
      "payment_intent.created",
      "charge.succeeded",
      "payment_intent.succeeded",
      "checkout.session.completed",
    ]);
    const { rawBody, signature, event } = t.received[3] as (typeof t.received)[number];
    expect(signature).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    expect(event).toMatchObject({
      object: "event",
      type: "checkout.session.completed",
      livemode: false,
      api_version: Stripe.API_VERSION,
      pending_webhooks: 1,
      request: { id: null, idempotency_key: null },
    });
    expect(event.id).toMatch(/^evt_/);
    expect((event.data.object as Stripe.Checkout.Session).metadata).toEqual({ reservation_id: "5" });
    expect(rawBody).toContain('\n  "id": "evt_'); // pretty-printed like Stripe's

    const tampered = rawBody.replace('"payment_status": "paid"', '"payment_status": "unpaid"');
    expect(tampered).not.toBe(rawBody);
    expect(() => Stripe.webhooks.constructEvent(tampered, signature, TEST_WEBHOOK_SECRET)).toThrow(Stripe.errors.StripeSignatureVerificationError);
    expect(() => Stripe.webhooks.constructEvent(rawBody, signature, "whsec_other")).toThrow(Stripe.errors.StripeSignatureVerificationError);
    expect(Stripe.webhooks.constructEvent(rawBody, signature, TEST_WEBHOOK_SECRET).id).toBe(event.id);
  });

  it("POSTs to a URL target with Stripe's headers", async () => {
    const receiver = await startReceiver();
    const t = await emulatorForTest({ webhookTarget: receiver.url });
    const session = await createSession(t);
    await t.stripe.checkout.sessions.expire(session.id);
    await t.emulator.waitForIdle();
    expect(receiver.requests).toHaveLength(1);
    const [request] = receiver.requests;
    expect(request?.headers["content-type"]).toBe("application/json; charset=utf-8");
    expect(request?.headers["user-agent"]).toContain("Stripe/1.0");
    const event = Stripe.webhooks.constructEvent(request?.body ?? "", request?.headers["stripe-signature"] as string, TEST_WEBHOOK_SECRET);
    expect(event.type).toBe("checkout.session.expired");
    expect(t.emulator.deliveries()).toMatchObject([{ eventId: event.id, attempt: 1, status: 200, ok: true, target: receiver.url }]);
  });
});

describe("delivery", () => {
  it("never happens inside the API request that caused it", async () => {
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => (release = resolve));
    let calls = 0;
    const t = await emulatorForTest({
      webhookTarget: async () => {
        calls++;
        await gate;
        return new Response("ok");
      },
    });
    const session = await createSession(t);
    const expired = await t.stripe.checkout.sessions.expire(session.id); // answered while the webhook hangs
    expect(expired.status).toBe("expired");
    // Wait for the delivery to reach the (hanging) target, not for a guessed duration.
    await vi.waitFor(() => expect(calls).toBe(1));
    expect(t.emulator.deliveryStatus(t.emulator.events()[0]?.id ?? "")?.state).toBe("in_flight");
    release();
    await t.emulator.waitForIdle();
    expect(t.emulator.deliveryStatus(t.emulator.events()[0]?.id ?? "")?.state).toBe("delivered");
  });

  it("retries after a failing target (non-2xx, thrown error) with the configured backoff", async () => {
    const answers = [500, 0, 503, 200]; // 0 = the handler throws
    const t = await emulatorForTest({
      retryDelaysMs: [30, 60, 90],
      webhookTarget: async () => {
        const status = answers.shift() ?? 200;
        if (status === 0) throw new Error("connection reset");
        return new Response(status === 200 ? "ok" : "nope", { status });
      },
    });
    const session = await createSession(t);
    await t.stripe.checkout.sessions.expire(session.id);
    const [event] = t.emulator.events();
    await t.emulator.waitForIdle();
    const attempts = t.emulator.deliveries(event?.id);
    expect(attempts.map((a) => [a.attempt, a.status, a.ok])).toEqual([
      [1, 500, false],
      [2, null, false],
      [3, 503, false],
      [4, 200, true],
    ]);
    expect(attempts[1]?.error).toContain("connection reset");
    const gaps = attempts.slice(1).map((a, i) => a.startedAt - (attempts[i] as (typeof attempts)[number]).startedAt);
    expect(gaps[0]).toBeGreaterThanOrEqual(25);
    expect(gaps[2]).toBeGreaterThanOrEqual(85);
    expect(t.emulator.deliveryStatus(event?.id ?? "")).toMatchObject({ state: "delivered", attempts: 4 });
    expect((await t.stripe.events.retrieve(event?.id ?? "")).pending_webhooks).toBe(0);
  });

  it("gives up after the last retry and reports the event as failed", async () => {
    const t = await emulatorForTest({ retryDelaysMs: [10, 10] });
    t.respond(500);
    const session = await createSession(t);
    await t.stripe.checkout.sessions.expire(session.id);
    await t.emulator.waitForIdle();
    const [event] = t.emulator.events();
    expect(t.emulator.deliveries(event?.id)).toHaveLength(3);
    expect(t.emulator.deliveryStatus(event?.id ?? "")?.state).toBe("failed");
    expect((await t.stripe.events.retrieve(event?.id ?? "")).pending_webhooks).toBe(1);
  });

  it("retries when the URL target cannot be reached", async () => {
    const receiver = await startReceiver();
    await receiver.close();
    const t = await emulatorForTest({ webhookTarget: receiver.url, retryDelaysMs: [10] });
    const session = await createSession(t);
    await t.stripe.checkout.sessions.expire(session.id);
    await t.emulator.waitForIdle();
    const attempts = t.emulator.deliveries();
    expect(attempts).toHaveLength(2);
    expect(attempts.every((a) => a.status === null && a.error)).toBe(true);
  });

  it("redelivers 5 concurrent duplicates", async () => {
    let inFlight = 0;
    let maxInFlight = 0;
    const ids: string[] = [];
    // During the redelivery, every call waits at a gate that opens when the fifth is in flight: five
    // concurrent deliveries pass it; sequential ones would stop at the first (and the test fail).
    let holdAtGate = false;
    let openGate: () => void = () => {};
    const gate = new Promise<void>((resolve) => (openGate = resolve));
    const t = await emulatorForTest({
      webhookTarget: async (request) => {
        const event = Stripe.webhooks.constructEvent(await request.text(), request.headers.get("stripe-signature") ?? "", TEST_WEBHOOK_SECRET);
        inFlight++;
        maxInFlight = Math.max(maxInFlight, inFlight);
        if (holdAtGate) {
          if (inFlight === 5) openGate();
          await gate;
        }
        inFlight--;
        ids.push(event.id);
        return new Response("ok");
      },
    });
    const session = await createSession(t);
    t.emulator.pay(session.id, "4242424242424242");
    await t.emulator.waitForIdle();
    const completed = t.emulator.events("checkout.session.completed")[0];
    if (!completed) throw new Error("no event");
    maxInFlight = 0;
    holdAtGate = true;
    const attempts = await t.emulator.redeliver(completed.id, { times: 5, concurrent: true });
    expect(attempts).toHaveLength(5);
    expect(attempts.every((a) => a.ok && a.kind === "redelivery")).toBe(true);
    expect(maxInFlight).toBe(5);
    expect(ids.filter((id) => id === completed.id)).toHaveLength(6);
    expect(t.emulator.deliveries(completed.id).map((a) => a.attempt)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it("holds events while paused and delivers them on resume, in order or shuffled", async () => {
    const t = await emulatorForTest();
    t.emulator.pauseWebhooks();
    const sessions = [];
    for (let i = 0; i < 12; i++) sessions.push(await createSession(t));
    for (const s of sessions) await t.stripe.checkout.sessions.expire(s.id);
    await t.emulator.waitForIdle(); // held events do not count as busy
    expect(t.received).toHaveLength(0);
    expect(t.emulator.deliveryStatus(t.emulator.events()[0]?.id ?? "")?.state).toBe("queued");
    const order = t.emulator.events().map((e) => e.id);

    t.emulator.resumeWebhooks();
    await t.emulator.waitForIdle();
    expect(t.received.map((r) => r.event.id)).toEqual(order);

    t.received.length = 0;
    t.emulator.pauseWebhooks();
    for (let i = 0; i < 12; i++) await t.stripe.checkout.sessions.expire((await createSession(t)).id);
    const second = t.emulator.events().map((e) => e.id).slice(12);
    t.emulator.resumeWebhooks({ shuffle: true });
    await t.emulator.waitForIdle();
    const got = t.received.map((r) => r.event.id);
    expect([...got].sort()).toEqual([...second].sort());
    expect(got).not.toEqual(second); // 1 chance in 12! to fail
  });

  it("drops every event in deliver-nothing mode", async () => {
    const t = await emulatorForTest();
    t.emulator.setDeliverNothing(true);
    const session = await createSession(t);
    t.emulator.pay(session.id, "4242424242424242");
    await t.emulator.waitForIdle();
    expect(t.received).toHaveLength(0);
    expect(t.emulator.events().map((e) => t.emulator.deliveryStatus(e.id)?.state)).toEqual(["dropped", "dropped", "dropped", "dropped"]);
    expect(t.emulator.events()[0]?.pending_webhooks).toBe(1);
    t.emulator.setDeliverNothing(false);
    await t.stripe.checkout.sessions.expire((await createSession(t)).id);
    await t.emulator.waitForIdle();
    expect(t.received.map((r) => r.event.type)).toEqual(["checkout.session.expired"]);
  });

  it("sends nothing when no target is configured (and events say so)", async () => {
    const t = await emulatorForTest({ webhookTarget: undefined });
    t.emulator.setWebhookTarget(null);
    const session = await createSession(t);
    await t.stripe.checkout.sessions.expire(session.id);
    await t.emulator.waitForIdle();
    expect(t.emulator.events()[0]).toMatchObject({ type: "checkout.session.expired", pending_webhooks: 0 });
    expect(t.emulator.deliveries()).toEqual([]);
  });
});

describe("expiry", () => {
  it("expires due sessions from the sweep timer and sends checkout.session.expired once", async () => {
    // The wall clock and the sweep timer are the test's: time moves and the timer fires only when
    // the test says so, so nothing waits on real time.
    let wallMs = Date.UTC(2026, 5, 1, 12, 0, 0);
    const ticks: Array<() => void> = [];
    let stopped = 0;
    const t = await emulatorForTest({
      wallClockMs: () => wallMs,
      sweepIntervalMs: 1000,
      scheduleSweep: (sweep, intervalMs) => {
        expect(intervalMs).toBe(1000);
        ticks.push(sweep);
        return () => stopped++;
      },
    });
    expect(ticks).toHaveLength(1);
    const tick = ticks[0] as () => void;
    const session = await createSession(t, { expires_at: t.emulator.now() + 1800 });
    tick();
    expect(t.emulator.events()).toHaveLength(0); // not due yet
    wallMs += 1800 * 1000; // due now; nothing reads the session, so only the timer can expire it
    expect(t.emulator.events()).toHaveLength(0);
    tick();
    expect(t.emulator.events().map((e) => e.type)).toEqual(["checkout.session.expired"]);
    await t.emulator.waitForIdle();
    expect(t.received.map((r) => r.event.type)).toEqual(["checkout.session.expired"]);
    expect((t.received[0]?.event.data.object as Stripe.Checkout.Session).id).toBe(session.id);
    expect(t.emulator.sessions()[0]?.status).toBe("expired");
    expect(t.emulator.pay(session.id, "4242424242424242")).toMatchObject({ outcome: "not_open", status: "expired" });
    tick(); // a later sweep finds nothing new to expire
    wallMs += 60_000;
    tick();
    expect(t.emulator.events("checkout.session.expired")).toHaveLength(1);
    await t.emulator.close();
    expect(stopped).toBe(1); // close() stops the timer it started
  });

  it("expires on a read once the clock has passed expires_at, without the timer", async () => {
    let wallMs = Date.UTC(2026, 5, 1, 12, 0, 0);
    const t = await emulatorForTest({ wallClockMs: () => wallMs, scheduleSweep: () => () => {} });
    const session = await createSession(t, { expires_at: t.emulator.now() + 1800 });
    wallMs += 1799 * 1000;
    expect((await t.stripe.checkout.sessions.retrieve(session.id)).status).toBe("open");
    wallMs += 1000;
    expect((await t.stripe.checkout.sessions.retrieve(session.id)).status).toBe("expired");
    expect(t.emulator.events("checkout.session.expired")).toHaveLength(1);
  });
});

describe("async payments", () => {
  it("completes unpaid, then async_payment_succeeded", async () => {
    const t = await emulatorForTest();
    const session = await createSession(t);
    const pending = t.emulator.pay(session.id, "4242424242424242", { async: "pending" });
    expect(pending.outcome).toBe("pending");
    const s1 = await t.stripe.checkout.sessions.retrieve(session.id, { expand: ["payment_intent"] });
    expect(s1).toMatchObject({ status: "complete", payment_status: "unpaid" });
    expect((s1.payment_intent as Stripe.PaymentIntent).status).toBe("processing");

    t.emulator.completeAsync(session.id, "succeeded");
    const s2 = await t.stripe.checkout.sessions.retrieve(session.id, { expand: ["payment_intent.latest_charge"] });
    expect(s2.payment_status).toBe("paid");
    const pi = s2.payment_intent as Stripe.PaymentIntent;
    expect(pi.status).toBe("succeeded");
    expect((pi.latest_charge as Stripe.Charge).status).toBe("succeeded");
    await t.emulator.waitForIdle();
    expect(t.received.map((r) => r.event.type)).toEqual([
      "payment_intent.created",
      "payment_intent.processing",
      "checkout.session.completed",
      "charge.succeeded",
      "payment_intent.succeeded",
      "checkout.session.async_payment_succeeded",
    ]);
    expect((t.received[2]?.event.data.object as Stripe.Checkout.Session).payment_status).toBe("unpaid");
    expect(() => t.emulator.completeAsync(session.id, "failed")).toThrow(/no payment in processing/);
  });

  it("completes unpaid, then async_payment_failed", async () => {
    const t = await emulatorForTest();
    const session = await createSession(t);
    t.emulator.pay(session.id, "4242424242424242", { async: "pending" });
    t.emulator.completeAsync(session.id, "failed");
    const s = await t.stripe.checkout.sessions.retrieve(session.id, { expand: ["payment_intent"] });
    expect(s).toMatchObject({ status: "complete", payment_status: "unpaid" });
    expect((s.payment_intent as Stripe.PaymentIntent).status).toBe("requires_payment_method");
    await t.emulator.waitForIdle();
    expect(t.received.map((r) => r.event.type).slice(-3)).toEqual(["charge.failed", "payment_intent.payment_failed", "checkout.session.async_payment_failed"]);
  });
});

describe("admin HTTP routes", () => {
  it("pay, async, clock, pause/resume, redeliver, events, deliveries, target, deliver-nothing, reset", async () => {
    const receiver = await startReceiver();
    const t = await emulatorForTest({ webhookTarget: undefined });
    const admin = async (route: string, body?: unknown) => {
      const response = await fetch(`${t.emulator.url}/_emulator/${route}`, {
        method: body === undefined ? "GET" : "POST",
        headers: { "content-type": "application/json" },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    };

    expect((await admin("webhooks/target", { url: receiver.url })).status).toBe(200);
    expect((await admin("webhooks/pause", {})).body).toEqual({ paused: true });

    const declined = await createSession(t);
    const decline = await admin(`checkout/sessions/${declined.id}/pay`, { card: "4000 0000 0000 0002" });
    expect(decline.status).toBe(402);
    expect(decline.body).toMatchObject({ outcome: "declined", error: { code: "card_declined", decline_code: "generic_decline" } });

    const session = await createSession(t);
    const pay = await admin(`checkout/sessions/${session.id}/pay`, { card: "4242424242424242", email: "a@example.com", async: "pending" });
    expect(pay).toMatchObject({ status: 200, body: { outcome: "pending", session: { status: "complete", payment_status: "unpaid" } } });
    const settled = await admin(`checkout/sessions/${session.id}/async`, { outcome: "succeeded" });
    expect(settled.body).toMatchObject({ payment_status: "paid" });
    expect((await admin(`checkout/sessions/${session.id}/pay`, { card: "4242424242424242" })).status).toBe(409);

    const events = await admin("events");
    const list = events.body.data as Array<{ id: string; type: string; delivery: { state: string } }>;
    expect(list.every((e) => e.delivery.state === "queued")).toBe(true);
    expect((await admin("events?type=checkout.session.completed")).body.data).toHaveLength(1);
    expect(receiver.requests).toHaveLength(0);

    expect((await admin("webhooks/resume", {})).body).toEqual({ paused: false });
    expect((await admin("wait-for-idle", { timeout_ms: 5000 })).body).toEqual({ idle: true });
    expect(receiver.requests).toHaveLength(list.length);

    const completed = list.find((e) => e.type === "checkout.session.completed");
    const redelivered = await admin(`events/${completed?.id}/redeliver`, { times: 3, concurrent: true });
    expect(redelivered.body.data).toHaveLength(3);
    expect(receiver.requests).toHaveLength(list.length + 3);
    const deliveries = await admin(`deliveries?event=${completed?.id}`);
    expect(deliveries.body.data).toHaveLength(4);
    expect((await admin("events/evt_nope/redeliver", {})).status).toBe(404);

    const fresh = await createSession(t, { expires_at: t.emulator.now() + 1800 });
    const clock = await admin("clock/advance", { seconds: 1800 });
    expect(clock.body.offset_seconds).toBe(1800);
    expect((await t.stripe.checkout.sessions.retrieve(fresh.id)).status).toBe("expired");

    expect((await admin("webhooks/deliver-nothing", { enabled: true })).body).toEqual({ deliver_nothing: true });
    const s3 = await createSession(t);
    await admin(`checkout/sessions/${s3.id}/expire`, {});
    await t.emulator.waitForIdle();
    expect(t.emulator.deliveryStatus(t.emulator.events("checkout.session.expired").at(-1)?.id ?? "")?.state).toBe("dropped");

    expect((await admin("sessions")).body.data).toHaveLength(4);
    expect((await admin("reset", {})).body).toEqual({ reset: true });
    expect((await admin("sessions")).body.data).toHaveLength(0);
    expect((await admin("nope", {})).status).toBe(404);
  });
});

describe("state file", () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), "stripe-emulator-"));
  });
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it("keeps sessions, payments and events across a restart", async () => {
    const stateFile = path.join(dir, "state.json");
    const first = await startStripeEmulator({ port: 0, webhookSecret: TEST_WEBHOOK_SECRET, stateFile });
    const stripe1 = stripeClientFor(first);
    const session = await stripe1.checkout.sessions.create(sessionParams(first.now()));
    first.pay(session.id, "4242424242424242");
    first.advanceClock(60);
    await first.close();

    const second = await startStripeEmulator({ port: 0, webhookSecret: TEST_WEBHOOK_SECRET, stateFile });
    started.push(second);
    const stripe2 = stripeClientFor(second);
    const again = await stripe2.checkout.sessions.retrieve(session.id, { expand: ["payment_intent"] });
    expect(again).toMatchObject({ status: "complete", payment_status: "paid" });
    expect(again.url).toBeNull();
    const refund = await stripe2.refunds.create({ payment_intent: (again.payment_intent as Stripe.PaymentIntent).id });
    expect(refund.status).toBe("succeeded");
    expect((await stripe2.events.list({ limit: 100 })).data).toHaveLength(6);
    expect(second.now()).toBeGreaterThanOrEqual(first.now());
  });
});
