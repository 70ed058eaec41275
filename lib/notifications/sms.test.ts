// SMS through the Twilio-compatible provider, against a local double of Twilio's Messages API: sent
// once with the fan's number and the message's link; off (and suppressed) without configuration or
// a usable number; retried when the provider is down.
import { once } from "node:events";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { disconnectDb, getDb } from "@/lib/db";
import { createTestUser } from "@/test/support/auth";
import { truncateAll } from "@/test/support/database";
import { enqueueNotification } from "./outbox";
import { channelAvailable } from "./preferences";
import { drainNotifications } from "./worker";

type Received = { path: string; auth: string; form: URLSearchParams };
let received: Received[] = [];
let answer = 201;
let server: http.Server;
let url = "";
const SMS_ENV = ["SMS_TWILIO_ACCOUNT_SID", "SMS_TWILIO_AUTH_TOKEN", "SMS_FROM", "SMS_TWILIO_API_URL"] as const;
const saved = Object.fromEntries(SMS_ENV.map((k) => [k, process.env[k]]));

beforeAll(async () => {
  server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => (body += c.toString()));
    req.on("end", () => {
      if (answer !== 201) {
        res.writeHead(answer, { "content-type": "application/json" }).end('{"message":"down"}');
        return;
      }
      received.push({ path: req.url ?? "", auth: req.headers.authorization ?? "", form: new URLSearchParams(body) });
      res.writeHead(201, { "content-type": "application/json" }).end(JSON.stringify({ sid: `SM${received.length}` }));
    });
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise<void>((r) => server.close(() => r()));
  await disconnectDb();
});
beforeEach(async () => {
  await truncateAll();
  received = [];
  answer = 201;
  Object.assign(process.env, { SMS_TWILIO_ACCOUNT_SID: "AC123", SMS_TWILIO_AUTH_TOKEN: "secret-token", SMS_FROM: "+15005550006", SMS_TWILIO_API_URL: url });
});
afterEach(() => {
  for (const k of SMS_ENV) {
    if (saved[k] === undefined) delete process.env[k];
    else process.env[k] = saved[k];
  }
});

const offer = { eventId: 7, eventTitle: "The Show", seats: ["A-1-1"], expiresAt: "2030-01-01T00:15:00.000Z", url: "/events/7" };

async function fanWithSms(phone: string | null) {
  const user = await createTestUser();
  await getDb().user.update({ where: { id: user.id }, data: { phone } });
  await getDb().notificationPreference.createMany({
    data: [
      { userId: user.id, kind: "waitlist_offer", channel: "sms", enabled: true },
      { userId: user.id, kind: "waitlist_offer", channel: "email", enabled: false },
    ],
  });
  await enqueueNotification(getDb(), { userId: user.id, kind: "waitlist_offer", dedupeKey: `offer:${user.id}`, data: offer });
  return user;
}

describe("SMS", () => {
  it("goes to the provider once, to the fan's number in E.164, with the link", async () => {
    await fanWithSms("+1 (312) 555-0199");
    expect(await drainNotifications()).toMatchObject({ sent: 1 });
    expect(received).toHaveLength(1);
    const [sms] = received;
    expect(sms!.path).toBe("/2010-04-01/Accounts/AC123/Messages.json");
    expect(sms!.auth).toBe(`Basic ${Buffer.from("AC123:secret-token").toString("base64")}`);
    expect(sms!.form.get("To")).toBe("+13125550199");
    expect(sms!.form.get("From")).toBe("+15005550006");
    expect(sms!.form.get("Body")).toMatch(/^OpenSeat: Seats for The Show .*\/events\/7$/);
    expect(await getDb().notification.findFirstOrThrow()).toMatchObject({ status: "sent", providerMessageId: "SM1" });
    expect(await drainNotifications()).toMatchObject({ claimed: 0 });
  });

  it("the provider down: retried, then sent once", async () => {
    await fanWithSms("+13125550199");
    answer = 503;
    expect(await drainNotifications({ retryBaseMs: 1 })).toMatchObject({ retried: 1 });
    answer = 201;
    expect(await drainNotifications({ now: () => new Date(Date.now() + 1000), retryBaseMs: 1 })).toMatchObject({ sent: 1 });
    expect(received).toHaveLength(1);
  });

  it("without configuration the channel is off and says so; a number that is not E.164 is not guessed", async () => {
    for (const k of SMS_ENV) delete process.env[k];
    expect(channelAvailable("sms")).toBe(false);
    await fanWithSms("+13125550199");
    expect(await drainNotifications()).toMatchObject({ suppressed: 1 });
    expect((await getDb().notification.findFirstOrThrow()).lastError).toBe("SMS is not configured on this deployment");

    Object.assign(process.env, { SMS_TWILIO_ACCOUNT_SID: "AC123", SMS_TWILIO_AUTH_TOKEN: "secret-token", SMS_FROM: "+15005550006", SMS_TWILIO_API_URL: url });
    expect(channelAvailable("sms")).toBe(true);
    await truncateAll();
    await fanWithSms("312-555-0199");
    expect(await drainNotifications()).toMatchObject({ suppressed: 1 });
    expect(received).toHaveLength(0);
  });
});
