// Who may call the web push subscription routes and the waiting room's "notify me when it's my turn"
// route: one row per route and kind of caller (test/support/actors.ts). Each acts on the caller's own
// rows only: every signed-in kind of caller may, anonymous may not (401) and changes nothing; one
// fan's DELETE never removes another's browser.
import { createECDH, randomBytes } from "node:crypto";
import webpush from "web-push";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import * as pushRoute from "@/app/api/me/push-subscriptions/route";
import * as turnAlertRoute from "@/app/api/events/[event_id]/queue/turn-alert/route";
import { getDb } from "@/lib/db";
import { createEventWithTickets } from "@/prisma/seed/factories";
import { ACTOR_NAMES, createCast, type ActorName } from "@/test/support/actors";
import { callRoute, type RouteHandler } from "@/test/support/api";
import { truncateAll } from "@/test/support/database";
import { resetRedis } from "@/test/support/redis";

const vapid = webpush.generateVAPIDKeys();
const PUSH_ENV = ["WEB_PUSH_VAPID_PUBLIC_KEY", "WEB_PUSH_VAPID_PRIVATE_KEY", "WEB_PUSH_SERVICE_HOSTS"] as const;
const saved = Object.fromEntries(PUSH_ENV.map((k) => [k, process.env[k]]));

beforeEach(async () => {
  await truncateAll();
  await resetRedis();
  Object.assign(process.env, { WEB_PUSH_VAPID_PUBLIC_KEY: vapid.publicKey, WEB_PUSH_VAPID_PRIVATE_KEY: vapid.privateKey, WEB_PUSH_SERVICE_HOSTS: "push.example.com" });
});
afterEach(() => {
  for (const k of PUSH_ENV) {
    if (saved[k] === undefined) delete process.env[k];
    else process.env[k] = saved[k];
  }
});

const subscription = (n: string) => {
  const ecdh = createECDH("prime256v1");
  ecdh.generateKeys();
  return { endpoint: `https://push.example.com/send/${n}`, keys: { p256dh: ecdh.getPublicKey().toString("base64url"), auth: randomBytes(16).toString("base64url") } };
};

const state = async () =>
  JSON.stringify({
    subs: await getDb().pushSubscription.findMany({ orderBy: { id: "asc" }, select: { userId: true, endpoint: true, p256dh: true } }),
    alerts: await getDb().queueTurnAlert.findMany({ orderBy: [{ eventId: "asc" }, { userId: "asc" }] }),
    prefs: await getDb().notificationPreference.count(),
  });

const SIGNED_IN: Record<ActorName, number> = { anonymous: 401, buyer: 200, doorStaff: 200, otherVenueAdmin: 200, venueAdmin: 200, admin: 200 };

describe("authorization matrix", () => {
  it("GET, POST, DELETE /api/me/push-subscriptions and PUT …/queue/turn-alert: any signed-in caller, for themselves; anonymous 401 changing nothing", async () => {
    const cast = await createCast();
    const { event } = await createEventWithTickets(getDb(), { venueId: cast.venue.venue.id, onsaleAt: new Date(Date.now() - 1000), queueEnabled: true });
    for (const name of ACTOR_NAMES) {
      const actor = cast.actors[name];
      const expected = SIGNED_IN[name];
      const sub = subscription(name);
      const rows: { method: string; handler: RouteHandler; path: string; body?: unknown; params?: Record<string, string>; ok: number }[] = [
        { method: "GET", handler: pushRoute.GET as RouteHandler, path: "/api/me/push-subscriptions", ok: 200 },
        { method: "POST", handler: pushRoute.POST as RouteHandler, path: "/api/me/push-subscriptions", body: sub, ok: 201 },
        { method: "DELETE", handler: pushRoute.DELETE as RouteHandler, path: "/api/me/push-subscriptions", body: { endpoint: sub.endpoint }, ok: 200 },
        { method: "PUT", handler: turnAlertRoute.PUT as RouteHandler, path: `/api/events/${event.id}/queue/turn-alert`, params: { event_id: String(event.id) }, body: { enabled: true }, ok: 200 },
      ];
      for (const row of rows) {
        const before = await state();
        const res = await callRoute(row.handler, row.method, row.path, { token: actor.token, body: row.body, params: row.params });
        expect(res.status, `${name} ${row.method} ${row.path}`).toBe(expected === 200 ? row.ok : expected);
        if (expected !== 200) expect(await state(), `${name} ${row.method} changed state`).toBe(before);
      }
      if (actor.user) expect(await getDb().queueTurnAlert.count({ where: { userId: actor.user.id, eventId: event.id } })).toBe(1);
    }
  });
});

describe("push subscriptions", () => {
  it("stores, updates and removes the caller's own browsers only", async () => {
    const cast = await createCast();
    const { buyer, admin } = cast.actors;
    const a = subscription("a");
    expect((await callRoute(pushRoute.POST as RouteHandler, "POST", "/api/me/push-subscriptions", { token: buyer.token, body: a })).body).toEqual({ subscriptions: 1 });
    // The same browser again (new keys): one row, updated.
    const again = { ...subscription("x"), endpoint: a.endpoint };
    await callRoute(pushRoute.POST as RouteHandler, "POST", "/api/me/push-subscriptions", { token: buyer.token, body: again });
    expect(await getDb().pushSubscription.findMany({ select: { endpoint: true, p256dh: true } })).toEqual([{ endpoint: a.endpoint, p256dh: again.keys.p256dh }]);
    // Another account's DELETE of this endpoint leaves it alone.
    expect((await callRoute(pushRoute.DELETE as RouteHandler, "DELETE", "/api/me/push-subscriptions", { token: admin.token, body: { endpoint: a.endpoint } })).status).toBe(200);
    expect(await getDb().pushSubscription.count()).toBe(1);
    const status = await callRoute<{ available: boolean; vapid_public_key: string; subscriptions: number }>(pushRoute.GET as RouteHandler, "GET", "/api/me/push-subscriptions", { token: buyer.token });
    expect(status.body).toEqual({ available: true, vapid_public_key: vapid.publicKey, subscriptions: 1 });
    expect((await callRoute(pushRoute.DELETE as RouteHandler, "DELETE", "/api/me/push-subscriptions", { token: buyer.token, body: { endpoint: a.endpoint } })).body).toEqual({ subscriptions: 0 });
  });

  it("refuses bad keys, non-https endpoints, and everything when push is off", async () => {
    const { buyer } = (await createCast()).actors;
    const post = (body: unknown) => callRoute<{ error: { code: string } }>(pushRoute.POST as RouteHandler, "POST", "/api/me/push-subscriptions", { token: buyer.token, body });
    const good = subscription("b");
    expect((await post({ ...good, keys: { ...good.keys, auth: "short" } })).status).toBe(400);
    expect((await post({ ...good, endpoint: "ftp://x/y" })).status).toBe(400);
    expect((await post({ ...good, endpoint: "http://push.example.com/y" })).status).toBe(400);
    // Only push services' addresses: never an internal host, a metadata address or a look-alike domain.
    for (const endpoint of ["https://169.254.169.254/latest/meta-data", "https://10.0.0.5/admin", "https://localhost/x", "https://push.example.com.evil.test/y", "https://evilpush.example.com/y"]) {
      const refused = await post({ ...good, endpoint });
      expect(refused.status, endpoint).toBe(400);
      expect(refused.body.error.code).toBe("validation_error");
    }
    expect(await getDb().pushSubscription.count()).toBe(0);
    for (const k of PUSH_ENV) delete process.env[k];
    expect((await post(good)).status).toBe(400);
    const status = await callRoute(pushRoute.GET as RouteHandler, "GET", "/api/me/push-subscriptions", { token: buyer.token });
    expect(status.body).toEqual({ available: false, vapid_public_key: null, subscriptions: 0 });
    expect(await getDb().pushSubscription.count()).toBe(0);
  });
});

describe("turn alert", () => {
  it("on and off for the caller; unknown event 404; an event without a waiting room 400", async () => {
    const cast = await createCast();
    const { buyer } = cast.actors;
    const { event } = await createEventWithTickets(getDb(), { venueId: cast.venue.venue.id, onsaleAt: new Date(Date.now() - 1000), queueEnabled: true });
    const { event: plain } = await createEventWithTickets(getDb(), { venueId: cast.venue.venue.id, onsaleAt: new Date(Date.now() - 1000) });
    const put = (id: number, enabled: unknown) => callRoute(turnAlertRoute.PUT as RouteHandler, "PUT", `/api/events/${id}/queue/turn-alert`, { token: buyer.token, params: { event_id: String(id) }, body: { enabled } });
    expect((await put(event.id, true)).body).toEqual({ enabled: true });
    expect((await put(event.id, true)).status).toBe(200);
    expect(await getDb().queueTurnAlert.count()).toBe(1);
    expect((await put(event.id, false)).body).toEqual({ enabled: false });
    expect(await getDb().queueTurnAlert.count()).toBe(0);
    expect((await put(999_999, true)).status).toBe(404);
    expect((await put(plain.id, true)).status).toBe(400);
    expect((await put(event.id, "yes")).status).toBe(400);
    expect(await getDb().queueTurnAlert.count()).toBe(0);
  });
});
