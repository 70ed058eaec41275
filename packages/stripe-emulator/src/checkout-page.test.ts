// The hosted checkout page as a browser uses it: GET the session's url, POST the form, follow the 303.
import type Stripe from "stripe";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { sessionParams, startTestEmulator, type TestEmulator } from "./testing";

let t: TestEmulator;

beforeAll(async () => {
  t = await startTestEmulator();
});
afterAll(async () => {
  await t.emulator.close();
});
beforeEach(() => {
  t.emulator.reset();
  t.received.length = 0;
});

const createSession = (overrides: Partial<Stripe.Checkout.SessionCreateParams> = {}) =>
  t.stripe.checkout.sessions.create(sessionParams(t.emulator.now(), overrides));

function futureExpiry(): string {
  const year = (new Date().getUTCFullYear() + 2) % 100;
  return `12 / ${String(year).padStart(2, "0")}`;
}

async function submit(url: string, fields: Record<string, string>): Promise<Response> {
  return fetch(url, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(fields).toString(),
    redirect: "manual",
  });
}

const card = (cardNumber: string, extra: Record<string, string> = {}) => ({
  email: "fan@example.com",
  cardNumber,
  cardExpiry: futureExpiry(),
  cardCvc: "123",
  billingName: "Ada Fan",
  ...extra,
});

describe("GET /c/pay/:id", () => {
  it("shows a self-contained page with the items, total, countdown and labelled fields", async () => {
    const session = await createSession();
    const response = await fetch(session.url as string);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("text/html");
    const html = await response.text();
    expect(html).toContain("OpenSeat Stripe test emulator");
    expect(html).toContain("Standing · General admission");
    expect(html).toContain("€50.00");
    expect(html).toContain('id="countdown"');
    for (const [id, label] of [
      ["email", "Email"],
      ["cardNumber", "Card number"],
      ["cardExpiry", "Expiry"],
      ["cardCvc", "CVC"],
      ["billingName", "Name on card"],
    ]) {
      expect(html).toContain(`<label for="${id}">${label}</label>`);
      expect(html).toContain(`id="${id}"`);
    }
    expect(html).toMatch(/<button type="submit"[^>]*>Pay<\/button>/);
    expect(html).toContain('<a href="http://localhost:3000/checkout/cancel">Cancel and go back</a>');
    expect(html).not.toMatch(/<script[^>]+src=|<link[^>]+href=|@import|https?:\/\/fonts\./);
    expect(html).toContain('value="fan@example.com"');
  });

  it("answers 404 for an unknown session", async () => {
    const response = await fetch(`${t.emulator.url}/c/pay/cs_test_unknown`);
    expect(response.status).toBe(404);
  });
});

describe("POST /c/pay/:id", () => {
  it("4242 4242 4242 4242 pays: 303 to success_url with the session id, session complete, event sent", async () => {
    const session = await createSession();
    const response = await submit(session.url as string, card("4242 4242 4242 4242"));
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe(`http://localhost:3000/checkout/success?session_id=${session.id}`);

    const paid = await t.stripe.checkout.sessions.retrieve(session.id, { expand: ["payment_intent"] });
    expect(paid).toMatchObject({ status: "complete", payment_status: "paid" });
    expect(paid.customer_details).toMatchObject({ email: "fan@example.com", name: "Ada Fan" });
    expect((paid.payment_intent as Stripe.PaymentIntent).status).toBe("succeeded");

    await t.emulator.waitForIdle();
    const completed = t.received.filter((r) => r.event.type === "checkout.session.completed");
    expect(completed).toHaveLength(1);
    expect((completed[0]?.event.data.object as Stripe.Checkout.Session).id).toBe(session.id);

    // The page now says it is paid and links back to the app.
    const again = await fetch(session.url as string);
    const html = await again.text();
    expect(html).toContain("This payment is complete");
    expect(html).toContain(`href="http://localhost:3000/checkout/success?session_id=${session.id}"`);
    const repost = await submit(session.url as string, card("4242424242424242"));
    expect(repost.status).toBe(200);
    expect(await repost.text()).toContain("This payment is complete");
    expect(t.emulator.events("checkout.session.completed")).toHaveLength(1);
  });

  it.each([
    ["4000 0000 0000 0002", "Your card was declined.", "generic_decline"],
    ["4000 0000 0000 9995", "Your card has insufficient funds.", "insufficient_funds"],
  ])("%s is declined: the page shows %j, the session stays open", async (number, message, declineCode) => {
    const session = await createSession();
    const response = await submit(session.url as string, card(number));
    expect(response.status).toBe(402);
    const html = await response.text();
    expect(html).toContain(`role="alert" id="pay-error">${message.replace("'", "&#39;")}</div>`);
    expect(html).toContain('value="Ada Fan"');

    const open = await t.stripe.checkout.sessions.retrieve(session.id, { expand: ["payment_intent"] });
    expect(open.status).toBe("open");
    expect((open.payment_intent as Stripe.PaymentIntent).last_payment_error?.decline_code).toBe(declineCode);
    await t.emulator.waitForIdle();
    expect(t.received.map((r) => r.event.type)).toContain("payment_intent.payment_failed");
    expect(t.received.map((r) => r.event.type)).not.toContain("checkout.session.completed");
  });

  it("refuses other numbers and bad expiry / CVC / email without an event", async () => {
    const session = await createSession({ customer_email: undefined });
    const cases: Array<[Record<string, string>, string]> = [
      [card("4111 1111 1111 1111"), "Your card number is incorrect."],
      [card("4242424242424242", { cardExpiry: "01 / 20" }), "Your card&#39;s expiration year is in the past."],
      [card("4242424242424242", { cardExpiry: "13/30" }), "Your card&#39;s expiration month is invalid."],
      [card("4242424242424242", { cardExpiry: "1230" }), "Your card&#39;s expiration date is incomplete."],
      [card("4242424242424242", { cardCvc: "12" }), "Your card&#39;s security code is incomplete."],
      [card("4242424242424242", { email: "" }), "Enter your email address."],
      [card("4242424242424242", { email: "not-an-email" }), "Your email address is invalid."],
      [card("4242424242424242", { billingName: " " }), "Enter the name on your card."],
    ];
    for (const [fields, message] of cases) {
      const response = await submit(session.url as string, fields);
      expect(response.status, message).toBe(400);
      expect(await response.text()).toContain(message);
    }
    expect(t.emulator.events()).toEqual([]);
    expect((await t.stripe.checkout.sessions.retrieve(session.id)).status).toBe("open");
  });

  it("shows an expired session as expired and takes no payment", async () => {
    const session = await createSession();
    await t.stripe.checkout.sessions.expire(session.id);
    const page = await fetch(`${t.emulator.url}/c/pay/${session.id}`);
    const html = await page.text();
    expect(html).toContain("This checkout session has expired");
    expect(html).toContain('href="http://localhost:3000/checkout/cancel"');
    const post = await submit(`${t.emulator.url}/c/pay/${session.id}`, card("4242424242424242"));
    expect(await post.text()).toContain("has expired");
    expect(t.emulator.events("checkout.session.completed")).toHaveLength(0);
  });

  it("without a success_url, shows the completed page instead of redirecting", async () => {
    const session = await createSession({ success_url: undefined, cancel_url: undefined });
    const response = await submit(session.url as string, card("4242424242424242"));
    expect(response.status).toBe(200);
    expect(await response.text()).toContain("This payment is complete");
  });
});
