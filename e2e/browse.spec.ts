import { expect, test } from "@playwright/test";

type EventSummary = { event_id: string; title: string; type: string; total_ticket_cnt: number; available_ticket_cnt: number };

test("search with a type filter narrows the results and keeps the filter in the URL", async ({ page }) => {
  await page.goto("/");
  const typeSelect = page.locator('select[name="type"]');
  await typeSelect.selectOption("sports");
  await page.locator('form[role="search"] button[type="submit"], form button[type="submit"]').first().click();
  await expect(page).toHaveURL(/[?&]type=sports/);
  const cards = page.getByTestId("event-card");
  await expect(cards.first()).toBeVisible();
  const badges = await cards.getByTestId("event-type").allTextContents();
  expect(badges.length).toBeGreaterThan(0);
  for (const badge of badges) expect(badge.trim().toLowerCase()).toBe("sports");
});

test("an event page shows its seating chart with free and taken seats", async ({ page, request }) => {
  // A partly sold event from the demo data: some seats free, some taken.
  const res = await request.get("/api/events?size=100");
  expect(res.ok()).toBeTruthy();
  const { events } = (await res.json()) as { events: EventSummary[] };
  const partly = events.find((e) => e.available_ticket_cnt > 0 && e.available_ticket_cnt < e.total_ticket_cnt && e.total_ticket_cnt < 5000);
  expect(partly, "the demo data has a partly sold event").toBeTruthy();

  await page.goto("/");
  await page.goto(`/?q=${encodeURIComponent(partly!.title)}`);
  await page.getByTestId("event-card").filter({ hasText: partly!.title }).first().getByRole("link").first().click();
  await expect(page).toHaveURL(new RegExp(`/events/${partly!.event_id}$`));
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(partly!.title);

  const chart = page.getByTestId("seating-chart");
  await expect(chart).toBeVisible();
  await expect(page.getByTestId("chart-legend")).toBeVisible();
  const free = chart.locator('[data-ticket-id][data-available="true"]');
  const taken = chart.locator('[data-ticket-id][data-available="false"]');
  await expect(free.first()).toBeAttached();
  await expect(taken.first()).toBeAttached();
  expect(await free.count()).toBe(partly!.available_ticket_cnt);
  expect(await taken.count()).toBe(partly!.total_ticket_cnt - partly!.available_ticket_cnt);
});

test("an unknown event shows the not-found page", async ({ page }) => {
  const response = await page.goto("/events/99999999");
  expect(response?.status()).toBe(404);
});

test("a date filter in an impossible year shows the search with a message, not the error page", async ({ page }) => {
  const res = await page.goto("/?date_from=0000-01-01");
  expect(res?.status()).toBe(200);
  await expect(page.getByTestId("search-error")).toContainText("date_from must be between the years 1970 and 9999");
  await expect(page.getByTestId("result-count")).toBeVisible();
});
