// Kept for the existing importers: the venue checks live in lib/admin/access.ts.
import { AppError } from "@/lib/errors/app-error";
import { canManageVenue } from "@/lib/admin/access";
import type { Caller } from "./get-caller";

export { canManageVenue };

/** The caller when they may manage `venueId`, else AppError forbidden (403). */
export async function requireVenueAdmin(caller: Caller, venueId: number): Promise<Caller> {
  if (!(await canManageVenue(caller, venueId))) throw new AppError("forbidden", "You do not manage this venue");
  return caller;
}
