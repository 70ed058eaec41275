// The seat-map builder in real Chromium. The demo venue admin builds a new chart for one of their
// venues from scratch (a grid section, a curved balcony, a GA floor, two accessible seats) and
// publishes it; the venue's existing events stay on their chart version. Then the builder is loaded
// with 20,000 seats and frame times are measured while panning and dragging a section (reported in
// the test's annotations and on stdout, not asserted: the machine decides them).
import { expect, test, type Page } from "@playwright/test";
import { listEvents, submitSignIn } from "./support/fixtures";

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

test("a venue admin builds and publishes a chart; the venue's events keep their version", async ({ page }) => {
  const venueId = await openBuilder(page, "The Marquee Theatre");
  const eventsBefore = (await listEvents(page.request)).filter((e) => (e as unknown as { venue_id: string }).venue_id === venueId);
  const versionsBefore = new Map<string, number>();
  for (const e of eventsBefore) versionsBefore.set(e.event_id, ((await (await page.request.get(`/api/events/${e.event_id}`)).json()) as { seat_map_version: number }).seat_map_version);

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
