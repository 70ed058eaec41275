import { beforeEach, describe, expect, it } from "vitest";
import { getDb } from "@/lib/db";
import { createUser } from "@/prisma/seed/factories";
import { truncateAll } from "@/test/support/database";
import { updateProfile } from "./update-profile";

beforeEach(async () => {
  await truncateAll();
});

describe("updateProfile", () => {
  it("updates username, phone and address and returns no secret", async () => {
    const user = await createUser(getDb(), { username: "fan", passwordHash: "$argon2id$placeholder" });
    const updated = await updateProfile({ userId: user.id, username: "fan_2", phone: "+1 312-555-0100", address: null });
    expect(updated).toMatchObject({ username: "fan_2", phone: "+1 312-555-0100", address: null, email: user.email });
    expect("passwordHash" in updated).toBe(false);
  });

  it("keeps usernames unique regardless of case, but lets a user re-case their own", async () => {
    const db = getDb();
    await createUser(db, { username: "taken" });
    const user = await createUser(db, { username: "fan" });
    await expect(updateProfile({ userId: user.id, username: "TAKEN", phone: null, address: null })).rejects.toMatchObject({ code: "conflict" });
    await expect(updateProfile({ userId: user.id, username: "Fan", phone: null, address: null })).resolves.toMatchObject({ username: "Fan" });
  });

  it("answers not_found for a deleted account", async () => {
    await expect(updateProfile({ userId: 999_999, username: "ghost", phone: null, address: null })).rejects.toMatchObject({ code: "not_found" });
  });
});
