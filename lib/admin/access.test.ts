// The dashboard's venue checks for every kind of caller (test/support/actors.ts), and the audit log
// committing or rolling back with the change it records.
import { beforeEach, describe, expect, it } from "vitest";
import type { Caller } from "@/lib/auth/get-caller";
import { getDb } from "@/lib/db";
import { AppError } from "@/lib/errors/app-error";
import { createEventWithTickets } from "@/prisma/seed/factories";
import { createCast, type Actor } from "@/test/support/actors";
import { truncateAll } from "@/test/support/database";
import { canCheckInAtVenue, canManageVenue, checkInVenueIds, managedVenueIds, requireAdmin, requireEventCheckIn, requireEventManager } from "./access";
import { listEventAudit, recordAudit } from "./audit";

const callerOf = (actor: Actor): Caller => ({ userId: actor.user!.id, role: actor.user!.role, email: actor.user!.email, username: actor.user!.username });

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return "ok";
  } catch (e) {
    if (e instanceof AppError) return e.code;
    throw e;
  }
}

beforeEach(async () => {
  await truncateAll();
});

describe("venue and event access", () => {
  it("gives each kind of caller exactly its venues", async () => {
    const { venue, otherVenue, actors } = await createCast();
    const v = venue.venue.id;
    const o = otherVenue.venue.id;
    const { event } = await createEventWithTickets(getDb(), { venueId: v, title: "Access" });
    const table = [] as unknown[];
    for (const name of ["buyer", "doorStaff", "otherVenueAdmin", "venueAdmin", "admin"] as const) {
      const caller = callerOf(actors[name]);
      table.push({
        name,
        manages: [await canManageVenue(caller, v), await canManageVenue(caller, o)],
        checksIn: [await canCheckInAtVenue(caller, v), await canCheckInAtVenue(caller, o)],
        managed: await managedVenueIds(caller),
        checkIn: await checkInVenueIds(caller),
        event: await codeOf(requireEventManager(caller, event.id)),
        eventCheckIn: await codeOf(requireEventCheckIn(caller, event.id)),
        missing: await codeOf(requireEventManager(caller, event.id + 1000)),
        admin: await codeOf(Promise.resolve().then(() => requireAdmin(caller))),
      });
    }
    expect(table).toEqual([
      { name: "buyer", manages: [false, false], checksIn: [false, false], managed: [], checkIn: [], event: "forbidden", eventCheckIn: "forbidden", missing: "not_found", admin: "forbidden" },
      { name: "doorStaff", manages: [false, false], checksIn: [true, false], managed: [], checkIn: [v], event: "forbidden", eventCheckIn: "ok", missing: "not_found", admin: "forbidden" },
      { name: "otherVenueAdmin", manages: [false, true], checksIn: [false, true], managed: [o], checkIn: [o], event: "forbidden", eventCheckIn: "forbidden", missing: "not_found", admin: "forbidden" },
      { name: "venueAdmin", manages: [true, false], checksIn: [true, false], managed: [v], checkIn: [v], event: "ok", eventCheckIn: "ok", missing: "not_found", admin: "forbidden" },
      { name: "admin", manages: [true, true], checksIn: [true, true], managed: "all", checkIn: "all", event: "ok", eventCheckIn: "ok", missing: "not_found", admin: "ok" },
    ]);
  });

  it("takes a revoked venue away on the next check", async () => {
    const { venue, actors } = await createCast();
    const caller = callerOf(actors.venueAdmin);
    expect(await canManageVenue(caller, venue.venue.id)).toBe(true);
    await getDb().venueAdmin.delete({ where: { userId_venueId: { userId: caller.userId, venueId: venue.venue.id } } });
    expect(await canManageVenue(caller, venue.venue.id)).toBe(false);
  });
});

describe("audit log", () => {
  it("records with the change and rolls back with it", async () => {
    const { venue, actors } = await createCast();
    const { event } = await createEventWithTickets(getDb(), { venueId: venue.venue.id, title: "Audited" });
    const actorId = actors.venueAdmin.user!.id;
    await getDb().$transaction(async (tx) => {
      await tx.event.update({ where: { id: event.id }, data: { title: "Audited (renamed)" } });
      await recordAudit(tx, { actorId, action: "event.update", targetType: "event", targetId: event.id, eventId: event.id, venueId: venue.venue.id, before: { title: "Audited" }, after: { title: "Audited (renamed)", at: new Date(0) } });
    });
    await expect(
      getDb().$transaction(async (tx) => {
        await recordAudit(tx, { actorId, action: "event.cancel", targetType: "event", targetId: event.id, eventId: event.id });
        throw new Error("the change failed");
      }),
    ).rejects.toThrow("the change failed");
    const entries = await listEventAudit(event.id);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      action: "event.update",
      actor: { user_id: String(actorId) },
      target_type: "event",
      target_id: String(event.id),
      before: { title: "Audited" },
      after: { title: "Audited (renamed)", at: "1970-01-01T00:00:00.000Z" },
    });
  });
});
