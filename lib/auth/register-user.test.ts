// Sign-up and credential checks against the database.
import { beforeEach, describe, expect, it } from "vitest";
import { getDb } from "@/lib/db";
import { truncateAll } from "@/test/support/database";
import { createTestUser, TEST_PASSWORD } from "@/test/support/auth";
import { registerSchema } from "@/lib/validations/auth";
import { registerUser } from "./register-user";
import { verifyCredentials } from "./verify-credentials";

const input = (overrides: Record<string, string> = {}) =>
  registerSchema.parse({ email: "New.Fan@Example.com", password: "a long enough passphrase", username: "newfan", ...overrides });

beforeEach(async () => {
  await truncateAll();
});

describe("registerUser", () => {
  it("creates a buyer with a hashed password, returns no secret, and queues the verification mail with it", async () => {
    const outcome = await registerUser(input());
    if (!("created" in outcome)) throw new Error("expected a new account");
    const user = outcome.created;
    expect(user).toMatchObject({ email: "new.fan@example.com", username: "newfan", role: "buyer" });
    expect(Object.keys(user)).not.toContain("passwordHash");
    const row = await getDb().user.findUniqueOrThrow({ where: { id: user.id } });
    expect(row.passwordHash).toMatch(/^\$argon2id\$/);
    expect(row.passwordHash).not.toContain("passphrase");
    expect(row.emailVerifiedAt).toBeNull();
    const mails = await getDb().notification.findMany({ select: { userId: true, kind: true, channel: true } });
    expect(mails).toEqual([{ userId: user.id, kind: "email_verification", channel: "email" }]);
  });

  it("a taken email changes nothing and mails its owner instead (once an hour); a taken username is a conflict", async () => {
    const first = await registerUser(input());
    const ownerId = "created" in first ? first.created.id : 0;
    const before = await getDb().user.findUniqueOrThrow({ where: { id: ownerId } });
    expect(await registerUser(input({ username: "other", email: "NEW.FAN@example.com".toLowerCase(), password: "another long passphrase" }))).toEqual({ existing: true });
    expect(await registerUser(input({ username: "other2" }))).toEqual({ existing: true });
    expect(await getDb().user.count()).toBe(1);
    expect((await getDb().user.findUniqueOrThrow({ where: { id: ownerId } })).passwordHash).toBe(before.passwordHash);
    const mails = await getDb().notification.findMany({ orderBy: { id: "asc" }, select: { userId: true, kind: true } });
    expect(mails).toEqual([
      { userId: ownerId, kind: "email_verification" },
      { userId: ownerId, kind: "account_exists" },
    ]);
    await expect(registerUser(input({ email: "other@example.com", username: "NewFan" }))).rejects.toMatchObject({
      code: "conflict",
      details: { field: "username" },
    });
  });

  it("two sign-ups racing for the same email: one account, the other is told nothing different", async () => {
    const results = await Promise.allSettled([registerUser(input()), registerUser(input({ username: "newfan2" }))]);
    expect(results.every((r) => r.status === "fulfilled")).toBe(true);
    expect(await getDb().user.count()).toBe(1);
  });
});

describe("verifyCredentials", () => {
  it("returns the user for the right password and null otherwise, without the hash", async () => {
    const created = await createTestUser({ email: "fan@example.com" });
    const user = await verifyCredentials({ email: "fan@example.com", password: TEST_PASSWORD });
    expect(user).toMatchObject({ id: created.id, email: "fan@example.com" });
    expect(user && "passwordHash" in user).toBe(false);
    expect(await verifyCredentials({ email: "fan@example.com", password: "wrong password!" })).toBeNull();
    expect(await verifyCredentials({ email: "nobody@example.com", password: TEST_PASSWORD })).toBeNull();
  });

  it("refuses accounts without a password (seeded buyers)", async () => {
    await getDb().user.create({ data: { email: "nopass@example.com", username: "nopass" } });
    expect(await verifyCredentials({ email: "nopass@example.com", password: "" })).toBeNull();
    expect(await verifyCredentials({ email: "nopass@example.com", password: "anything at all" })).toBeNull();
  });
});
