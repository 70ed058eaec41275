// The waitlist in real Chromium against the demo server: fans hold every free seat of a small event
// (through the API) so it is sold out; a fan joins the waitlist on the event page; another fan
// releases two seats; the first sees the offer appear on the event page (seats, countdown) and buys
// them through checkout within the window. Then, with the event's offer window set to 10 s by its
// organizer (the demo admin), an offer that lapses moves to the next fan, who sees it on the page.
//
// It runs on the smallest plain (no waiting room) event on sale and leaves it sold out: specs run
// one after another in file order, and this is the last one.
import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { eventDetail, freeTicketIds, listEvents, PASSWORD, registerFan, saleIsOpen, signedInFan, type EventDetail } from "./support/fixtures";

const PAYING_CARD = "4242 4242 4242 4242";
const ADMIN = { email: "admin@openseat.dev", password: "openseat-admin-demo" };

type Filler = { token: string; ticketIds: number[] };

async function tokenFor(request: APIRequestContext, email: string, password: string = PASSWORD): Promise<string> {
  const res = await request.post("/api/auth/token", { data: { email, password } });
  expect(res.status(), await res.text()).toBe(200);
  return ((await res.json()) as { access_token: string }).access_token;
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/** The smallest scheduled event on sale without a waiting room, with a few free seats. */
async function pickEvent(request: APIRequestContext): Promise<EventDetail> {
  const now = Date.now();
  const events = (await listEvents(request)).filter((e) => e.status === "scheduled" && Date.parse(e.datetime) > now && e.available_ticket_cnt >= 6).sort((a, b) => a.available_ticket_cnt - b.available_ticket_cnt);
  for (const e of events) {
    const detail = await eventDetail(request, e.event_id);
    if (!saleIsOpen(detail, now) || detail.max_tickets_per_order < 2) continue;
    const progress = (await (await request.get(`/api/events/${e.event_id}/queue/progress`)).json()) as { queue_enabled?: boolean };
    if (progress.queue_enabled) continue;
    return detail;
  }
  throw new Error("the demo data has no small event on sale without a waiting room");
}

/** Fans who hold every free seat of the event, two seats each (so any of them can give two back). */
async function sellOut(request: APIRequestContext, event: EventDetail): Promise<Filler[]> {
  const free = await freeTicketIds(request, event.event_id);
  const fillers: Filler[] = [];
  for (let i = 0; i < free.length; i += 2) {
    const token = await tokenFor(request, await registerFan(request, "fill"));
    const ticketIds = free.slice(i, i + 2);
    // A Redis claim left by an earlier run on the same Redis (the database was reseeded) turns the
    // reserve away until the sweeper drops it as an orphan: wait for that, do not skip the seats.
    await expect(async () => {
      const res = await request.post("/api/events/ticket/reserve", { headers: bearer(token), data: { ticket_ids: ticketIds.map(String) } });
      expect(res.status(), await res.text()).toBe(200);
    }).toPass({ timeout: 90_000 });
    fillers.push({ token, ticketIds });
  }
  expect(await freeTicketIds(request, event.event_id)).toEqual([]);
  return fillers;
}

async function release(request: APIRequestContext, filler: Filler) {
  const res = await request.post("/api/events/ticket/cancel", { headers: bearer(filler.token), data: { ticket_ids: filler.ticketIds.map(String), status: "reserved" } });
  expect(res.status(), await res.text()).toBe(200);
}

/** The event page once its server-rendered counts say sold out (they are cached a few seconds). */
async function waitForSoldOutPage(page: Page, eventId: string) {
  await expect(async () => {
    await page.goto(`/events/${eventId}`);
    await expect(page.getByTestId("waitlist-panel")).toBeVisible({ timeout: 1000 });
  }).toPass({ timeout: 30_000 });
}

test.describe.serial("waitlist", () => {
  let event: EventDetail;
  let fillers: Filler[];

  test.beforeAll(async ({ request }) => {
    event = await pickEvent(request);
    fillers = await sellOut(request, event);
  });

  test("a fan joins the waitlist of a sold-out event, another fan releases two seats, the first gets the offer on the page and buys", async ({ browser, request, baseURL }) => {
    const { page, email } = await signedInFan(browser, request, baseURL!, { path: `/events/${event.event_id}`, prefix: "wait" });
    await waitForSoldOutPage(page, event.event_id);

    const form = page.getByTestId("waitlist-form");
    await form.locator('select[name="party_size"]').selectOption("2");
    await form.getByLabel("Seats must be together").uncheck();
    await form.getByRole("button", { name: "Join the waitlist" }).click();
    await expect(page.getByTestId("waitlist-position")).toHaveText("You are number 1 on the waitlist");
    // The moment push matters: offered on the entry (the push spec in notifications.spec.ts follows it through).
    await expect(page.getByTestId("waitlist-push-opt-in").getByRole("button", { name: "Notify me on this device if seats come back" })).toBeVisible();

    // Another fan gives two seats back: they are held for the first fan at once.
    const giver = fillers.shift()!;
    await release(request, giver);
    const offer = page.getByTestId("waitlist-offer");
    await expect(offer).toBeVisible();
    await expect(offer.getByTestId("waitlist-offer-seats").locator("li")).toHaveCount(2);
    await expect(offer.getByTestId("hold-countdown")).toContainText(/1[45]:\d\d/);
    // Nobody else can take them: the public availability shows them taken.
    expect(await freeTicketIds(request, event.event_id)).toEqual([]);

    await offer.getByTestId("waitlist-checkout").click();
    await expect(page).toHaveURL(/\/checkout\/\d+$/);
    await expect(page.getByTestId("order-ticket")).toHaveCount(2);
    const appOrigin = new URL(baseURL!).origin;
    await page.getByRole("button", { name: "Pay with Stripe" }).click();
    await page.waitForURL((url) => url.origin !== appOrigin);
    const emailField = page.getByLabel("Email");
    if (await emailField.isEditable()) await emailField.fill(email);
    await page.getByLabel("Card number").fill(PAYING_CARD);
    await page.getByLabel("Expiry").fill("12 / 34");
    await page.getByLabel("CVC").fill("123");
    await page.getByLabel("Name on card").fill("E2E Waitlist Fan");
    await page.getByRole("button", { name: "Pay", exact: true }).click();
    await page.waitForURL(/\/checkout\/success\?session_id=cs_/);
    await expect(page.getByRole("heading", { name: "You're going!" })).toBeVisible();
    await expect(page.getByTestId("confirmed-tickets").locator("li")).toHaveCount(2);
    const mine = (await (await page.request.get(`/api/events/${event.event_id}/waitlist`)).json()) as { entry: { status: string }; offer: { status: string } };
    expect(mine.entry.status).toBe("converted");
    expect(mine.offer.status).toBe("accepted");
  });

  test("an offer that lapses moves to the next fan on the list", async ({ browser, request, baseURL }) => {
    // The organizer shortens the offer window to 10 s (the demo admin manages every venue).
    const admin = await tokenFor(request, ADMIN.email, ADMIN.password);
    const settings = await request.patch(`/api/admin/events/${event.event_id}/waitlist`, { headers: bearer(admin), data: { offer_seconds: 10 } });
    expect(settings.status(), await settings.text()).toBe(200);

    // The first fan joins through the API, the second on the page, behind them.
    const firstToken = await tokenFor(request, await registerFan(request, "wait1"));
    const joined = await request.post(`/api/events/${event.event_id}/waitlist`, { headers: bearer(firstToken), data: { party_size: 2, together: false } });
    expect(joined.status(), await joined.text()).toBe(201);
    const { page } = await signedInFan(browser, request, baseURL!, { path: `/events/${event.event_id}`, prefix: "wait2" });
    await waitForSoldOutPage(page, event.event_id);
    const form = page.getByTestId("waitlist-form");
    await form.locator('select[name="party_size"]').selectOption("2");
    await form.getByLabel("Seats must be together").uncheck();
    await form.getByRole("button", { name: "Join the waitlist" }).click();
    await expect(page.getByTestId("waitlist-position")).toHaveText("You are number 2 on the waitlist");

    // Two seats come back: the first fan is offered them, and does nothing.
    const giver = fillers.shift()!;
    await release(request, giver);
    const first = (await (await request.get(`/api/events/${event.event_id}/waitlist`, { headers: bearer(firstToken) })).json()) as { offer: { status: string; expire_in_seconds: number } };
    expect(first.offer.status).toBe("offered");
    expect(first.offer.expire_in_seconds).toBeLessThanOrEqual(10);

    // Ten seconds later the offer lapses; the second fan's page shows the seats held for them.
    const offer = page.getByTestId("waitlist-offer");
    await expect(offer).toBeVisible({ timeout: 30_000 });
    await expect(offer.getByTestId("waitlist-offer-seats").locator("li")).toHaveCount(2);
    const lapsed = (await (await request.get(`/api/events/${event.event_id}/waitlist`, { headers: bearer(firstToken) })).json()) as { entry: { status: string }; offer: { status: string } };
    expect(lapsed).toMatchObject({ entry: { status: "expired" }, offer: { status: "lapsed" } });
  });
});
