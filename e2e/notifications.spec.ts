// Mail in a real browser, through the demo's mail catcher (SMTP + inbox, mail-catcher/): a new fan's
// confirmation mail arrives and its link confirms the address; "forgot password" mails a link that
// sets a new password once; the account page shows the messages and their status.
import { createDecipheriv, createECDH, hkdfSync, randomBytes } from "node:crypto";
import { once } from "node:events";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { expect, test } from "@playwright/test";
import { linkIn, newAccount, PASSWORD, submitSignIn, submitSignUp, waitForMail } from "./support/fixtures";

const pathOf = (link: string) => {
  const u = new URL(link);
  return `${u.pathname}${u.search}`;
};

test("sign up: the confirmation mail arrives in the catcher and its link confirms the address", async ({ page, request }) => {
  const account = newAccount();
  await page.goto("/signup?callbackUrl=/account");
  await submitSignUp(page, account);
  await expect(page).toHaveURL(/\/account$/);
  await expect(page.getByTestId("email-unverified")).toBeVisible();

  const mail = await waitForMail(request, account.email, /Confirm your email address/);
  expect(mail.messageId).toMatch(/^<n\d+\.email@/);
  expect(mail.html).toContain("Confirm my address");
  // A required mail: no unsubscribe header.
  expect(mail.headers["list-unsubscribe"]).toBeUndefined();

  await page.goto(pathOf(linkIn(mail, "/verify-email?token=")));
  await page.getByRole("button", { name: "Confirm my address" }).click();
  await expect(page.getByRole("main").getByRole("status")).toHaveText("Your email address is confirmed. Thank you!");
  // The link works once.
  await page.goto(pathOf(linkIn(mail, "/verify-email?token=")));
  await page.getByRole("button", { name: "Confirm my address" }).click();
  await expect(page.getByRole("main").getByRole("alert")).toHaveText("This link is invalid, expired or already used");

  await page.goto("/account");
  await expect(page.getByTestId("email-verified")).toBeVisible();
  const history = page.getByTestId("notification-history");
  await expect(history).toContainText("Email address verification");
  await expect(history.locator("[data-status=sent]").first()).toBeVisible();
});

test("forgot password: the mailed link sets a new password once; the old one stops working", async ({ page, request, browser, baseURL }) => {
  const account = newAccount();
  await page.goto("/signup?callbackUrl=/account");
  await submitSignUp(page, account);
  await expect(page).toHaveURL(/\/account$/);

  const anonymous = await browser.newContext({ baseURL });
  const fan = await anonymous.newPage();
  await fan.goto("/signin");
  await fan.getByRole("link", { name: "Forgot your password?" }).click();
  await expect(fan).toHaveURL(/\/forgot-password$/);
  await fan.getByLabel("Email").fill(account.email);
  await fan.getByRole("button", { name: "Send me a reset link" }).click();
  await expect(fan.getByRole("main").getByRole("status")).toContainText("If an account uses this address");

  const mail = await waitForMail(request, account.email, /Reset your OpenSeat password/);
  const link = pathOf(linkIn(mail, "/reset-password?token="));
  const newPassword = "a fresh e2e passphrase 42";
  await fan.goto(link);
  await fan.getByLabel("New password").fill(newPassword);
  await fan.getByRole("button", { name: "Set my new password" }).click();
  await expect(fan).toHaveURL(/\/signin\?notice=password-reset$/);
  await expect(fan.getByRole("main").getByRole("status")).toHaveText("Your password was changed. Sign in with the new one.");

  // The old password no longer works, the new one does.
  await submitSignIn(fan, account.email, PASSWORD);
  await expect(fan.getByRole("main").getByRole("alert")).toHaveText("Invalid email or password.");
  await fan.goto("/signin?callbackUrl=%2Faccount");
  await submitSignIn(fan, account.email, newPassword);
  await expect(fan).toHaveURL(/\/account$/);

  // The first browser's session ended with the reset.
  await page.goto("/account");
  await expect(page).toHaveURL(/\/signin/);

  // The link was single use.
  await fan.goto(link);
  await fan.getByLabel("New password").fill("yet another e2e passphrase");
  await fan.getByRole("button", { name: "Set my new password" }).click();
  await expect(fan.getByRole("main").getByRole("alert")).toHaveText("This link is invalid, expired or already used");
  await anonymous.close();
});

// Web push in Chromium, offline. A real subscription needs the browser's push service (Google's
// FCM for Chromium), which is not reachable here, so PushManager.subscribe is the one thing stood in
// for: it answers a subscription whose endpoint is a local push-service double in this test and
// whose keys were made here. Everything else is real: the account page's button asks permission,
// registers /sw.js and posts the subscription; the outbox worker sends the message encrypted for
// those keys with a VAPID signature to the double, which decrypts it; the decrypted payload is then
// delivered to the registered service worker as a real push event (DevTools' "push" button, CDP
// ServiceWorker.deliverPushMessage), which shows the notification and tells the page. Not proven:
// delivery through a real push service and the browser's own decryption.

function decryptPush(body: Buffer, ecdh: ReturnType<typeof createECDH>, authSecret: Buffer): string {
  const salt = body.subarray(0, 16);
  const idLength = body.readUInt8(20);
  const serverPublic = body.subarray(21, 21 + idLength);
  const ciphertext = body.subarray(21 + idLength);
  const keyInfo = Buffer.concat([Buffer.from("WebPush: info\0"), ecdh.getPublicKey(), serverPublic]);
  const ikm = Buffer.from(hkdfSync("sha256", ecdh.computeSecret(serverPublic), authSecret, keyInfo, 32));
  const cek = Buffer.from(hkdfSync("sha256", ikm, salt, Buffer.from("Content-Encoding: aes128gcm\0"), 16));
  const nonce = Buffer.from(hkdfSync("sha256", ikm, salt, Buffer.from("Content-Encoding: nonce\0"), 12));
  const decipher = createDecipheriv("aes-128-gcm", cek, nonce);
  decipher.setAuthTag(ciphertext.subarray(ciphertext.length - 16));
  const padded = Buffer.concat([decipher.update(ciphertext.subarray(0, ciphertext.length - 16)), decipher.final()]);
  let end = padded.length - 1;
  while (end > 0 && padded[end] === 0) end--;
  return padded.subarray(0, end).toString("utf8");
}

test("web push: subscribe on the account page, the worker's encrypted push reaches the double, the service worker shows it", async ({ browser, baseURL }) => {
  test.setTimeout(120_000);
  const received: { headers: http.IncomingHttpHeaders; body: Buffer }[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks) });
      res.writeHead(201).end();
    });
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}/push/${randomBytes(6).toString("hex")}`;
  const ecdh = createECDH("prime256v1");
  ecdh.generateKeys();
  const authSecret = randomBytes(16);
  try {
    const context = await browser.newContext({ baseURL });
    await context.grantPermissions(["notifications"], { origin: baseURL });
    await context.addInitScript(
      ({ endpoint, p256dh, auth }) => {
        const subscription = { endpoint, expirationTime: null, getKey: () => null, unsubscribe: async () => true, toJSON: () => ({ endpoint, expirationTime: null, keys: { p256dh, auth } }) };
        PushManager.prototype.subscribe = async () => subscription as unknown as PushSubscription;
        PushManager.prototype.getSubscription = async () => null;
      },
      { endpoint, p256dh: ecdh.getPublicKey().toString("base64url"), auth: authSecret.toString("base64url") },
    );
    const page = await context.newPage();
    const account = newAccount();
    await page.goto("/signup?callbackUrl=/account");
    await submitSignUp(page, account);
    await expect(page).toHaveURL(/\/account$/);

    await page.getByRole("button", { name: "Get push notifications on this browser" }).click();
    await expect(page.getByTestId("account-push-opt-in")).toHaveAttribute("data-push-state", "subscribed");
    expect(await page.evaluate(async () => (await navigator.serviceWorker.ready).active?.scriptURL)).toMatch(/\/sw\.js$/);

    // Push on for the confirmation mail's kind, then ask for a new confirmation link.
    const put = await page.evaluate(async () => (await fetch("/api/me/notifications", { method: "PUT", headers: { "content-type": "application/json" }, body: JSON.stringify({ kind: "email_verification", channel: "push", enabled: true }) })).status);
    expect(put).toBe(200);
    await page.getByRole("button", { name: "Send me a new confirmation link" }).click();
    await expect.poll(() => received.length, { message: "a push at the push-service double", timeout: 30_000 }).toBeGreaterThan(0);
    const push = received[0]!;
    expect(push.headers["content-encoding"]).toBe("aes128gcm");
    expect(push.headers.authorization).toMatch(/^vapid t=[\w-]+\.[\w-]+\.[\w-]+, k=[\w-]+$/);
    const plaintext = decryptPush(push.body, ecdh, authSecret);
    const payload = JSON.parse(plaintext) as { title: string; url: string; tag: string };
    expect(payload.title).toMatch(/Confirm your email address/);

    // The decrypted message, delivered to the registered service worker as the browser would.
    const cdp = await context.newCDPSession(page);
    const registrations: { registrationId: string; scopeURL: string; isDeleted: boolean }[] = [];
    cdp.on("ServiceWorker.workerRegistrationUpdated", (e: { registrations: typeof registrations }) => registrations.push(...e.registrations));
    await cdp.send("ServiceWorker.enable");
    await expect.poll(() => registrations.some((r) => !r.isDeleted && r.scopeURL.startsWith(baseURL!))).toBe(true);
    const registration = registrations.find((r) => !r.isDeleted && r.scopeURL.startsWith(baseURL!))!;
    // The page starts taking the worker's messages before the push comes in.
    await page.evaluate(() => {
      const w = window as unknown as { __pushes: unknown[] };
      w.__pushes = [];
      navigator.serviceWorker.addEventListener("message", (e) => w.__pushes.push(e.data));
      navigator.serviceWorker.startMessages();
    });
    await cdp.send("ServiceWorker.deliverPushMessage", { origin: new URL(baseURL!).origin, registrationId: registration.registrationId, data: plaintext });
    await expect
      .poll(async () => page.evaluate(async () => (await (await navigator.serviceWorker.ready).getNotifications()).map((n) => n.title)), { message: "the service worker showed the notification", timeout: 15_000 })
      .toContain(payload.title);
    await expect
      .poll(async () => page.evaluate(() => (window as unknown as { __pushes: unknown[] }).__pushes), { message: "the page heard of the push", timeout: 10_000 })
      .toEqual([{ type: "openseat-push", payload: { title: payload.title, body: expect.any(String), url: payload.url, tag: payload.tag } }]);
    await context.close();
  } finally {
    server.close();
  }
});
