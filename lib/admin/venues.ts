// The venues a caller manages, for the dashboard and /api/admin.
import type { Caller } from "@/lib/auth/get-caller";
import { getDb } from "@/lib/db";
import { managedVenueIds } from "./access";

export type ManagedVenue = { venue_id: string; name: string; location: string; capacity: number; timezone: string; upcoming_events: number };

export async function listManagedVenues(caller: Caller, now: Date = new Date()): Promise<ManagedVenue[]> {
  const ids = await managedVenueIds(caller);
  if (ids !== "all" && ids.length === 0) return [];
  const venues = await getDb().venue.findMany({
    where: ids === "all" ? {} : { id: { in: ids } },
    orderBy: { name: "asc" },
    select: { id: true, name: true, location: true, capacity: true, timezone: true, _count: { select: { events: { where: { datetime: { gte: now } } } } } },
  });
  return venues.map((v) => ({
    venue_id: String(v.id),
    name: v.name,
    location: v.location,
    capacity: v.capacity,
    timezone: v.timezone,
    upcoming_events: v._count.events,
  }));
}
