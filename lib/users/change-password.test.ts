// changePassword: the current password must match; the new hash and the session-version bump land
// together, so every earlier token ends; a refused change changes nothing.
import { beforeEach, describe, expect, it } from "vitest";
import { issueAccessToken } from "@/lib/auth/access-token";
import { getCaller } from "@/lib/auth/get-caller";
import { verifyCredentials } from "@/lib/auth/verify-credentials";
import { getDb } from "@/lib/db";
import { createTestUser, TEST_PASSWORD } from "@/test/support/auth";
import { truncateAll } from "@/test/support/database";
import { resetRedis } from "@/test/support/redis";
import { passwordChangeSchema } from "@/lib/validations/auth";
import { changePassword } from "./change-password";

const NEW_PASSWORD = "a brand new passphrase 7";
const bearer = async (user: Parameters<typeof issueAccessToken>[0]) =>
  new Request("http://localhost/api/me", { headers: { authorization: `Bearer ${(await issueAccessToken(user)).access_token}` } });
const row = (id: number) => getDb().user.findUniqueOrThrow({ where: { id }, select: { passwordHash: true, sessionVersion: true } });

beforeEach(async () => {
  await truncateAll();
  await resetRedis();
});

describe("changePassword", () => {
  it("ends every earlier token; the new password signs in, the old one no longer does", async () => {
    const user = await createTestUser();
    const token = await bearer(user);
    expect(await getCaller(token)).not.toBeNull();
    const result = await changePassword({ userId: user.id, currentPassword: TEST_PASSWORD, newPassword: NEW_PASSWORD });
    expect(result).toEqual({ email: user.email, state: { version: 1, role: "buyer" } });
    expect(await getCaller(token)).toBeNull();
    expect(await verifyCredentials({ email: user.email, password: TEST_PASSWORD })).toBeNull();
    const fresh = await verifyCredentials({ email: user.email, password: NEW_PASSWORD });
    expect(fresh).toMatchObject({ id: user.id, sessionVersion: 1 });
    expect(await getCaller(await bearer(fresh!))).not.toBeNull();
  });

  it("refuses a wrong current password and changes nothing", async () => {
    const user = await createTestUser();
    const token = await bearer(user);
    const before = await row(user.id);
    await expect(changePassword({ userId: user.id, currentPassword: "not my password", newPassword: NEW_PASSWORD })).rejects.toMatchObject({
      code: "validation_error",
      details: { field: "currentPassword" },
    });
    expect(await row(user.id)).toEqual(before);
    expect(await getCaller(token)).not.toBeNull();
  });

  it("of two changes at once, one wins and the other is refused", async () => {
    const user = await createTestUser();
    const results = await Promise.allSettled([
      changePassword({ userId: user.id, currentPassword: TEST_PASSWORD, newPassword: NEW_PASSWORD }),
      changePassword({ userId: user.id, currentPassword: TEST_PASSWORD, newPassword: "another new passphrase 9" }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect((await row(user.id)).sessionVersion).toBe(1);
  });

  it("answers unauthorized for a deleted account", async () => {
    await expect(changePassword({ userId: 999_999, currentPassword: TEST_PASSWORD, newPassword: NEW_PASSWORD })).rejects.toMatchObject({ code: "unauthorized" });
  });

  it("the form's rules: the new password passes the sign-up rules and differs from the current one", () => {
    expect(passwordChangeSchema.safeParse({ currentPassword: TEST_PASSWORD, newPassword: NEW_PASSWORD }).success).toBe(true);
    expect(passwordChangeSchema.safeParse({ currentPassword: TEST_PASSWORD, newPassword: "short" }).success).toBe(false);
    expect(passwordChangeSchema.safeParse({ currentPassword: TEST_PASSWORD, newPassword: TEST_PASSWORD }).success).toBe(false);
    expect(passwordChangeSchema.safeParse({ currentPassword: "", newPassword: NEW_PASSWORD }).success).toBe(false);
  });
});
