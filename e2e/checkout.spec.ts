// Checkout with Stripe Checkout, in real Chromium against the demo server and its Stripe emulator:
// a fan holds seats, reviews the order (fee and total up front), pays on the emulator's hosted page
// with Stripe's test card and finds the tickets, with QR codes, under My tickets. A declined card
// ends nothing: the fan tries another card on the same page and gets the tickets.
//
// It buys on the smallest on-sale venue, never on the event holds.spec.ts picks (the one with the
// most free seats), so the two specs never reach for the same seats.
import { expect, test, type APIRequestContext, type Browser, type Page } from "@playwright/test";
import { cents, eventDetail, freeTicketIds, holdAndReview, listEvents, openStripePage, payOnStripePage, saleIsOpen, signedInFanOnEvent, takenAmong, type EventDetail } from "./support/fixtures";

const PAYING_CARD = "4242 4242 4242 4242";
const DECLINED_CARD = "4000 0000 0000 0002";

/** The smallest on-sale event with room for this spec, other than the one holds.spec.ts uses. */
async function pickCheckoutEvent(request: APIRequestContext): Promise<EventDetail> {
  const events = await listEvents(request);
  const now = Date.now();
  const upcoming = events.filter((e) => e.status === "scheduled" && Date.parse(e.datetime) > now && e.total_ticket_cnt < 6000);
  const holdsPick = [...upcoming].filter((e) => e.available_ticket_cnt > 20).sort((a, b) => b.available_ticket_cnt - a.available_ticket_cnt)[0];
  const candidates = upcoming.filter((e) => e.available_ticket_cnt >= 8 && e.event_id !== holdsPick?.event_id).sort((a, b) => a.total_ticket_cnt - b.total_ticket_cnt);
  for (const c of candidates) {
    const detail = await eventDetail(request, c.event_id);
    if (saleIsOpen(detail, now) && detail.max_tickets_per_order >= 2) return detail;
  }
  throw new Error("the demo data has no second event on sale");
}

/** A new fan on the event page (chart loaded), with Content-Security-Policy violations recorded. */
async function signedInFan(browser: Browser, request: APIRequestContext, baseURL: string, eventId: string): Promise<{ page: Page; email: string }> {
  const { page, email } = await signedInFanOnEvent(browser, request, baseURL, eventId, {
    prefix: "checkout",
    usernamePrefix: "pay",
    beforeSignIn: (page) => {
      const violations: string[] = [];
      cspViolations.set(page, violations);
      page.on("console", (message) => {
        if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
      });
    },
  });
  return { page, email };
}

/** Content-Security-Policy violations Chromium reported on a fan's page (see e2e/security.spec.ts). */
const cspViolations = new WeakMap<Page, string[]>();

test("a fan pays for held seats with Stripe Checkout and finds the tickets under My tickets", async ({ browser, request, baseURL }) => {
  const started = Date.now();
  const event = await pickCheckoutEvent(request);
  const ticketIds = (await freeTicketIds(request, event.event_id)).slice(0, 2);
  expect(ticketIds).toHaveLength(2);
  const { page, email } = await signedInFan(browser, request, baseURL!, event.event_id);

  const reservationId = await holdAndReview(page, ticketIds);

  // The review: the event, both seats, the fee per ticket before paying, and total = subtotal + fees.
  await expect(page.getByTestId("order-event")).toContainText(event.title);
  await expect(page.getByTestId("order-ticket")).toHaveCount(2);
  await expect(page.getByTestId("fee-per-ticket")).toHaveText(/^Service fee \$\d+\.\d\d per ticket$/);
  await expect(page.getByTestId("hold-countdown")).toContainText(/\d\d:\d\d/);
  await expect(page.getByTestId("refund-policy")).not.toBeEmpty();
  const subtotal = cents(await page.getByTestId("order-subtotal").innerText());
  const fees = cents(await page.getByTestId("order-fees").innerText());
  const totalText = await page.getByTestId("order-total").innerText();
  expect(fees).toBeGreaterThan(0);
  expect(cents(totalText)).toBe(subtotal + fees);

  // A double click makes one checkout request.
  let checkoutRequests = 0;
  page.on("request", (r) => {
    if (r.url() === `${baseURL}/api/checkout` && r.method() === "POST") checkoutRequests++;
  });
  await openStripePage(page, baseURL!, (button) => button.dblclick());
  expect(checkoutRequests).toBe(1);
  const reviewedAt = Date.now();

  // Stripe's hosted page (the emulator): the amount is the review page's total.
  await expect(page.getByTestId("total")).toHaveText(totalText);
  await payOnStripePage(page, email, PAYING_CARD);

  // Back on OpenSeat: confirmed.
  await page.waitForURL(/\/checkout\/success\?session_id=cs_/);
  await expect(page.getByRole("heading", { name: "You're going!" })).toBeVisible();
  await expect(page.getByTestId("confirmed-tickets").locator("li")).toHaveCount(2);
  await expect(page.getByTestId("amount-paid")).toHaveText(totalText);
  console.log(`[checkout] review -> paid and confirmed in ${Date.now() - reviewedAt} ms`);

  // A reload confirms nothing twice and shows the same order.
  await page.reload();
  await expect(page.getByRole("heading", { name: "You're going!" })).toBeVisible();
  await expect(page.getByTestId("confirmed-tickets").locator("li")).toHaveCount(2);

  // My tickets: both seats, each with its QR code.
  await page.getByTestId("checkout-success").getByRole("link", { name: "My tickets" }).click();
  await expect(page).toHaveURL(/\/account\/tickets$/);
  await expect(page.getByRole("heading", { name: "My tickets" })).toBeVisible();
  await expect(page.getByText(event.title).first()).toBeVisible();
  await expect(page.locator('svg[aria-label^="E-ticket QR code"]')).toHaveCount(2);

  // The review page now says the order is paid.
  await page.goto(`/checkout/${reservationId}`);
  await expect(page.getByTestId("hold-ended")).toHaveAttribute("data-status", "confirmed");
  await expect(page.getByRole("button", { name: "Pay with Stripe" })).toHaveCount(0);

  // The seats are sold: taken for everyone. (Polled: the availability payload is cached for a
  // second, and a kept-alive connection the server just closed is retried rather than failed.)
  await expect.poll(async () => (await takenAmong(request, event.event_id, ticketIds)).length, { message: "the sold seats are taken", timeout: 10_000 }).toBe(2);
  console.log(`[checkout] whole purchase in ${Date.now() - started} ms`);
  // Sign-in, chart, hold, review, Stripe and back, My tickets: all of it ran under the CSP.
  expect(cspViolations.get(page)).toEqual([]);
  await page.context().close();
});

test("a declined card keeps the hold: the fan tries another card on the same page and gets the tickets", async ({ browser, request, baseURL }) => {
  const event = await pickCheckoutEvent(request);
  const ticketIds = (await freeTicketIds(request, event.event_id)).slice(-2);
  expect(ticketIds).toHaveLength(2);
  const { page, email } = await signedInFan(browser, request, baseURL!, event.event_id);

  await holdAndReview(page, ticketIds);
  await openStripePage(page, baseURL!, (button) => button.click());
  const stripeOrigin = new URL(page.url()).origin;

  await payOnStripePage(page, email, DECLINED_CARD);
  await expect(page.getByText("Your card was declined.")).toBeVisible();

  // Every webhook of the decline (payment_intent.payment_failed among them) delivered and answered:
  // the hold is still the fan's, and the seats are still taken for everyone else.
  const idle = await request.post(`${stripeOrigin}/_emulator/wait-for-idle`, { data: { timeout_ms: 15_000 } });
  expect(idle.ok(), await idle.text()).toBeTruthy();
  const events = (await (await request.get(`${stripeOrigin}/_emulator/events?type=payment_intent.payment_failed`)).json()) as { data: unknown[] };
  expect(events.data.length).toBeGreaterThan(0);
  expect(await takenAmong(request, event.event_id, ticketIds)).toEqual(ticketIds);

  // Another card on the same hosted page: paid, and back on OpenSeat with both tickets.
  await payOnStripePage(page, email, PAYING_CARD);
  await page.waitForURL(/\/checkout\/success\?session_id=cs_/);
  await expect(page.getByRole("heading", { name: "You're going!" })).toBeVisible();
  await expect(page.getByTestId("confirmed-tickets").locator("li")).toHaveCount(2);
  await expect.poll(async () => (await takenAmong(request, event.event_id, ticketIds)).length, { message: "the sold seats are taken", timeout: 10_000 }).toBe(2);
  await page.context().close();
});

test("the success and cancel pages explain a missing or garbled link instead of failing", async ({ page }) => {
  // The demo fan: nothing here changes their data.
  await page.goto(`/signin?callbackUrl=${encodeURIComponent("/account/tickets")}`);
  await page.getByLabel("Email").fill("fan@openseat.dev");
  await page.getByLabel("Password").fill("openseat-fan-demo");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/account\/tickets$/);
  for (const query of ["", "?session_id=", "?session_id=not-a-session%3Cscript%3E", "?session_id=cs_test_doesnotexist"]) {
    const res = await page.goto(`/checkout/success${query}`);
    expect(res?.status(), query).toBeLessThan(500);
    await expect(page.getByTestId("checkout-success-problem"), query).toBeVisible();
  }
  const res = await page.goto("/checkout/cancel?reservation_id=abc");
  expect(res?.status()).toBeLessThan(500);
  await expect(page.getByRole("heading", { name: "Payment cancelled" })).toBeVisible();
  // No such reservation, or someone else's, is not found.
  expect((await page.goto("/checkout/999999999"))?.status()).toBe(404);
  expect((await page.goto("/checkout/not-an-id"))?.status()).toBe(404);
});
