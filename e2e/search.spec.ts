// The search experience in the browser: the header's search box suggests as the fan types (an ARIA
// combobox: pick with the mouse or the keyboard, land on the event), facets narrow the results and
// stay in the URL, and a misspelling still finds the event.
import { expect, test } from "@playwright/test";

const EVENT = "Neon Harbor: Afterglow World Tour";

test("typing in the header box suggests the event; picking it lands on the event page", async ({ page }) => {
  await page.goto("/");
  const box = page.getByRole("combobox", { name: "Search events" });
  await box.click();
  await box.pressSequentially("neon harb", { delay: 40 });
  const listbox = page.getByRole("listbox", { name: "Suggestions" });
  await expect(listbox).toBeVisible();
  await expect(box).toHaveAttribute("aria-expanded", "true");
  // The performer and the event are both offered.
  await expect(listbox.getByRole("option", { name: /Neon Harbor\s*Artist or team/ })).toBeVisible();
  const option = listbox.getByRole("option", { name: new RegExp(EVENT) });
  await expect(option).toBeVisible();
  await option.click();
  await expect(page).toHaveURL(/\/events\/\d+$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(EVENT);
});

test("the suggestions work from the keyboard: arrows move, Enter picks, Escape closes", async ({ page }) => {
  await page.goto("/");
  const box = page.getByRole("combobox", { name: "Search events" });
  await box.click();
  await box.pressSequentially("afterglow", { delay: 40 });
  const first = page.getByRole("listbox", { name: "Suggestions" }).getByRole("option").first();
  await expect(first).toContainText(EVENT);
  await box.press("Escape");
  await expect(box).toHaveAttribute("aria-expanded", "false");
  await box.press("ArrowDown");
  await expect(box).toHaveAttribute("aria-expanded", "true");
  await expect(first).toHaveAttribute("aria-selected", "true");
  await expect(box).toHaveAttribute("aria-activedescendant", (await first.getAttribute("id"))!);
  await box.press("Enter");
  await expect(page).toHaveURL(/\/events\/\d+$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(EVENT);
});

test("a facet narrows the results to its count and keeps the filter in the URL; choosing it again removes it", async ({ page }) => {
  await page.goto("/?q=chicago");
  const facets = page.getByTestId("search-facets");
  const sports = facets.getByRole("region", { name: "Category" }).getByRole("link", { name: /sports/i });
  await expect(sports).toBeVisible();
  const count = Number((await sports.textContent())!.replace(/\D+/g, " ").trim().split(" ").pop());
  expect(count).toBeGreaterThan(0);
  await sports.click();
  await expect(page).toHaveURL(/[?&]type=sports/);
  await expect(page).toHaveURL(/[?&]q=chicago/);
  await expect(page.getByTestId("result-count")).toHaveText(`${count} ${count === 1 ? "event" : "events"}`);
  for (const badge of await page.getByTestId("event-card").getByTestId("event-type").allTextContents()) expect(badge.trim().toLowerCase()).toBe("sports");
  const chosen = page.getByTestId("search-facets").getByRole("link", { name: /sports/i });
  await expect(chosen).toHaveAttribute("aria-current", "true");
  await chosen.click();
  await expect(page).not.toHaveURL(/type=sports/);
});

test("a misspelled search still finds the event and says the matches are close", async ({ page }) => {
  await page.goto("/?q=windrunnrs");
  await expect(page.getByTestId("fuzzy-notice")).toBeVisible();
  await expect(page.getByTestId("event-card").filter({ hasText: "Chicago Windrunners" }).first()).toBeVisible();
});
