import * as argon2 from "@node-rs/argon2";
import { afterEach, describe, expect, it, vi } from "vitest";
import { hashPassword, verifyPassword } from "./password-hash";

// Counts argon2 verifications (and what they were run against) without changing what they do.
vi.mock("@node-rs/argon2", async (importOriginal) => {
  const real = await importOriginal<typeof import("@node-rs/argon2")>();
  return { ...real, verify: vi.fn(real.verify) };
});
const verifySpy = vi.mocked(argon2.verify);

afterEach(() => {
  verifySpy.mockClear();
});

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
    const params = (hash: string) => hash.split("$").slice(1, 4).join("$"); // argon2id, v=19, m=...,t=...,p=...
    for (const foreign of [null, undefined, "", "plaintext-not-a-hash"]) {
      verifySpy.mockClear();
      expect(await verifyPassword("wrong password", foreign)).toBe(false);
      // The no-user path runs one full argon2 verification, with the same parameters as a real
      // hash: the same work, so its timing does not reveal which emails exist.
      expect(verifySpy).toHaveBeenCalledTimes(1);
      const [against] = verifySpy.mock.calls[0]!;
      expect(typeof against === "string" && params(against)).toBe(params(stored));
      await expect(verifySpy.mock.results[0]!.value).resolves.toBe(false);
    }
    expect(await verifyPassword("anything", "$argon2id$garbage")).toBe(false);
  });

  it("refuses to hash an empty password", async () => {
    await expect(hashPassword("")).rejects.toThrow();
  });
});
