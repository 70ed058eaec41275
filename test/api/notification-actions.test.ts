// Who may call the server actions of the notifications and mailed-link pages, with Auth.js' auth()
// and Next's headers()/redirect() stood in (they need Next's request scope). The account page's
// actions act on the caller's own account only, and send anonymous or revoked callers to sign in
// having changed nothing; the mailed-link actions take their authority from the link's token alone,
// so every kind of caller gets the same answer for the same token.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { resendVerificationAction, saveNotificationSettingsAction } from "@/components/account/notification-actions";
import { forgotPasswordAction, resetPasswordAction, unsubscribeAction, verifyEmailAction } from "@/components/auth/mail-link-actions";
import { auth } from "@/lib/auth/auth";
import { authTokenText, issueAuthToken } from "@/lib/auth/auth-tokens";
import { getDb } from "@/lib/db";
import type { User } from "@/lib/generated/prisma/client";
import { signUnsubscribeToken } from "@/lib/notifications/unsubscribe-token";
import { createTestUser } from "@/test/support/auth";
import { truncateAll } from "@/test/support/database";
import { resetRedis } from "@/test/support/redis";

vi.mock("@/lib/auth/auth", () => ({ auth: vi.fn(), signIn: vi.fn(), signOut: vi.fn(), SIGN_IN_PATH: "/signin" }));
vi.mock("next/headers", () => ({ headers: async () => new Headers({ "x-real-ip": "198.51.100.78" }) }));
vi.mock("next/navigation", () => ({
  redirect: (url: string) => {
    throw new Error(`REDIRECT ${url}`);
  },
}));
const authMock = vi.mocked(auth as unknown as () => Promise<unknown>);

function actAs(user: User | null, sv = 0) {
  authMock.mockResolvedValue(user ? { user: { id: String(user.id), role: user.role, email: user.email, username: user.username, sv }, expires: "" } : null);
}

const snapshot = async () => ({
  users: await getDb().user.findMany({ orderBy: { id: "asc" }, select: { id: true, passwordHash: true, sessionVersion: true, emailVerifiedAt: true } }),
  tokens: await getDb().authToken.findMany({ orderBy: { id: "asc" } }),
  notifications: await getDb().notification.findMany({ orderBy: { id: "asc" } }),
  preferences: await getDb().notificationPreference.findMany({ orderBy: [{ userId: "asc" }, { kind: "asc" }, { channel: "asc" }] }),
});

const form = (fields: Record<string, string>) => {
  const data = new FormData();
  for (const [k, v] of Object.entries(fields)) data.set(k, v);
  return data;
};

let users: Record<"buyer" | "other" | "venue_admin" | "admin", User>;
beforeEach(async () => {
  await truncateAll();
  await resetRedis();
  authMock.mockReset();
  users = {
    buyer: await createTestUser(),
    other: await createTestUser(),
    venue_admin: await createTestUser({ role: "venue_admin" }),
    admin: await createTestUser({ role: "admin" }),
  };
});
afterEach(() => {
  vi.clearAllMocks();
});

const callers = [null, "buyer", "venue_admin", "admin"] as const;

describe("saveNotificationSettingsAction", () => {
  it("anonymous, or a revoked session: sent to sign in, nothing changes", async () => {
    const before = await snapshot();
    actAs(null);
    await expect(saveNotificationSettingsAction({}, form({}))).rejects.toThrow("REDIRECT /signin");
    await getDb().user.update({ where: { id: users.buyer.id }, data: { sessionVersion: 1 } });
    actAs(users.buyer, 0);
    await expect(saveNotificationSettingsAction({}, form({}))).rejects.toThrow("REDIRECT /signin");
    expect((await snapshot()).preferences).toEqual(before.preferences);
  });

  it.each(["buyer", "venue_admin", "admin"] as const)("a %s changes only their own settings; required emails stay on", async (who) => {
    actAs(users[who]);
    // Only hold_expiring's email ticked, and a required kind's box unticked (ignored).
    expect(await saveNotificationSettingsAction({}, form({ "hold_expiring:email": "on" }))).toMatchObject({ ok: true });
    const prefs = await getDb().notificationPreference.findMany({ select: { userId: true, kind: true, channel: true, enabled: true } });
    expect(new Set(prefs.map((p) => p.userId))).toEqual(new Set([users[who].id]));
    expect(prefs.find((p) => p.kind === "hold_expiring")).toMatchObject({ enabled: true });
    expect(prefs.find((p) => p.kind === "waitlist_offer")).toMatchObject({ enabled: false });
    expect(prefs.some((p) => p.kind === "password_reset" || p.channel !== "email")).toBe(false);
  });
});

describe("resendVerificationAction", () => {
  it("anonymous: sent to sign in, nothing changes", async () => {
    actAs(null);
    const before = await snapshot();
    await expect(resendVerificationAction()).rejects.toThrow("REDIRECT /signin");
    expect(await snapshot()).toEqual(before);
  });

  it.each(["buyer", "venue_admin", "admin"] as const)("a %s gets a link for their own address only", async (who) => {
    actAs(users[who]);
    expect(await resendVerificationAction()).toMatchObject({ ok: true });
    const rows = await getDb().notification.findMany({ select: { userId: true, kind: true } });
    expect(rows).toEqual([{ userId: users[who].id, kind: "email_verification" }]);
  });
});

describe("mailed-link actions: the token decides, not the caller", () => {
  it.each(callers)("caller %s: a bad token changes nothing; a good one acts on the token's account only", async (who) => {
    actAs(who ? users[who] : null);
    const before = await snapshot();
    expect(await verifyEmailAction({}, form({ token: "1.bad" }))).toMatchObject({ message: expect.stringMatching(/invalid/) });
    expect(await resetPasswordAction({}, form({ token: "1.bad", password: "a long new passphrase" }))).toMatchObject({ message: expect.stringMatching(/invalid/) });
    expect(await unsubscribeAction({}, form({ token: "1.waitlist_offer.email.x" }))).toMatchObject({ message: expect.stringMatching(/invalid/) });
    expect(await snapshot()).toEqual(before);

    const owner = users.other;
    const now = new Date();
    const verifyId = await issueAuthToken(getDb(), owner.id, "email_verification", now);
    expect(await verifyEmailAction({}, form({ token: (await authTokenText(verifyId, "email_verification", now))! }))).toMatchObject({ ok: true });
    expect(await unsubscribeAction({}, form({ token: signUnsubscribeToken({ userId: owner.id, kind: "waitlist_offer", channel: "email" }) }))).toMatchObject({ ok: true });
    const resetId = await issueAuthToken(getDb(), owner.id, "password_reset", now);
    await expect(resetPasswordAction({}, form({ token: (await authTokenText(resetId, "password_reset", now))!, password: "a long new passphrase" }))).rejects.toThrow(
      "REDIRECT /signin?notice=password-reset",
    );
    const after = await snapshot();
    const changed = after.users.filter((u, i) => JSON.stringify(u) !== JSON.stringify(before.users[i])).map((u) => u.id);
    expect(changed).toEqual([owner.id]);
    expect(after.preferences.map((p) => p.userId)).toEqual([owner.id]);
  });

  it.each(callers)("caller %s: forgot-password answers the same for a known and an unknown address", async (who) => {
    actAs(who ? users[who] : null);
    const known = await forgotPasswordAction({}, form({ email: users.other.email }));
    const unknown = await forgotPasswordAction({}, form({ email: "nobody-at-all@example.com" }));
    expect(unknown).toEqual(known);
    const rows = await getDb().notification.findMany({ select: { userId: true, kind: true } });
    expect(rows).toEqual([{ userId: users.other.id, kind: "password_reset" }]);
  });
});
