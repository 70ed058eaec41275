// The account API end to end, calling the route handlers with Request objects: register -> token ->
// /api/me with the Bearer token and with a real Auth.js session cookie (obtained by driving Auth.js'
// own CSRF + credentials callback routes), token tampering, roles, rate limits, bad input, and no
// password in any response body or console line.
import { NextRequest } from "next/server";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi, type MockInstance } from "vitest";
import { GET as adminUsersGET } from "@/app/api/admin/users/route";
import { GET as nextAuthGET, POST as nextAuthPOST } from "@/app/api/auth/[...nextauth]/route";
import { POST as registerPOST } from "@/app/api/auth/register/route";
import { POST as tokenPOST } from "@/app/api/auth/token/route";
import { GET as meGET } from "@/app/api/me/route";
import { issueAccessToken } from "@/lib/auth/access-token";
import { publicUserSelect, toUserJson } from "@/lib/auth/public-user";
import { getDb } from "@/lib/db";
import { truncateAll } from "@/test/support/database";
import { resetRedis } from "@/test/support/redis";
import { createTestUser, sessionCookieFor, TEST_PASSWORD } from "@/test/support/auth";
import { fromAddress } from "@/test/support/client-address";

const ORIGIN = "http://localhost:3000";
const PASSWORD = "my very secret passphrase 42";
const noParams = { params: Promise.resolve({}) } as { params: Promise<Record<string, never>> };

let ipCounter = 0;
/** A fresh client address per test, so per-IP limits of one test never touch another. */
let ip = "";

type Json = Record<string, unknown>;
const bodies: string[] = [];

async function read(response: Response): Promise<{ status: number; body: Json; text: string; headers: Headers }> {
  const text = await response.text();
  bodies.push(text);
  let body: Json = {};
  try {
    body = JSON.parse(text) as Json;
  } catch {
    /* not JSON (redirects) */
  }
  return { status: response.status, body, text, headers: response.headers };
}

function jsonRequest(path: string, body: unknown, headers: Record<string, string> = {}): Request {
  return new Request(`${ORIGIN}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...fromAddress(ip), ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
}

const get = (path: string, headers: Record<string, string> = {}) => new Request(`${ORIGIN}${path}`, { headers: { ...fromAddress(ip), ...headers } });

const register = async (body: unknown, headers?: Record<string, string>) => read(await registerPOST(jsonRequest("/api/auth/register", body, headers), noParams));
const token = async (body: unknown, headers?: Record<string, string>) => read(await tokenPOST(jsonRequest("/api/auth/token", body, headers), noParams));
const me = async (headers: Record<string, string>) => read(await meGET(get("/api/me", headers), noParams));
const adminUsers = async (headers: Record<string, string>, query = "") => read(await adminUsersGET(get(`/api/admin/users${query}`, headers), noParams));

/** name=value pairs from Set-Cookie headers, as a browser would send them back. */
function cookiesFrom(response: Response, jar: Map<string, string> = new Map()): Map<string, string> {
  for (const line of response.headers.getSetCookie()) {
    const [pair] = line.split(";");
    const eq = pair!.indexOf("=");
    jar.set(pair!.slice(0, eq), pair!.slice(eq + 1));
  }
  return jar;
}
const cookieHeader = (jar: Map<string, string>) => [...jar].map(([k, v]) => `${k}=${v}`).join("; ");

/** Signs in through Auth.js' own routes (CSRF token, then the credentials callback), like the browser. */
async function signInThroughAuthJs(email: string, password: string): Promise<{ response: Response; jar: Map<string, string> }> {
  const csrfResponse = await nextAuthGET(new NextRequest(`${ORIGIN}/api/auth/csrf`, { headers: fromAddress(ip) }));
  const jar = cookiesFrom(csrfResponse);
  const { csrfToken } = (await csrfResponse.json()) as { csrfToken: string };
  const response = await nextAuthPOST(
    new NextRequest(`${ORIGIN}/api/auth/callback/credentials`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", cookie: cookieHeader(jar), ...fromAddress(ip) },
      body: new URLSearchParams({ email, password, csrfToken, callbackUrl: `${ORIGIN}/account` }),
    }),
  );
  cookiesFrom(response, jar);
  return { response, jar };
}

/** The Auth.js form's sign-in with an extra cookie (a device cookie) in the jar. */
async function signInWithCookie(email: string, password: string, extraCookie: string): Promise<Response> {
  const csrfResponse = await nextAuthGET(new NextRequest(`${ORIGIN}/api/auth/csrf`, { headers: fromAddress(ip) }));
  const jar = cookiesFrom(csrfResponse);
  const { csrfToken } = (await csrfResponse.json()) as { csrfToken: string };
  const cookie = [cookieHeader(jar), extraCookie].filter(Boolean).join("; ");
  return nextAuthPOST(
    new NextRequest(`${ORIGIN}/api/auth/callback/credentials`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", cookie, ...fromAddress("203.0.113.160") },
      body: new URLSearchParams({ email, password, csrfToken, callbackUrl: `${ORIGIN}/account` }),
    }),
  );
}

const ENV_KEYS = [
  "RATE_LIMIT_AUTH_PER_MINUTE",
  "RATE_LIMIT_AUTH_EMAIL_PER_MINUTE",
  "RATE_LIMIT_REGISTER_PER_MINUTE",
  "RATE_LIMIT_REGISTER_EMAIL_PER_MINUTE",
  "SIGN_IN_BACKOFF_AFTER_FAILURES",
];
const savedEnv = Object.fromEntries(ENV_KEYS.map((k) => [k, process.env[k]]));

const consoleLines: string[] = [];
const spies: MockInstance[] = [];

beforeAll(() => {
  for (const method of ["log", "info", "warn", "error", "debug"] as const) {
    const original = console[method].bind(console);
    spies.push(
      vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
        consoleLines.push(args.map((a) => (a instanceof Error ? `${a.message}\n${a.stack}` : typeof a === "string" ? a : JSON.stringify(a))).join(" "));
        original(...args);
      }),
    );
  }
});

beforeEach(async () => {
  await truncateAll();
  await resetRedis();
  ip = `198.51.100.${++ipCounter}`;
});

afterEach(() => {
  for (const k of ENV_KEYS) {
    if (savedEnv[k] === undefined) delete process.env[k];
    else process.env[k] = savedEnv[k];
  }
});

afterAll(() => {
  for (const spy of spies) spy.mockRestore();
  // Nothing this file sent as a password ever reached a response or the console.
  for (const secret of [PASSWORD, TEST_PASSWORD, "wrong password, surely"]) {
    for (const text of bodies) expect(text).not.toContain(secret);
    for (const line of consoleLines) expect(line).not.toContain(secret);
  }
  for (const text of bodies) {
    expect(text).not.toMatch(/password_hash|passwordHash|\$argon2/);
  }
});

describe("register -> token -> /api/me", () => {
  it("works with the Bearer token", async () => {
    const created = await register({ email: "Fan@Example.com", password: PASSWORD, username: "fan" });
    expect(created.status).toBe(202);
    expect(Object.keys(created.body)).toEqual(["message"]);

    const issued = await token({ email: "fan@example.com", password: PASSWORD });
    expect(issued.status).toBe(200);
    expect(issued.body).toMatchObject({ token_type: "Bearer", expires_in: 3600 });
    expect(issued.headers.get("cache-control")).toBe("no-store");

    const who = await me({ authorization: `Bearer ${issued.body.access_token as string}` });
    expect(who.status).toBe(200);
    expect(who.body.user).toMatchObject({ email: "fan@example.com", username: "fan", role: "buyer", phone: null });
    expect(Object.keys(who.body.user as Json).sort()).toEqual(["address", "create_datetime", "email", "phone", "role", "user_id", "username"]);
  });

  it("works with a real Auth.js session cookie from the credentials callback route", async () => {
    expect((await register({ email: "fan@example.com", password: PASSWORD, username: "fan" })).status).toBe(202);
    const created = { body: { user: toUserJson(await getDb().user.findUniqueOrThrow({ where: { email: "fan@example.com" }, select: publicUserSelect })) } };
    const { response, jar } = await signInThroughAuthJs("fan@example.com", PASSWORD);
    await read(response);
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe(`${ORIGIN}/account`);
    expect(jar.get("authjs.session-token")).toBeTruthy();
    const setCookie = response.headers.getSetCookie().find((c) => c.startsWith("authjs.session-token="))!;
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);

    const who = await me({ cookie: cookieHeader(jar) });
    expect(who.status).toBe(200);
    expect(who.body.user).toEqual(created.body.user);

    // Auth.js' own session endpoint agrees, and carries the id and role.
    const session = await read(await nextAuthGET(new NextRequest(`${ORIGIN}/api/auth/session`, { headers: { cookie: cookieHeader(jar) } })));
    expect(session.body.user).toMatchObject({ id: (created.body.user as Json).user_id, role: "buyer", username: "fan", email: "fan@example.com" });
  });

  it("works with a session cookie minted by next-auth/jwt encode (same secret and cookie name)", async () => {
    const user = await createTestUser({ role: "admin" });
    const who = await me({ cookie: await sessionCookieFor(user) });
    expect(who.status).toBe(200);
    expect(who.body.user).toMatchObject({ user_id: String(user.id), role: "admin" });
  });

  it("a wrong password through the callback route signs nobody in", async () => {
    await register({ email: "fan@example.com", password: PASSWORD, username: "fan" });
    const { response, jar } = await signInThroughAuthJs("fan@example.com", "wrong password, surely");
    await read(response);
    expect(response.headers.get("location")).toBe(`${ORIGIN}/signin?error=CredentialsSignin&code=credentials`);
    expect(jar.has("authjs.session-token")).toBe(false);
  });
});

describe("bad credentials and bad tokens", () => {
  it("answers 401 with one message whether the email exists or not", async () => {
    await createTestUser({ email: "fan@example.com" });
    const wrong = await token({ email: "fan@example.com", password: "wrong password, surely" });
    const unknown = await token({ email: "nobody@example.com", password: "wrong password, surely" });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body).toEqual(unknown.body);
    expect(wrong.body).toEqual({ error: { code: "unauthorized", message: "Invalid email or password" } });
  });

  it("refuses tampered, expired and alg-none tokens with 401", async () => {
    const user = await createTestUser();
    const { access_token } = await issueAccessToken(user);
    const [header, payload, signature] = access_token.split(".") as [string, string, string];
    const claims = JSON.parse(Buffer.from(payload, "base64url").toString()) as Json;
    const tampered = `${header}.${Buffer.from(JSON.stringify({ ...claims, role: "admin" })).toString("base64url")}.${signature}`;
    const none = `${Buffer.from(JSON.stringify({ alg: "none", typ: "at+jwt" })).toString("base64url")}.${payload}.`;

    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(Date.now() - 3 * 3600_000);
    const expired = (await issueAccessToken(user)).access_token;
    vi.useRealTimers();

    expect((await me({ authorization: `Bearer ${access_token}` })).status).toBe(200);
    for (const bad of [tampered, none, expired, "garbage"]) {
      const res = await me({ authorization: `Bearer ${bad}` });
      expect(res.status).toBe(401);
      expect(res.body).toMatchObject({ error: { code: "unauthorized" } });
      expect(res.headers.get("www-authenticate")).toMatch(/^Bearer/);
    }
    expect((await me({})).status).toBe(401);
  });

  it("answers 401 for a valid token of a deleted account", async () => {
    const user = await createTestUser();
    const { access_token } = await issueAccessToken(user);
    await truncateAll();
    expect((await me({ authorization: `Bearer ${access_token}` })).status).toBe(401);
  });
});

describe("roles", () => {
  it("keeps buyers and venue admins out of an admin-only route, and lets admins in", async () => {
    const buyer = await createTestUser({ role: "buyer" });
    const venueAdmin = await createTestUser({ role: "venue_admin" });
    const admin = await createTestUser({ role: "admin" });
    const bearer = async (u: typeof buyer) => ({ authorization: `Bearer ${(await issueAccessToken(u)).access_token}` });

    expect((await adminUsers({})).status).toBe(401);
    const forbidden = await adminUsers(await bearer(buyer));
    expect(forbidden.status).toBe(403);
    expect(forbidden.body).toMatchObject({ error: { code: "forbidden" } });
    expect((await adminUsers(await bearer(venueAdmin))).status).toBe(403);
    expect((await adminUsers({ cookie: await sessionCookieFor(buyer) })).status).toBe(403);

    const listed = await adminUsers(await bearer(admin), "?size=2");
    expect(listed.status).toBe(200);
    expect(listed.body).toMatchObject({ page: 1, size: 2, total: 3 });
    expect((listed.body.users as Json[]).map((u) => u.user_id)).toEqual([String(admin.id), String(venueAdmin.id)]);
    expect((await adminUsers({ cookie: await sessionCookieFor(admin) }, "?page=2&size=2")).body.users).toHaveLength(1);
  });
});

describe("bad input", () => {
  it("answers 400 JSON for malformed bodies and fields", async () => {
    const cases: Array<[unknown, string | undefined]> = [
      ["{not json", undefined],
      ["", undefined],
      [[], undefined],
      [{ email: "fan@example.com", username: "fan" }, "password"],
      [{ email: "not-an-email", password: PASSWORD, username: "fan" }, "email"],
      [{ email: "fan@example.com", password: "short", username: "fan" }, "password"],
      [{ email: "fan@example.com", password: "password123", username: "fan" }, "password"],
      [{ email: "fan@example.com", password: "aaaaaaaaaaaaaa", username: "fan" }, "password"],
      [{ email: "fan@example.com", password: PASSWORD, username: "a b" }, "username"],
    ];
    for (const [body, field] of cases) {
      const res = await register(body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.headers.get("content-type")).toMatch(/application\/json/);
      expect((res.body.error as Json).code).toMatch(/^(bad_request|validation_error)$/);
      if (field) expect((res.body.error as Json).field).toBe(field);
    }
    // Over the 64 KB body limit: 413 (test/api/body-limits.test.ts checks it over a socket).
    const huge = await register(JSON.stringify({ email: "fan@example.com", password: PASSWORD, username: "x".repeat(70_000) }));
    expect(huge.status).toBe(413);
    expect((huge.body.error as Json).code).toBe("payload_too_large");
    // A JSON route reads only JSON.
    expect((await token(JSON.stringify({ email: "fan@example.com", password: PASSWORD }), { "content-type": "text/plain" })).status).toBe(415);
    expect((await token({ email: "fan@example.com" })).status).toBe(400);
    expect((await token("[1,2")).status).toBe(400);
    const admin = await createTestUser({ role: "admin" });
    const auth = { authorization: `Bearer ${(await issueAccessToken(admin)).access_token}` };
    expect((await adminUsers(auth, "?size=0")).status).toBe(400);
    expect((await adminUsers(auth, "?page=abc")).status).toBe(400);
  });

  it("never tells whether an email has an account: the same answer, and its owner gets a mail instead; 409 only for a taken username", async () => {
    const fresh = await register({ email: "fan@example.com", password: PASSWORD, username: "fan" });
    const taken = await register({ email: "FAN@example.com", password: PASSWORD, username: "other" });
    expect([fresh.status, taken.status]).toEqual([202, 202]);
    expect(taken.body).toEqual(fresh.body);
    // Same headers too (but the per-request id).
    expect([...taken.headers.keys()]).toEqual([...fresh.headers.keys()]);
    expect(taken.headers.get("cache-control")).toBe(fresh.headers.get("cache-control"));
    expect(await getDb().user.count()).toBe(1);
    const mails = await getDb().notification.findMany({ orderBy: { id: "asc" }, select: { kind: true } });
    expect(mails.map((m) => m.kind)).toEqual(["email_verification", "account_exists"]);
    const username = await register({ email: "other@example.com", password: PASSWORD, username: "FAN" });
    expect(username.status).toBe(409);
    expect(username.body).toMatchObject({ error: { code: "conflict", field: "username" } });
  });
});

describe("rate limits", () => {
  it("answers 429 with Retry-After once an email has used its sign-in attempts", async () => {
    process.env.RATE_LIMIT_AUTH_EMAIL_PER_MINUTE = "3";
    await createTestUser({ email: "fan@example.com" });
    for (let i = 0; i < 3; i++) expect((await token({ email: "fan@example.com", password: "wrong password, surely" })).status).toBe(401);
    const limited = await token({ email: "fan@example.com", password: TEST_PASSWORD });
    expect(limited.status).toBe(429);
    expect(limited.body).toMatchObject({ error: { code: "rate_limited" } });
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    expect(Number(limited.headers.get("retry-after"))).toBeLessThanOrEqual(60);
    // Another email is unaffected (but shares the IP budget, which is larger).
    await createTestUser({ email: "other@example.com" });
    expect((await token({ email: "other@example.com", password: TEST_PASSWORD })).status).toBe(200);
    // The sign-in form shares the budget: Auth.js refuses with code=rate_limited.
    const { response } = await signInThroughAuthJs("fan@example.com", TEST_PASSWORD);
    expect(response.headers.get("location")).toBe(`${ORIGIN}/signin?error=CredentialsSignin&code=rate_limited`);
  });

  it("limits sign-in attempts per IP across emails", async () => {
    process.env.RATE_LIMIT_AUTH_PER_MINUTE = "2";
    expect((await token({ email: "a@example.com", password: "x" })).status).toBe(401);
    expect((await token({ email: "b@example.com", password: "x" })).status).toBe(401);
    expect((await token({ email: "c@example.com", password: "x" })).status).toBe(429);
    // A different client address has its own budget.
    expect((await token({ email: "c@example.com", password: "x" }, fromAddress("203.0.113.99"))).status).toBe(401);
  });

  it("a forged X-Real-IP / X-Forwarded-For changes nothing: rotating it does not escape the per-address limit", async () => {
    process.env.RATE_LIMIT_AUTH_PER_MINUTE = "3";
    for (let i = 0; i < 3; i++) {
      const forged = { "x-real-ip": `203.0.113.${i + 1}`, "x-forwarded-for": `192.0.2.${i + 1}` };
      expect((await token({ email: `guess${i}@example.com`, password: "x" }, forged)).status).toBe(401);
    }
    const limited = await token({ email: "guess9@example.com", password: "x" }, { "x-real-ip": "203.0.113.200", "x-forwarded-for": "192.0.2.200" });
    expect(limited.status).toBe(429);
  });

  it("callers without a known address do not share one bucket: one client's 25 failures leave every other fan signing in", async () => {
    // As under `next dev` or a plain `next start`: no server entry, so no client address at all.
    const anonymousToken = async (body: unknown) =>
      read(await tokenPOST(new Request(`${ORIGIN}/api/auth/token`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) }), noParams));
    for (let i = 0; i < 25; i++) expect((await anonymousToken({ email: `nobody${i}@example.com`, password: "wrong password" })).status).toBe(401);
    await createTestUser({ email: "fan@example.com" });
    expect((await anonymousToken({ email: "fan@example.com", password: TEST_PASSWORD })).status).toBe(200);
  });

  it("one client hammering an account does not spend another client's attempts at it", async () => {
    await createTestUser({ email: "fan@example.com" });
    for (let i = 0; i < 5; i++) expect((await token({ email: "fan@example.com", password: "wrong password" })).status).toBe(401);
    expect((await token({ email: "fan@example.com", password: TEST_PASSWORD })).status).toBe(429);
    expect((await token({ email: "fan@example.com", password: TEST_PASSWORD }, fromAddress("203.0.113.50"))).status).toBe(200);
  });

  it("many addresses guessing one account make new devices back off; a device that signed in before still gets in", async () => {
    process.env.SIGN_IN_BACKOFF_AFTER_FAILURES = "4";
    await createTestUser({ email: "fan@example.com" });
    // The owner signed in from their phone last week: it holds a device cookie.
    const first = await tokenPOST(jsonRequest("/api/auth/token", { email: "fan@example.com", password: TEST_PASSWORD }), noParams);
    expect(first.status).toBe(200);
    const setCookie = first.headers.get("set-cookie") ?? "";
    expect(setCookie).toMatch(/^openseat_device=v1\.[^;]+; Path=\/; Max-Age=\d+; HttpOnly; SameSite=Lax$/);
    const deviceCookie = setCookie.split(";")[0]!;

    // A guesser with a fresh address per attempt: each address's own budget is never met.
    for (let i = 0; i < 4; i++) {
      expect((await token({ email: "fan@example.com", password: `guess ${i} guess` }, fromAddress(`203.0.113.${100 + i}`))).status).toBe(401);
    }
    // Now any new device backs off, even with the right password (the guesser cannot tell).
    const backedOff = await token({ email: "fan@example.com", password: TEST_PASSWORD }, fromAddress("203.0.113.150"));
    expect(backedOff.status).toBe(429);
    expect(Number(backedOff.headers.get("retry-after"))).toBeGreaterThanOrEqual(25);
    expect(Number(backedOff.headers.get("retry-after"))).toBeLessThanOrEqual(30);
    // A forged device cookie (or one for another account) is a new device.
    const forged = deviceCookie.replace(/.$/, (c) => (c === "A" ? "B" : "A"));
    expect((await token({ email: "fan@example.com", password: TEST_PASSWORD }, { cookie: forged, ...fromAddress("203.0.113.151") })).status).toBe(429);
    // The owner's device is its own lane: token route and the Auth.js form alike.
    expect((await token({ email: "fan@example.com", password: TEST_PASSWORD }, { cookie: deviceCookie, ...fromAddress("203.0.113.152") })).status).toBe(200);
    const form = await signInWithCookie("fan@example.com", TEST_PASSWORD, deviceCookie);
    expect(form.headers.get("location")).toBe(`${ORIGIN}/account`);
    const formWithout = await signInWithCookie("fan@example.com", TEST_PASSWORD, "");
    expect(formWithout.headers.get("location")).toBe(`${ORIGIN}/signin?error=CredentialsSignin&code=rate_limited`);
    // Another account is untouched.
    await createTestUser({ email: "other@example.com" });
    expect((await token({ email: "other@example.com", password: TEST_PASSWORD }, fromAddress("203.0.113.150"))).status).toBe(200);
  });

  it("limits sign-ups per IP", async () => {
    process.env.RATE_LIMIT_REGISTER_PER_MINUTE = "2";
    expect((await register({ email: "a@example.com", password: PASSWORD, username: "aaa" })).status).toBe(202);
    expect((await register({ email: "b@example.com", password: PASSWORD, username: "bbb" })).status).toBe(202);
    const limited = await register({ email: "c@example.com", password: PASSWORD, username: "ccc" });
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toMatch(/^\d+$/);
  });
});
