// The seat-map builder in real Chromium. The demo venue admin builds a new chart for one of their
// venues from scratch (a grid section, a curved balcony, a GA floor, two accessible seats) and
// publishes it; the venue's existing events stay on their chart version. Then the builder is loaded
// with 20,000 seats and frame times are measured while panning and dragging a section (reported in
// the test's annotations and on stdout, not asserted: the machine decides them).
import { expect, test, type Page } from "@playwright/test";
import { listEvents, openStripePage, payOnStripePage, seat, signedInFanOnEvent, submitSignIn, uniqueId } from "./support/fixtures";

const VENUE_ADMIN = { email: "venue@openseat.dev", password: "openseat-venue-demo" };

const EMPTY_CHART = {
  schema: "openseat.chart/1",
  canvas: { width: 1000, height: 800 },
  seat_radius: 4,
  stage: { x: 350, y: 40, width: 300, height: 60, label: "STAGE" },
  sections: [],
  shapes: [],
};

async function signInAsVenueAdmin(page: Page, path: string) {
  await page.goto(`/signin?callbackUrl=${encodeURIComponent(path)}`);
  await submitSignIn(page, VENUE_ADMIN.email, VENUE_ADMIN.password);
  await expect(page).toHaveURL(new RegExp(`${path.replace(/[/]/g, "\\/")}$`));
}

async function openBuilder(page: Page, venueName: string): Promise<string> {
  await signInAsVenueAdmin(page, "/dashboard/venues");
  const card = page.getByTestId("venue-list").locator("li", { hasText: venueName });
  await card.getByRole("link", { name: "Seating chart" }).click();
  await expect(page).toHaveURL(/\/dashboard\/venues\/\d+\/chart$/);
  await expect(page.getByTestId("chart-builder")).toBeVisible();
  return /\/venues\/(\d+)\/chart/.exec(page.url())![1]!;
}

async function importChart(page: Page, chart: unknown, seats: number) {
  await page.getByTestId("chart-import").setInputFiles({ name: "chart.json", mimeType: "application/json", buffer: Buffer.from(JSON.stringify(chart)) });
  await expect(page.getByTestId("builder-canvas")).toHaveAttribute("data-seat-count", String(seats));
}

async function setField(page: Page, label: string, value: string | number) {
  const field = page.getByTestId("section-panel").getByLabel(label, { exact: true });
  await field.fill(String(value));
}

/**
 * Draws the small venue of the issue from an empty chart: ORCH, a 4 x 8 grid with A-1 wheelchair and
 * A-2 companion; BALC, a curved balcony; FLOOR, a standing area for 500.
 */
async function drawSmallVenue(page: Page) {
  // Start over from an empty chart.
  await importChart(page, EMPTY_CHART, 0);

  // A grid section of 4 rows x 8 seats.
  await page.getByRole("button", { name: "Add grid" }).click();
  await setField(page, "Name", "ORCH");
  await setField(page, "Rows", 4);
  await setField(page, "Seats per row", 8);
  await setField(page, "Seat spacing", 10);
  await setField(page, "Row spacing", 10);
  await setField(page, "Origin x", 400);
  await setField(page, "Origin y", 500);
  // Two accessible seats: A-1 wheelchair, A-2 companion.
  await setField(page, "Flag row", "A");
  await setField(page, "Flag seat numbers", "1");
  await page.getByTestId("section-panel").getByLabel("Flag to set").selectOption("wheelchair");
  await page.getByRole("button", { name: "Apply flag" }).click();
  await setField(page, "Flag seat numbers", "2");
  await page.getByTestId("section-panel").getByLabel("Flag to set").selectOption("companion");
  await page.getByRole("button", { name: "Apply flag" }).click();
  await expect(page.getByTestId("flag-rules").locator("li")).toHaveCount(2);

  // A curved balcony around the stage.
  await page.getByRole("button", { name: "Add curved" }).click();
  await setField(page, "Name", "BALC");
  await setField(page, "Rows", 3);
  await setField(page, "Focus x", 500);
  await setField(page, "Focus y", 70);
  await setField(page, "Radius", 150);
  await setField(page, "Row spacing", 12);
  await setField(page, "Seat spacing", 12);
  await setField(page, "Start angle", 60);
  await setField(page, "End angle", 120);
  await page.getByTestId("section-panel").getByLabel("Row labels").selectOption("numbers");

  // A standing floor for 500.
  await page.getByRole("button", { name: "Add GA area" }).click();
  await setField(page, "Name", "FLOOR");
  await setField(page, "Capacity", 500);
}

test("a venue admin builds and publishes a chart; the venue's events keep their version", async ({ page }) => {
  const venueId = await openBuilder(page, "The Marquee Theatre");
  const eventsBefore = (await listEvents(page.request)).filter((e) => (e as unknown as { venue_id: string }).venue_id === venueId);
  const versionsBefore = new Map<string, number>();
  for (const e of eventsBefore) versionsBefore.set(e.event_id, ((await (await page.request.get(`/api/events/${e.event_id}`)).json()) as { seat_map_version: number }).seat_map_version);

  await drawSmallVenue(page);

  // Undo and redo the capacity edit.
  await page.getByRole("button", { name: "Undo" }).click();
  await page.getByRole("button", { name: "Redo" }).click();

  await expect(page.getByTestId("validation-panel")).toContainText("No problems");
  const seatCount = Number(await page.getByTestId("builder-canvas").getAttribute("data-seat-count"));
  expect(seatCount).toBeGreaterThan(32);

  // The preview is the fans' chart, from the saved draft.
  await page.getByRole("button", { name: "Preview" }).click();
  const preview = page.getByTestId("builder-preview");
  await expect(preview.locator("circle[data-i]")).toHaveCount(seatCount);

  await page.getByRole("button", { name: "Publish" }).click();
  await expect(page.getByTestId("builder-status")).toContainText(/Published version \d+/);

  const versions = (await (await page.request.get(`/api/admin/venues/${venueId}/chart/versions`)).json()) as { versions: { version: number; status: string; seat_count: number }[] };
  const newest = versions.versions[0]!;
  expect(newest).toMatchObject({ status: "published", seat_count: seatCount });
  const venue = (await (await page.request.get(`/api/admin/venues/${venueId}`)).json()) as { venue: { chart_version: number; capacity: number } };
  expect(venue.venue).toMatchObject({ chart_version: newest.version, capacity: seatCount + 500 });
  // The published chart has the two accessible seats.
  const exported = (await (await page.request.get(`/api/admin/venues/${venueId}/chart/export?version=${newest.version}`)).json()) as { sections: { name: string; flags?: { row: string; seats: number[]; flags: { accessible?: string } }[] }[] };
  const orch = exported.sections.find((s) => s.name === "ORCH")!;
  expect(orch.flags!.map((f) => [f.row, f.seats, f.flags.accessible])).toEqual([["A", [1], "wheelchair"], ["A", [2], "companion"]]);

  // Events created before keep the version they were sold on.
  for (const [eventId, version] of versionsBefore) {
    const detail = (await (await page.request.get(`/api/events/${eventId}`)).json()) as { seat_map_version: number };
    expect(detail.seat_map_version).toBe(version);
    expect(version).not.toBe(newest.version);
  }
});

/** "YYYY-MM-DDTHH:mm", `days` from now, at 20:00 (a wall time in the venue's zone). */
const evening = (days: number) => `${new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10)}T20:00`;

/** Free tickets of the event's seated sections that are not accessible seats (the chart draws them). */
async function freeOrdinarySeats(request: Page["request"], eventId: string): Promise<number[]> {
  const detail = (await (await request.get(`/api/events/${eventId}`)).json()) as { seat_map_url: string };
  const [map, layout, availability] = await Promise.all([
    request.get(detail.seat_map_url).then((r) => r.json() as Promise<{ seat_ids: number[]; wheelchair_seat_ids?: number[]; companion_seat_ids?: number[] }>),
    request.get(`/api/events/${eventId}/seats`).then((r) => r.json() as Promise<{ ticket_ids: number[]; seat_ids: number[] }>),
    request.get(`/api/events/${eventId}/availability`).then((r) => r.json() as Promise<{ unavailable_ticket_ids: number[] }>),
  ]);
  const drawn = new Set(map.seat_ids);
  const accessible = new Set([...(map.wheelchair_seat_ids ?? []), ...(map.companion_seat_ids ?? [])]);
  const taken = new Set(availability.unavailable_ticket_ids);
  return layout.ticket_ids.filter((id, k) => drawn.has(layout.seat_ids[k]!) && !accessible.has(layout.seat_ids[k]!) && !taken.has(id));
}

test("a venue admin builds a small venue with a GA floor, creates an event on it; a fan buys 2 seats and 3 GA tickets", async ({ page, browser, request, baseURL }) => {
  test.setTimeout(180_000);
  // The Foundry (the demo club, managed by the demo venue admin) gets the small venue.
  const venueId = await openBuilder(page, "The Foundry");
  await drawSmallVenue(page);
  await expect(page.getByTestId("validation-panel")).toContainText("No problems");
  await page.getByRole("button", { name: "Publish" }).click();
  await expect(page.getByTestId("builder-status")).toContainText(/Published version \d+/);
  const venue = (await (await page.request.get(`/api/admin/venues/${venueId}`)).json()) as { venue: { capacity: number } };
  expect(venue.venue.capacity).toBeGreaterThan(500);

  // The event, through the dashboard's event form: seats at 60, the floor at 25.
  const title = `E2E Club Night ${uniqueId()}`;
  await page.goto("/dashboard/events/new");
  const form = page.getByTestId("event-form");
  await form.getByLabel("Title", { exact: true }).fill(title);
  await form.getByLabel("Venue", { exact: true }).selectOption({ label: "The Foundry" });
  await form.getByLabel("Starts", { exact: true }).fill(evening(20));
  await form.getByLabel("Price 1", { exact: true }).fill("60");
  await form.getByLabel("Class 1 section ORCH", { exact: true }).check();
  await form.getByLabel("Class 1 section BALC", { exact: true }).check();
  await page.getByRole("button", { name: "Add a price class" }).click();
  const second = page.getByTestId("price-class-row").nth(1);
  await second.getByLabel("Class 2", { exact: true }).selectOption({ index: 1 });
  await second.getByLabel("Price 2", { exact: true }).fill("25");
  await second.getByLabel("Class 2 section FLOOR", { exact: true }).check();
  await page.getByRole("button", { name: "Create draft" }).click();
  await expect(page).toHaveURL(/\/dashboard\/events\/\d+$/);
  const eventId = /\/dashboard\/events\/(\d+)$/.exec(page.url())![1]!;
  await page.getByRole("button", { name: "Publish" }).click();
  await expect(page.getByTestId("event-state")).toHaveText("published");

  // A fan picks two ordinary seats on the chart and three GA tickets for the floor.
  const fan = await signedInFanOnEvent(browser, request, baseURL!, eventId, { prefix: "ga" });
  const fanPage = fan.page;
  const [a, b] = (await freeOrdinarySeats(request, eventId)).slice(0, 2) as [number, number];
  await seat(fanPage, a).dispatchEvent("click");
  await seat(fanPage, b).dispatchEvent("click");
  await expect(fanPage.getByTestId("selected-seats").locator("li")).toHaveCount(2);
  await fanPage.getByRole("button", { name: "Hold seats" }).click();
  const panel = fanPage.getByTestId("hold-panel");
  await expect(panel.getByTestId("held-seats").locator("li")).toHaveCount(2);

  const area = fanPage.getByTestId("ga-picker").getByTestId("ga-area");
  await expect(area).toHaveCount(1);
  await expect(area).toContainText("500 left");
  await area.getByTestId("ga-quantity").selectOption("3");
  await area.getByTestId("ga-hold").click();
  await expect(panel.getByTestId("held-seats").locator("li")).toHaveCount(5);
  await expect(panel.getByTestId("held-seats")).toContainText("General admission");
  await expect(area).toContainText("497 left");

  await panel.getByRole("link", { name: "Checkout" }).click();
  await expect(fanPage.getByRole("heading", { name: "Review your order" })).toBeVisible();
  await expect(fanPage.getByTestId("order-ticket")).toHaveCount(5);
  await expect(fanPage.getByTestId("order-ticket").filter({ hasText: "General admission" })).toHaveCount(3);
  await openStripePage(fanPage, baseURL!, (button) => button.click());
  await payOnStripePage(fanPage, fan.email, "4242 4242 4242 4242");
  await fanPage.waitForURL(/\/checkout\/success\?session_id=cs_/);
  await expect(fanPage.getByRole("heading", { name: "You're going!" })).toBeVisible();
  await expect(fanPage.getByTestId("confirmed-tickets").locator("li")).toHaveCount(5);
  await expect(fanPage.getByTestId("confirmed-tickets")).toContainText("General admission");

  // Sold: 2 seats and 3 of the floor's 500 places.
  const availability = (await (await request.get(`/api/events/${eventId}/availability`)).json()) as { total_ticket_cnt: number; available_ticket_cnt: number };
  expect(availability.total_ticket_cnt - availability.available_ticket_cnt).toBe(5);
  await fan.context.close();
});

function quantiles(deltas: number[]) {
  const sorted = [...deltas].sort((a, b) => a - b);
  const q = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? NaN;
  return { frames: sorted.length, p50: Math.round(q(0.5) * 10) / 10, p95: Math.round(q(0.95) * 10) / 10, max: Math.round((sorted[sorted.length - 1] ?? NaN) * 10) / 10 };
}

async function startFrameLog(page: Page) {
  await page.evaluate(() => {
    const w = window as unknown as { __frames: number[]; __stop: boolean };
    w.__frames = [];
    w.__stop = false;
    let last = performance.now();
    const tick = (t: number) => {
      w.__frames.push(t - last);
      last = t;
      if (!w.__stop) requestAnimationFrame(tick);
    };
    requestAnimationFrame((t) => {
      last = t;
      requestAnimationFrame(tick);
    });
  });
}

async function stopFrameLog(page: Page): Promise<number[]> {
  return page.evaluate(() => {
    const w = window as unknown as { __frames: number[]; __stop: boolean };
    w.__stop = true;
    return w.__frames;
  });
}

test("the builder at 20,000 seats: frame times while panning and dragging a section", async ({ page }) => {
  test.setTimeout(240_000);
  const t0 = Date.now();
  await openBuilder(page, "Lakeshore Arena");
  console.log(`builder open ${Date.now() - t0} ms`);
  const big = {
    ...EMPTY_CHART,
    canvas: { width: 2200, height: 1400 },
    stage: { x: 900, y: 20, width: 400, height: 80, label: "STAGE" },
    sections: [{ kind: "grid", name: "BIG", origin: { x: 100, y: 200 }, rows: 100, seats_per_row: 200, seat_spacing: 10, row_spacing: 10 }],
  };
  await importChart(page, big, 20_000);
  console.log(`imported ${Date.now() - t0} ms`);
  const box = (await page.getByTestId("builder-canvas").boundingBox())!;
  const cx = box.x + box.width / 2;
  const cy = box.y + box.height / 2;
  const STEPS = 90;

  // Pan: shift-drag pans even over a section.
  await startFrameLog(page);
  await page.keyboard.down("Shift");
  await page.mouse.move(cx, cy);
  await page.mouse.down();
  for (let i = 1; i <= STEPS; i++) await page.mouse.move(cx + Math.sin(i / 10) * 150, cy + i, { steps: 1 });
  await page.mouse.up();
  await page.keyboard.up("Shift");
  const pan = quantiles(await stopFrameLog(page));
  console.log(`panned ${Date.now() - t0} ms`);

  // Drag the section.
  const after = (await page.getByTestId("builder-canvas").boundingBox())!;
  const sx = after.x + after.width / 2;
  const sy = after.y + after.height / 2 + 50;
  await startFrameLog(page);
  await page.mouse.move(sx, sy);
  await page.mouse.down();
  for (let i = 1; i <= STEPS; i++) await page.mouse.move(sx + i * 2, sy + Math.sin(i / 8) * 40, { steps: 1 });
  await page.mouse.up();
  const drag = quantiles(await stopFrameLog(page));
  await expect(page.getByTestId("section-panel")).toBeVisible();
  // The drag moved the section: one undo step.
  await expect(page.getByRole("button", { name: "Undo" })).toBeEnabled();

  const note = `20,000 seats: pan ${JSON.stringify(pan)} ms, drag ${JSON.stringify(drag)} ms (requestAnimationFrame deltas)`;
  test.info().annotations.push({ type: "frame-times", description: note });
  console.log(note);
  expect(pan.frames).toBeGreaterThan(5);
  expect(drag.frames).toBeGreaterThan(5);
});
