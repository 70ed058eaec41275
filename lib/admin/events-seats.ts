// Which seats a new event's tickets are made from, in one place. Today an event sells every seat of
// its venue's priced sections; when events bind to a chart version (the seat-map builder), this is
// the one function that changes: createEvent and the ticket inserts of updateEvent read seats only
// through it.
import { Prisma } from "@/lib/generated/prisma/client";

/**
 * A SELECT of the seats tickets may be made from at `venueId`, with columns
 * (seat_id, section_id, seat_label), the label being the printable "SECTION-ROW-NUMBER".
 */
export function seatsForNewEvent(venueId: number): Prisma.Sql {
  return Prisma.sql`
    SELECT s.seat_id, s.section_id, sec.name || '-' || s."row" || '-' || s."number" AS seat_label
      FROM seat s JOIN section sec ON sec.section_id = s.section_id
     WHERE s.venue_id = ${venueId}::int AND sec.venue_id = ${venueId}::int`;
}
