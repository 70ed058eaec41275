// Who may run what in the organizer dashboard and the /api/admin routes. Every check reads
// PostgreSQL (the venue_admin and venue_door_staff tables), so granting or revoking a venue takes
// effect on the next request; a role alone is never enough for a venue's data.
//
//   admin        every venue and event, plus users and roles
//   venue_admin  the venues in venue_admin and those venues' events, orders and check-ins
//   door_staff   check tickets in at the venues in venue_door_staff, nothing else
//   buyer        nothing here
//
// Refusals are AppErrors: `unauthorized` is the route wrapper's job; here a caller who may not see an
// event or venue gets `not_found` when it does not exist and `forbidden` when it belongs to someone else.
import type { Caller } from "@/lib/auth/get-caller";
import { getDb } from "@/lib/db";
import { AppError } from "@/lib/errors/app-error";

/** The venues the caller manages: "all" for an admin, a list (maybe empty) for everyone else. */
export async function managedVenueIds(caller: Caller): Promise<"all" | number[]> {
  if (caller.role === "admin") return "all";
  if (caller.role !== "venue_admin") return [];
  const rows = await getDb().venueAdmin.findMany({ where: { userId: caller.userId }, select: { venueId: true }, orderBy: { venueId: "asc" } });
  return rows.map((r) => r.venueId);
}

/** The venues where the caller may check tickets in: managers and the venue's door staff. */
export async function checkInVenueIds(caller: Caller): Promise<"all" | number[]> {
  if (caller.role !== "door_staff") return managedVenueIds(caller);
  const rows = await getDb().venueDoorStaff.findMany({ where: { userId: caller.userId }, select: { venueId: true }, orderBy: { venueId: "asc" } });
  return rows.map((r) => r.venueId);
}

/** A Prisma `where` fragment limiting a query on a model with a `venueId` to the caller's venues. */
export function venueScope(venueIds: "all" | number[]): { venueId?: { in: number[] } } {
  return venueIds === "all" ? {} : { venueId: { in: venueIds } };
}

export async function canManageVenue(caller: Caller, venueId: number): Promise<boolean> {
  if (caller.role === "admin") return true;
  if (caller.role !== "venue_admin") return false;
  const row = await getDb().venueAdmin.findUnique({ where: { userId_venueId: { userId: caller.userId, venueId } }, select: { venueId: true } });
  return row !== null;
}

export async function canCheckInAtVenue(caller: Caller, venueId: number): Promise<boolean> {
  if (caller.role !== "door_staff") return canManageVenue(caller, venueId);
  const row = await getDb().venueDoorStaff.findUnique({ where: { userId_venueId: { userId: caller.userId, venueId } }, select: { venueId: true } });
  return row !== null;
}

/** The venue when the caller manages it; not_found when there is no such venue, forbidden otherwise. */
export async function requireVenueManager(caller: Caller, venueId: number): Promise<{ venueId: number }> {
  const venue = await getDb().venue.findUnique({ where: { id: venueId }, select: { id: true } });
  if (!venue) throw new AppError("not_found", `Venue ${venueId} was not found`);
  if (!(await canManageVenue(caller, venueId))) throw new AppError("forbidden", "You do not manage this venue");
  return { venueId };
}

/** The event's ids when the caller manages its venue; not_found when there is no such event, forbidden otherwise. */
export async function requireEventManager(caller: Caller, eventId: number): Promise<{ eventId: number; venueId: number }> {
  const event = await getDb().event.findUnique({ where: { id: eventId }, select: { id: true, venueId: true } });
  if (!event) throw new AppError("not_found", `Event ${eventId} was not found`);
  if (!(await canManageVenue(caller, event.venueId))) throw new AppError("forbidden", "You do not manage the venue of this event");
  return { eventId: event.id, venueId: event.venueId };
}

/** Like requireEventManager, but door staff of the event's venue pass too (check-in only). */
export async function requireEventCheckIn(caller: Caller, eventId: number): Promise<{ eventId: number; venueId: number }> {
  const event = await getDb().event.findUnique({ where: { id: eventId }, select: { id: true, venueId: true } });
  if (!event) throw new AppError("not_found", `Event ${eventId} was not found`);
  if (!(await canCheckInAtVenue(caller, event.venueId))) throw new AppError("forbidden", "You may not check tickets in at this event");
  return { eventId: event.id, venueId: event.venueId };
}

/**
 * An order (a paid payment) whose event the caller manages: not_found for no such order, or one that
 * was never paid (pending, failed), or one without an event; forbidden for another venue's order.
 */
export async function requireOrderManager(caller: Caller, orderId: number): Promise<{ orderId: number; eventId: number; venueId: number; buyerId: number }> {
  const head = await getDb().payment.findUnique({ where: { id: orderId }, select: { eventId: true, status: true, userId: true } });
  if (!head || head.eventId === null || head.status === "pending" || head.status === "failed") throw new AppError("not_found", `Order ${orderId} was not found`);
  const { eventId, venueId } = await requireEventManager(caller, head.eventId);
  return { orderId, eventId, venueId, buyerId: head.userId };
}

/** Admins only (users and roles). */
export function requireAdmin(caller: Caller): Caller {
  if (caller.role !== "admin") throw new AppError("forbidden", "Only an administrator may do this");
  return caller;
}

/** Roles that may open the dashboard at all (each then sees only what the checks above allow). */
export const DASHBOARD_ROLES = ["admin", "venue_admin", "door_staff"] as const;
