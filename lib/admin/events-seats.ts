// Which seats a new event's tickets are made from, in one place: the sellable seats (not marked
// not-for-sale) of the chart version the event is bound to (lib/venues/binding.ts). createEvent
// and the ticket inserts of updateEvent read seats only through it.
import { Prisma } from "@/lib/generated/prisma/client";

/**
 * A SELECT of the seats tickets may be made from in chart version `chartVersionId`, with columns
 * (seat_id, section_id, seat_label), the label being the printable "SECTION-ROW-NUMBER".
 */
export function seatsForNewEvent(chartVersionId: number): Prisma.Sql {
  return Prisma.sql`
    SELECT s.seat_id, s.section_id, sec.name || '-' || s."row" || '-' || s."number" AS seat_label
      FROM seat s JOIN section sec ON sec.section_id = s.section_id
     WHERE s.chart_version_id = ${chartVersionId}::int AND sec.chart_version_id = ${chartVersionId}::int
       AND s.not_for_sale_reason IS NULL`;
}
