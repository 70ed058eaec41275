// Who may call the profile page's server actions ("Sign out everywhere", the password change), with
// Auth.js' auth()/signIn()/signOut() and Next's headers()/redirect() stood in (they need Next's
// request scope): anonymous and revoked callers are sent to sign in and change nothing; every other
// caller, whatever their role, acts on their own account only.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { changePasswordAction, signOutEverywhereAction } from "@/app/account/actions";
import { issueAccessToken } from "@/lib/auth/access-token";
import { auth, signIn, signOut } from "@/lib/auth/auth";
import { getCaller } from "@/lib/auth/get-caller";
import { getDb } from "@/lib/db";
import type { User, UserRole } from "@/lib/generated/prisma/client";
import { createTestUser, TEST_PASSWORD } from "@/test/support/auth";
import { truncateAll } from "@/test/support/database";
import { resetRedis } from "@/test/support/redis";

vi.mock("@/lib/auth/auth", () => ({ auth: vi.fn(), signIn: vi.fn(), signOut: vi.fn(), SIGN_IN_PATH: "/signin" }));
vi.mock("next/headers", () => ({ headers: async () => new Headers({ "x-real-ip": "198.51.100.77" }) }));
vi.mock("next/navigation", () => ({
  redirect: (url: string) => {
    throw new Error(`REDIRECT ${url}`);
  },
}));
const authMock = vi.mocked(auth as unknown as () => Promise<unknown>);
const signInMock = vi.mocked(signIn);
const signOutMock = vi.mocked(signOut);

const NEW_PASSWORD = "a brand new passphrase 7";

/** Makes `user` (as their session cookie says, version `sv`) the caller of the next action; null: nobody. */
function actAs(user: User | null, sv = 0) {
  authMock.mockResolvedValue(user ? { user: { id: String(user.id), role: user.role, email: user.email, username: user.username, sv }, expires: "" } : null);
}

const snapshot = async () =>
  (await getDb().user.findMany({ orderBy: { id: "asc" }, select: { id: true, passwordHash: true, sessionVersion: true } })).map((u) => `${u.id}:${u.sessionVersion}:${u.passwordHash}`);

const form = (fields: Record<string, string>) => {
  const data = new FormData();
  for (const [k, v] of Object.entries(fields)) data.set(k, v);
  return data;
};

let users: Record<"buyer" | "other" | "venue_admin" | "admin", User>;
let tokens: Record<string, Request>;

beforeEach(async () => {
  await truncateAll();
  await resetRedis();
  authMock.mockReset();
  signInMock.mockReset();
  signOutMock.mockReset();
  users = {
    buyer: await createTestUser(),
    other: await createTestUser(),
    venue_admin: await createTestUser({ role: "venue_admin" }),
    admin: await createTestUser({ role: "admin" }),
  };
  tokens = {};
  for (const [name, u] of Object.entries(users)) {
    const { access_token } = await issueAccessToken(u);
    tokens[name] = new Request("http://localhost/api/me", { headers: { authorization: `Bearer ${access_token}` } });
  }
});
afterEach(() => {
  vi.clearAllMocks();
});

/** Whose API tokens still work. */
async function stillSignedIn(): Promise<string[]> {
  const out: string[] = [];
  for (const [name, request] of Object.entries(tokens)) if (await getCaller(request)) out.push(name);
  return out;
}

describe("signOutEverywhereAction", () => {
  it("anonymous: sent to sign in, nothing changes", async () => {
    actAs(null);
    const before = await snapshot();
    await expect(signOutEverywhereAction()).rejects.toThrow("REDIRECT /signin?callbackUrl=%2Faccount");
    expect(await snapshot()).toEqual(before);
    expect(signOutMock).not.toHaveBeenCalled();
  });

  it("a session that was already revoked: sent to sign in, nothing changes", async () => {
    await getDb().user.update({ where: { id: users.buyer.id }, data: { sessionVersion: 1 } });
    actAs(users.buyer, 0);
    const before = await snapshot();
    await expect(signOutEverywhereAction()).rejects.toThrow("REDIRECT /signin");
    expect(await snapshot()).toEqual(before);
  });

  it.each(["buyer", "venue_admin", "admin"] as const)("a %s ends only their own sessions", async (who) => {
    actAs(users[who]);
    await signOutEverywhereAction();
    expect(signOutMock).toHaveBeenCalledWith({ redirectTo: "/signin?callbackUrl=%2Faccount" });
    const all = ["buyer", "other", "venue_admin", "admin"];
    expect(await stillSignedIn()).toEqual(all.filter((n) => n !== who));
  });
});

describe("changePasswordAction", () => {
  it("anonymous: sent to sign in, nothing changes", async () => {
    actAs(null);
    const before = await snapshot();
    await expect(changePasswordAction({}, form({ currentPassword: TEST_PASSWORD, newPassword: NEW_PASSWORD }))).rejects.toThrow("REDIRECT /signin");
    expect(await snapshot()).toEqual(before);
  });

  it("a wrong current password or a weak new one: field errors, nothing changes", async () => {
    actAs(users.buyer);
    const before = await snapshot();
    expect(await changePasswordAction({}, form({ currentPassword: "not it at all", newPassword: NEW_PASSWORD }))).toEqual({
      fieldErrors: { currentPassword: "The current password is not correct" },
    });
    expect(await changePasswordAction({}, form({ currentPassword: TEST_PASSWORD, newPassword: "short" }))).toMatchObject({ fieldErrors: { newPassword: expect.any(String) } });
    expect(await snapshot()).toEqual(before);
    expect(signInMock).not.toHaveBeenCalled();
  });

  it.each(["buyer", "venue_admin", "admin"] as ("buyer" | UserRole)[])("a %s changes only their own password, and this browser is signed in again", async (who) => {
    const me = users[who as keyof typeof users];
    actAs(me);
    const before = await snapshot();
    await expect(changePasswordAction({}, form({ currentPassword: TEST_PASSWORD, newPassword: NEW_PASSWORD }))).rejects.toThrow("REDIRECT /account?password=changed");
    expect(signInMock).toHaveBeenCalledWith("credentials", { email: me.email, password: NEW_PASSWORD, redirect: false });
    const after = await snapshot();
    expect(after.filter((row, i) => row !== before[i]).map((row) => Number(row.split(":")[0]))).toEqual([me.id]);
    expect(await stillSignedIn()).toEqual(["buyer", "other", "venue_admin", "admin"].filter((n) => n !== who));
  });
});
