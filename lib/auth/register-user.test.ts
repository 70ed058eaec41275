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
  it("creates a buyer with a hashed password and returns no secret", async () => {
    const user = await registerUser(input());
    expect(user).toMatchObject({ email: "new.fan@example.com", username: "newfan", role: "buyer" });
    expect(Object.keys(user)).not.toContain("passwordHash");
    const row = await getDb().user.findUniqueOrThrow({ where: { id: user.id } });
    expect(row.passwordHash).toMatch(/^\$argon2id\$/);
    expect(row.passwordHash).not.toContain("passphrase");
  });

  it("refuses a taken email (any case) or username (any case) with conflict", async () => {
    await registerUser(input());
    await expect(registerUser(input({ username: "other", email: "NEW.FAN@example.com" }))).rejects.toMatchObject({
      code: "conflict",
      details: { field: "email" },
    });
    await expect(registerUser(input({ email: "other@example.com", username: "NewFan" }))).rejects.toMatchObject({
      code: "conflict",
      details: { field: "username" },
    });
  });

  it("answers conflict, not a crash, when two sign-ups race for the same email", async () => {
    const results = await Promise.allSettled([registerUser(input()), registerUser(input({ username: "newfan2" }))]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const rejected = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
    expect(rejected.reason).toMatchObject({ code: "conflict", details: { field: "email" } });
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
