// Which seats an event's tickets are made from and at what class and price, in one place: the
// sellable seats (not marked not-for-sale) of the chart version the event is bound to
// (lib/venues/binding.ts), each priced by the most specific assignment that names it: a single
// seat, else its row, else its section. createEvent and updateEvent read seats only through it.
import { Prisma } from "@/lib/generated/prisma/client";

/**
 * A SELECT of the seats tickets may be made from in chart version `chartVersionId`, with columns
 * (seat_id, section_id, row_label, seat_label), the label being the printable "SECTION-ROW-NUMBER".
 */
export function seatsForNewEvent(chartVersionId: number): Prisma.Sql {
  return Prisma.sql`
    SELECT s.seat_id, s.section_id, s."row" AS row_label, sec.name || '-' || s."row" || '-' || s."number" AS seat_label
      FROM seat s JOIN section sec ON sec.section_id = s.section_id
     WHERE s.chart_version_id = ${chartVersionId}::int AND sec.chart_version_id = ${chartVersionId}::int
       AND s.not_for_sale_reason IS NULL`;
}

/** Price assignments by level, as parallel arrays (one entry per section, row or seat named). */
export type SeatPricing = {
  sections: { sectionIds: number[]; classIds: number[]; prices: string[] };
  rows: { sectionIds: number[]; rows: string[]; classIds: number[]; prices: string[] };
  seats: { seatIds: number[]; classIds: number[]; prices: string[] };
};

/**
 * A SELECT of (seat_id, seat_label, class_id, price) for every sellable seat that `pricing` names,
 * through its section, its row or itself; the most specific assignment wins (seat over row over
 * section). Seats named by none are left out: an edit that does not mention them changes nothing.
 */
export function pricedSeats(chartVersionId: number, pricing: SeatPricing): Prisma.Sql {
  const { sections, rows, seats } = pricing;
  return Prisma.sql`
    SELECT s.seat_id, s.seat_label,
           COALESCE(bs.class_id, br.class_id, bsec.class_id) AS class_id,
           COALESCE(bs.price, br.price, bsec.price) AS price
      FROM (${seatsForNewEvent(chartVersionId)}) s
      LEFT JOIN unnest(${seats.seatIds}::int[], ${seats.classIds}::int[], ${seats.prices}::numeric[]) AS bs(seat_id, class_id, price)
             ON bs.seat_id = s.seat_id
      LEFT JOIN unnest(${rows.sectionIds}::int[], ${rows.rows}::text[], ${rows.classIds}::int[], ${rows.prices}::numeric[]) AS br(section_id, row_label, class_id, price)
             ON br.section_id = s.section_id AND br.row_label = s.row_label
      LEFT JOIN unnest(${sections.sectionIds}::int[], ${sections.classIds}::int[], ${sections.prices}::numeric[]) AS bsec(section_id, class_id, price)
             ON bsec.section_id = s.section_id
     WHERE bs.seat_id IS NOT NULL OR br.section_id IS NOT NULL OR bsec.section_id IS NOT NULL`;
}
