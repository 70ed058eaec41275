// The three token keys come from one HKDF helper: these known answers were computed from the salt and
// info each token module used before they shared it, so tokens issued before the change still verify.
import { afterEach, describe, expect, it } from "vitest";
import { accessTokenSigningKey } from "@/lib/auth/access-token";
import { admissionTokenSigningKey } from "@/lib/queue/admission-token";
import { ticketTokenSigningKey } from "@/lib/tickets/ticket-token";
import { derivedKey } from "./derived-key";

const originalSecret = process.env.AUTH_SECRET;
const hex = (key: Uint8Array) => Buffer.from(key).toString("hex");

afterEach(() => {
  if (originalSecret === undefined) delete process.env.AUTH_SECRET;
  else process.env.AUTH_SECRET = originalSecret;
});

describe("derivedKey", () => {
  it("derives each token kind's key from the same inputs as before (byte for byte)", () => {
    process.env.AUTH_SECRET = "test-secret-for-derived-key-known-answers";
    expect(hex(accessTokenSigningKey())).toBe("cf31d246adaa5a855363649bd62736627c07201a5d182fe32ee22cb6781f24d6");
    expect(hex(admissionTokenSigningKey())).toBe("a8b3b30619c3ea7caf76fb2d5ca6e30e4e426556c42762145ae9f97e0b933ebf");
    expect(hex(ticketTokenSigningKey())).toBe("689d90296a640c7c096f57b37e64039b792c87cf511a5a965fdb649fd0411937");
  });

  it("derives once per secret and again when AUTH_SECRET changes", () => {
    const key = derivedKey("salt", "info");
    process.env.AUTH_SECRET = "first-secret-first-secret-first-secret";
    const first = key();
    expect(key()).toBe(first);
    process.env.AUTH_SECRET = "second-secret-second-secret-second-secret";
    const second = key();
    expect(second).not.toBe(first);
    expect(second.equals(first)).toBe(false);
    expect(second).toHaveLength(32);
  });
});
