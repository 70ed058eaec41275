// E-ticket tokens: what we sign verifies, anything changed, cut, re-keyed or oddly spelled does not.
import { createHmac, hkdfSync } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { accessTokenSigningKey } from "@/lib/auth/access-token";
import { MAX_TICKET_TOKEN_LENGTH, signTicketToken, ticketTokenSigningKey, verifyTicketToken } from "./ticket-token";

const claims = { orderItemId: 1234, tokenSecret: "0123456789abcdef0123456789abcdef" };
const originalSecret = process.env.AUTH_SECRET;

afterEach(() => {
  if (originalSecret === undefined) delete process.env.AUTH_SECRET;
  else process.env.AUTH_SECRET = originalSecret;
});

/** Replaces the character at `index` with another one of the same alphabet. */
const flip = (text: string, index: number) => {
  const i = index < 0 ? text.length + index : index;
  const c = text[i]!;
  const other = c === "A" ? "B" : c === "0" ? "1" : /[0-9]/.test(c) ? "0" : "A";
  return text.slice(0, i) + other + text.slice(i + 1);
};

describe("signTicketToken / verifyTicketToken", () => {
  it("round-trips the order item id and secret in `<id>.<secret>.<signature>`", () => {
    const token = signTicketToken(claims);
    expect(token).toMatch(/^1234\.0123456789abcdef0123456789abcdef\.[A-Za-z0-9_-]{43}$/);
    expect(verifyTicketToken(token)).toEqual(claims);
    expect(token.length).toBeLessThanOrEqual(MAX_TICKET_TOKEN_LENGTH);
    // Deterministic for the same key: the QR code of a ticket never changes by itself.
    expect(signTicketToken(claims)).toBe(token);
  });

  it("signs with HMAC-SHA256 under a key of its own, not the raw secret nor the access-token key", () => {
    const key = ticketTokenSigningKey();
    expect(key).toHaveLength(32);
    expect(key.equals(Buffer.from(accessTokenSigningKey()))).toBe(false);
    const expected = createHmac("sha256", key).update("1234.0123456789abcdef0123456789abcdef").digest("base64url");
    expect(signTicketToken(claims).split(".")[2]).toBe(expected);
  });

  it("refuses a token whose id, secret or signature was changed", () => {
    const token = signTicketToken(claims);
    const [id, secret, signature] = token.split(".") as [string, string, string];
    expect(verifyTicketToken(`1235.${secret}.${signature}`)).toBeNull();
    expect(verifyTicketToken(`${id}.${flip(secret, 0)}.${signature}`)).toBeNull();
    expect(verifyTicketToken(`${id}.${secret}.${flip(signature, 0)}`)).toBeNull();
    expect(verifyTicketToken(`${id}.${secret}.${flip(signature, -1)}`)).toBeNull();
    // Another ticket's signature does not fit this one.
    const other = signTicketToken({ orderItemId: 1235, tokenSecret: claims.tokenSecret });
    expect(verifyTicketToken(`${id}.${secret}.${other.split(".")[2]}`)).toBeNull();
  });

  it("refuses a truncated token", () => {
    const token = signTicketToken(claims);
    for (const cut of [1, 2, 10, 43, 44, token.length - 1]) expect(verifyTicketToken(token.slice(0, token.length - cut))).toBeNull();
    expect(verifyTicketToken(token.slice(1))).toBeNull();
  });

  it("refuses a token signed with another key, or after AUTH_SECRET changed", () => {
    const otherKey = Buffer.from(hkdfSync("sha256", "some other secret of at least 32 chars", "openseat-e-ticket", "openseat e-ticket v1", 32));
    expect(verifyTicketToken(signTicketToken(claims, otherKey))).toBeNull();
    expect(verifyTicketToken(signTicketToken(claims), otherKey)).toBeNull();

    process.env.AUTH_SECRET = "first-secret-first-secret-first-secret";
    const token = signTicketToken(claims);
    expect(verifyTicketToken(token)).toEqual(claims);
    process.env.AUTH_SECRET = "second-secret-second-secret-second-secret";
    expect(verifyTicketToken(token)).toBeNull();
  });

  it("accepts only the strict format", () => {
    const token = signTicketToken(claims);
    const [id, secret, signature] = token.split(".") as [string, string, string];
    const bad: unknown[] = [
      undefined,
      null,
      1234,
      {},
      "",
      "...",
      `${id}.${secret}`,
      `${id}.${secret}.${signature}.`,
      `${id}.${secret}.${signature}.x`,
      `.${id}.${secret}.${signature}`,
      ` ${token}`,
      `${token}\n`,
      `${token}=`,
      `0${token}`, // leading zero: another spelling of the same id
      `+${token}`,
      `-1.${secret}.${signature}`,
      `${id}.${secret}.${signature.slice(0, 42)}=`,
      `${id}.${secret.toUpperCase()}.${signature}`,
      `${id}.${secret}.${signature.replace(/[A-Za-z0-9]/, "+")}`,
      `${id}.${secret}.${signature}${"A".repeat(200)}`,
      "x".repeat(MAX_TICKET_TOKEN_LENGTH + 1),
      "x".repeat(100_000),
    ];
    for (const value of bad) expect(verifyTicketToken(value), String(value).slice(0, 80)).toBeNull();
  });

  it("refuses an id beyond int4 even when signed", () => {
    const key = ticketTokenSigningKey();
    const payload = `9999999999.${claims.tokenSecret}`;
    const forged = `${payload}.${createHmac("sha256", key).update(payload).digest("base64url")}`;
    expect(verifyTicketToken(forged)).toBeNull();
  });

  it("will not sign what it would not verify", () => {
    expect(() => signTicketToken({ orderItemId: 0, tokenSecret: claims.tokenSecret })).toThrow(/orderItemId/);
    expect(() => signTicketToken({ orderItemId: 1.5, tokenSecret: claims.tokenSecret })).toThrow(/orderItemId/);
    expect(() => signTicketToken({ orderItemId: 2 ** 31, tokenSecret: claims.tokenSecret })).toThrow(/orderItemId/);
    expect(() => signTicketToken({ orderItemId: 1, tokenSecret: "short" })).toThrow(/tokenSecret/);
    expect(() => signTicketToken({ orderItemId: 1, tokenSecret: "has.a.dot.in.it.and.is.long" })).toThrow(/tokenSecret/);
  });
});
