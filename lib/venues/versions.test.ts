// Chart versions against the real database: drafts, publishing, events bound to their version,
// the fan's chart of an event showing that version, and moving an event to a new version.
import { beforeEach, describe, expect, it } from "vitest";
import type { Caller } from "@/lib/auth/get-caller";
import { getDb } from "@/lib/db";
import { AppError } from "@/lib/errors/app-error";
import { getEventSeatLayout } from "@/lib/events/get-event-seat-layout";
import { getSeatMap } from "@/lib/events/get-seat-map";
import { createEventWithTickets, holdTickets, createUser } from "@/prisma/seed/factories";
import { createCast, type Actor } from "@/test/support/actors";
import { truncateAll } from "@/test/support/database";
import { CHART_SCHEMA_ID, type ChartDocumentInput } from "./chart-document";
import { chartVersionForNewEvent, moveEventToChartVersion, sellableSeats } from "./binding";
import { exportChart, getDraft, listVersions, publishDraft, saveDraft } from "./versions";

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

async function errorOf(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error("expected an AppError");
}

/** Section A as in createVenueWithGrid but 4 seats a row (seat 5 of each row is gone), plus a curved balcony. */
function nextLayout(): ChartDocumentInput {
  return {
    schema: CHART_SCHEMA_ID,
    canvas: { width: 400, height: 400 },
    seat_radius: 4,
    stage: { x: 50, y: 20, width: 300, height: 60 },
    sections: [
      { kind: "grid", name: "A", label: "Section A", origin: { x: 100, y: 120 }, rows: 2, seats_per_row: 4, seat_spacing: 10, row_spacing: 10 },
      {
        kind: "curved",
        name: "BALC",
        label: "Balcony",
        center: { x: 200, y: 50 },
        radius: 150,
        rows: 2,
        row_spacing: 12,
        start_angle: 60,
        end_angle: 120,
        seat_spacing: 12,
        row_labels: { style: "numbers", start: 1 },
        flags: [
          { row: "1", seats: [1], flags: { accessible: "wheelchair" } },
          { row: "1", seats: [2], flags: { accessible: "companion" } },
          { row: "2", seats: [3], flags: { not_for_sale: "camera position" } },
        ],
      },
    ],
    shapes: [{ kind: "bar", x: 10, y: 350, width: 60, height: 20, text: "Bar" }],
  };
}

async function snapshot(venueId: number) {
  const db = getDb();
  return {
    versions: await db.venueChartVersion.findMany({ where: { venueId }, orderBy: { id: "asc" } }),
    venue: await db.venue.findUniqueOrThrow({ where: { id: venueId } }),
    seats: await db.seat.count({ where: { venueId } }),
    tickets: await db.ticket.findMany({ where: { event: { venueId } }, orderBy: { id: "asc" } }),
    events: await db.event.findMany({ where: { venueId }, orderBy: { id: "asc" } }),
  };
}

beforeEach(async () => {
  await truncateAll();
});

describe("chart versions", () => {
  it("starts a draft from the published seats, refuses bad documents and publishes a clean one", async () => {
    const { venue, actors } = await createCast();
    const venueId = venue.venue.id;
    const admin = callerOf(actors.venueAdmin);

    const draft = await getDraft(admin, venueId);
    expect(draft).toMatchObject({ version: 2, based_on: 1, problems: [], seat_count: 10 });
    expect(draft.document.sections.map((s) => [s.kind, s.name])).toEqual([["free", "A"]]);

    // Structurally bad: refused with paths, nothing stored.
    const before = await snapshot(venueId);
    const bad = await errorOf(saveDraft(admin, venueId, { ...nextLayout(), canvas: { width: "wide" } }));
    expect(bad.code).toBe("validation_error");
    expect((bad.details!.problems as { path: string }[]).map((p) => p.path)).toContain("canvas.width");
    expect(await snapshot(venueId)).toEqual(before);

    // Semantically bad: saved as a draft, refused at publish with the problems, nothing published.
    const overlapping = nextLayout();
    overlapping.sections.push({ kind: "grid", name: "A2", origin: { x: 102, y: 120 }, rows: 1, seats_per_row: 2, seat_spacing: 10, row_spacing: 10 });
    const saved = await saveDraft(admin, venueId, overlapping);
    expect(saved.problems.length).toBeGreaterThan(0);
    const beforePublish = await snapshot(venueId);
    const refused = await errorOf(publishDraft(admin, venueId));
    expect(refused.code).toBe("validation_error");
    expect(refused.details!.problems).toEqual(saved.problems);
    expect(await snapshot(venueId)).toEqual(beforePublish);

    await saveDraft(admin, venueId, nextLayout());
    const published = await publishDraft(admin, venueId);
    expect(published).toMatchObject({ version: 2, sections: 2 });
    const db = getDb();
    const v2 = await db.venueChartVersion.findUniqueOrThrow({ where: { venueId_version: { venueId, version: 2 } } });
    expect(v2.status).toBe("published");
    expect((await db.venue.findUniqueOrThrow({ where: { id: venueId } })).chartVersion).toBe(2);
    const seats = await db.seat.findMany({ where: { chartVersionId: v2.id }, include: { section: true } });
    expect(seats).toHaveLength(published.seat_count);
    expect(seats.filter((s) => s.section.name === "A")).toHaveLength(8);
    expect(seats.filter((s) => s.accessible).map((s) => `${s.section.name}-${s.row}-${s.number}-${s.accessible}`).sort()).toEqual(["BALC-1-1-wheelchair", "BALC-1-2-companion"]);
    expect(seats.filter((s) => s.notForSaleReason).map((s) => `${s.row}-${s.number}`)).toEqual(["2-3"]);
    // Version 1's seats are still there, untouched.
    expect(await db.seat.count({ where: { venueId, chartVersion: { version: 1 } } })).toBe(10);

    expect((await listVersions(admin, venueId)).map((v) => [v.version, v.status])).toEqual([[2, "published"], [1, "published"]]);
    // Export round-trips: the exported document is the published one.
    const exported = await exportChart(admin, venueId);
    expect(exported.sections.map((s) => s.name)).toEqual(["A", "BALC"]);
    // The next draft is version 3, from version 2's document.
    expect(await getDraft(admin, venueId)).toMatchObject({ version: 3, based_on: 2 });
  });

  it("refuses callers who do not manage the venue, changing nothing", async () => {
    const { venue, actors } = await createCast();
    const venueId = venue.venue.id;
    await saveDraft(callerOf(actors.admin), venueId, nextLayout());
    const before = await snapshot(venueId);
    for (const name of ["buyer", "doorStaff", "otherVenueAdmin"] as const) {
      const caller = callerOf(actors[name]);
      expect([name, await codeOf(getDraft(caller, venueId))]).toEqual([name, "forbidden"]);
      expect([name, await codeOf(saveDraft(caller, venueId, nextLayout()))]).toEqual([name, "forbidden"]);
      expect([name, await codeOf(publishDraft(caller, venueId))]).toEqual([name, "forbidden"]);
    }
    expect(await snapshot(venueId)).toEqual(before);
  });
});

describe("events and chart versions", () => {
  it("keeps an event on its version when a new one is published, and shows fans that version", async () => {
    const { venue, actors } = await createCast();
    const venueId = venue.venue.id;
    const admin = callerOf(actors.venueAdmin);
    const db = getDb();
    const old = await createEventWithTickets(db, { venueId, title: "On version 1" });
    const buyer = await createUser(db, { role: "buyer" });
    await holdTickets(db, { eventId: old.event.id, userId: buyer.id, count: 2 });
    const v1 = await chartVersionForNewEvent(db, venueId);
    expect(v1.version).toBe(1);
    expect(old.event.chartVersionId).toBe(v1.chartVersionId);

    await saveDraft(admin, venueId, nextLayout());
    await publishDraft(admin, venueId);
    const ticketsBefore = await db.ticket.findMany({ where: { eventId: old.event.id }, orderBy: { id: "asc" } });

    // The old event did not move: same version, same tickets, and its chart is version 1's.
    expect((await db.event.findUniqueOrThrow({ where: { id: old.event.id } })).chartVersionId).toBe(v1.chartVersionId);
    expect(await db.ticket.findMany({ where: { eventId: old.event.id }, orderBy: { id: "asc" } })).toEqual(ticketsBefore);
    const layout = (await getEventSeatLayout(old.event.id)).value;
    expect(layout.seat_map_version).toBe(1);
    const map1 = (await getSeatMap(venueId, 1)).entry.value;
    expect(map1.version).toBe(1);
    expect(new Set(map1.seat_ids)).toEqual(new Set(layout.seat_ids));
    const map2 = await getSeatMap(venueId);
    expect(map2.version).toBe(2);
    expect(map2.entry.value.sections.map((s) => s.name)).toEqual(["A", "BALC"]);

    // A new event binds to version 2 and sells only its seats that are for sale.
    const v2 = await chartVersionForNewEvent(db, venueId);
    const fresh = await createEventWithTickets(db, { venueId, title: "On version 2" });
    expect(fresh.event.chartVersionId).toBe(v2.chartVersionId);
    const sellable = await sellableSeats(db, v2.chartVersionId);
    expect(fresh.ticketCount).toBe(sellable.length);
    expect(sellable.some((s) => s.accessible === "wheelchair")).toBe(true);
    expect((await getEventSeatLayout(fresh.event.id)).value.seat_map_version).toBe(2);
  });

  it("moves an event whose held seats still exist, refuses one whose held seat is gone", async () => {
    const { venue, actors } = await createCast();
    const venueId = venue.venue.id;
    const admin = callerOf(actors.venueAdmin);
    const db = getDb();
    const buyer = await createUser(db, { role: "buyer" });
    const movable = await createEventWithTickets(db, { venueId, title: "Movable" });
    const stuck = await createEventWithTickets(db, { venueId, title: "Stuck" });
    const ticketsOf = async (eventId: number) =>
      db.ticket.findMany({ where: { eventId }, include: { seatRef: { include: { section: true } } }, orderBy: { id: "asc" } });
    const label = (t: Awaited<ReturnType<typeof ticketsOf>>[number]) => `${t.seatRef.section.name}-${t.seatRef.row}-${t.seatRef.number}`;
    const pick = async (eventId: number, labels: string[]) => (await ticketsOf(eventId)).filter((t) => labels.includes(label(t))).map((t) => t.id);
    const heldKept = await pick(movable.event.id, ["A-A-1", "A-A-2"]);
    await holdTickets(db, { eventId: movable.event.id, userId: buyer.id, ticketIds: heldKept });
    await holdTickets(db, { eventId: stuck.event.id, userId: buyer.id, ticketIds: await pick(stuck.event.id, ["A-B-5"]) });

    await saveDraft(admin, venueId, nextLayout());
    await publishDraft(admin, venueId);

    // Seat B-5 is gone in version 2: the move is refused and nothing changes.
    const before = await ticketsOf(stuck.event.id);
    const refused = await errorOf(moveEventToChartVersion(admin, stuck.event.id));
    expect(refused.code).toBe("conflict");
    expect(refused.details!.missing_seats).toEqual(["A-B-5"]);
    expect(await ticketsOf(stuck.event.id)).toEqual(before);
    expect((await db.event.findUniqueOrThrow({ where: { id: stuck.event.id } })).chartVersionId).toBe(stuck.event.chartVersionId);

    // Others may not move it.
    for (const name of ["buyer", "doorStaff", "otherVenueAdmin"] as const) {
      expect([name, await codeOf(moveEventToChartVersion(callerOf(actors[name]), movable.event.id))]).toEqual([name, "forbidden"]);
    }

    const moved = await moveEventToChartVersion(admin, movable.event.id);
    expect(moved).toMatchObject({ from_version: 1, to_version: 2, kept: 8, removed: 2, added: 0 });
    // The balcony has no ticket to copy a price from: reported, not invented.
    expect(moved.unpriced_seats.length).toBeGreaterThan(0);
    const after = await ticketsOf(movable.event.id);
    const v2 = await db.venueChartVersion.findUniqueOrThrow({ where: { venueId_version: { venueId, version: 2 } } });
    expect(after).toHaveLength(8);
    expect(after.every((t) => t.seatRef.chartVersionId === v2.id)).toBe(true);
    // The held tickets are the same rows, still held, on the same seat labels.
    const held = after.filter((t) => heldKept.includes(t.id));
    expect(held.map((t) => [label(t), t.status])).toEqual([["A-A-1", "reserved"], ["A-A-2", "reserved"]]);
    const event = await db.event.findUniqueOrThrow({ where: { id: movable.event.id } });
    expect(event).toMatchObject({ chartVersionId: v2.id, totalTicketCount: 8 });
    expect((await getEventSeatLayout(movable.event.id)).value.seat_map_version).toBe(2);
    // Moving again is a conflict (already there).
    expect(await codeOf(moveEventToChartVersion(admin, movable.event.id))).toBe("conflict");
  });
});
