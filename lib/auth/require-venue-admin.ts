// Whether the caller may manage a venue: an admin manages every venue, a venue_admin only the venues
// assigned to them (venue_admin table). Read from the database on every check, so assigning or
// removing a venue takes effect at once.
import { getDb } from "@/lib/db";
import { AppError } from "@/lib/errors/app-error";
import type { Caller } from "./get-caller";

export async function canManageVenue(caller: Caller, venueId: number): Promise<boolean> {
  if (caller.role === "admin") return true;
  if (caller.role !== "venue_admin") return false;
  const assignment = await getDb().venueAdmin.findUnique({
    where: { userId_venueId: { userId: caller.userId, venueId } },
    select: { venueId: true },
  });
  return assignment !== null;
}

/** The caller when they may manage `venueId`, else AppError forbidden (403). */
export async function requireVenueAdmin(caller: Caller, venueId: number): Promise<Caller> {
  if (!(await canManageVenue(caller, venueId))) throw new AppError("forbidden", "You do not manage this venue");
  return caller;
}
