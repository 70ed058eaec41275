// A venue built the way organizers build one: created, given a chart document through the builder's
// JSON import, published (lib/venues). For tests of what a published chart sells (GA areas, flags).
import type { Caller } from "@/lib/auth/get-caller";
import { getDb } from "@/lib/db";
import type { User } from "@/lib/generated/prisma/client";
import { createVenue } from "@/lib/venues/venues";
import { importChart, publishDraft } from "@/lib/venues/versions";

export const callerOf = (user: User): Caller => ({ userId: user.id, role: user.role, email: user.email, username: user.username });

/** Creates a venue as `admin`, imports `document` as its draft and publishes it; answers the section ids by name. */
export async function publishChartVenue(admin: User, document: unknown, name = `Chart venue ${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`) {
  const caller = callerOf(admin);
  const venue = await createVenue(caller, { name, location: "Testville", address: "1 Test Street", timezone: "UTC" });
  const venueId = Number(venue.venue_id);
  await importChart(caller, venueId, document);
  await publishDraft(caller, venueId);
  const sections = await getDb().section.findMany({ where: { venueId }, select: { id: true, name: true, kind: true, capacity: true } });
  return { venueId, sections: new Map(sections.map((s) => [s.name, s])) };
}

/** A small chart: a 2 x 10 seated grid ORCH in front of a GA area FLOOR of `capacity`. */
export function gaChartDocument(capacity: number) {
  return {
    schema: "openseat.chart/1",
    canvas: { width: 1000, height: 800 },
    stage: { x: 350, y: 20, width: 300, height: 60, label: "STAGE" },
    sections: [
      { kind: "grid", name: "ORCH", origin: { x: 400, y: 120 }, rows: 2, seats_per_row: 10, seat_spacing: 12, row_spacing: 12 },
      { kind: "ga", name: "FLOOR", label: "Standing floor", capacity, polygon: [{ x: 100, y: 300 }, { x: 900, y: 300 }, { x: 900, y: 700 }, { x: 100, y: 700 }] },
    ],
    shapes: [],
  };
}
