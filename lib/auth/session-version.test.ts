// Session versions: the check in getCaller on every path (Bearer token, cookie from a request, and
// auth() for pages and server actions), the caches in front of PostgreSQL, and what happens when a
// bump's cache writes race or Redis is gone.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { getDb } from "@/lib/db";
import { getRedis } from "@/lib/redis";
import { createTestUser, sessionCookieFor } from "@/test/support/auth";
import { realPostgres, truncateAll } from "@/test/support/database";
import { resetRedis } from "@/test/support/redis";
import { issueAccessToken } from "./access-token";
import { auth } from "./auth";
import { getCaller } from "./get-caller";
import {
  bumpSessionVersion,
  currentSessionState,
  forgetLocalSessionStates,
  publishSessionState,
  sessionStateKey,
  sessionVersionCacheMs,
} from "./session-version";
import { skipWithout } from "@/test/support/servers";

// Pages and server actions call getCaller() without a request, which asks Auth.js' auth() for the
// session (it needs Next's request scope): stand it in with the session auth() would answer.
vi.mock("./auth", () => ({ auth: vi.fn() }));
const authMock = vi.mocked(auth as unknown as () => Promise<unknown>);

const request = (headers: Record<string, string>) => new Request("http://localhost/api/me", { headers });
const bearer = async (user: Parameters<typeof issueAccessToken>[0]) => request({ authorization: `Bearer ${(await issueAccessToken(user)).access_token}` });

beforeEach(async () => {
  await truncateAll();
  await resetRedis();
  authMock.mockReset();
});
afterEach(() => {
  vi.unstubAllEnvs();
});

describe("getCaller checks the session version", () => {
  it("accepts the current version on every path and refuses an older one after a bump", async () => {
    const user = await createTestUser();
    const token = await bearer({ ...user, sessionVersion: 0 });
    const cookie = request({ cookie: await sessionCookieFor({ ...user, sessionVersion: 0 }) });
    const pageSession = { user: { id: String(user.id), role: "buyer", email: user.email, username: user.username, sv: 0 }, expires: "" };
    authMock.mockResolvedValue(pageSession);
    for (const caller of [await getCaller(token), await getCaller(cookie), await getCaller()]) {
      expect(caller).toEqual({ userId: user.id, role: "buyer", email: user.email, username: user.username });
    }

    expect(await bumpSessionVersion(user.id)).toEqual({ version: 1, role: "buyer" });
    expect(await getCaller(token)).toBeNull();
    expect(await getCaller(cookie)).toBeNull();
    expect(await getCaller()).toBeNull();
    // Tokens issued under the new version work.
    expect(await getCaller(await bearer({ ...user, sessionVersion: 1 }))).not.toBeNull();
    authMock.mockResolvedValue({ ...pageSession, user: { ...pageSession.user, sv: 1 } });
    expect(await getCaller()).not.toBeNull();
    // A version from the future (a forged or confused token) is not current either.
    expect(await getCaller(await bearer({ ...user, sessionVersion: 2 }))).toBeNull();
  });

  it("applies the current role, not the token's", async () => {
    const admin = await createTestUser({ role: "admin" });
    const token = await bearer(admin);
    expect(await getCaller(token)).toMatchObject({ role: "admin" });
    // Changed behind the app's back (SQL), without a bump: the role follows once the caches move on.
    await getDb().user.update({ where: { id: admin.id }, data: { role: "buyer" } });
    await getRedis().del(sessionStateKey(admin.id));
    forgetLocalSessionStates();
    expect(await getCaller(token)).toMatchObject({ userId: admin.id, role: "buyer" });
  });

  it("refuses every token of a deleted account", async () => {
    const user = await createTestUser();
    const token = await bearer(user);
    expect(await getCaller(token)).not.toBeNull();
    await getDb().user.delete({ where: { id: user.id } });
    // What a deletion publishes: refused at once, in this process and (through Redis) in others.
    await publishSessionState(user.id, null);
    expect(await getCaller(token)).toBeNull();
    forgetLocalSessionStates();
    expect(await getRedis().get(sessionStateKey(user.id))).toBe("gone");
    expect(await getCaller(token)).toBeNull();
    // And without anything published, once the caches expire: PostgreSQL has no such user.
    await getRedis().del(sessionStateKey(user.id));
    forgetLocalSessionStates();
    expect(await getCaller(token)).toBeNull();
  });

  it("treats a token without `sv` (issued before session versions) as version 0", async () => {
    const user = await createTestUser();
    const token = await bearer({ id: user.id, role: user.role, email: user.email, username: user.username });
    expect(await getCaller(token)).not.toBeNull();
    await bumpSessionVersion(user.id);
    expect(await getCaller(token)).toBeNull();
  });
});

describe("the caches", () => {
  it("costs one Redis GET per process per LOCAL_CACHE_MS, and no PostgreSQL query while Redis has the state", async () => {
    const user = await createTestUser();
    const db = getDb();
    const findUnique = vi.spyOn(db.user, "findUnique");
    const get = vi.spyOn(getRedis(), "get");
    expect(await currentSessionState(user.id)).toEqual({ version: 0, role: "buyer" });
    expect(findUnique).toHaveBeenCalledTimes(1);
    expect(await getRedis().get(sessionStateKey(user.id))).toBe("0:buyer");
    get.mockClear();
    for (let i = 0; i < 20; i++) await currentSessionState(user.id);
    expect(get).not.toHaveBeenCalled();
    // Another process (no local copy) asks Redis, not PostgreSQL.
    forgetLocalSessionStates();
    await currentSessionState(user.id);
    expect(get).toHaveBeenCalledTimes(1);
    expect(findUnique).toHaveBeenCalledTimes(1);
    vi.restoreAllMocks();
  });

  it("a bump reaches other processes through Redis at once", async () => {
    const user = await createTestUser();
    await currentSessionState(user.id);
    await bumpSessionVersion(user.id);
    forgetLocalSessionStates();
    expect(await getRedis().get(sessionStateKey(user.id))).toBe("1:buyer");
    expect(await currentSessionState(user.id)).toEqual({ version: 1, role: "buyer" });
  });

  it("never lowers the version in Redis, whatever order the writes arrive in", async () => {
    const user = await createTestUser();
    await publishSessionState(user.id, { version: 5, role: "buyer" });
    await publishSessionState(user.id, { version: 4, role: "admin" });
    expect(await getRedis().get(sessionStateKey(user.id))).toBe("5:buyer");
    forgetLocalSessionStates();
    expect(await currentSessionState(user.id)).toEqual({ version: 5, role: "buyer" });
    await publishSessionState(user.id, null);
    expect(await getRedis().get(sessionStateKey(user.id))).toBe("gone");
  });

  it.skipIf(skipWithout("a real PostgreSQL server", realPostgres))("ends with Redis and PostgreSQL agreeing after many concurrent bumps", async () => {
    const user = await createTestUser();
    await Promise.all(Array.from({ length: 40 }, () => bumpSessionVersion(user.id)));
    const row = await getDb().user.findUniqueOrThrow({ where: { id: user.id }, select: { sessionVersion: true } });
    expect(row.sessionVersion).toBe(40);
    expect(await getRedis().get(sessionStateKey(user.id))).toBe("40:buyer");
    forgetLocalSessionStates();
    expect(await currentSessionState(user.id)).toEqual({ version: 40, role: "buyer" });
  });

  it("SESSION_VERSION_CACHE_MS=0 reads PostgreSQL every time", async () => {
    vi.stubEnv("SESSION_VERSION_CACHE_MS", "0");
    const user = await createTestUser();
    const token = await bearer(user);
    expect(await getCaller(token)).not.toBeNull();
    await getDb().user.update({ where: { id: user.id }, data: { sessionVersion: 3 } });
    expect(await getCaller(token)).toBeNull();
  });

  it("parses SESSION_VERSION_CACHE_MS", () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    expect(sessionVersionCacheMs({})).toBe(10_000);
    expect(sessionVersionCacheMs({ SESSION_VERSION_CACHE_MS: "2500" })).toBe(2500);
    expect(sessionVersionCacheMs({ SESSION_VERSION_CACHE_MS: "0" })).toBe(0);
    expect(sessionVersionCacheMs({ SESSION_VERSION_CACHE_MS: "-1" })).toBe(10_000);
    expect(sessionVersionCacheMs({ SESSION_VERSION_CACHE_MS: "999999999" })).toBe(10_000);
    expect(warn).toHaveBeenCalledTimes(2);
    warn.mockRestore();
  });
});
