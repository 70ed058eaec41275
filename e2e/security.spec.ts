// The edge of the app, against the real production server entry (scripts/server.mjs via the demo):
// security headers and a nonce-based CSP that the pages actually run under (no violations on the
// event page), a cross-origin server action refused with 403, and sign-in budgets keyed on the
// real TCP address of the client (distinct loopback addresses bound as the source), which forged
// proxy headers do not change.
import { readFileSync } from "node:fs";
import http from "node:http";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";

type EventSummary = { event_id: string; title: string; total_ticket_cnt: number; available_ticket_cnt: number };

/** CSP violations Chromium reports on this page (console errors and securitypolicyviolation events). */
function watchCsp(page: Page): string[] {
  const violations: string[] = [];
  page.on("console", (message) => {
    if (/Content Security Policy|Refused to (execute|load|apply|connect|frame)/i.test(message.text())) violations.push(message.text());
  });
  page.on("pageerror", (error) => {
    if (/Content Security Policy/i.test(error.message)) violations.push(error.message);
  });
  return violations;
}

test("pages carry a nonce-based CSP, fresh per view, and the static security headers; the API gets no CSP", async ({ request }) => {
  const nonces: string[] = [];
  for (const pathname of ["/", "/signin", "/signin"]) {
    const res = await request.get(pathname);
    expect(res.status()).toBe(200);
    const csp = res.headers()["content-security-policy"] ?? "";
    const nonce = /'nonce-([A-Za-z0-9+/=]+)'/.exec(csp)?.[1];
    expect(nonce, `${pathname}: ${csp}`).toBeTruthy();
    expect(csp).toContain("'strict-dynamic'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain("'unsafe-eval'");
    expect(csp).not.toMatch(/script-src[^;]*'unsafe-inline'/);
    // Next put the nonce on every script it rendered.
    const html = await res.text();
    const scripts = html.match(/<script\b[^>]*>/g) ?? [];
    expect(scripts.length).toBeGreaterThan(0);
    for (const tag of scripts) expect(tag).toContain(`nonce="${nonce}"`);
    expect(res.headers()["x-frame-options"]).toBe("DENY");
    expect(res.headers()["x-content-type-options"]).toBe("nosniff");
    expect(res.headers()["referrer-policy"]).toBe("strict-origin-when-cross-origin");
    // Plain HTTP from a client that is not a trusted proxy: no HSTS, whatever it claims.
    expect(res.headers()["strict-transport-security"]).toBeUndefined();
    nonces.push(nonce!);
  }
  expect(new Set(nonces).size).toBe(nonces.length);
  const claimsHttps = await request.get("/", { headers: { "x-forwarded-proto": "https" } });
  expect(claimsHttps.headers()["strict-transport-security"]).toBeUndefined();

  const api = await request.get("/api/health");
  expect(api.headers()["content-security-policy"]).toBeUndefined();
  expect(api.headers()["x-content-type-options"]).toBe("nosniff");
});

// Signed in, the whole purchase (chart, hold, review, Stripe and back) is checked in checkout.spec.ts.
test("the event page and the sign-in page run without a single CSP violation", async ({ page, request }) => {
  const violations = watchCsp(page);
  const { events } = (await (await request.get("/api/events?size=100")).json()) as { events: EventSummary[] };
  const event = events.find((e) => e.available_ticket_cnt > 0 && e.total_ticket_cnt < 5000);
  expect(event, "the demo data has an event on sale").toBeTruthy();
  await page.goto("/");
  await expect(page.getByTestId("event-card").first()).toBeVisible();
  await page.goto(`/events/${event!.event_id}`);
  // The chart is drawn by client scripts and fed by the SSE stream: both ran under the policy.
  await expect(page.getByTestId("seating-chart")).toHaveAttribute("data-ready", "true");
  await expect(page.getByTestId("seating-chart").locator('[data-ticket-id][data-available="true"]').first()).toBeAttached();
  await page.goto("/signin");
  await expect(page.getByRole("button", { name: "Sign in" })).toBeVisible();
  expect(violations).toEqual([]);
});

test("a server action called from another origin answers 403 with the JSON error, not 500", async ({ request }) => {
  // A real action id of this build: the sign-in form's.
  const manifest = JSON.parse(readFileSync(path.join(process.cwd(), ".next/server/server-reference-manifest.json"), "utf8")) as {
    node: Record<string, { exportedName?: string }>;
  };
  const actionId = Object.entries(manifest.node).find(([, v]) => v.exportedName === "signInAction")?.[0];
  expect(actionId).toBeTruthy();
  const res = await request.post("/signin", {
    headers: { "next-action": actionId!, origin: "https://evil.example", "content-type": "text/plain;charset=UTF-8" },
    data: "[]",
  });
  expect(res.status()).toBe(403);
  expect(await res.json()).toEqual({ error: { code: "forbidden", message: expect.any(String) } });
});

/** POST JSON from a chosen local (source) address, so the server sees that TCP peer. */
function postFrom(localAddress: string, url: URL, body: unknown, headers: Record<string, string> = {}): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: "127.0.0.1", port: url.port, path: url.pathname, method: "POST", localAddress, headers: { "content-type": "application/json", ...headers } },
      (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => (text += chunk));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, text }));
      },
    );
    req.on("error", reject);
    req.end(JSON.stringify(body));
  });
}

test("sign-in budgets follow the real client address: forged proxy headers change nothing, another address is not locked out", async ({ baseURL }) => {
  const url = new URL("/api/auth/token", baseURL);
  const email = `e2e-target-${Date.now().toString(36)}@example.com`;
  const attempt = (from: string, i: number) =>
    postFrom(from, url, { email, password: `guess number ${i}` }, {
      // Every attempt claims to come from somewhere else, in every header a client could write.
      "x-real-ip": `203.0.113.${i + 1}`,
      "x-forwarded-for": `198.51.100.${i + 1}`,
      "x-openseat-client-ip": `192.0.2.${i + 1}`,
      "x-openseat-entry-key": "guessed",
      "x-vercel-forwarded-for": `203.0.113.${i + 100}`,
    });
  // The default budget per (account, client) is 5 a minute.
  for (let i = 0; i < 5; i++) expect((await attempt("127.0.0.5", i)).status).toBe(401);
  const limited = await attempt("127.0.0.5", 5);
  expect(limited.status, limited.text).toBe(429);
  expect(JSON.parse(limited.text)).toMatchObject({ error: { code: "rate_limited" } });
  // Another machine trying the same account is not held back by the first one's failures.
  expect((await attempt("127.0.0.6", 6)).status).toBe(401);
});

test("signing in through the form leaves an HttpOnly device cookie, the proof a later sign-in comes from a known device", async ({ browser, request, baseURL }) => {
  const id = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  const email = `e2e-device-${id}@example.com`;
  const password = "a long e2e passphrase";
  expect((await request.post("/api/auth/register", { data: { email, username: `dev_${id}`, password } })).status()).toBe(202);
  const context = await browser.newContext({ baseURL });
  const page = await context.newPage();
  await page.goto("/signin?callbackUrl=%2Faccount");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/account$/);
  const device = (await context.cookies()).find((c) => c.name === "openseat_device");
  expect(device?.value).toMatch(/^v1\./);
  expect(device?.httpOnly).toBe(true);
  expect(device?.sameSite).toBe("Lax");
  await context.close();
});
