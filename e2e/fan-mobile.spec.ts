// The fan's pages on a phone (360×740, touch) and on a desktop (1366×900): search, the event page
// with its seating chart, best-available, the hold, the review, the success page, My tickets, one
// ticket and the waiting room. On every page: no sideways scroll (the document is no wider than the
// viewport) and axe-core finds nothing critical or serious. On the chart: one tap on a section makes
// its seats at least 24 px across, and best-available's seats are on screen without zooming by hand.
//
// It buys on the on-sale event with the most seats that has no waiting room (an arena: the hardest
// chart to read on a phone), and joins the line of the waiting-room event only to look at it.
// With SCREENSHOTS=1 it also writes screenshots of search, the event page and the chart to
// docs/images/fan-*.png (the README's phone and desktop pictures); without it a run writes nothing,
// so running the suite never modifies tracked files. The other README pictures come from
// `npm run screenshots` (scripts/screenshots.ts), which takes them from a running demo.
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type APIRequestContext, type Browser, type BrowserContext, type Page } from "@playwright/test";
import { eventDetail, listEvents, openStripePage, payOnStripePage, registerFan, saleIsOpen, submitSignIn, type EventDetail } from "./support/fixtures";

const VIEWPORTS = [
  { name: "phone", viewport: { width: 360, height: 740 }, touch: true },
  { name: "desktop", viewport: { width: 1366, height: 900 }, touch: false },
] as const;

type Viewport = (typeof VIEWPORTS)[number];

/** Smallest seat a finger can hit reliably (WCAG 2.2 target size, minimum). */
const MIN_TAP_PX = 24;

/** Queue progress as GET /api/events/:id/queue/progress answers it (the fields used here). */
type QueueProgress = { queue_enabled: boolean };

async function queueEnabled(request: APIRequestContext, eventId: string): Promise<boolean> {
  const r = await request.get(`/api/events/${eventId}/queue/progress`);
  return r.ok() && ((await r.json()) as QueueProgress).queue_enabled;
}

/** The on-sale event with the most seats and no waiting room, and the one with a waiting room. */
async function pickEvents(request: APIRequestContext): Promise<{ event: EventDetail; queueEventId: string }> {
  const now = Date.now();
  const upcoming = (await listEvents(request)).filter((e) => e.status === "scheduled" && Date.parse(e.datetime) > now && e.available_ticket_cnt > 20);
  let event: EventDetail | undefined;
  let queueEventId: string | undefined;
  for (const e of upcoming.sort((a, b) => b.total_ticket_cnt - a.total_ticket_cnt)) {
    const detail = await eventDetail(request, e.event_id);
    if (!saleIsOpen(detail, now)) continue;
    if (await queueEnabled(request, e.event_id)) queueEventId ??= e.event_id;
    else event ??= detail;
    if (event && queueEventId) break;
  }
  if (!event || !queueEventId) throw new Error("the demo data needs an on-sale event with and one without a waiting room");
  return { event, queueEventId };
}

/** A new fan signed in through the form in a context of this viewport, landing on `path`. */
async function fanAt(browser: Browser, request: APIRequestContext, baseURL: string, vp: Viewport, path: string): Promise<{ context: BrowserContext; page: Page; email: string }> {
  const email = await registerFan(request, "mobile");
  const context = await browser.newContext({ baseURL, viewport: vp.viewport, hasTouch: vp.touch, isMobile: vp.touch });
  const page = await context.newPage();
  await page.goto(`/signin?callbackUrl=${encodeURIComponent(path)}`);
  await submitSignIn(page, email);
  await expect(page).toHaveURL(new RegExp(`${path.replace(/[/]/g, "\\/")}$`));
  return { context, page, email };
}

/** Saves docs/images/<name>.png, only when SCREENSHOTS=1 (retaking the README's pictures). */
async function snap(page: Page, name: string): Promise<void> {
  if (process.env.SCREENSHOTS === "1") await page.screenshot({ path: `docs/images/${name}.png` });
}

/** No sideways scroll: the document is no wider than the viewport. */
async function expectFits(page: Page, what: string) {
  const { doc, vw } = await page.evaluate(() => ({ doc: document.documentElement.scrollWidth, vw: window.innerWidth }));
  expect(doc, `${what}: the document is ${doc}px wide in a ${vw}px viewport`).toBeLessThanOrEqual(vw);
}

/** axe-core on the page (with the experimental label-content-name-mismatch rule on): nothing critical or serious. */
async function expectAccessible(page: Page, what: string) {
  // The 16,000 seat circles are excluded: they are drawing, not content (the chart's svg is one
  // focusable group with a live description), and walking them takes axe minutes.
  const results = await new AxeBuilder({ page })
    .exclude('[data-layer="seats"]')
    .options({ rules: { "label-content-name-mismatch": { enabled: true } } })
    .analyze();
  const bad = results.violations
    .filter((v) => v.impact === "critical" || v.impact === "serious")
    .map((v) => `${v.impact} ${v.id}: ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(" | ")}`);
  expect(bad, `${what}: axe's critical and serious findings`).toEqual([]);
}

async function checkPage(page: Page, what: string) {
  await expectFits(page, what);
  await expectAccessible(page, what);
}

/** Width of a chart seat on screen (px), by ticket id. */
async function seatWidth(page: Page, ticketId: number): Promise<number> {
  const box = await page.getByTestId("seating-chart").locator(`[data-ticket-id="${ticketId}"]`).boundingBox();
  return box?.width ?? 0;
}

/** A free seat of the event's chart, as drawn (a circle with data-available="true"). */
async function aFreeSeat(page: Page): Promise<number> {
  const id = await page.getByTestId("seating-chart").locator('[data-available="true"]:not([data-access])').nth(40).getAttribute("data-ticket-id");
  return Number(id);
}

for (const vp of VIEWPORTS) {
  test.describe(`a fan on a ${vp.name} (${vp.viewport.width}×${vp.viewport.height})`, () => {
    test.use({ viewport: vp.viewport, hasTouch: vp.touch, isMobile: vp.touch });

    test("search fits the screen, its search box is usable, and axe finds nothing serious", async ({ page }) => {
      await page.goto("/");
      await expect(page.getByRole("combobox", { name: "Search events" }).first()).toBeVisible();
      const box = await page.getByRole("combobox", { name: "Search events" }).first().boundingBox();
      // Room to read what one types ("Sear" was all a 390px phone showed).
      expect(box?.width ?? 0).toBeGreaterThanOrEqual(Math.min(280, vp.viewport.width - 40));
      await checkPage(page, "search");
      await snap(page, `fan-search-${vp.name}`);
    });

    if (vp.touch) {
      test("two fingers pinch-zoom and pan the chart (real touch input through the DevTools protocol)", async ({ page, request }) => {
        const { event } = await pickEvents(request);
        await page.goto(`/events/${event.event_id}`);
        const chart = page.getByTestId("seating-chart");
        await expect(chart).toHaveAttribute("data-ready", "true");
        await chart.evaluate((el) => el.scrollIntoView({ block: "center" }));
        const box = (await chart.boundingBox())!;
        const cx = box.x + box.width / 2;
        const cy = box.y + box.height / 2;
        const ticketId = await aFreeSeat(page);
        const before = await seatWidth(page, ticketId);
        const cdp = await page.context().newCDPSession(page);
        const touch = (type: "touchStart" | "touchMove" | "touchEnd", points: { x: number; y: number }[]) =>
          cdp.send("Input.dispatchTouchEvent", { type, touchPoints: points.map((p, id) => ({ ...p, id })) });
        // Pinch: two fingers 40px apart spread to 200px apart.
        await touch("touchStart", [{ x: cx - 20, y: cy }, { x: cx + 20, y: cy }]);
        for (let d = 20; d <= 100; d += 10) await touch("touchMove", [{ x: cx - d, y: cy }, { x: cx + d, y: cy }]);
        await touch("touchEnd", []);
        await expect.poll(() => seatWidth(page, ticketId), { message: "a seat after the pinch" }).toBeGreaterThan(before * 3);
        // Two-finger pan: both fingers move 60px left; the chart follows them.
        const seatBox = async () => (await page.locator(`[data-layer="seats"] circle`).first().boundingBox())!;
        await expect.poll(async () => (await chart.getAttribute("viewBox")) !== null).toBe(true);
        const x0 = (await seatBox()).x;
        await touch("touchStart", [{ x: cx - 30, y: cy }, { x: cx + 30, y: cy }]);
        for (let dx = 10; dx <= 60; dx += 10) await touch("touchMove", [{ x: cx - 30 - dx, y: cy }, { x: cx + 30 - dx, y: cy }]);
        await touch("touchEnd", []);
        await expect.poll(async () => x0 - (await seatBox()).x, { message: "how far the chart moved with the fingers" }).toBeGreaterThan(40);
      });
    }

    test("event, best-available, hold, checkout, success, My tickets and the waiting room fit and pass axe", async ({ browser, request, baseURL }) => {
      // Seven pages, each with an axe run, and a payment: longer than the suite's default minute.
      test.setTimeout(240_000);
      const { event, queueEventId } = await pickEvents(request);
      const { context, page, email } = await fanAt(browser, request, baseURL!, vp, `/events/${event.event_id}`);
      const chart = page.getByTestId("seating-chart");
      await expect(chart).toHaveAttribute("data-ready", "true");
      await expect(page.getByTestId("section-overview")).toBeVisible();
      await checkPage(page, "event");
      await snap(page, `fan-event-${vp.name}`);
      await page.locator("#seats-heading").evaluate((el) => el.scrollIntoView({ block: "start" }));
      await snap(page, `fan-chart-${vp.name}`);

      // One tap on a section zooms to it: its seats become fingertip-sized, and a second tap picks one.
      const ticketId = await aFreeSeat(page);
      const before = await seatWidth(page, ticketId);
      const overviewBox = await chart.getAttribute("viewBox");
      // The chart in the middle of the screen, clear of the sticky header, as a fan would scroll it.
      await chart.evaluate((el) => el.scrollIntoView({ block: "center" }));
      const target = chart.locator(`[data-ticket-id="${ticketId}"]`);
      if (vp.touch) await target.tap();
      else await target.click();
      await expect.poll(() => seatWidth(page, ticketId), { message: "a seat after one tap on its section" }).toBeGreaterThanOrEqual(MIN_TAP_PX);
      // Settled (the view is committed to the viewBox once the animation ends), then measured and picked.
      await expect.poll(() => chart.getAttribute("viewBox")).not.toBe(overviewBox);
      const after = await seatWidth(page, ticketId);
      await snap(page, `fan-chart-zoomed-${vp.name}`);
      console.log(`[fan-mobile] ${vp.name}: seat ${before.toFixed(1)} px at the default zoom, ${after.toFixed(1)} px after one tap on its section`);
      const seatNow = chart.locator(`[data-ticket-id="${ticketId}"]`);
      if (vp.touch) await seatNow.tap();
      else await seatNow.click();
      await expect(page.locator(`[data-selected-ticket-id="${ticketId}"]`)).toHaveCount(1);
      await expect(page.getByTestId("selected-seats").locator("li")).toHaveCount(1);

      // Best available, from the default view: the chart zooms to the held seats and rings them.
      await page.getByRole("button", { name: "Reset view" }).click();
      await page.getByRole("button", { name: "Find seats" }).click();
      const panel = page.getByTestId("hold-panel");
      await expect(panel.getByTestId("held-seats").locator("li")).toHaveCount(2);
      const held = page.locator("[data-held-ticket-id]");
      await expect(held).toHaveCount(2);
      const host = await chart.boundingBox();
      await expect
        .poll(async () => {
          const boxes = await Promise.all((await held.all()).map((h) => h.boundingBox()));
          return boxes.every((b) => b && host && b.width >= MIN_TAP_PX && b.x >= host.x && b.y >= host.y && b.x + b.width <= host.x + host.width && b.y + b.height <= host.y + host.height);
        }, { message: "best-available's seats on screen, fingertip-sized, without zooming by hand" })
        .toBe(true);
      await checkPage(page, "hold");

      // All-in prices: the hold's total (fees included) is the review page's total.
      const holdTotal = await panel.getByTestId("hold-total").innerText();

      // Review, pay on the emulator's page, the success page, My tickets and a ticket.
      await panel.getByRole("link", { name: "Checkout" }).click();
      await expect(page.getByRole("heading", { name: "Review your order" })).toBeVisible({ timeout: 30_000 });
      await expect(page.getByTestId("order-total")).toHaveText(holdTotal);
      await checkPage(page, "checkout");
      await openStripePage(page, baseURL!, (button) => button.click());
      await expectFits(page, "the payment page");
      // The payment page names the event on every seat and uses the review page's fee name.
      await expect(page.getByText(`${event.title}: `, { exact: false }).first()).toBeVisible();
      await expect(page.getByText("Service fee (per ticket)")).toBeVisible();
      await payOnStripePage(page, email, "4242 4242 4242 4242");
      await expect(page).toHaveURL(/\/checkout\/success/, { timeout: 30_000 });
      await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
      // The receipt itemises the service fees and adds up to what was paid.
      await expect(page.getByTestId("success-totals").getByTestId("order-fees")).toBeVisible();
      await expect(page.getByTestId("success-totals").getByTestId("order-total")).toHaveText(holdTotal);
      await checkPage(page, "success");
      await page.goto("/account/tickets");
      await expect(page.getByRole("link", { name: /View and print ticket/ }).first()).toBeVisible({ timeout: 30_000 });
      await checkPage(page, "My tickets");
      await page.getByRole("link", { name: /View and print ticket/ }).first().click();
      await expect(page).toHaveURL(/\/account\/tickets\/\d+/);
      await checkPage(page, "ticket");

      // The waiting room (joining is enough to see it; other specs' fans are not affected by one more).
      await page.goto(`/events/${queueEventId}/queue`);
      await expect(page.getByTestId("waiting-room")).toBeVisible();
      await checkPage(page, "waiting room");
      await context.close();
    });
  });
}
