// Sending a ticket to a friend, in real Chromium against the demo server and its Stripe emulator:
// fan A buys one ticket, adds it to the calendar, transfers it to fan B's email from the ticket page
// (with a confirmation), and then B finds it under My tickets while A no longer does; A's old ticket
// page is gone (404) and the ticket's QR code changed.
//
// It buys one seat from the middle of a small on-sale event other than the one holds.spec.ts uses,
// so it does not reach for the seats checkout.spec.ts takes from either end.
import { expect, test, type APIRequestContext } from "@playwright/test";
import { eventDetail, freeTicketIds, holdAndReview, listEvents, openStripePage, payOnStripePage, saleIsOpen, signedInFan, signedInFanOnEvent, waitForMail, type EventDetail } from "./support/fixtures";

const PAYING_CARD = "4242 4242 4242 4242";

async function pickEvent(request: APIRequestContext): Promise<EventDetail> {
  const events = await listEvents(request);
  const now = Date.now();
  const upcoming = events.filter((e) => e.status === "scheduled" && Date.parse(e.datetime) > now && e.total_ticket_cnt < 6000);
  const holdsPick = [...upcoming].filter((e) => e.available_ticket_cnt > 20).sort((a, b) => b.available_ticket_cnt - a.available_ticket_cnt)[0];
  const candidates = upcoming.filter((e) => e.available_ticket_cnt >= 8 && e.event_id !== holdsPick?.event_id).sort((a, b) => a.total_ticket_cnt - b.total_ticket_cnt);
  for (const c of candidates) {
    const detail = await eventDetail(request, c.event_id);
    if (saleIsOpen(detail, now)) return detail;
  }
  throw new Error("the demo data has no event on sale");
}

test("a fan transfers a ticket to a friend, who finds it under My tickets while the sender no longer does", async ({ browser, request, baseURL }) => {
  const event = await pickEvent(request);
  const free = await freeTicketIds(request, event.event_id);
  const ticketId = free[Math.floor(free.length / 2)]!;

  // Fan B: an account that will receive the ticket.
  const b = await signedInFan(browser, request, baseURL!, { path: "/account/tickets", prefix: "transfer-to", usernamePrefix: "friend" });
  await expect(b.page.getByRole("heading", { name: "My tickets" })).toBeVisible();
  await expect(b.page.locator('svg[aria-label^="E-ticket QR code"]')).toHaveCount(0);

  // Fan A buys one ticket.
  const a = await signedInFanOnEvent(browser, request, baseURL!, event.event_id, { prefix: "transfer-from", usernamePrefix: "sender" });
  await holdAndReview(a.page, [ticketId]);
  await openStripePage(a.page, baseURL!, (button) => button.click());
  await payOnStripePage(a.page, a.email, PAYING_CARD);
  await a.page.waitForURL(/\/checkout\/success\?session_id=cs_/);
  await expect(a.page.getByTestId("confirmed-tickets").locator("li")).toHaveCount(1);

  // A's ticket page: the QR code, "Add to calendar" (an .ics file), and "Transfer".
  await a.page.goto("/account/tickets");
  await a.page.getByRole("link", { name: /View and print/ }).first().click();
  await expect(a.page).toHaveURL(/\/account\/tickets\/\d+$/);
  const ticketPath = new URL(a.page.url()).pathname;
  const oldQr = await a.page.getByTestId("ticket-qr-large").innerHTML();
  const ics = await a.page.request.get(await a.page.getByTestId("ticket-calendar").getAttribute("href").then((h) => h!));
  expect(ics.status()).toBe(200);
  expect(ics.headers()["content-type"]).toMatch(/^text\/calendar/);
  expect(await ics.text()).toContain(`SUMMARY:${event.title}`);

  // Transfer, with a wrong address first (no account): the error is shown and nothing moved.
  await a.page.getByTestId("transfer-ticket").click();
  await a.page.getByTestId("transfer-email").fill("nobody-has-this-address@example.com");
  await a.page.getByTestId("transfer-next").click();
  await expect(a.page.getByTestId("transfer-confirm-question")).toContainText("nobody-has-this-address@example.com");
  await a.page.getByTestId("transfer-confirm").click();
  await expect(a.page.getByTestId("transfer-error")).toContainText("No OpenSeat account uses this email address");

  await a.page.getByTestId("transfer-email").fill(b.email);
  await a.page.getByTestId("transfer-next").click();
  await expect(a.page.getByTestId("transfer-confirm-question")).toContainText(b.email);
  await a.page.getByTestId("transfer-confirm").click();
  await expect(a.page.getByTestId("transfer-done")).toContainText(/now belongs to friend_/);

  // A: no ticket any more; the old ticket page is a 404.
  await a.page.getByRole("link", { name: "Back to My tickets" }).click();
  await expect(a.page).toHaveURL(/\/account\/tickets$/);
  await expect(a.page.locator('svg[aria-label^="E-ticket QR code"]')).toHaveCount(0);
  const gone = await a.page.goto(ticketPath);
  expect(gone?.status()).toBe(404);

  // B: the ticket is under My tickets, with a new QR code.
  await b.page.reload();
  await expect(b.page.getByText(event.title).first()).toBeVisible();
  await expect(b.page.locator('svg[aria-label^="E-ticket QR code"]')).toHaveCount(1);
  await expect(b.page.getByTestId("order-received-from")).toContainText(/Sent to you by sender_/);
  await expect(b.page.getByTestId("order-totals")).toHaveCount(0);
  // Both fans were mailed.
  await waitForMail(request, b.email, /sent you a ticket for/);
  await waitForMail(request, a.email, /^You sent your ticket for/);
  await b.page.goto(ticketPath);
  await expect(b.page.getByTestId("e-ticket")).toBeVisible();
  expect(await b.page.getByTestId("ticket-qr-large").innerHTML()).not.toBe(oldQr);

  await a.context.close();
  await b.context.close();
});
