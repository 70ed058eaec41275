// Accessible seats are picked only deliberately, on a night at the demo club The Foundry (its balcony
// has two wheelchair spaces and two companion seats): a plain click on a wheelchair space does not
// select it until the fan turns on "Show accessible seating" (with its notice), and best-available
// with "Accessible seating" ticked holds a block with a wheelchair space in it.
import { expect, test, type APIRequestContext } from "@playwright/test";
import { eventDetail, freeTicketIds, listEvents, saleIsOpen, seat, signedInFanOnEvent, type EventDetail, type SeatLayout } from "./support/fixtures";

/** An on-sale Foundry night with a free wheelchair space, and that space's ticket id. */
async function foundryNight(request: APIRequestContext): Promise<{ event: EventDetail; wheelchair: number[] }> {
  const now = Date.now();
  for (const e of (await listEvents(request)).filter((e) => e.title.includes("Foundry"))) {
    const detail = await eventDetail(request, e.event_id);
    if (!saleIsOpen(detail, now)) continue;
    const wheelchair = await freeTicketIds(request, e.event_id, { only: "wheelchair" });
    if (wheelchair.length > 0) return { event: detail, wheelchair };
  }
  throw new Error("the demo data needs an on-sale Foundry night with a free wheelchair space");
}

test("a wheelchair space is not selectable by a plain click until 'Show accessible seating' is on", async ({ browser, request, baseURL }) => {
  const { event, wheelchair } = await foundryNight(request);
  const w = wheelchair[0]!;
  const { page, context } = await signedInFanOnEvent(browser, request, baseURL!, event.event_id, { prefix: "access" });

  // Marked by shape in the overlay (not only by colour), and named in the tooltip.
  await expect(seat(page, w)).toHaveAttribute("data-access", "wheelchair");
  const mark = page.locator(`[data-accessible-seat="wheelchair"][data-ticket="${w}"]`);
  await expect(mark).toHaveAttribute("data-highlighted", "false");
  await seat(page, w).dispatchEvent("pointerover");
  await expect(page.getByTestId("seat-tooltip")).toContainText("Wheelchair space");

  // A plain click does not select it, and says why.
  await seat(page, w).dispatchEvent("click");
  await expect(page.getByTestId("accessible-seating-hint")).toBeVisible();
  await expect(page.locator(`[data-selected-ticket-id="${w}"]`)).toHaveCount(0);

  // The toggle, with its notice: now the seat is highlighted and selectable.
  const section = page.getByTestId("accessible-seating");
  await expect(section).toContainText("the venue may ask for proof at the door");
  await section.getByLabel("Show accessible seating").check();
  await expect(mark).toHaveAttribute("data-highlighted", "true");
  await seat(page, w).dispatchEvent("click");
  await expect(page.locator(`[data-selected-ticket-id="${w}"]`)).toBeAttached();
  await expect(page.getByTestId("selected-seats").locator(`li[data-ticket-id="${w}"]`)).toBeVisible();
  await context.close();
});

test("best-available with 'Accessible seating' holds a block with a wheelchair space", async ({ browser, request, baseURL }) => {
  const { event, wheelchair } = await foundryNight(request);
  // The price class of the wheelchair spaces (the balcony's).
  const layout = (await (await request.get(`/api/events/${event.event_id}/seats`)).json()) as SeatLayout & { classes: { class_id: string }[]; class_index: number[] };
  const k = layout.ticket_ids.indexOf(wheelchair[0]!);
  const classId = layout.classes[layout.class_index[k]!]!.class_id;
  const { page, context } = await signedInFanOnEvent(browser, request, baseURL!, event.event_id, { prefix: "access" });

  const form = page.getByTestId("best-available");
  await form.getByLabel("Price class").selectOption(classId);
  await form.getByLabel("Tickets").selectOption("2");
  await form.getByLabel(/Accessible seating/).check();
  const found = page.waitForResponse((r) => r.url().endsWith(`/api/events/${event.event_id}/best-available`) && r.request().method() === "POST");
  await form.getByRole("button", { name: "Find seats" }).click();
  const response = await found;
  expect(response.request().postDataJSON()).toMatchObject({ class_id: classId, quantity: 2, accessible: true });
  expect(response.status()).toBe(200);
  const heldIds = ((await response.json()) as { tickets: { ticket_id: string }[] }).tickets.map((t) => Number(t.ticket_id));
  expect(heldIds).toHaveLength(2);
  expect(heldIds.some((id) => wheelchair.includes(id))).toBe(true);

  await expect(page.getByTestId("held-seats").locator("li")).toHaveCount(2);
  for (const id of heldIds) await expect(page.locator(`[data-held-ticket-id="${id}"]`)).toBeAttached();
  // Leave the seats for the next run.
  await page.getByRole("button", { name: "Release seats" }).click();
  await expect(page.getByTestId("hold-panel")).toHaveCount(0);
  await context.close();
});
