// Seat holds on the live seat map, in real Chromium: two fans on the same event, each in their own
// browser context. A holds two seats; B sees them go grey without reloading (Server-Sent Events),
// loses them if B tries to hold them too, and sees them come back when A releases. Also: keyboard
// selection and the read-only chart for signed-out visitors.
import { expect, test, type APIRequestContext, type Browser, type Page } from "@playwright/test";
import { eventDetail, freeTicketIds, listEvents, saleIsOpen, seat, signedInFanOnEvent, type EventDetail, type SeatLayout } from "./support/fixtures";

/** An on-sale event of the demo data with plenty of free seats and a chart small enough to be quick. */
async function pickOnSaleEvent(request: APIRequestContext): Promise<EventDetail> {
  const events = await listEvents(request);
  const now = Date.now();
  const candidates = events
    .filter((e) => e.status === "scheduled" && e.available_ticket_cnt > 20 && e.total_ticket_cnt < 6000 && Date.parse(e.datetime) > now)
    .sort((a, b) => b.available_ticket_cnt - a.available_ticket_cnt);
  for (const c of candidates) {
    const detail = await eventDetail(request, c.event_id);
    if (saleIsOpen(detail, now) && detail.max_tickets_per_order >= 3) return detail;
  }
  throw new Error("the demo data has no event on sale");
}

/** A new fan, signed in through the form in a fresh context, on the event page with its chart loaded. */
const signedInFan = async (browser: Browser, request: APIRequestContext, baseURL: string, eventId: string): Promise<Page> =>
  (await signedInFanOnEvent(browser, request, baseURL, eventId, { prefix: "hold" })).page;

test("a hold shows up live on another fan's chart, and a release frees the seats again", async ({ browser, request, baseURL }) => {
  const event = await pickOnSaleEvent(request);
  const [x, y, z] = (await freeTicketIds(request, event.event_id)).slice(0, 3) as [number, number, number];
  const a = await signedInFan(browser, request, baseURL!, event.event_id);
  const b = await signedInFan(browser, request, baseURL!, event.event_id);

  // Both charts are on the live stream (not the polling fallback).
  for (const page of [a, b]) await expect(page.getByTestId("seating-chart")).toHaveAttribute("data-live", "live");
  // From here B can learn of A's hold and release only through the stream: its polling fallback's
  // request is refused and counted (it must stay at zero), so no duration has to tell the two apart.
  let bPolled = 0;
  await b.route(
    (url) => url.pathname === `/api/events/${event.event_id}/availability`,
    (route) => {
      bPolled += 1;
      return route.abort();
    },
  );

  // B picks the same two seats, and one more, but is slower to hold them.
  for (const id of [x, y, z]) await seat(b, id).dispatchEvent("click");
  await expect(b.getByTestId("selected-seats").locator("li")).toHaveCount(3);

  // A selects two free seats: the list and the total follow.
  await seat(a, x).dispatchEvent("click");
  await seat(a, y).dispatchEvent("click");
  await expect(a.getByTestId("selected-seats").locator("li")).toHaveCount(2);
  await expect(a.getByTestId("selection-total")).toHaveText(/^\$[\d,]+\.\d\d$/);

  const reserved = a.waitForResponse((r) => r.url().endsWith("/api/events/ticket/reserve") && r.request().method() === "POST");
  await a.getByRole("button", { name: "Hold seats" }).click();
  expect((await reserved).status()).toBe(200);
  const heldAt = Date.now();

  // A's hold panel: the two seats and a running countdown.
  await expect(a.getByTestId("hold-panel")).toBeVisible();
  await expect(a.getByTestId("held-seats").locator("li")).toHaveCount(2);
  await expect(a.getByTestId("hold-countdown")).toContainText(/\d\d:\d\d/);
  await expect(a.locator(`[data-held-ticket-id="${x}"]`)).toBeAttached();
  if (process.env.HOLDS_SCREENSHOT) await a.getByTestId("event-page").locator("section[aria-labelledby=seats-heading]").screenshot({ path: process.env.HOLDS_SCREENSHOT });

  // B sees both seats turn unavailable without reloading, through the live stream.
  await expect(seat(b, x)).toHaveAttribute("data-available", "false");
  await expect(seat(b, y)).toHaveAttribute("data-available", "false");
  expect(bPolled).toBe(0);
  await expect(b.getByTestId("seating-chart")).toHaveAttribute("data-live", "live");
  const seenAfterMs = Date.now() - heldAt;
  test.info().annotations.push({ type: "sse-latency-ms", description: String(seenAfterMs) });
  console.log(`[holds] B saw A's hold ${seenAfterMs} ms after the reserve response`);

  // B tries to hold the seats anyway: told which were lost, and the third stays selected.
  await b.getByRole("button", { name: "Hold seats" }).click();
  await expect(b.getByTestId("hold-notice")).toContainText("2 seats were just taken by someone else");
  await expect(b.getByTestId("selected-seats").locator("li")).toHaveCount(1);
  await expect(b.getByTestId("selected-seats").locator(`li[data-ticket-id="${z}"]`)).toBeVisible();
  await expect(b.locator(`[data-lost-ticket-id="${x}"]`)).toBeAttached();

  // A releases; B sees the seats free again, live.
  await a.getByRole("button", { name: "Release seats" }).click();
  await expect(a.getByTestId("hold-panel")).toHaveCount(0);
  await expect(a.getByTestId("hold-notice")).toContainText("Your seats were released.");
  const releasedAt = Date.now();
  await expect(seat(b, x)).toHaveAttribute("data-available", "true");
  await expect(seat(b, y)).toHaveAttribute("data-available", "true");
  expect(bPolled).toBe(0);
  console.log(`[holds] B saw A's release ${Date.now() - releasedAt} ms after the cancel response`);

  await a.context().close();
  await b.context().close();
});

test("a hold survives a reload, and seats can be picked with the keyboard", async ({ browser, request, baseURL }) => {
  const event = await pickOnSaleEvent(request);
  const page = await signedInFan(browser, request, baseURL!, event.event_id);
  const chart = page.getByTestId("seating-chart");

  // Focus the chart, move to a seat with an arrow key, select it with Space.
  await chart.focus();
  await page.keyboard.press("ArrowRight");
  const description = page.getByTestId("active-seat-description");
  await expect(description).toHaveText(/^.+, row .+, seat \d+, .*available$/);
  await page.keyboard.press("Space");
  await expect(page.getByTestId("selected-seats").locator("li")).toHaveCount(1);
  await expect(description).toHaveText(/, selected$/);
  // Enter toggles too: off, then on again.
  await page.keyboard.press("Enter");
  await expect(page.getByTestId("selection-panel")).toContainText("Select seats on the chart");
  await page.keyboard.press("Enter");
  await expect(page.getByTestId("selected-seats").locator("li")).toHaveCount(1);

  await page.getByRole("button", { name: "Hold seats" }).click();
  await expect(page.getByTestId("hold-panel")).toBeVisible();
  // Back on the chart, the same seat now reads as held.
  await chart.focus();
  await page.keyboard.press("ArrowRight");
  await expect(description).toHaveText(/, held by you$/);

  // The hold is restored from the server after a reload.
  await page.reload();
  await expect(page.getByTestId("hold-panel")).toBeVisible();
  await expect(page.getByTestId("held-seats").locator("li")).toHaveCount(1);
  await page.getByRole("button", { name: "Release seats" }).click();
  await expect(page.getByTestId("hold-panel")).toHaveCount(0);
  await page.context().close();
});

test("a signed-out visitor sees the chart read-only with a sign-in prompt", async ({ page, request }) => {
  const event = await pickOnSaleEvent(request);
  await page.goto(`/events/${event.event_id}`);
  const chart = page.getByTestId("seating-chart");
  await expect(chart).toHaveAttribute("data-ready", "true");
  const prompt = page.getByTestId("hold-sign-in");
  await expect(prompt.getByRole("link", { name: "Sign in to hold seats" })).toHaveAttribute("href", `/signin?callbackUrl=%2Fevents%2F${event.event_id}`);
  await chart.locator('[data-ticket-id][data-available="true"]').first().dispatchEvent("click");
  await expect(page.locator("[data-selected-ticket-id]")).toHaveCount(0);
});

test("best available holds adjacent seats of a class in one row and drops the manual selection", async ({ browser, request, baseURL }) => {
  const event = await pickOnSaleEvent(request);
  const detail = (await (await request.get(`/api/events/${event.event_id}`)).json()) as { classes: { class_id: string; available_ticket_cnt: number }[] };
  const cls = [...detail.classes].sort((a, b) => b.available_ticket_cnt - a.available_ticket_cnt)[0]!;
  expect(cls.available_ticket_cnt).toBeGreaterThanOrEqual(2);
  const page = await signedInFan(browser, request, baseURL!, event.event_id);

  // A seat of another class picked by hand first (so it cannot be one of the best-available seats,
  // whose labels come from the API's seat codes): "Find seats" replaces the manual selection.
  const layout = (await (await request.get(`/api/events/${event.event_id}/seats`)).json()) as SeatLayout & { classes: { class_id: string }[]; class_index: number[] };
  const free = new Set(await freeTicketIds(request, event.event_id));
  const other = layout.ticket_ids.find((id, i) => free.has(id) && layout.classes[layout.class_index[i]!]?.class_id !== cls.class_id);
  if (other !== undefined) {
    await seat(page, other).dispatchEvent("click");
    await expect(page.getByTestId("selected-seats").locator("li")).toHaveCount(1);
  }

  const form = page.getByTestId("best-available");
  await form.getByLabel("Price class").selectOption(cls.class_id);
  await form.getByLabel("Tickets").selectOption("2");
  const found = page.waitForResponse((r) => r.url().endsWith(`/api/events/${event.event_id}/best-available`) && r.request().method() === "POST");
  await form.getByRole("button", { name: "Find seats" }).click();
  expect((await found).status()).toBe(200);

  await expect(page.getByTestId("hold-panel")).toBeVisible();
  await expect(page.getByTestId("hold-countdown")).toContainText(/\d\d:\d\d/);
  const held = page.getByTestId("held-seats").locator("li");
  await expect(held).toHaveCount(2);
  await expect(page.getByTestId("selected-seats")).toHaveCount(0);
  // "Section 112 · Row F · Seat 7": the same section and row for both seats.
  const labels = await held.locator("p.font-medium").allTextContents();
  const sectionAndRow = labels.map((l) => l.replace(/ · Seat [^·]+$/, ""));
  expect(sectionAndRow[0]).toMatch(/ · Row /);
  expect(sectionAndRow[1]).toBe(sectionAndRow[0]);

  await page.getByRole("button", { name: "Release seats" }).click();
  await expect(page.getByTestId("hold-panel")).toHaveCount(0);
  await expect(page.getByTestId("hold-notice")).toContainText("Your seats were released.");
  await page.context().close();
});
