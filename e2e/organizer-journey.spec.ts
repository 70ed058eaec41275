// The organizer's day as one story, in real Chromium on the demo data (issue 15's "done means"):
// the demo venue admin creates an event with two price classes (a bad form first: the server's
// message beside the field, nothing created), publishes it, which opens its sale, and watches its
// live sales page; a fan buys two seats through the Stripe emulator's hosted page; the sale shows
// on the dashboard within 2 s; the admin finds the order and refunds one ticket (the fan's My
// tickets shows it cancelled and refunded, the seat is for sale again); door staff scan the other
// ticket with the scanner page fed the ticket's QR code through Chromium's fake camera (a Y4M video
// made here from the QR the fan's page shows), and a second scanner on the same ticket is refused.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, expect, test, type Browser, type Page } from "@playwright/test";
import { qrSvgToMatrix, writeQrY4m } from "./support/fake-camera";
import { freeTicketIds, holdAndReview, openStripePage, payOnStripePage, signedInFanOnEvent, takenAmong, uniqueId } from "./support/fixtures";

const VENUE_ADMIN = { email: "venue@openseat.dev", password: "openseat-venue-demo" };
const DOOR_STAFF = { email: "door@openseat.dev", password: "openseat-door-demo" };
// A venue the demo venue admin manages and the demo door staff works at (prisma/seed).
const VENUE = "The Marquee Theatre";

/** "YYYY-MM-DDTHH:mm", `days` from now, at 20:00 (a wall time in the venue's zone). */
const evening = (days: number) => `${new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10)}T20:00`;

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

test("a venue admin creates and opens a sale, sees a fan's order live, refunds one ticket, and the other is scanned at the door once", async ({ browser, request, baseURL }) => {
  test.setTimeout(240_000);
  const title = `E2E Gala ${uniqueId()}`;

  // ---- The venue admin creates the event: a bad form first, then two price classes.
  const admin = await signIn(browser, baseURL!, VENUE_ADMIN, "/dashboard/events/new");
  const form = admin.getByTestId("event-form");
  await form.getByLabel("Title", { exact: true }).fill(title);
  await form.getByLabel("Venue", { exact: true }).selectOption({ label: VENUE });
  await form.getByLabel("Starts", { exact: true }).fill("2020-01-01T20:00");
  await form.getByLabel("Price 1", { exact: true }).fill("80");
  await form.getByLabel("Class 1 section", { exact: false }).first().check();
  await admin.getByRole("button", { name: "Create draft" }).click();
  await expect(admin.getByTestId("error-starts_at")).toContainText("starts_at is in the past");

  await form.getByLabel("Starts", { exact: true }).fill(evening(30));
  await form.getByLabel("Performers", { exact: false }).fill("The E2E Orchestra");
  await admin.getByRole("button", { name: "Add a price class" }).click();
  const second = admin.getByTestId("price-class-row").nth(1);
  await second.getByLabel("Class 2", { exact: true }).selectOption({ index: 1 });
  await second.getByLabel("Price 2", { exact: true }).fill("40");
  await second.getByLabel("Class 2 section", { exact: false }).nth(1).check();
  await admin.getByRole("button", { name: "Create draft" }).click();
  await expect(admin).toHaveURL(/\/dashboard\/events\/\d+$/);
  const eventId = /\/dashboard\/events\/(\d+)$/.exec(admin.url())![1]!;
  await expect(admin.getByTestId("event-state")).toHaveText("draft");
  expect((await request.get(`/api/events/${eventId}`)).status(), "a draft is not public").toBe(404);

  // Publishing opens the sale (no on-sale time given: on sale once published).
  await admin.getByRole("button", { name: "Publish" }).click();
  await expect(admin.getByTestId("event-state")).toHaveText("published");
  const detail = (await (await request.get(`/api/events/${eventId}`)).json()) as { classes: { name: string; min_price: string }[] };
  expect(detail.classes.map((c) => c.min_price).sort()).toEqual(["40.00", "80.00"]);

  // ---- The admin watches the live sales page while a fan buys two seats, one of each class.
  await admin.goto(`/dashboard/events/${eventId}/sales`);
  await expect(admin.getByRole("heading", { name: `Sales: ${title}` })).toBeVisible();
  await expect(admin.getByTestId("sales-sold")).toHaveText("0");
  await expect(admin.getByTestId("sales-live-mode")).toHaveAttribute("data-mode", "stream");

  const free = await freeTicketIds(request, eventId);
  const ticketIds = [free[0]!, free[free.length - 1]!];
  const { page: fan, email } = await signedInFanOnEvent(browser, request, baseURL!, eventId, { prefix: "journey", usernamePrefix: "jrn" });
  await holdAndReview(fan, ticketIds);
  await openStripePage(fan, baseURL!, (button) => button.click());
  await payOnStripePage(fan, email, "4242 4242 4242 4242");
  await fan.waitForURL(/\/checkout\/success\?session_id=cs_/);
  await expect(fan.getByTestId("confirmed-tickets").locator("li")).toHaveCount(2);

  // Within 2 s of the fan's success page, on the page the admin already has open (pushed over SSE).
  await expect(admin.getByTestId("sales-sold")).toHaveText("2", { timeout: 2_000 });
  await expect(admin.getByTestId("sales-orders")).toHaveText("1", { timeout: 2_000 });
  await shot(admin, "dashboard-sales");

  // ---- The admin finds the order by the fan's email and refunds one ticket.
  await admin.goto(`/dashboard/orders?q=${encodeURIComponent(email)}`);
  await expect(admin.getByTestId("orders-total")).toHaveText("1 order");
  await admin.getByTestId("orders-table").getByRole("link", { name: /^#\d+$/ }).click();
  await expect(admin).toHaveURL(/\/dashboard\/orders\/\d+$/);
  const orderId = admin.url().split("/").pop()!;
  const order = (await (await admin.request.get(`/api/admin/orders/${orderId}`)).json()) as { tickets: Array<{ order_item_id: string; ticket_id: string }> };
  expect(order.tickets.map((t) => Number(t.ticket_id)).sort((a, b) => a - b)).toEqual([...ticketIds].sort((a, b) => a - b));
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
  await expect.poll(async () => takenAmong(request, eventId, ticketIds), { message: "the refunded seat is free, the other still sold", timeout: 10_000 }).toEqual([ticketIds[1]]);

  // ---- The remaining ticket's QR code, as the fan's page shows it, becomes the fake camera's video.
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
      await door.getByTestId("scanner-event").selectOption(eventId);
      await expect(door.getByTestId("scanner-counts")).toContainText("checked in");
      await door.getByTestId("scanner-camera").click();
      return door;
    };
    const first = await scan();
    const verdict = first.getByTestId("scanner-verdict");
    await expect(verdict).toHaveAttribute("data-ok", "true", { timeout: 20_000 });
    await expect(verdict).toContainText("Seat");
    await shot(first, "scanner-admitted");
    // A second scanner (another phone) on the same ticket: refused, with the time of the first scan.
    const second = await scan();
    await expect(second.getByTestId("scanner-verdict")).toHaveAttribute("data-ok", "false", { timeout: 20_000 });
    await expect(second.getByTestId("scanner-verdict")).toContainText("Already used");
    await shot(second, "scanner-refused");
  } finally {
    await camera.close();
  }

  // The dashboard counts the check-in.
  const sales = (await (await admin.request.get(`/api/admin/events/${eventId}/sales`)).json()) as { check_in: { checked_in: number } };
  expect(sales.check_in.checked_in).toBe(1);
});
