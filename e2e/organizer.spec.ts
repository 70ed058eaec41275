// The organizer's day, in real Chromium on the demo data: a fan buys two seats; the venue admin
// sees the sale on the live sales page within 2 s, finds the order and refunds one ticket (the fan's
// My tickets shows it cancelled and refunded, the seat is for sale again); door staff scan the other
// ticket with the scanner page fed the ticket's QR code through Chromium's fake camera, and a second
// scanner on the same ticket is refused.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, expect, test, type APIRequestContext, type Browser, type Page } from "@playwright/test";
import { qrSvgToMatrix, writeQrY4m } from "./support/fake-camera";
import {
  eventDetail,
  freeTicketIds,
  holdAndReview,
  listEvents,
  openStripePage,
  payOnStripePage,
  saleIsOpen,
  signedInFanOnEvent,
  takenAmong,
  type EventDetail,
} from "./support/fixtures";

const VENUE_ADMIN = { email: "venue@openseat.dev", password: "openseat-venue-demo" };
const DOOR_STAFF = { email: "door@openseat.dev", password: "openseat-door-demo" };
const ORGANIZER_VENUES = ["The Marquee Theatre", "Lakeshore Arena"];

/** An event on sale at a venue the demo venue admin manages and the demo door staff works at. */
async function pickEvent(request: APIRequestContext): Promise<EventDetail> {
  const now = Date.now();
  const events = (await listEvents(request)) as Array<EventDetail & { venue?: string }>;
  const candidates = events
    .filter((e) => ORGANIZER_VENUES.includes(e.venue ?? "") && e.status === "scheduled" && Date.parse(e.datetime) > now && e.available_ticket_cnt >= 30)
    .sort((a, b) => a.total_ticket_cnt - b.total_ticket_cnt);
  for (const c of candidates) {
    const detail = await eventDetail(request, c.event_id);
    if (saleIsOpen(detail, now) && detail.max_tickets_per_order >= 2) return detail;
  }
  throw new Error("the demo data has no event on sale at the organizer's venues");
}

async function signIn(browser: Browser, baseURL: string, who: { email: string; password: string }, path: string): Promise<Page> {
  const context = await browser.newContext({ baseURL, permissions: ["camera"] });
  const page = await context.newPage();
  await page.goto(`/signin?callbackUrl=${encodeURIComponent(path)}`);
  await page.getByLabel("Email").fill(who.email);
  await page.getByLabel("Password").fill(who.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(new RegExp(`${path.replace(/[/?]/g, "\\$&")}$`));
  return page;
}

/** With SCREENSHOT_DIR set, the page is saved there as `<name>.png` (the README's screenshots). */
async function shot(page: Page, name: string): Promise<void> {
  const dir = process.env.SCREENSHOT_DIR;
  if (dir) await page.screenshot({ path: join(dir, `${name}.png`), fullPage: true });
}

const count = async (page: Page, testId: string) => Number((await page.getByTestId(testId).innerText()).replace(/[^\d]/g, ""));

test("a sale seen live, one ticket refunded, the other scanned at the door once", async ({ browser, request, baseURL }) => {
  test.setTimeout(180_000);
  const event = await pickEvent(request);
  const free = await freeTicketIds(request, event.event_id);
  // Away from both ends, where the other specs buy.
  const ticketIds = free.slice(Math.floor(free.length / 2), Math.floor(free.length / 2) + 2);
  expect(ticketIds).toHaveLength(2);

  // The venue admin watches the sales page.
  const admin = await signIn(browser, baseURL!, VENUE_ADMIN, `/dashboard/events/${event.event_id}/sales`);
  await expect(admin.getByRole("heading", { name: `Sales: ${event.title}` })).toBeVisible();
  const soldBefore = await count(admin, "sales-sold");
  const ordersBefore = await count(admin, "sales-orders");

  // A fan buys two seats.
  const { page: fan, email } = await signedInFanOnEvent(browser, request, baseURL!, event.event_id, { prefix: "organizer", usernamePrefix: "org" });
  await holdAndReview(fan, ticketIds);
  await openStripePage(fan, baseURL!, (button) => button.click());
  await payOnStripePage(fan, email, "4242 4242 4242 4242");
  await fan.waitForURL(/\/checkout\/success\?session_id=cs_/);
  await expect(fan.getByTestId("confirmed-tickets").locator("li")).toHaveCount(2);

  // On the sales page within 2 s (it polls every second; the figures are cached a second).
  const paidAt = Date.now();
  await expect(admin.getByTestId("sales-sold")).toHaveText((soldBefore + 2).toLocaleString("en-US"), { timeout: 2_000 });
  await expect(admin.getByTestId("sales-orders")).toHaveText((ordersBefore + 1).toLocaleString("en-US"), { timeout: 2_000 });
  console.log(`[organizer] sale visible on the sales page ${Date.now() - paidAt} ms after the success page`);
  await shot(admin, "dashboard-sales");

  // The admin finds the order by the fan's email and refunds one ticket.
  await admin.goto(`/dashboard/orders?q=${encodeURIComponent(email)}`);
  await expect(admin.getByTestId("orders-total")).toHaveText("1 order");
  await admin.getByTestId("orders-table").getByRole("link", { name: /^#\d+$/ }).click();
  await expect(admin).toHaveURL(/\/dashboard\/orders\/\d+$/);
  const orderId = admin.url().split("/").pop()!;
  const order = (await (await admin.request.get(`/api/admin/orders/${orderId}`)).json()) as { tickets: Array<{ order_item_id: string; ticket_id: string }> };
  const refunded = order.tickets.find((t) => Number(t.ticket_id) === ticketIds[0])!;
  await admin.getByTestId(`refund-ticket-${refunded.order_item_id}`).check();
  await admin.getByTestId("refund-reason").fill("The fan cannot come");
  await admin.getByTestId("refund-submit").click();
  await expect(admin.getByTestId("refund-message")).toContainText("Refunded");
  await expect(admin.getByTestId(`order-ticket-${refunded.order_item_id}`)).toContainText("cancelled");
  await expect(admin.getByTestId("order-refunds").locator("li")).toHaveCount(1);
  await shot(admin, "dashboard-order");

  // The fan's My tickets: one ticket cancelled, the refund on the order; the seat is for sale again.
  await fan.goto("/account/tickets");
  await expect(fan.getByTestId("ticket-status").filter({ hasText: "Cancelled" })).toHaveCount(1);
  await expect(fan.getByTestId("order-refunded").first()).toBeVisible();
  await expect.poll(async () => takenAmong(request, event.event_id, [ticketIds[0]!]), { message: "the refunded seat is free", timeout: 10_000 }).toEqual([]);

  // The remaining ticket's QR code, as the fan's page shows it, becomes the fake camera's video.
  const qr = fan.locator('svg[aria-label^="E-ticket QR code"]');
  await expect(qr).toHaveCount(1);
  const video = join(mkdtempSync(join(tmpdir(), "openseat-qr-")), "ticket.y4m");
  writeQrY4m(video, qrSvgToMatrix(await qr.evaluate((el) => el.outerHTML)));
  await fan.context().close();

  const camera = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream", `--use-file-for-fake-video-capture=${video}`],
  });
  try {
    const scan = async () => {
      const door = await signIn(camera, baseURL!, DOOR_STAFF, "/dashboard/check-in");
      await door.getByTestId("scanner-event").selectOption(event.event_id);
      await expect(door.getByTestId("scanner-counts")).toContainText("checked in");
      await door.getByTestId("scanner-camera").click();
      return door;
    };
    const first = await scan();
    const verdict = first.getByTestId("scanner-verdict");
    await expect(verdict).toHaveAttribute("data-ok", "true", { timeout: 20_000 });
    await expect(verdict).toContainText(`Seat`);
    await shot(first, "scanner-admitted");
    // A second scanner (another phone) on the same ticket: refused, with the time of the first scan.
    const second = await scan();
    await expect(second.getByTestId("scanner-verdict")).toHaveAttribute("data-ok", "false", { timeout: 20_000 });
    await expect(second.getByTestId("scanner-verdict")).toContainText("Already used");
    await shot(second, "scanner-refused");
  } finally {
    await camera.close();
  }
});
