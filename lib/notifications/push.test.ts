// Web push against a local double of a push service: the worker POSTs an RFC 8291 encrypted payload
// signed with the server's VAPID key (RFC 8292), which the double checks (the JWT's signature,
// audience, subject and expiry; the key in the header) and decrypts with the browser's private key
// made here. A subscription answered 410 is deleted; a service that is down is retried; without VAPID
// keys the channel is off and says so.
import { createECDH, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";
import { once } from "node:events";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { importJWK, jwtVerify } from "jose";
import webpush from "web-push";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { disconnectDb, getDb } from "@/lib/db";
import { createTestUser } from "@/test/support/auth";
import { truncateAll } from "@/test/support/database";
import { enqueueNotification } from "./outbox";
import { channelAvailable, setNotificationPreference } from "./preferences";
import { savePushSubscription } from "./push/save-push-subscription";
import { drainNotifications } from "./worker";

type Received = { path: string; headers: http.IncomingHttpHeaders; body: Buffer };
let received: Received[] = [];
let server: http.Server;
let origin = "";
const vapid = webpush.generateVAPIDKeys();
const PUSH_ENV = ["WEB_PUSH_VAPID_PUBLIC_KEY", "WEB_PUSH_VAPID_PRIVATE_KEY", "WEB_PUSH_SUBJECT", "WEB_PUSH_ALLOW_HTTP_ENDPOINTS", "WEB_PUSH_SERVICE_HOSTS"] as const;
const saved = Object.fromEntries(PUSH_ENV.map((k) => [k, process.env[k]]));
const configure = () =>
  Object.assign(process.env, { WEB_PUSH_VAPID_PUBLIC_KEY: vapid.publicKey, WEB_PUSH_VAPID_PRIVATE_KEY: vapid.privateKey, WEB_PUSH_SUBJECT: "mailto:ops@example.com", WEB_PUSH_ALLOW_HTTP_ENDPOINTS: "1", WEB_PUSH_SERVICE_HOSTS: "127.0.0.1,push.example.com" });

beforeAll(async () => {
  // /ok/… accepts (201), /gone/… answers 410 (unsubscribed), /down/… 503.
  server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      received.push({ path: req.url ?? "", headers: req.headers, body: Buffer.concat(chunks) });
      const status = req.url?.startsWith("/gone") ? 410 : req.url?.startsWith("/down") ? 503 : 201;
      res.writeHead(status).end();
    });
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise<void>((r) => server.close(() => r()));
  await disconnectDb();
});
beforeEach(async () => {
  await truncateAll();
  received = [];
  configure();
});
afterEach(() => {
  for (const k of PUSH_ENV) {
    if (saved[k] === undefined) delete process.env[k];
    else process.env[k] = saved[k];
  }
});

/** A browser's side of a subscription: its P-256 key pair and auth secret. */
function browserKeys() {
  const ecdh = createECDH("prime256v1");
  ecdh.generateKeys();
  const auth = randomBytes(16);
  return { ecdh, auth, keys: { p256dh: ecdh.getPublicKey().toString("base64url"), auth: auth.toString("base64url") } };
}

/** RFC 8291 + RFC 8188 (aes128gcm, one record): what the browser does with the body. */
function decrypt(body: Buffer, browser: ReturnType<typeof browserKeys>): string {
  const salt = body.subarray(0, 16);
  const idLength = body.readUInt8(20);
  const serverPublic = body.subarray(21, 21 + idLength);
  const ciphertext = body.subarray(21 + idLength);
  const ecdhSecret = browser.ecdh.computeSecret(serverPublic);
  const keyInfo = Buffer.concat([Buffer.from("WebPush: info\0"), browser.ecdh.getPublicKey(), serverPublic]);
  const ikm = Buffer.from(hkdfSync("sha256", ecdhSecret, browser.auth, keyInfo, 32));
  const cek = Buffer.from(hkdfSync("sha256", ikm, salt, Buffer.from("Content-Encoding: aes128gcm\0"), 16));
  const nonce = Buffer.from(hkdfSync("sha256", ikm, salt, Buffer.from("Content-Encoding: nonce\0"), 12));
  const decipher = createDecipheriv("aes-128-gcm", cek, nonce);
  decipher.setAuthTag(ciphertext.subarray(ciphertext.length - 16));
  const padded = Buffer.concat([decipher.update(ciphertext.subarray(0, ciphertext.length - 16)), decipher.final()]);
  let end = padded.length - 1;
  while (end > 0 && padded[end] === 0) end--;
  expect(padded[end], "the last record's padding delimiter").toBe(2);
  return padded.subarray(0, end).toString("utf8");
}

/** Checks the VAPID Authorization header: `vapid t=<ES256 JWT>, k=<server public key>`. */
async function checkVapid(headers: http.IncomingHttpHeaders, endpointOrigin: string) {
  const match = /^vapid t=([^,]+), k=([A-Za-z0-9_-]+)$/.exec(headers.authorization ?? "");
  expect(match, `Authorization: ${headers.authorization}`).not.toBeNull();
  expect(match![2]).toBe(vapid.publicKey);
  const point = Buffer.from(vapid.publicKey, "base64url");
  const key = await importJWK({ kty: "EC", crv: "P-256", x: point.subarray(1, 33).toString("base64url"), y: point.subarray(33, 65).toString("base64url") }, "ES256");
  const { payload } = await jwtVerify(match![1]!, key, { audience: endpointOrigin, subject: "mailto:ops@example.com" });
  expect(payload.exp! * 1000).toBeGreaterThan(Date.now());
}

const offer = { eventId: 7, eventTitle: "The Show", seats: ["A-1-1"], expiresAt: "2030-01-01T00:15:00.000Z", url: "/events/7" };

async function fanWithPush(paths: string[]) {
  const user = await createTestUser();
  const browsers = paths.map(() => browserKeys());
  for (const [i, path] of paths.entries()) await savePushSubscription(user.id, { endpoint: `${origin}${path}`, keys: browsers[i]!.keys });
  await setNotificationPreference(user.id, "waitlist_offer", "push", true);
  await setNotificationPreference(user.id, "waitlist_offer", "email", false);
  await enqueueNotification(getDb(), { userId: user.id, kind: "waitlist_offer", dedupeKey: `offer:${user.id}`, data: offer });
  return { user, browsers };
}

describe("web push", () => {
  it("sends the message encrypted for the browser, signed with VAPID, once", async () => {
    const { browsers } = await fanWithPush(["/ok/1"]);
    expect(channelAvailable("push")).toBe(true);
    const drained = await drainNotifications();
    expect(drained, (await getDb().notification.findFirst())?.lastError ?? "").toMatchObject({ sent: 1 });
    expect(received).toHaveLength(1);
    const [push] = received;
    expect(push!.path).toBe("/ok/1");
    expect(push!.headers["content-encoding"]).toBe("aes128gcm");
    expect(push!.headers.ttl).toBe(String(24 * 3600));
    expect(push!.headers.urgency).toBe("high");
    const row = await getDb().notification.findFirstOrThrow();
    expect(push!.headers.topic).toBe(`n${row.id}`);
    await checkVapid(push!.headers, origin);
    const payload = JSON.parse(decrypt(push!.body, browsers[0]!)) as Record<string, string>;
    expect(payload).toMatchObject({ tag: `n${row.id}` });
    expect(payload.title).toMatch(/The Show/);
    expect(payload.url).toMatch(/\/events\/7$/);
    expect(row).toMatchObject({ status: "sent" });
    expect(row.providerMessageId).toMatch(/^push: 1 of 1 browser/);
    expect((await getDb().pushSubscription.findFirstOrThrow()).lastSentAt).not.toBeNull();
    expect(await drainNotifications()).toMatchObject({ claimed: 0 });
    expect(received).toHaveLength(1);
  });

  it("deletes a subscription the push service answers 410 for, and still reaches the fan's other browser", async () => {
    await fanWithPush(["/gone/1", "/ok/2"]);
    expect(await drainNotifications()).toMatchObject({ sent: 1 });
    expect(received.map((r) => r.path).sort()).toEqual(["/gone/1", "/ok/2"]);
    const left = await getDb().pushSubscription.findMany();
    expect(left.map((s) => s.endpoint)).toEqual([`${origin}/ok/2`]);
    expect((await getDb().notification.findFirstOrThrow()).providerMessageId).toMatch(/1 gone and removed/);
  });

  it("only gone browsers: the message is suppressed and the subscriptions removed", async () => {
    await fanWithPush(["/gone/1"]);
    expect(await drainNotifications()).toMatchObject({ suppressed: 1 });
    expect(await getDb().pushSubscription.count()).toBe(0);
  });

  it("a push service that is down: retried later, then sent", async () => {
    await fanWithPush(["/down/1"]);
    expect(await drainNotifications({ retryBaseMs: 1 })).toMatchObject({ retried: 1 });
    await getDb().pushSubscription.updateMany({ data: { endpoint: `${origin}/ok/1` } });
    expect(await drainNotifications({ now: () => new Date(Date.now() + 1000), retryBaseMs: 1 })).toMatchObject({ sent: 1 });
  });

  it("without VAPID keys push is off and says so; http endpoints only where allowed", async () => {
    const { user } = await fanWithPush(["/ok/1"]);
    for (const k of PUSH_ENV) delete process.env[k];
    expect(channelAvailable("push")).toBe(false);
    expect(await drainNotifications()).toMatchObject({ suppressed: 1 });
    expect((await getDb().notification.findFirstOrThrow()).lastError).toMatch(/not configured/);
    expect(received).toHaveLength(0);
    await expect(setNotificationPreference(user.id, "queue_your_turn", "push", true)).rejects.toMatchObject({ code: "validation_error" });
    await expect(savePushSubscription(user.id, { endpoint: `${origin}/ok/9`, keys: browserKeys().keys })).rejects.toMatchObject({ code: "validation_error" });
    configure();
    delete process.env.WEB_PUSH_ALLOW_HTTP_ENDPOINTS;
    await expect(savePushSubscription(user.id, { endpoint: `${origin}/ok/9`, keys: browserKeys().keys })).rejects.toThrow(/https/);
    expect(await savePushSubscription(user.id, { endpoint: "https://push.example.com/abc", keys: browserKeys().keys })).toEqual({ subscriptions: 2 });
  });

  it("a fan with no subscribed browser: suppressed, nothing sent", async () => {
    await fanWithPush([]);
    expect(await drainNotifications()).toMatchObject({ suppressed: 1 });
    expect((await getDb().notification.findFirstOrThrow()).lastError).toMatch(/no browser/);
  });
});
