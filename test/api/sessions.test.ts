// Session revocation through the route handlers: a real Auth.js cookie (signed in through Auth.js'
// own routes) and an access token from POST /api/auth/token, then "sign out everywhere", a role
// change, a deleted account and a Redis outage; and who may call the two new routes.
import net from "node:net";
import { NextRequest } from "next/server";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { GET as adminUsersGET } from "@/app/api/admin/users/route";
import { POST as rolePOST } from "@/app/api/admin/users/[user_id]/role/route";
import { GET as nextAuthGET, POST as nextAuthPOST } from "@/app/api/auth/[...nextauth]/route";
import { POST as tokenPOST } from "@/app/api/auth/token/route";
import { GET as holdGET } from "@/app/api/events/[event_id]/hold/route";
import { POST as reservePOST } from "@/app/api/events/ticket/reserve/route";
import { GET as meGET } from "@/app/api/me/route";
import { POST as signOutEverywherePOST } from "@/app/api/me/sign-out-everywhere/route";
import { forgetLocalSessionStates, publishSessionState } from "@/lib/auth/session-version";
import { getDb } from "@/lib/db";
import type { UserRole } from "@/lib/generated/prisma/enums";
import { closeRedis } from "@/lib/redis";
import { createEventWithTickets, createVenueWithGrid } from "@/prisma/seed/factories";
import { createTestUser, TEST_PASSWORD } from "@/test/support/auth";
import { truncateAll } from "@/test/support/database";
import { resetRedis } from "@/test/support/redis";
import { fromAddress } from "@/test/support/client-address";

const ORIGIN = "http://localhost:3000";
type Json = Record<string, unknown>;
type Handler = (request: Request, context: never) => Promise<Response>;
type Credentials = { cookie?: string; token?: string };

let ipCounter = 0;
let ip = "";

function headersFor(creds: Credentials, extra: Record<string, string> = {}): Record<string, string> {
  const headers: Record<string, string> = { ...fromAddress(ip), ...extra };
  if (creds.cookie) headers.cookie = creds.cookie;
  if (creds.token) headers.authorization = `Bearer ${creds.token}`;
  return headers;
}

async function call(handler: Handler, method: string, path: string, creds: Credentials, options: { body?: unknown; params?: Record<string, string>; headers?: Record<string, string> } = {}) {
  const headers = headersFor(creds, options.headers);
  if (options.body !== undefined) headers["content-type"] = "application/json";
  const response = await handler(
    new Request(`${ORIGIN}${path}`, { method, headers, body: options.body === undefined ? undefined : JSON.stringify(options.body) }),
    { params: Promise.resolve(options.params ?? {}) } as never,
  );
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : {}) as Json };
}

const me = (c: Credentials) => call(meGET as Handler, "GET", "/api/me", c);
const adminUsers = (c: Credentials) => call(adminUsersGET as Handler, "GET", "/api/admin/users", c);
const signOutEverywhere = (c: Credentials, headers?: Record<string, string>) => call(signOutEverywherePOST as Handler, "POST", "/api/me/sign-out-everywhere", c, { headers });
const changeRole = (c: Credentials, userId: number | string, body: unknown) =>
  call(rolePOST as Handler, "POST", `/api/admin/users/${userId}/role`, c, { body, params: { user_id: String(userId) } });
const reserve = (c: Credentials, ticketIds: number[]) => call(reservePOST as Handler, "POST", "/api/events/ticket/reserve", c, { body: { ticket_ids: ticketIds.map(String) } });
const hold = (c: Credentials, eventId: number) => call(holdGET as Handler, "GET", `/api/events/${eventId}/hold`, c, { params: { event_id: String(eventId) } });

function cookiesFrom(response: Response, jar: Map<string, string>): void {
  for (const line of response.headers.getSetCookie()) {
    const [pair] = line.split(";");
    const eq = pair!.indexOf("=");
    jar.set(pair!.slice(0, eq), pair!.slice(eq + 1));
  }
}

/** Signs in through Auth.js' own routes like a browser; the Cookie header it would send afterwards. */
async function browserSignIn(email: string): Promise<string> {
  const jar = new Map<string, string>();
  const csrf = await nextAuthGET(new NextRequest(`${ORIGIN}/api/auth/csrf`, { headers: { ...fromAddress(ip) } }));
  cookiesFrom(csrf, jar);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const cookie = () => [...jar].map(([k, v]) => `${k}=${v}`).join("; ");
  const response = await nextAuthPOST(
    new NextRequest(`${ORIGIN}/api/auth/callback/credentials`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", cookie: cookie(), ...fromAddress(ip) },
      body: new URLSearchParams({ email, password: TEST_PASSWORD, csrfToken, callbackUrl: `${ORIGIN}/account` }),
    }),
  );
  cookiesFrom(response, jar);
  if (!jar.get("authjs.session-token")) throw new Error(`sign-in failed for ${email}`);
  return cookie();
}

async function apiToken(email: string): Promise<string> {
  const { status, body } = await call(tokenPOST as Handler, "POST", "/api/auth/token", {}, { body: { email, password: TEST_PASSWORD } });
  expect(status).toBe(200);
  return body.access_token as string;
}

/** A user with a browser session and an API token. */
async function signedIn(role: UserRole = "buyer") {
  const user = await createTestUser({ role });
  return { user, cookie: { cookie: await browserSignIn(user.email) }, token: { token: await apiToken(user.email) } };
}

async function onSaleEvent() {
  const db = getDb();
  const { venue } = await createVenueWithGrid(db, { rows: 2, seatsPerRow: 10 });
  const { event } = await createEventWithTickets(db, { venueId: venue.id });
  const tickets = await db.ticket.findMany({ where: { eventId: event.id }, orderBy: { id: "asc" }, select: { id: true } });
  return { eventId: event.id, ticketIds: tickets.map((t) => t.id) };
}

const versions = async () =>
  (await getDb().user.findMany({ orderBy: { id: "asc" }, select: { id: true, role: true, sessionVersion: true } })).map((u) => `${u.id}:${u.role}:${u.sessionVersion}`);

const savedRedisUrl = process.env.REDIS_URL;

beforeEach(async () => {
  ip = `198.51.100.${++ipCounter % 250}`;
  await truncateAll();
  await resetRedis();
});
afterEach(async () => {
  if (savedRedisUrl === undefined) delete process.env.REDIS_URL;
  else process.env.REDIS_URL = savedRedisUrl;
  await closeRedis();
});

describe("sign out everywhere", () => {
  it("ends the browser session and every access token, on /api/me and on the buying routes; a new sign-in works", async () => {
    const { eventId, ticketIds } = await onSaleEvent();
    const { user, cookie, token } = await signedIn();
    const secondToken = { token: await apiToken(user.email) };
    for (const creds of [cookie, token, secondToken]) expect((await me(creds)).status).toBe(200);
    expect((await reserve(token, [ticketIds[0]!])).status).toBe(200);
    expect((await reserve(cookie, [ticketIds[1]!])).status).toBe(200);

    expect(await signOutEverywhere(token)).toMatchObject({ status: 200, body: { status: "success" } });

    for (const creds of [cookie, token, secondToken]) {
      expect((await me(creds)).status).toBe(401);
      expect((await reserve(creds, [ticketIds[2]!])).status).toBe(401);
      expect((await hold(creds, eventId)).status).toBe(401);
    }
    // Another server process (no copy of its own) learns it from Redis.
    forgetLocalSessionStates();
    expect((await me(cookie)).status).toBe(401);
    expect((await me(token)).status).toBe(401);
    // Nothing was held by the refused calls.
    expect(await getDb().ticket.count({ where: { id: ticketIds[2]!, status: "reserved" } })).toBe(0);

    // Sessions made after the bump work.
    const freshCookie = { cookie: await browserSignIn(user.email) };
    const freshToken = { token: await apiToken(user.email) };
    expect((await me(freshCookie)).status).toBe(200);
    expect((await reserve(freshToken, [ticketIds[2]!])).status).toBe(200);
    expect((await me(cookie)).status).toBe(401);
  });

  it("is refused when Redis is down only for the revoked: the check falls back to PostgreSQL (fail closed)", async () => {
    const { user, token } = await signedIn();
    expect(await signOutEverywhere(token)).toMatchObject({ status: 200 });
    const fresh = { token: await apiToken(user.email) };

    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as net.AddressInfo;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    process.env.REDIS_URL = `redis://127.0.0.1:${port}/0`;
    await closeRedis();
    forgetLocalSessionStates();

    expect((await me(token)).status).toBe(401);
    expect((await me(fresh)).status).toBe(200);
  });
});

describe("a role change", () => {
  it("ends the demoted admin's sessions at once; at the next sign-in they are a buyer", async () => {
    const target = await signedIn("admin");
    const actor = await signedIn("admin");
    expect((await adminUsers(target.cookie)).status).toBe(200);
    expect((await adminUsers(target.token)).status).toBe(200);

    const changed = await changeRole(actor.token, target.user.id, { role: "buyer" });
    expect(changed).toMatchObject({ status: 200, body: { user: { user_id: String(target.user.id), role: "buyer" } } });

    for (const creds of [target.cookie, target.token]) {
      expect((await adminUsers(creds)).status).toBe(401);
      expect((await me(creds)).status).toBe(401);
    }
    forgetLocalSessionStates();
    expect((await adminUsers(target.token)).status).toBe(401);

    const again = { token: await apiToken(target.user.email) };
    expect((await adminUsers(again)).status).toBe(403);
    expect(await me(again)).toMatchObject({ status: 200, body: { user: { role: "buyer" } } });
    // The acting admin's own sessions are untouched.
    expect((await adminUsers(actor.cookie)).status).toBe(200);
  });

  it("setting the role a user already has ends nothing", async () => {
    const target = await signedIn("venue_admin");
    const actor = await signedIn("admin");
    expect((await changeRole(actor.token, target.user.id, { role: "venue_admin" })).status).toBe(200);
    expect((await me(target.token)).status).toBe(200);
  });
});

describe("a deleted account", () => {
  it("answers 401 on every route with its cookie and tokens", async () => {
    const { eventId, ticketIds } = await onSaleEvent();
    const { user, cookie, token } = await signedIn();
    expect((await me(token)).status).toBe(200);
    await getDb().user.delete({ where: { id: user.id } });
    // What an account deletion publishes (and, without it, what the caches' expiry leads to).
    await publishSessionState(user.id, null);
    for (const creds of [cookie, token]) {
      expect((await me(creds)).status).toBe(401);
      expect((await reserve(creds, [ticketIds[0]!])).status).toBe(401);
      expect((await hold(creds, eventId)).status).toBe(401);
      expect((await signOutEverywhere(creds)).status).toBe(401);
    }
  });
});

describe("authorization: POST /api/me/sign-out-everywhere", () => {
  it("anonymous: 401, nothing changes", async () => {
    await signedIn();
    const before = await versions();
    expect((await signOutEverywhere({})).status).toBe(401);
    expect((await signOutEverywhere({ token: "garbage" })).status).toBe(401);
    expect(await versions()).toEqual(before);
  });

  it("a cross-site cookie POST: 403, nothing changes", async () => {
    const fan = await signedIn();
    const before = await versions();
    expect((await signOutEverywhere(fan.cookie, { "sec-fetch-site": "cross-site" })).status).toBe(403);
    expect(await versions()).toEqual(before);
    expect((await me(fan.cookie)).status).toBe(200);
  });

  it.each(["buyer", "venue_admin", "admin"] as const)("a %s ends only their own sessions; every other user's keep working", async (role) => {
    const caller = await signedIn(role);
    const others = [await signedIn("buyer"), await signedIn("venue_admin"), await signedIn("admin")];
    const before = await versions();
    expect((await signOutEverywhere(caller.cookie)).status).toBe(200);
    expect((await me(caller.cookie)).status).toBe(401);
    expect((await me(caller.token)).status).toBe(401);
    for (const other of others) {
      expect((await me(other.cookie)).status).toBe(200);
      expect((await me(other.token)).status).toBe(200);
    }
    const after = await versions();
    expect(after.filter((v, i) => v !== before[i])).toEqual([`${caller.user.id}:${role}:1`]);
  });
});

describe("authorization: POST /api/admin/users/:user_id/role", () => {
  it("anonymous 401, buyer 403 (for themselves and for another user), venue admin 403; a refused call changes nothing", async () => {
    const target = await signedIn("admin");
    const buyer = await signedIn("buyer");
    const venueAdmin = await signedIn("venue_admin");
    const before = await versions();
    expect((await changeRole({}, target.user.id, { role: "buyer" })).status).toBe(401);
    expect((await changeRole(buyer.token, target.user.id, { role: "buyer" })).status).toBe(403);
    expect((await changeRole(buyer.cookie, buyer.user.id, { role: "admin" })).status).toBe(403);
    expect((await changeRole(venueAdmin.token, target.user.id, { role: "buyer" })).status).toBe(403);
    expect((await changeRole(venueAdmin.token, venueAdmin.user.id, { role: "admin" })).status).toBe(403);
    expect(await versions()).toEqual(before);
    expect((await adminUsers(target.token)).status).toBe(200);
  });

  it("admin: changes another user's role; refuses their own (409), unknown users (404) and bad input (400) without changing anything", async () => {
    const admin = await signedIn("admin");
    const fan = await signedIn("buyer");
    const before = await versions();
    expect((await changeRole(admin.token, admin.user.id, { role: "buyer" })).status).toBe(409);
    expect((await changeRole(admin.token, 999_999, { role: "buyer" })).status).toBe(404);
    expect((await changeRole(admin.token, fan.user.id, { role: "superuser" })).status).toBe(400);
    expect((await changeRole(admin.token, fan.user.id, {})).status).toBe(400);
    expect((await changeRole(admin.token, fan.user.id, { role: "admin", extra: 1 })).status).toBe(400);
    expect((await changeRole(admin.token, "abc", { role: "admin" })).status).toBe(400);
    expect(await versions()).toEqual(before);
    expect((await me(fan.token)).status).toBe(200);
    expect((await adminUsers(admin.token)).status).toBe(200);

    expect(await changeRole(admin.cookie, fan.user.id, { role: "venue_admin" })).toMatchObject({ status: 200, body: { user: { role: "venue_admin" } } });
    expect((await me(fan.token)).status).toBe(401);
  });
});
