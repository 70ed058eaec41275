import { describe, expect, it } from "vitest";
import { hashPassword, verifyPassword } from "./password-hash";

describe("password hashing", () => {
  it("stores argon2id with a fresh salt, never the password", async () => {
    const a = await hashPassword("a long enough passphrase");
    const b = await hashPassword("a long enough passphrase");
    expect(a).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(a).not.toBe(b);
    expect(a).not.toContain("passphrase");
  });

  it("verifies the right password only", async () => {
    const stored = await hashPassword("a long enough passphrase");
    expect(await verifyPassword("a long enough passphrase", stored)).toBe(true);
    expect(await verifyPassword("a long enough passphrasE", stored)).toBe(false);
    expect(await verifyPassword("", stored)).toBe(false);
  });

  it("answers false for a missing or foreign hash, after doing the same work", async () => {
    const stored = await hashPassword("warm up the dummy hash");
    await verifyPassword("x", null);
    const time = async (fn: () => Promise<unknown>) => {
      const start = performance.now();
      await fn();
      return performance.now() - start;
    };
    const real = await time(() => verifyPassword("wrong password", stored));
    const missing = await time(() => verifyPassword("wrong password", null));
    expect(await verifyPassword("anything", null)).toBe(false);
    expect(await verifyPassword("anything", "plaintext-not-a-hash")).toBe(false);
    expect(await verifyPassword("anything", "$argon2id$garbage")).toBe(false);
    // Same argon2 parameters: the no-user path is not measurably cheaper (generous bound: shared CI).
    expect(missing).toBeGreaterThan(real / 4);
  });

  it("refuses to hash an empty password", async () => {
    await expect(hashPassword("")).rejects.toThrow();
  });
});
