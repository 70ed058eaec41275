// Admission tokens: round trip, and every way a token must be refused (expired, forged, tampered,
// signed with another key of ours, another kind of token), plus where the credentials come from.
import { hkdfSync } from "node:crypto";
import { base64url, SignJWT } from "jose";
import { describe, expect, it } from "vitest";
import { issueAccessToken } from "@/lib/auth/access-token";
import { getAuthSecret } from "@/lib/auth/auth-secret";
import { admissionCookie, admissionCookieName, admissionCredentialsFrom } from "./admission-cookie";
import { admissionTokenSigningKey, signAdmissionToken, verifyAdmissionToken } from "./admission-token";

const claims = (over: Partial<{ admittedAt: Date; expiresAt: Date }> = {}) => {
  const admittedAt = over.admittedAt ?? new Date(Date.now() - 1000);
  return { userId: 7, eventId: 42, position: 1234, admittedAt, expiresAt: over.expiresAt ?? new Date(admittedAt.getTime() + 600_000) };
};

describe("admission tokens", () => {
  it("round-trips user, event, position, admitted_at and exp = admitted_at + window", async () => {
    const c = claims();
    const token = await signAdmissionToken(c);
    const header = JSON.parse(new TextDecoder().decode(base64url.decode(token.split(".")[0]!))) as Record<string, unknown>;
    expect(header).toEqual({ alg: "HS256", typ: "admission+jwt" });
    const payload = JSON.parse(new TextDecoder().decode(base64url.decode(token.split(".")[1]!))) as Record<string, number | string>;
    expect(payload).toMatchObject({ sub: "7", eid: "42", pos: 1234, iss: "openseat", aud: "openseat-admission" });
    expect(Number(payload.exp) - Number(payload.admitted_at)).toBe(600);
    const verified = await verifyAdmissionToken(token);
    expect(verified).toMatchObject({ userId: 7, eventId: 42, position: 1234 });
    expect(verified!.expiresAt.getTime()).toBe(Math.floor(c.expiresAt.getTime() / 1000) * 1000);
  });

  it("refuses expired, tampered, foreign-key and other kinds of tokens", async () => {
    const expired = await signAdmissionToken(claims({ admittedAt: new Date(Date.now() - 700_000) }));
    expect(await verifyAdmissionToken(expired)).toBeNull();

    const good = await signAdmissionToken(claims());
    const [h, p, s] = good.split(".") as [string, string, string];
    const forgedPayload = base64url.encode(JSON.stringify({ ...JSON.parse(new TextDecoder().decode(base64url.decode(p))), sub: "8" }));
    expect(await verifyAdmissionToken(`${h}.${forgedPayload}.${s}`)).toBeNull();
    expect(await verifyAdmissionToken(`${h}.${p}.${s.slice(0, -2)}AA`)).toBeNull();
    expect(await verifyAdmissionToken("garbage")).toBeNull();
    expect(await verifyAdmissionToken("x".repeat(5000))).toBeNull();

    // The access-token key (same AUTH_SECRET, another label) does not make admission tokens.
    const accessKey = new Uint8Array(hkdfSync("sha256", getAuthSecret(), "openseat-access-token", "OpenSeat API access token HS256 key", 32));
    expect(await verifyAdmissionToken(await signAdmissionToken(claims(), accessKey))).toBeNull();
    expect(await verifyAdmissionToken(await signAdmissionToken(claims(), new Uint8Array(32)))).toBeNull();
    // An API access token is not an admission.
    const access = await issueAccessToken({ id: 7, role: "buyer", email: "a@b.c", username: "a" });
    expect(await verifyAdmissionToken(access.access_token)).toBeNull();
    // alg none, and the right key with the wrong type header.
    const none = `${base64url.encode(JSON.stringify({ alg: "none", typ: "admission+jwt" }))}.${p}.`;
    expect(await verifyAdmissionToken(none)).toBeNull();
    const wrongType = await new SignJWT({ eid: "42", pos: 1, admitted_at: 1 })
      .setProtectedHeader({ alg: "HS256", typ: "at+jwt" })
      .setSubject("7").setIssuer("openseat").setAudience("openseat-admission").setIssuedAt().setExpirationTime("1h")
      .sign(admissionTokenSigningKey());
    expect(await verifyAdmissionToken(wrongType)).toBeNull();
  });

  it("reads the header first, else the event's cookie", () => {
    const both = new Request("http://localhost/x", { headers: { "x-admission-token": "from-header", cookie: `a=b; ${admissionCookieName(42)}=from-cookie` } });
    expect(admissionCredentialsFrom(both).tokenFor(42)).toBe("from-header");
    const cookieOnly = new Request("http://localhost/x", { headers: { cookie: `${admissionCookieName(41)}=t41; ${admissionCookieName(42)}=t42` } });
    expect(admissionCredentialsFrom(cookieOnly).tokenFor(42)).toBe("t42");
    expect(admissionCredentialsFrom(cookieOnly).tokenFor(43)).toBeNull();
    expect(admissionCredentialsFrom(new Request("http://localhost/x")).tokenFor(42)).toBeNull();
  });

  it("sets an httpOnly, SameSite=Lax cookie on path / that expires with the admission", () => {
    const expiresAt = new Date(Date.now() + 300_000);
    const cookie = admissionCookie(new Request("http://localhost/x"), 42, "tok", expiresAt);
    expect(cookie).toMatch(/^openseat_admission_42=tok; Path=\/; HttpOnly; SameSite=Lax; Max-Age=(299|300)$/);
    expect(admissionCookie(new Request("https://openseat.example/x"), 42, "tok", expiresAt)).toContain("; Secure");
    expect(admissionCookie(new Request("http://localhost/x"), 42, null)).toBe("openseat_admission_42=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0");
  });
});
