// The demo club: a standing floor (general admission, sold by quantity) and a curved balcony with
// wheelchair spaces. Built the way an organizer builds a venue: its chart is a checked-in
// `openseat.chart/1` document (charts/foundry-club.json) imported as the draft and published
// through lib/venues, exactly what the builder's "Import" and "Publish" do.
import type { Caller } from "@/lib/auth/get-caller";
import { getDb } from "@/lib/db";
import { createVenue } from "@/lib/venues/venues";
import { importChart, publishDraft } from "@/lib/venues/versions";
import clubChart from "./charts/foundry-club.json";

/** The club's chart document as checked in (a copy: the import must not share the module's object). */
export function clubChartDocument(): unknown {
  return structuredClone(clubChart);
}

export type SeededClub = { venueId: number; floorSectionId: number; balconySectionId: number; capacity: number };

/** Creates the club as `admin`, imports its chart document and publishes it. */
export async function seedClub(admin: Caller): Promise<SeededClub> {
  const venue = await createVenue(admin, {
    name: "The Foundry",
    location: "Chicago, IL",
    address: "1420 W Fulton St, Chicago, IL 60607",
    phone: "+1 312-555-0180",
    timezone: "America/Chicago",
  });
  const venueId = Number(venue.venue_id);
  await importChart(admin, venueId, clubChartDocument());
  const published = await publishDraft(admin, venueId);
  const sections = await getDb().section.findMany({ where: { venueId }, select: { id: true, name: true } });
  const id = (name: string) => sections.find((s) => s.name === name)!.id;
  return { venueId, floorSectionId: id("FLOOR"), balconySectionId: id("BALC"), capacity: published.capacity };
}
