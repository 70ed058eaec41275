// The mailed-link flows and the notification settings over HTTP: password reset (single use,
// expiring, answers the same for unknown emails, rate limited), email verification, unsubscribe
// (RFC 8058 one-click), and who may call each route (anonymous, buyer, another buyer, a venue
// admin, an admin), with a refused call changing nothing.
import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import { POST as requestResetPOST } from "@/app/api/auth/password-reset/request/route";
import { POST as resetPOST } from "@/app/api/auth/password-reset/route";
import { POST as verifyPOST } from "@/app/api/auth/verify-email/route";
import { POST as unsubscribePOST } from "@/app/api/notifications/unsubscribe/route";
import { GET as notificationsGET, PUT as notificationsPUT } from "@/app/api/me/notifications/route";
import { POST as resendPOST } from "@/app/api/me/verification-email/route";
import { resetPassword, verifyEmail } from "@/lib/auth/account-mail-links";
import { authTokenText, issueAuthToken } from "@/lib/auth/auth-tokens";
import { verifyCredentials } from "@/lib/auth/verify-credentials";
import { disconnectDb, getDb } from "@/lib/db";
import type { User } from "@/lib/generated/prisma/client";
import { signUnsubscribeToken } from "@/lib/notifications/unsubscribe-token";
import { accessTokenFor, callRoute, postJson, type RouteHandler } from "@/test/support/api";
import { createTestUser, TEST_PASSWORD } from "@/test/support/auth";
import { truncateAll } from "@/test/support/database";
import { resetRedis } from "@/test/support/redis";

const NEW_PASSWORD = "a brand new passphrase 7";
const saved = { ...process.env };

let users: Record<"buyer" | "other" | "venue_admin" | "admin", User>;
beforeEach(async () => {
  await truncateAll();
  await resetRedis();
  users = {
    buyer: await createTestUser({ email: "buyer@example.com" }),
    other: await createTestUser({ email: "other@example.com" }),
    venue_admin: await createTestUser({ role: "venue_admin" }),
    admin: await createTestUser({ role: "admin" }),
  };
});
afterEach(() => {
  for (const k of ["RATE_LIMIT_MAIL_LINK_EMAIL_PER_MINUTE", "RATE_LIMIT_MAIL_LINK_PER_MINUTE"]) {
    if (saved[k] === undefined) delete process.env[k];
    else process.env[k] = saved[k];
  }
});
afterAll(disconnectDb);

/** Every row a mailed-link route may touch, to compare before and after a refused call. */
const snapshot = async () => ({
  users: await getDb().user.findMany({ orderBy: { id: "asc" }, select: { id: true, passwordHash: true, sessionVersion: true, emailVerifiedAt: true } }),
  tokens: await getDb().authToken.findMany({ orderBy: { id: "asc" } }),
  notifications: await getDb().notification.findMany({ orderBy: { id: "asc" } }),
  preferences: await getDb().notificationPreference.findMany({ orderBy: [{ userId: "asc" }, { kind: "asc" }] }),
});

async function resetToken(user: User, now = new Date()): Promise<string> {
  const id = await issueAuthToken(getDb(), user.id, "password_reset", now);
  return (await authTokenText(id, "password_reset", now))!;
}

describe("password reset", () => {
  it("answers the same whether or not the email has an account, and mails only a real one", async () => {
    const known = await postJson(requestResetPOST as RouteHandler, "/api/auth/password-reset/request", { email: "BUYER@example.com" });
    const unknown = await postJson(requestResetPOST as RouteHandler, "/api/auth/password-reset/request", { email: "nobody@example.com" });
    expect([known.status, unknown.status]).toEqual([202, 202]);
    expect(unknown.body).toEqual(known.body);
    const rows = await getDb().notification.findMany({ select: { userId: true, kind: true, payload: true } });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ userId: users.buyer.id, kind: "password_reset" });
    // The outbox row carries the token's id, never a working token.
    expect(Object.keys(rows[0]!.payload as object)).toEqual(["tokenId"]);
  });

  it("a reset link works once, sets the password, ends earlier sessions and confirms the address", async () => {
    const token = await resetToken(users.buyer);
    const ok = await postJson(resetPOST as RouteHandler, "/api/auth/password-reset", { token, password: NEW_PASSWORD });
    expect(ok.status).toBe(200);
    expect(await verifyCredentials({ email: "buyer@example.com", password: NEW_PASSWORD })).toMatchObject({ id: users.buyer.id });
    expect(await verifyCredentials({ email: "buyer@example.com", password: TEST_PASSWORD })).toBeNull();
    const row = await getDb().user.findUniqueOrThrow({ where: { id: users.buyer.id } });
    expect(row.sessionVersion).toBe(users.buyer.sessionVersion + 1);
    expect(row.emailVerifiedAt).not.toBeNull();
    const before = await snapshot();
    const again = await postJson(resetPOST as RouteHandler, "/api/auth/password-reset", { token, password: "yet another passphrase" });
    expect(again.status).toBe(400);
    expect(again.body).toMatchObject({ error: { code: "bad_request" } });
    expect(await snapshot()).toEqual(before);
  });

  it("of many concurrent uses of one link exactly one succeeds", async () => {
    const token = await resetToken(users.buyer);
    const results = await Promise.allSettled(Array.from({ length: 8 }, (_, i) => resetPassword(token, `${NEW_PASSWORD} ${i}`)));
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
  });

  it("a link expires after an hour (injected clock), and a newer link ends the older one", async () => {
    const t0 = new Date("2030-01-01T00:00:00Z");
    const token = await resetToken(users.buyer, t0);
    await expect(resetPassword(token, NEW_PASSWORD, new Date(t0.getTime() + 3600_000 + 1))).rejects.toMatchObject({ code: "bad_request" });
    const older = await resetToken(users.buyer, t0);
    const newer = await resetToken(users.buyer, new Date(t0.getTime() + 1000));
    await expect(resetPassword(older, NEW_PASSWORD, new Date(t0.getTime() + 2000))).rejects.toMatchObject({ code: "bad_request" });
    await expect(resetPassword(newer, NEW_PASSWORD, new Date(t0.getTime() + 2000))).resolves.toMatchObject({ email: "buyer@example.com" });
  });

  it("refuses forged, garbled and other-purpose tokens without changing anything", async () => {
    const token = await resetToken(users.buyer);
    const verification = (await authTokenText(await issueAuthToken(getDb(), users.buyer.id, "email_verification"), "email_verification"))!;
    const [id] = token.split(".");
    const before = await snapshot();
    for (const bad of [`${id}.${"A".repeat(43)}`, verification, "1.x", "", "x".repeat(500), `${id}`]) {
      const res = await postJson(resetPOST as RouteHandler, "/api/auth/password-reset", { token: bad, password: NEW_PASSWORD });
      expect(res.status, bad).toBe(400);
    }
    expect(await snapshot()).toEqual(before);
    // A weak new password is refused before the token is used.
    expect((await postJson(resetPOST as RouteHandler, "/api/auth/password-reset", { token, password: "short" })).status).toBe(400);
    expect(await snapshot()).toEqual(before);
  });

  it("is rate limited per email asked for", async () => {
    process.env.RATE_LIMIT_MAIL_LINK_EMAIL_PER_MINUTE = "2";
    for (let i = 0; i < 2; i++) expect((await postJson(requestResetPOST as RouteHandler, "/api/auth/password-reset/request", { email: "buyer@example.com" })).status).toBe(202);
    const limited = await postJson(requestResetPOST as RouteHandler, "/api/auth/password-reset/request", { email: "buyer@example.com" });
    expect(limited.status).toBe(429);
    expect(await getDb().notification.count()).toBe(2);
  });
});

describe("email verification", () => {
  it("a verification link confirms the address once; the resend route is the caller's own", async () => {
    const anonymous = await callRoute(resendPOST as RouteHandler, "POST", "/api/me/verification-email");
    expect(anonymous.status).toBe(401);
    const before = await snapshot();
    expect(before.notifications).toHaveLength(0);
    const sent = await callRoute(resendPOST as RouteHandler, "POST", "/api/me/verification-email", { token: await accessTokenFor(users.buyer) });
    expect(sent.status).toBe(202);
    const [row] = await getDb().notification.findMany({ select: { userId: true, kind: true, payload: true } });
    expect(row).toMatchObject({ userId: users.buyer.id, kind: "email_verification" });
    const token = (await authTokenText((row!.payload as { tokenId: number }).tokenId, "email_verification"))!;
    expect((await postJson(verifyPOST as RouteHandler, "/api/auth/verify-email", { token })).status).toBe(200);
    expect((await getDb().user.findUniqueOrThrow({ where: { id: users.buyer.id } })).emailVerifiedAt).not.toBeNull();
    expect((await getDb().user.findUniqueOrThrow({ where: { id: users.other.id } })).emailVerifiedAt).toBeNull();
    expect((await postJson(verifyPOST as RouteHandler, "/api/auth/verify-email", { token })).status).toBe(400);
    const again = await callRoute(resendPOST as RouteHandler, "POST", "/api/me/verification-email", { token: await accessTokenFor(users.buyer) });
    expect(again).toMatchObject({ status: 200, body: { already_verified: true } });
  });

  it("expires after 48 hours (injected clock)", async () => {
    const t0 = new Date("2030-01-01T00:00:00Z");
    const id = await issueAuthToken(getDb(), users.buyer.id, "email_verification", t0);
    const token = (await authTokenText(id, "email_verification", t0))!;
    await expect(verifyEmail(token, new Date(t0.getTime() + 48 * 3600_000 + 1))).rejects.toMatchObject({ code: "bad_request" });
    await expect(verifyEmail(token, new Date(t0.getTime() + 47 * 3600_000))).resolves.toEqual({ userId: users.buyer.id });
  });
});

describe("notification settings: who may read and change them", () => {
  const put = (token: string | undefined, body: unknown) => callRoute(notificationsPUT as RouteHandler, "PUT", "/api/me/notifications", { token, body });

  it("anonymous: 401, nothing changes", async () => {
    const before = await snapshot();
    expect((await callRoute(notificationsGET as RouteHandler, "GET", "/api/me/notifications")).status).toBe(401);
    expect((await put(undefined, { kind: "waitlist_offer", channel: "email", enabled: false })).status).toBe(401);
    expect(await snapshot()).toEqual(before);
  });

  for (const role of ["buyer", "venue_admin", "admin"] as const) {
    it(`${role}: reads and changes their own settings only`, async () => {
      const me = users[role];
      const token = await accessTokenFor(me);
      const changed = await put(token, { kind: "waitlist_offer", channel: "email", enabled: false });
      expect(changed.status).toBe(200);
      const prefs = await getDb().notificationPreference.findMany();
      expect(prefs.map((p) => [p.userId, p.kind, p.channel, p.enabled])).toEqual([[me.id, "waitlist_offer", "email", false]]);
      const read = await callRoute<{ settings: { kind: string; channels: { channel: string; enabled: boolean }[] }[] }>(notificationsGET as RouteHandler, "GET", "/api/me/notifications", { token });
      expect(read.status).toBe(200);
      expect(read.body.settings.find((s) => s.kind === "waitlist_offer")!.channels.find((c) => c.channel === "email")!.enabled).toBe(false);
    });
  }

  it("a required kind's email cannot be turned off, push/SMS cannot be turned on yet, bad input is 400; nothing changes", async () => {
    const token = await accessTokenFor(users.buyer);
    const before = await snapshot();
    for (const body of [
      { kind: "password_reset", channel: "email", enabled: false },
      { kind: "order_confirmation", channel: "email", enabled: false },
      { kind: "waitlist_offer", channel: "sms", enabled: true },
      { kind: "nope", channel: "email", enabled: false },
      { kind: "waitlist_offer", channel: "pigeon", enabled: false },
      { kind: "waitlist_offer", channel: "email", enabled: "no" },
      "[",
    ]) {
      const res = await put(token, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
    }
    expect(await snapshot()).toEqual(before);
  });
});

describe("unsubscribe (RFC 8058 one-click)", () => {
  const oneClick = (token: string) =>
    unsubscribePOST(
      new Request(`http://localhost/api/notifications/unsubscribe?token=${encodeURIComponent(token)}`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: "List-Unsubscribe=One-Click",
      }),
      { params: Promise.resolve({}) } as never,
    );

  it("the signed link turns that kind's email off for that fan only, with no session", async () => {
    const res = await oneClick(signUnsubscribeToken({ userId: users.buyer.id, kind: "waitlist_offer", channel: "email" }));
    expect(res.status).toBe(200);
    const prefs = await getDb().notificationPreference.findMany();
    expect(prefs.map((p) => [p.userId, p.kind, p.channel, p.enabled])).toEqual([[users.buyer.id, "waitlist_offer", "email", false]]);
  });

  it("refuses forged links, other fans' ids, and required kinds; nothing changes", async () => {
    const good = signUnsubscribeToken({ userId: users.buyer.id, kind: "waitlist_offer", channel: "email" });
    const before = await snapshot();
    const forged = [
      good.replace(`${users.buyer.id}.`, `${users.other.id}.`),
      good.replace("waitlist_offer", "hold_expiring"),
      signUnsubscribeToken({ userId: users.buyer.id, kind: "password_reset", channel: "email" }),
      "garbage",
    ];
    for (const token of forged) expect((await oneClick(token)).status, token).toBe(400);
    expect((await unsubscribePOST(new Request("http://localhost/api/notifications/unsubscribe", { method: "POST" }), { params: Promise.resolve({}) } as never)).status).toBe(400);
    expect(await snapshot()).toEqual(before);
  });
});
