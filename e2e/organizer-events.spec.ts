// The organizer's event flow in real Chromium: the demo venue admin signs in, creates an event with
// two price classes on one of their venues (a draft the public cannot see), publishes it; a fan
// then finds it through the search and holds two seats on its chart.
import { expect, test } from "@playwright/test";
import { freeTicketIds, seat, signedInFan, uniqueId } from "./support/fixtures";

const VENUE_ADMIN = { email: "venue@openseat.dev", password: "openseat-venue-demo" };

/** "YYYY-MM-DDTHH:mm", `days` from now, at 20:00 (a wall time in the venue's zone). */
const evening = (days: number) => `${new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10)}T20:00`;

test("a venue admin creates and publishes an event with two price classes; a fan finds it and holds two seats", async ({ browser, request, baseURL }) => {
  const title = `E2E Gala ${uniqueId()}`;
  const admin = await browser.newContext({ baseURL });
  const page = await admin.newPage();
  await page.goto(`/signin?callbackUrl=${encodeURIComponent("/dashboard/events/new")}`);
  await page.getByLabel("Email").fill(VENUE_ADMIN.email);
  await page.getByLabel("Password").fill(VENUE_ADMIN.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/dashboard\/events\/new$/);

  // A bad form first: the server's message shows beside the field, nothing is created.
  const form = page.getByTestId("event-form");
  await form.getByLabel("Title", { exact: true }).fill(title);
  await form.getByLabel("Venue", { exact: true }).selectOption({ label: "The Marquee Theatre" });
  await form.getByLabel("Starts", { exact: true }).fill("2020-01-01T20:00");
  await form.getByLabel("Price 1", { exact: true }).fill("80");
  await form.getByLabel("Class 1 section", { exact: false }).first().check();
  await page.getByRole("button", { name: "Create draft" }).click();
  await expect(page.getByTestId("error-starts_at")).toContainText("starts_at is in the past");

  await form.getByLabel("Starts", { exact: true }).fill(evening(30));
  await form.getByLabel("Performers", { exact: false }).fill("The E2E Orchestra");
  await page.getByRole("button", { name: "Add a price class" }).click();
  const second = page.getByTestId("price-class-row").nth(1);
  await second.getByLabel("Class 2", { exact: true }).selectOption({ index: 1 });
  await second.getByLabel("Price 2", { exact: true }).fill("40");
  await second.getByLabel("Class 2 section", { exact: false }).nth(1).check();
  await page.getByRole("button", { name: "Create draft" }).click();
  await expect(page).toHaveURL(/\/dashboard\/events\/\d+$/);
  const eventId = /\/dashboard\/events\/(\d+)$/.exec(page.url())![1]!;
  await expect(page.getByTestId("event-state")).toHaveText("draft");

  // A draft is not public.
  expect((await request.get(`/api/events/${eventId}`)).status()).toBe(404);

  await page.getByRole("button", { name: "Publish" }).click();
  await expect(page.getByTestId("event-state")).toHaveText("published");
  const detail = (await (await request.get(`/api/events/${eventId}`)).json()) as { classes: { name: string; min_price: string }[] };
  expect(detail.classes.map((c) => c.min_price).sort()).toEqual(["40.00", "80.00"]);
  await page.getByRole("link", { name: "Audit log" }).click();
  await expect(page.getByTestId("audit-log").locator("li")).toHaveCount(2);
  await expect(page.getByTestId("audit-log")).toContainText("event.publish");

  // A fan searches for it, opens it and holds two seats.
  const fan = await signedInFan(browser, request, baseURL!, { path: `/?q=${encodeURIComponent(title)}`, prefix: "organizer" });
  await fan.page.getByRole("link", { name: title }).first().click();
  await expect(fan.page).toHaveURL(new RegExp(`/events/${eventId}$`));
  await expect(fan.page.getByTestId("seating-chart")).toHaveAttribute("data-ready", "true");
  const [a, b] = (await freeTicketIds(request, eventId)).slice(0, 2) as [number, number];
  await seat(fan.page, a).dispatchEvent("click");
  await seat(fan.page, b).dispatchEvent("click");
  await expect(fan.page.getByTestId("selected-seats").locator("li")).toHaveCount(2);
  const reserved = fan.page.waitForResponse((r) => r.url().endsWith("/api/events/ticket/reserve") && r.request().method() === "POST");
  await fan.page.getByRole("button", { name: "Hold seats" }).click();
  expect((await reserved).status()).toBe(200);

  // The dashboard counts them as held.
  await page.getByRole("link", { name: "Details" }).click();
  await page.reload();
  await expect(page.getByText(/0 sold, 2 held/)).toBeVisible();
  await admin.close();
  await fan.context.close();
});
