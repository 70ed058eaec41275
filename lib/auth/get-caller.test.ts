// getCaller from a Request: Bearer access token first, else the Auth.js session cookie; and the
// role and venue checks built on it.
import { beforeEach, describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors/app-error";
import { getDb } from "@/lib/db";
import { createVenueWithGrid } from "@/prisma/seed/factories";
import { truncateAll } from "@/test/support/database";
import { createTestUser, sessionCookieFor } from "@/test/support/auth";
import { issueAccessToken } from "./access-token";
import { getCaller, requireRole, requireUser, type Caller } from "./get-caller";
import { canManageVenue } from "@/lib/admin/access";

const request = (headers: Record<string, string>) => new Request("http://localhost/api/me", { headers });

beforeEach(async () => {
  await truncateAll();
});

describe("getCaller", () => {
  it("reads a Bearer access token", async () => {
    const user = await createTestUser({ role: "venue_admin" });
    const { access_token } = await issueAccessToken(user);
    expect(await getCaller(request({ authorization: `Bearer ${access_token}` }))).toEqual({
      userId: user.id,
      role: "venue_admin",
      email: user.email,
      username: user.username,
    });
  });

  it("reads the Auth.js session cookie (plain and __Secure- names)", async () => {
    const user = await createTestUser();
    const expected: Caller = { userId: user.id, role: "buyer", email: user.email, username: user.username };
    expect(await getCaller(request({ cookie: `theme=dark; ${await sessionCookieFor(user)}` }))).toEqual(expected);
    const secure = await sessionCookieFor(user, { cookieName: "__Secure-authjs.session-token" });
    expect(await getCaller(request({ cookie: secure }))).toEqual(expected);
  });

  it("refuses a cookie made with another secret, an expired one, or one renamed", async () => {
    const user = await createTestUser();
    expect(await getCaller(request({ cookie: await sessionCookieFor(user, { secret: "x".repeat(40) }) }))).toBeNull();
    expect(await getCaller(request({ cookie: await sessionCookieFor(user, { maxAge: -60 }) }))).toBeNull();
    // The cookie name is the key derivation's salt: a value moved to the other name does not decrypt.
    const value = (await sessionCookieFor(user)).split("=")[1];
    expect(await getCaller(request({ cookie: `__Secure-authjs.session-token=${value}` }))).toBeNull();
    expect(await getCaller(request({ cookie: "authjs.session-token=garbage" }))).toBeNull();
  });

  it("does not fall back to the cookie when a Bearer token is present but invalid", async () => {
    const user = await createTestUser();
    const cookie = await sessionCookieFor(user);
    expect(await getCaller(request({ cookie, authorization: "Bearer not-a-token" }))).toBeNull();
    expect(await getCaller(request({ cookie, authorization: "Bearer" }))).toBeNull();
    // Another scheme is not ours to judge: the cookie still counts.
    expect(await getCaller(request({ cookie, authorization: "Basic Zm9vOmJhcg==" }))).not.toBeNull();
  });

  it("is null without credentials; requireUser turns that into 401", async () => {
    expect(await getCaller(request({}))).toBeNull();
    await expect(requireUser(request({}))).rejects.toMatchObject({ code: "unauthorized", status: 401 });
  });
});

describe("requireRole, and the venue check built on the role (lib/admin/access.ts)", () => {
  it("lets only the listed roles through", () => {
    const buyer: Caller = { userId: 1, role: "buyer", email: "b@example.com", username: "b" };
    expect(requireRole({ ...buyer, role: "admin" }, "admin")).toMatchObject({ role: "admin" });
    expect(() => requireRole(buyer, "admin", "venue_admin")).toThrow(AppError);
    expect(() => requireRole(buyer, "admin")).toThrow(expect.objectContaining({ code: "forbidden" }));
  });

  it("lets an admin manage any venue and a venue admin only the venues assigned to them", async () => {
    const db = getDb();
    const { venue: mine } = await createVenueWithGrid(db, { rows: 1, seatsPerRow: 2 });
    const { venue: theirs } = await createVenueWithGrid(db, { rows: 1, seatsPerRow: 2 });
    const venueAdmin = await createTestUser({ role: "venue_admin" });
    const admin = await createTestUser({ role: "admin" });
    const buyer = await createTestUser({ role: "buyer" });
    await db.venueAdmin.create({ data: { userId: venueAdmin.id, venueId: mine.id } });
    // An assignment row for a buyer gives nothing: the role must be venue_admin too.
    await db.venueAdmin.create({ data: { userId: buyer.id, venueId: mine.id } });

    const asCaller = (u: typeof admin): Caller => ({ userId: u.id, role: u.role, email: u.email, username: u.username });
    expect(await canManageVenue(asCaller(venueAdmin), mine.id)).toBe(true);
    expect(await canManageVenue(asCaller(venueAdmin), theirs.id)).toBe(false);
    expect(await canManageVenue(asCaller(admin), theirs.id)).toBe(true);
    expect(await canManageVenue(asCaller(buyer), mine.id)).toBe(false);

    // Deleting the venue removes its assignments.
    await db.venue.delete({ where: { id: mine.id } });
    expect(await db.venueAdmin.count({ where: { venueId: mine.id } })).toBe(0);
  });
});
