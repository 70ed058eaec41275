// What the door scanner page needs besides the check-in itself (POST /api/tickets/check-in): the
// events the caller may check tickets in at (door staff: their venues; organizers: the venues they
// manage; admins: all), and the live count of one event's check-ins.
import type { Caller } from "@/lib/auth/get-caller";
import { getDb } from "@/lib/db";
import { checkInVenueIds, requireEventCheckIn, venueScope } from "./access";

export type ScannerEvent = { event_id: string; title: string; datetime: string; venue: string; timezone: string; status: string };

/** Events from yesterday on at the caller's check-in venues, soonest first. */
export async function listCheckInEvents(caller: Caller, now: Date = new Date()): Promise<ScannerEvent[]> {
  const ids = await checkInVenueIds(caller);
  if (ids !== "all" && ids.length === 0) return [];
  const events = await getDb().event.findMany({
    where: { ...venueScope(ids), datetime: { gte: new Date(now.getTime() - 24 * 3_600_000) } },
    orderBy: [{ datetime: "asc" }, { id: "asc" }],
    take: 200,
    select: { id: true, title: true, datetime: true, status: true, venue: { select: { name: true, timezone: true } } },
  });
  return events.map((e) => ({ event_id: String(e.id), title: e.title, datetime: e.datetime.toISOString(), venue: e.venue.name, timezone: e.venue.timezone, status: e.status }));
}

export type CheckInCounts = { event_id: string; issued: number; checked_in: number };

/** How many valid tickets the event has and how many were checked in (for the scanner's live count). */
export async function getCheckInCounts(caller: Caller, eventId: number): Promise<CheckInCounts> {
  await requireEventCheckIn(caller, eventId);
  const [row] = await getDb().$queryRaw<Array<{ issued: bigint; checked_in: bigint }>>`
    SELECT count(*) FILTER (WHERE status = 'issued') AS issued,
           count(*) FILTER (WHERE status = 'issued' AND checked_in_datetime IS NOT NULL) AS checked_in
      FROM order_item WHERE event_id = ${eventId}::int`;
  return { event_id: String(eventId), issued: Number(row?.issued ?? 0), checked_in: Number(row?.checked_in ?? 0) };
}
