import { hkdfSync } from "node:crypto";
import { base64url, SignJWT } from "jose";
import { afterEach, describe, expect, it, vi } from "vitest";
import { getAuthSecret } from "./auth-secret";
import { ACCESS_TOKEN_AUDIENCE, ACCESS_TOKEN_ISSUER, accessTokenSigningKey, accessTokenTtlSeconds, issueAccessToken, verifyAccessToken } from "./access-token";

const subject = { id: 42, role: "buyer" as const, email: "fan@example.com", username: "fan" };

function decodePart(token: string, index: 0 | 1): Record<string, unknown> {
  return JSON.parse(new TextDecoder().decode(base64url.decode(token.split(".")[index]!))) as Record<string, unknown>;
}

/** A token with our key but chosen claims/header, to test each check on its own. */
async function craft(options: { aud?: string; iss?: string; typ?: string; role?: string; expSeconds?: number; key?: Uint8Array }) {
  return new SignJWT({ role: options.role ?? "buyer", email: subject.email, username: subject.username })
    .setProtectedHeader({ alg: "HS256", typ: options.typ ?? "at+jwt" })
    .setSubject(String(subject.id))
    .setIssuer(options.iss ?? ACCESS_TOKEN_ISSUER)
    .setAudience(options.aud ?? ACCESS_TOKEN_AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(`${options.expSeconds ?? 60}s`)
    .sign(options.key ?? accessTokenSigningKey());
}

afterEach(() => {
  vi.useRealTimers();
});

describe("access tokens", () => {
  it("round-trips the caller's id and role with iat, exp, iss and aud", async () => {
    const issued = await issueAccessToken(subject, 3600);
    expect(issued).toMatchObject({ token_type: "Bearer", expires_in: 3600 });
    expect(decodePart(issued.access_token, 0)).toEqual({ alg: "HS256", typ: "at+jwt" });
    const payload = decodePart(issued.access_token, 1);
    expect(payload).toMatchObject({ sub: "42", role: "buyer", iss: "openseat", aud: "openseat-api" });
    expect(Number(payload.exp) - Number(payload.iat)).toBe(3600);
    const claims = await verifyAccessToken(issued.access_token);
    expect(claims).toMatchObject({ userId: 42, role: "buyer", email: "fan@example.com", username: "fan" });
  });

  it("refuses a token whose payload or signature was changed", async () => {
    const { access_token } = await issueAccessToken(subject);
    const [header, payload, signature] = access_token.split(".") as [string, string, string];
    const promoted = base64url.encode(JSON.stringify({ ...decodePart(access_token, 1), role: "admin" }));
    expect(await verifyAccessToken(`${header}.${promoted}.${signature}`)).toBeNull();
    const flipped = signature.slice(0, -2) + (signature.endsWith("AA") ? "BB" : "AA");
    expect(await verifyAccessToken(`${header}.${payload}.${flipped}`)).toBeNull();
    expect(await verifyAccessToken(`${header}.${payload}`)).toBeNull();
    expect(await verifyAccessToken("")).toBeNull();
    expect(await verifyAccessToken("not.a.jwt")).toBeNull();
  });

  it("refuses an expired token", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(Date.now() - 2 * 3600_000);
    const { access_token } = await issueAccessToken(subject, 3600);
    vi.useRealTimers();
    expect(await verifyAccessToken(access_token)).toBeNull();
  });

  it("refuses alg none, and HS256 tokens under another key, audience, issuer or type", async () => {
    const { access_token } = await issueAccessToken(subject);
    const payload = access_token.split(".")[1]!;
    const none = base64url.encode(JSON.stringify({ alg: "none", typ: "at+jwt" }));
    expect(await verifyAccessToken(`${none}.${payload}.`)).toBeNull();
    expect(await verifyAccessToken(`${none}.${payload}`)).toBeNull();

    expect(await verifyAccessToken(await craft({}))).not.toBeNull(); // the control
    expect(await verifyAccessToken(await craft({ aud: "someone-else" }))).toBeNull();
    expect(await verifyAccessToken(await craft({ iss: "someone-else" }))).toBeNull();
    expect(await verifyAccessToken(await craft({ typ: "JWT" }))).toBeNull();
    expect(await verifyAccessToken(await craft({ role: "superuser" }))).toBeNull();
    // Signed with AUTH_SECRET itself rather than the derived key.
    expect(await verifyAccessToken(await craft({ key: new TextEncoder().encode(getAuthSecret()) }))).toBeNull();
    const otherSecretKey = new Uint8Array(hkdfSync("sha256", "another secret entirely", "openseat-access-token", "OpenSeat API access token HS256 key", 32));
    expect(await verifyAccessToken(await craft({ key: otherSecretKey }))).toBeNull();
  });

  it("reads its lifetime from ACCESS_TOKEN_TTL_SECONDS", () => {
    expect(accessTokenTtlSeconds({})).toBe(3600);
    expect(accessTokenTtlSeconds({ ACCESS_TOKEN_TTL_SECONDS: "900" })).toBe(900);
    expect(() => accessTokenTtlSeconds({ ACCESS_TOKEN_TTL_SECONDS: "soon" })).toThrow();
    expect(() => accessTokenTtlSeconds({ ACCESS_TOKEN_TTL_SECONDS: "0" })).toThrow();
  });
});
