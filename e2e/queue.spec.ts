// The waiting room in real Chromium, on the demo event that has it on (prisma/seed.ts). Other fans
// join through the API just before it, so the test fan has people ahead: it sees its place and the people
// ahead of it fall live (Server-Sent Events), survives a reload with the same place, is let in,
// follows "Choose your seats" and holds a seat on the chart. Without admission, reserve answers
// 403. Also: the polling fallback when the stream is blocked, and the signed-out way in.
//
// Only this spec uses the waiting-room event (the holds and checkout specs need a plain sale).
import { expect, test, type APIRequestContext, type Browser, type BrowserContext, type Page } from "@playwright/test";
import type { QueueProgress, QueueStatus } from "../lib/queue/types";
import { freeTicketIds, listEvents, PASSWORD, registerFan, signedInFan as signedInFanAt, type EventSummary } from "./support/fixtures";

/** The on-sale event of the demo data with the waiting room on, and its current progress. */
async function findQueueEvent(request: APIRequestContext): Promise<{ event: EventSummary; progress: QueueProgress }> {
  const events = await listEvents(request);
  const now = Date.now();
  for (const event of events.filter((e) => e.status === "scheduled" && e.available_ticket_cnt > 10 && Date.parse(e.datetime) > now)) {
    const r = await request.get(`/api/events/${event.event_id}/queue/progress`);
    if (!r.ok()) continue;
    const progress = (await r.json()) as QueueProgress;
    const onSale = !progress.onsale_datetime || Date.parse(progress.onsale_datetime) <= now;
    if (progress.queue_enabled && onSale && !progress.sold_out && progress.rate_per_minute > 0) return { event, progress };
  }
  throw new Error("the demo data has no on-sale event with the waiting room on (see prisma/seed.ts)");
}

/** Another fan, signed up and holding an API token (bearer), ready to join the line. */
async function apiFan(request: APIRequestContext): Promise<string> {
  const email = await registerFan(request, "line");
  const tokenRes = await request.post("/api/auth/token", { data: { email, password: PASSWORD } });
  expect(tokenRes.status(), await tokenRes.text()).toBe(200);
  return ((await tokenRes.json()) as { access_token: string }).access_token;
}

async function joinThroughApi(request: APIRequestContext, eventId: string, token: string): Promise<QueueStatus> {
  const join = await request.post(`/api/events/${eventId}/queue`, { headers: { authorization: `Bearer ${token}` } });
  expect(join.status(), await join.text()).toBe(200);
  return (await join.json()) as QueueStatus;
}

/** A new fan signed in through the form in a fresh context, landing on `path`. */
async function signedInFan(browser: Browser, request: APIRequestContext, baseURL: string, path: string): Promise<{ context: BrowserContext; page: Page }> {
  const { context, page } = await signedInFanAt(browser, request, baseURL, { path, prefix: "queue" });
  return { context, page };
}

/** The number a stat shows ("#1,204" -> 1204); null when it is not on the page (any more). */
const count = async (page: Page, testId: string): Promise<number | null> => {
  const text = await page.getByTestId(testId).textContent({ timeout: 1000 }).catch(() => null);
  return text === null ? null : Number(text.replace(/[^\d]/g, ""));
};

test("a fan waits in line, sees it move live, is let in and holds a seat", async ({ browser, request, baseURL }) => {
  const { event, progress } = await findQueueEvent(request);
  const eventId = event.event_id;
  const rate = progress.rate_per_minute;
  // Fans who join just before the test fan: about ten seconds of visible movement at the event's
  // rate (a few fans at least, eight at most: each costs a sign-up and a sign-in, and sign-ins are
  // rate-limited per address).
  const ahead = Math.min(8, Math.max(3, Math.ceil((rate / 60) * 10)));
  const tokens = await Promise.all(Array.from({ length: ahead }, () => apiFan(request)));

  // The event page: a card instead of the seat picker.
  const { context, page } = await signedInFan(browser, request, baseURL!, `/events/${eventId}`);
  const card = page.getByTestId("waiting-room-card");
  await expect(card).toContainText("This sale uses a waiting room");
  await expect(page.getByTestId("seating-chart")).toHaveCount(0);

  // Reserve without an admission is refused by the server, whatever the page shows.
  const [ticketId] = await freeTicketIds(request, eventId);
  const refused = await page.request.post("/api/events/ticket/reserve", { data: { ticket_ids: [String(ticketId)] } });
  expect(refused.status()).toBe(403);
  expect(((await refused.json()) as { error: { code: string } }).error.code).toBe("admission_required");

  // The others join, then the test fan: the line only moves while someone is waiting in it.
  const others = await Promise.all(tokens.map((token) => joinThroughApi(request, eventId, token)));
  const lastAhead = Math.max(...others.map((s) => s.position ?? 0));
  await card.getByRole("link", { name: "Join the waiting room" }).click();
  await expect(page).toHaveURL(new RegExp(`/events/${eventId}/queue$`));
  const room = page.getByTestId("waiting-room");
  await expect(room).toHaveAttribute("data-state", "queued");
  await expect(room).toHaveAttribute("data-live", "live");
  const position = (await count(page, "queue-position"))!;
  expect(position).toBeGreaterThan(lastAhead);

  // A reload keeps the place.
  await page.reload();
  await expect(room).toHaveAttribute("data-state", "queued");
  await expect(page.getByTestId("queue-position")).toHaveText(`#${position.toLocaleString("en-US")}`);

  // The people ahead fall while the page stays open, then the fan is let in.
  const seen: number[] = [];
  const admittedWithin = ((ahead + 3) * 60_000) / rate + 10_000;
  await expect
    .poll(
      async () => {
        const state = await room.getAttribute("data-state");
        const n = state === "queued" ? await count(page, "queue-people-ahead") : null;
        if (n !== null && seen.at(-1) !== n) seen.push(n);
        return state;
      },
      { timeout: admittedWithin, intervals: [250] },
    )
    .toBe("admitted");
  console.log(`[queue] people ahead seen: ${seen.join(" → ")} (position ${position}, ${rate}/min)`);
  expect(seen.length).toBeGreaterThanOrEqual(2);
  for (let i = 1; i < seen.length; i++) expect(seen[i]).toBeLessThan(seen[i - 1]!);

  await expect(room.getByRole("heading", { name: "It's your turn" })).toBeVisible();
  await expect(page.getByTestId("queue-window-countdown")).toContainText(/\d\d:\d\d/);
  await room.getByRole("link", { name: "Choose your seats" }).click();

  // Admitted: the picker, with the window's countdown above it.
  await expect(page).toHaveURL(new RegExp(`/events/${eventId}$`));
  await expect(page.getByTestId("admission-banner")).toHaveAttribute("data-state", "admitted");
  await expect(page.getByTestId("admission-countdown")).toContainText(/\d\d:\d\d/);
  const chart = page.getByTestId("seating-chart");
  await expect(chart).toHaveAttribute("data-ready", "true");
  const [x, y] = (await freeTicketIds(request, eventId)).slice(0, 2) as [number, number];
  for (const id of [x, y]) await chart.locator(`[data-ticket-id="${id}"]`).dispatchEvent("click");
  await expect(page.getByTestId("selected-seats").locator("li")).toHaveCount(2);
  const reserved = page.waitForResponse((r) => r.url().endsWith("/api/events/ticket/reserve") && r.request().method() === "POST");
  await page.getByRole("button", { name: "Hold seats" }).click();
  expect((await reserved).status()).toBe(200);
  await expect(page.getByTestId("hold-panel")).toBeVisible();
  await expect(page.getByTestId("held-seats").locator("li")).toHaveCount(2);

  await page.getByRole("button", { name: "Release seats" }).click();
  await expect(page.getByTestId("hold-panel")).toHaveCount(0);
  await context.close();
});

test("with the live stream blocked, the waiting room polls and still lets the fan in", async ({ browser, request, baseURL }) => {
  const { event, progress } = await findQueueEvent(request);
  const { context, page } = await signedInFan(browser, request, baseURL!, `/events/${event.event_id}`);
  await context.route("**/queue/stream", (route) => route.abort());
  await page.goto(`/events/${event.event_id}/queue`);
  const room = page.getByTestId("waiting-room");
  await expect(room).toHaveAttribute("data-live", "polling");
  await expect(room).toHaveAttribute("data-state", "admitted", { timeout: (2 * 60_000) / progress.rate_per_minute + 10_000 });
  await expect(room.getByRole("link", { name: "Choose your seats" })).toBeVisible();
  await context.close();
});

test("a signed-out visitor is sent to sign in on the way to the waiting room", async ({ page, request }) => {
  const { event } = await findQueueEvent(request);
  await page.goto(`/events/${event.event_id}`);
  const card = page.getByTestId("waiting-room-card");
  await expect(card).toBeVisible();
  await expect(page.getByTestId("seating-chart")).toHaveCount(0);
  await card.getByRole("link", { name: "Join the waiting room" }).click();
  await expect(page).toHaveURL(new RegExp(`/signin\\?callbackUrl=${encodeURIComponent(`/events/${event.event_id}/queue`)}$`));
});
