// What the e2e specs share: the demo data's shapes as the public API answers them, fresh fans
// (signed up through the API, signed in through the real form), and the seat chart's free seats.
// Every fan is new, so specs never depend on each other's accounts.
import { expect, type APIRequestContext, type Browser, type BrowserContext, type Locator, type Page } from "@playwright/test";
import { saleWindowState } from "../../lib/events/sale-window";

export const PASSWORD = "a long e2e passphrase";

export type EventSummary = { event_id: string; title: string; total_ticket_cnt: number; available_ticket_cnt: number; status: string; datetime: string };
export type EventDetail = EventSummary & { onsale_datetime: string | null; offsale_datetime: string | null; max_tickets_per_order: number; seat_map_url: string };
export type Availability = { unavailable_ticket_ids: number[] };
export type SeatLayout = { ticket_ids: number[]; seat_ids: number[] };

/** A short id unique to this run, for emails and usernames. */
export const uniqueId = () => `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;

/** The first page of events (100), as the listing API answers it. */
export async function listEvents(request: APIRequestContext): Promise<EventSummary[]> {
  const res = await request.get("/api/events?size=100");
  expect(res.ok()).toBeTruthy();
  return ((await res.json()) as { events: EventSummary[] }).events;
}

/** An event's detail from the public API. */
export async function eventDetail(request: APIRequestContext, eventId: string): Promise<EventDetail> {
  return (await (await request.get(`/api/events/${eventId}`)).json()) as EventDetail;
}

/** Whether the event's sale window is open at `now` (epoch ms): the app's own rule. */
export function saleIsOpen(detail: EventDetail, now: number = Date.now()): boolean {
  const { status, datetime, onsale_datetime: onsaleAt, offsale_datetime: offsaleAt } = detail;
  return saleWindowState({ status, datetime, onsaleAt, offsaleAt }, new Date(now)).open;
}

/**
 * Free ticket ids of the event's seats drawn on its chart, from the public API (general-admission
 * places are tickets too, sold by quantity, and have no seat on the chart to click). Wheelchair
 * spaces and companion seats are left out (a plain click on the chart does not pick them) unless
 * `only` asks for one kind of them.
 */
export async function freeTicketIds(request: APIRequestContext, eventId: string, options: { only?: "wheelchair" | "companion" } = {}): Promise<number[]> {
  const detail = await eventDetail(request, eventId);
  const [seats, availability, map] = await Promise.all([
    request.get(`/api/events/${eventId}/seats`).then((r) => r.json() as Promise<SeatLayout>),
    request.get(`/api/events/${eventId}/availability`).then((r) => r.json() as Promise<Availability>),
    request.get(detail.seat_map_url).then((r) => r.json() as Promise<{ seat_ids: number[]; wheelchair_seat_ids?: number[]; companion_seat_ids?: number[] }>),
  ]);
  const taken = new Set(availability.unavailable_ticket_ids);
  const drawn = new Set(map.seat_ids);
  const wheelchair = new Set(map.wheelchair_seat_ids ?? []);
  const companion = new Set(map.companion_seat_ids ?? []);
  const wanted = (seatId: number) =>
    options.only === "wheelchair" ? wheelchair.has(seatId) : options.only === "companion" ? companion.has(seatId) : !wheelchair.has(seatId) && !companion.has(seatId);
  return seats.ticket_ids.filter((id, k) => !taken.has(id) && drawn.has(seats.seat_ids[k]!) && wanted(seats.seat_ids[k]!));
}

/** Which of `ticketIds` the public availability shows as taken (held or sold). */
export async function takenAmong(request: APIRequestContext, eventId: string, ticketIds: number[]): Promise<number[]> {
  const { unavailable_ticket_ids } = (await (await request.get(`/api/events/${eventId}/availability`)).json()) as Availability;
  return ticketIds.filter((id) => unavailable_ticket_ids.includes(id));
}

/** A fresh email and username (`e2e-<id>@example.com`, `e2e_<id>`) for a sign-up through the form. */
export function newAccount(): { email: string; username: string } {
  const id = uniqueId();
  return { email: `e2e-${id}@example.com`, username: `e2e_${id}` };
}

/** What the sign-in page says after every sign-up, new email or not (lib/auth/register-user.ts). */
export const CHECK_EMAIL_NOTICE = "Check your inbox: we sent a mail to confirm your address. Then sign in.";

/**
 * Fills and submits the sign-up form on the current page. A sign-up never signs in by itself (it
 * must not reveal whether the email already had an account): it lands on the sign-in page with a
 * "check your inbox" notice, and by default this then signs in there with the same password, so
 * the page ends on the sign-up's callback URL as before. `signIn: false` stops at the notice
 * (or at the form's field errors).
 */
export async function submitSignUp(page: Page, account: { email: string; username: string }, password: string = PASSWORD, options: { signIn?: boolean } = {}): Promise<void> {
  await page.getByLabel("Email").fill(account.email);
  await page.getByLabel("Username").fill(account.username);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Create account" }).click();
  if (options.signIn === false) return;
  await expect(page).toHaveURL(/\/signin\?.*notice=check-email/);
  await expect(page.getByRole("main").getByRole("status")).toHaveText(CHECK_EMAIL_NOTICE);
  await submitSignIn(page, account.email, password);
}

/** Fills and submits the sign-in form on the current page. */
export async function submitSignIn(page: Page, email: string, password: string = PASSWORD): Promise<void> {
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

/** The demo's mail catcher inbox (playwright.config.ts gives it a fixed port beside the app's). */
export const mailCatcherUrl = `http://127.0.0.1:${Number(process.env.E2E_PORT ?? 3100) + 1000}`;

export type CaughtMail = { id: number; messageId: string; to: string[]; subject: string; text: string; html: string; headers: Record<string, string> };

/** Waits until the catcher holds a mail to `to` whose subject matches, and answers it. */
export async function waitForMail(request: APIRequestContext, to: string, subject: RegExp): Promise<CaughtMail> {
  let found: CaughtMail | undefined;
  await expect
    .poll(
      async () => {
        const all = (await (await request.get(`${mailCatcherUrl}/api/messages`)).json()) as CaughtMail[];
        found = all.find((m) => m.to.includes(to) && subject.test(m.subject));
        return Boolean(found);
      },
      { message: `a mail to ${to} matching ${subject}`, timeout: 30_000 },
    )
    .toBe(true);
  return found!;
}

/** The first link of a mail's text that starts with `prefix` (a path of the app). */
export function linkIn(mail: CaughtMail, path: string): string {
  const match = new RegExp(`https?://[^\\s)\\]>"]+${path.replace(/[/?]/g, "\\$&")}[^\\s)\\]>"]*`).exec(mail.text);
  if (!match) throw new Error(`no ${path} link in the mail "${mail.subject}": ${mail.text}`);
  return match[0];
}

/** A new buyer account through the API (`e2e-<prefix>-<id>@example.com`); answers its email. */
export async function registerFan(request: APIRequestContext, prefix: string, usernamePrefix: string = prefix): Promise<string> {
  const id = uniqueId();
  const email = `e2e-${prefix}-${id}@example.com`;
  const reg = await request.post("/api/auth/register", { data: { email, username: `${usernamePrefix}_${id}`, password: PASSWORD } });
  expect(reg.status(), await reg.text()).toBe(202);
  return email;
}

export type SignedInFan = { context: BrowserContext; page: Page; email: string };

/**
 * A new account (API), signed in through the sign-in form in a fresh context, landing on `path`.
 * `beforeSignIn` runs on the new page first (to watch its console, say).
 */
export async function signedInFan(
  browser: Browser,
  request: APIRequestContext,
  baseURL: string,
  options: { path: string; prefix: string; usernamePrefix?: string; beforeSignIn?: (page: Page) => void },
): Promise<SignedInFan> {
  const email = await registerFan(request, options.prefix, options.usernamePrefix);
  const context = await browser.newContext({ baseURL });
  const page = await context.newPage();
  options.beforeSignIn?.(page);
  await page.goto(`/signin?callbackUrl=${encodeURIComponent(options.path)}`);
  await submitSignIn(page, email);
  await expect(page).toHaveURL(new RegExp(`${options.path.replace(/[/]/g, "\\/")}$`));
  return { context, page, email };
}

/** signedInFan on an event's page, once its seating chart has loaded. */
export async function signedInFanOnEvent(
  browser: Browser,
  request: APIRequestContext,
  baseURL: string,
  eventId: string,
  options: { prefix: string; usernamePrefix?: string; beforeSignIn?: (page: Page) => void },
): Promise<SignedInFan> {
  const fan = await signedInFan(browser, request, baseURL, { ...options, path: `/events/${eventId}` });
  await expect(fan.page.getByTestId("seating-chart")).toHaveAttribute("data-ready", "true");
  return fan;
}

/** A seat of the chart, by ticket id. */
export const seat = (page: Page, ticketId: number) => page.getByTestId("seating-chart").locator(`[data-ticket-id="${ticketId}"]`);

// ---- buying: hold on the chart, review, pay on the Stripe emulator's hosted page (checkout.spec.ts, organizer-journey.spec.ts)

/** Picks the seats on the chart, holds them and opens the review page through "Checkout". */
export async function holdAndReview(page: Page, ticketIds: number[]): Promise<string> {
  for (const id of ticketIds) await seat(page, id).dispatchEvent("click");
  await expect(page.getByTestId("selected-seats").locator("li")).toHaveCount(ticketIds.length);
  await page.getByRole("button", { name: "Hold seats" }).click();
  const panel = page.getByTestId("hold-panel");
  await expect(panel.getByTestId("held-seats").locator("li")).toHaveCount(ticketIds.length);
  await panel.getByRole("link", { name: "Checkout" }).click();
  await expect(page).toHaveURL(/\/checkout\/\d+$/);
  await expect(page.getByRole("heading", { name: "Review your order" })).toBeVisible();
  return new URL(page.url()).pathname.split("/").pop()!;
}

/** Presses "Pay with Stripe" and follows the browser to Stripe's hosted page (the emulator's). */
export async function openStripePage(page: Page, baseURL: string, press: (button: Locator) => Promise<void>) {
  const created = page.waitForResponse((r) => r.url().endsWith("/api/checkout") && r.request().method() === "POST");
  await press(page.getByRole("button", { name: "Pay with Stripe" }));
  const res = await created;
  // The body only on failure: on success the page is already leaving for Stripe.
  if (res.status() !== 200) throw new Error(`POST /api/checkout answered ${res.status()}: ${await res.text().catch(() => "")}`);
  const appOrigin = new URL(baseURL).origin;
  await page.waitForURL((url) => url.origin !== appOrigin);
}

/** "$1,234.50" -> 123450 (cents). */
export const cents = (text: string) => Math.round(Number(text.replace(/[^\d.]/g, "")) * 100);

/** Fills the emulator's hosted payment page and presses Pay. */
export async function payOnStripePage(page: Page, email: string, card: string) {
  // The session carries the fan's email, which the page shows read-only.
  const emailField = page.getByLabel("Email");
  if (await emailField.isEditable()) await emailField.fill(email);
  else await expect(emailField).toHaveValue(email);
  await page.getByLabel("Card number").fill(card);
  await page.getByLabel("Expiry").fill("12 / 34");
  await page.getByLabel("CVC").fill("123");
  await page.getByLabel("Name on card").fill("E2E Fan");
  await page.getByRole("button", { name: "Pay", exact: true }).click();
}
