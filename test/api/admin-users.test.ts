// Venue grants: granting makes a fan the venue's admin or door staff (role and row together, their
// sessions ended), revoking the last grant makes them a fan again, contradictory grants are refused,
// and every change is in the audit log.
import { beforeEach, describe, expect, it } from "vitest";
import * as venues from "@/app/api/admin/users/[user_id]/venues/route";
import * as users from "@/app/api/admin/users/route";
import { getDb } from "@/lib/db";
import { createUser, createVenueWithGrid } from "@/prisma/seed/factories";
import { accessTokenFor, callRoute, type RouteHandler } from "@/test/support/api";
import { truncateAll } from "@/test/support/database";
import { resetRedis } from "@/test/support/redis";

beforeEach(async () => {
  await truncateAll();
  await resetRedis();
});

async function setup() {
  const db = getDb();
  const admin = await createUser(db, { role: "admin" });
  const { venue } = await createVenueWithGrid(db, { rows: 1, seatsPerRow: 2 });
  const { venue: second } = await createVenueWithGrid(db, { rows: 1, seatsPerRow: 2 });
  const fan = await createUser(db, { username: "grace_hopper" });
  return { db, admin, token: await accessTokenFor(admin), venue, second, fan };
}

const grant = (method: "POST" | "DELETE", userId: number, body: unknown, token: string) =>
  callRoute<{ user: { role: string; venues: Array<{ venue_id: string; as: string }> }; changed: boolean; error?: { code: string } }>(
    (method === "POST" ? venues.POST : venues.DELETE) as RouteHandler,
    method,
    `/api/admin/users/${userId}/venues`,
    { token, body, params: { user_id: String(userId) } },
  );

describe("venue grants", () => {
  it("grant raises a fan to door staff of the venue, a second grant changes nothing, revoking the last makes them a fan again", async () => {
    const { db, token, venue, second, fan } = await setup();
    const first = await grant("POST", fan.id, { venue_id: venue.id, as: "door_staff" }, token);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ changed: true, user: { role: "door_staff", venues: [{ venue_id: String(venue.id), as: "door_staff" }] } });
    expect((await db.user.findUniqueOrThrow({ where: { id: fan.id } })).sessionVersion).toBe(1);
    expect((await grant("POST", fan.id, { venue_id: venue.id, as: "door_staff" }, token)).body.changed).toBe(false);
    await grant("POST", fan.id, { venue_id: second.id, as: "door_staff" }, token);
    // Door staff cannot also be made venue admin without a role change first.
    const contradict = await grant("POST", fan.id, { venue_id: venue.id, as: "venue_admin" }, token);
    expect(contradict.status).toBe(409);
    expect((await grant("DELETE", fan.id, { venue_id: venue.id, as: "door_staff" }, token)).body.user.role).toBe("door_staff");
    const last = await grant("DELETE", fan.id, { venue_id: second.id, as: "door_staff" }, token);
    expect(last.body).toMatchObject({ changed: true, user: { role: "buyer", venues: [] } });
    expect((await db.user.findUniqueOrThrow({ where: { id: fan.id } })).sessionVersion).toBe(2);
    expect((await grant("DELETE", fan.id, { venue_id: second.id, as: "door_staff" }, token)).body.changed).toBe(false);
    const audit = await db.auditLog.findMany({ where: { targetType: "user", targetId: String(fan.id) }, orderBy: { id: "asc" } });
    expect(audit.map((a) => a.action)).toEqual(["user.venue_grant", "user.venue_grant", "user.venue_revoke", "user.venue_revoke"]);
  });

  it("refuses bad input, unknown users and venues, admins, and the caller's own account, changing nothing", async () => {
    const { db, admin, token, venue, fan } = await setup();
    const other = await createUser(db, { role: "admin" });
    const before = await db.auditLog.count();
    const cases: Array<[number, unknown, number]> = [
      [fan.id, { venue_id: venue.id, as: "owner" }, 400],
      [fan.id, { venue_id: "abc", as: "door_staff" }, 400],
      [fan.id, { venue_id: venue.id }, 400],
      [fan.id, { venue_id: venue.id, as: "door_staff", extra: 1 }, 400],
      [fan.id, { venue_id: 999999, as: "door_staff" }, 404],
      [999999, { venue_id: venue.id, as: "door_staff" }, 404],
      [other.id, { venue_id: venue.id, as: "venue_admin" }, 409],
      [admin.id, { venue_id: venue.id, as: "venue_admin" }, 409],
    ];
    for (const [userId, body, status] of cases) expect({ body, status: (await grant("POST", userId, body, token)).status }).toEqual({ body, status });
    expect(await db.auditLog.count()).toBe(before);
    expect(await db.venueDoorStaff.count()).toBe(0);
    expect((await db.user.findUniqueOrThrow({ where: { id: fan.id } })).role).toBe("buyer");
  });

  it("GET /api/admin/users searches by name, email or id and filters by role", async () => {
    const { token, fan } = await setup();
    const search = async (query: string) =>
      (await callRoute<{ users: Array<{ username: string }>; total: number }>(users.GET as RouteHandler, "GET", `/api/admin/users${query}`, { token })).body;
    expect((await search("?q=HOPPER")).users.map((u) => u.username)).toEqual(["grace_hopper"]);
    expect((await search(`?q=${fan.id}`)).users.map((u) => u.username)).toContain("grace_hopper");
    expect((await search("?role=admin")).total).toBe(1);
    expect((await search("?q=%25")).total).toBe(0);
    expect((await callRoute(users.GET as RouteHandler, "GET", "/api/admin/users?role=king", { token })).status).toBe(400);
  });
});
