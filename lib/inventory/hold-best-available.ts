// Holds the best N adjacent seats of a class for a fan: ranks the free seats (one read), then
// tries the best few blocks through the ordinary reserve path. Someone faster on a block means
// the next block is tried at once, a bounded number of times, never with a backoff. A block lost
// to a faster fan costs one Redis round trip (the claim script turns it away before PostgreSQL),
// so many fans ranking the same free seats at once walk down the list instead of giving up after
// the first few blocks.
import { getDb } from "@/lib/db";
import { AppError, isAppError } from "@/lib/errors/app-error";
import { rankSeatBlocks, type FreeSeat } from "@/lib/inventory/find-best-available";
import { reserveTickets } from "@/lib/inventory/reserve-tickets";
import { ticketIsAvailableSql } from "@/lib/inventory/ticket-availability";
import { withheldForWaitlistSql } from "@/lib/waitlist/withheld-for-waitlist";
import type { ReserveResult } from "@/lib/inventory/types";
import type { AdmissionCredentials } from "@/lib/queue/admission-cookie";
import { assertAdmitted } from "@/lib/queue/assert-admitted";

const ATTEMPTS = 12;

/** `admission`: as for reserveTickets, required while the event's waiting room is on. */
/** `accessible`: seats with a wheelchair space (lib/inventory/find-best-available.ts); never otherwise. */
export async function holdBestAvailable({ userId, eventId, classId, quantity, accessible = false, admission }: { userId: number; eventId: number; classId: number; quantity: number; accessible?: boolean; admission?: AdmissionCredentials }): Promise<ReserveResult> {
  const db = getDb();
  const [cls, event] = await Promise.all([
    db.class.findUnique({ where: { id: classId }, select: { name: true } }),
    db.event.findUnique({ where: { id: eventId }, select: { id: true, queueEnabled: true, publishedAt: true, venue: { select: { chart: true } } } }),
  ]);
  if (!event || event.publishedAt === null) throw new AppError("not_found", `Event ${eventId} was not found`);
  if (!cls) throw new AppError("not_found", `Price class ${classId} was not found`);
  // Refused before ranking seats; reserveTickets checks again for each block it tries.
  if (event.queueEnabled) await assertAdmitted({ eventId, userId, admission });
  // Seats only: GA places are sold by quantity (reserve-ga-tickets.ts), never as a "row".
  const rows = await db.$queryRaw<{ ticket_id: number; section_id: number; row: string; row_index: number; number: number; x: number; y: number; accessible: "wheelchair" | "companion" | null }[]>`
    SELECT t.ticket_id, s.section_id, s."row", s.row_index, s."number", s.x, s.y, s.accessible::text AS accessible
      FROM ticket t JOIN seat s ON s.seat_id = t.seat_id JOIN section sec ON sec.section_id = s.section_id
     WHERE t.event_id = ${eventId} AND t.class_id = ${classId} AND sec.kind = 'seated' AND ${ticketIsAvailableSql} AND NOT ${withheldForWaitlistSql}`;
  const free: FreeSeat[] = rows.map((r) => ({ ticketId: r.ticket_id, sectionId: r.section_id, row: r.row, rowIndex: r.row_index, number: r.number, x: r.x, y: r.y, accessible: r.accessible }));
  const stage = (event.venue.chart as { stage?: { x: number; y: number; width: number; height: number } }).stage;
  const centre = stage ? { x: stage.x + stage.width / 2, y: stage.y + stage.height / 2 } : { x: 0, y: 0 };
  const blocks = rankSeatBlocks(free, quantity, centre, { accessible });
  for (const block of blocks.slice(0, ATTEMPTS)) {
    try {
      return await reserveTickets({ userId, ticketIds: block.ticketIds, admission });
    } catch (error) {
      if (isAppError(error) && error.code === "seats_unavailable") continue;
      throw error;
    }
  }
  throw new AppError("seats_unavailable", `No ${quantity} adjacent ${accessible ? "seats with a wheelchair space " : "seats "}left in ${cls.name}`, { unavailable_ticket_ids: [] });
}
