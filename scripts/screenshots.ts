// `npm run screenshots -- [--base-url http://localhost:3000] [--out docs/images]`: the README's
// pictures, taken in Debian's Chromium from a running demo (`npm run demo` in another terminal).
// Signs in with the demo logins; writes one PNG per page at desktop and phone sizes where useful.
// The fan's phone/desktop pictures (docs/images/fan-*.png) come from the end-to-end run instead:
// `SCREENSHOTS=1 npx playwright test e2e/fan-mobile.spec.ts` (without SCREENSHOTS it writes none).
import { mkdir } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import { chromium, type Browser, type Page } from "@playwright/test";

const { values } = parseArgs({ options: { "base-url": { type: "string", default: "http://localhost:3000" }, out: { type: "string", default: "docs/images" } } });
const base = values["base-url"]!.replace(/\/$/, "");
const out = values.out!;

const LOGINS = {
  fan: ["fan@openseat.dev", "openseat-fan-demo"],
  venue: ["venue@openseat.dev", "openseat-venue-demo"],
  door: ["door@openseat.dev", "openseat-door-demo"],
} as const;

async function signedIn(browser: Browser, who: keyof typeof LOGINS, viewport = { width: 1366, height: 900 }): Promise<Page> {
  const page = await (await browser.newContext({ viewport, baseURL: base })).newPage();
  if (who === "fan" && viewport.width < 500) return page;
  await page.goto("/signin");
  await page.getByLabel("Email").fill(LOGINS[who][0]);
  await page.getByLabel("Password").fill(LOGINS[who][1]);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL((url) => !url.pathname.startsWith("/signin"));
  return page;
}

async function shot(page: Page, name: string, url: string, ready?: (page: Page) => Promise<void>): Promise<void> {
  await page.goto(url);
  await page.waitForLoadState("networkidle").catch(() => undefined);
  if (ready) await ready(page);
  const file = path.join(out, `${name}.png`);
  await page.screenshot({ path: file });
  console.log(`wrote ${file}`);
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
});
try {
  await mkdir(out, { recursive: true });
  const events = (await (await fetch(`${base}/api/events?size=100`)).json()) as { events: { event_id: string; title: string; venue?: { name?: string } }[] };
  const arena = events.events.find((e) => /Lakeshore Arena/.test(JSON.stringify(e))) ?? events.events[0]!;

  const fan = await signedIn(browser, "fan");
  await shot(fan, "search", "/");
  await shot(fan, "event", `/events/${arena.event_id}`, (p) => p.locator("svg, canvas").first().waitFor());

  const phone = await signedIn(browser, "fan", { width: 390, height: 844 });
  await shot(phone, "phone-event", `/events/${arena.event_id}`, (p) => p.locator("svg, canvas").first().waitFor());

  const venue = await signedIn(browser, "venue");
  await shot(venue, "dashboard-events", "/dashboard/events");
  await shot(venue, "dashboard-sales", `/dashboard/events/${arena.event_id}/sales`);
  await shot(venue, "dashboard-orders", "/dashboard/orders");
  const venues = await venue.request.get("/api/admin/venues").then((r) => r.json() as Promise<{ venues?: { venue_id: string }[] }>).catch(() => ({ venues: [] }));
  const firstVenue = venues.venues?.[0]?.venue_id;
  if (firstVenue) await shot(venue, "seat-map-builder", `/dashboard/venues/${firstVenue}/chart`);

  const door = await signedIn(browser, "door", { width: 390, height: 844 });
  await shot(door, "scanner", "/dashboard/check-in");
} finally {
  await browser.close();
}
