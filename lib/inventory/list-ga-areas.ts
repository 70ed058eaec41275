// The general-admission areas an event sells by quantity, for the event page's GA picker: each
// area of the event's chart version with a price (its tickets'), its capacity and how many places
// are free now. A hint for the page: the reserve decides (reserve-ga-tickets.ts).
import { getDb } from "@/lib/db";
import { ticketIsAvailableSql } from "@/lib/inventory/ticket-availability";

export type GaArea = {
  section_id: string;
  name: string;
  label: string;
  capacity: number;
  /** Places free now (not held, not sold). */
  available: number;
  class: string;
  /** Decimal string in major units (the lowest price of the area's tickets). */
  price: string;
  currency: string;
};

/** The event's GA areas with tickets, in chart order; [] for an event without any (one cheap query). */
export async function listGaAreas(eventId: number): Promise<GaArea[]> {
  const rows = await getDb().$queryRaw<{ section_id: number; name: string; label: string; capacity: number | null; available: number; class: string | null; price: string | null; currency: string | null }[]>`
    SELECT sec.section_id, sec.name, sec.label, sec.capacity, x.available, x.class, x.price, x.currency
      FROM event e JOIN section sec ON sec.chart_version_id = e.chart_version_id AND sec.kind = 'general_admission'
      CROSS JOIN LATERAL (
        SELECT count(*) FILTER (WHERE ${ticketIsAvailableSql})::int AS available, min(c.name) AS class,
               min(t.price)::text AS price, min(t.currency) AS currency
          FROM seat s JOIN ticket t ON t.seat_id = s.seat_id AND t.event_id = e.event_id JOIN class c ON c.class_id = t.class_id
         WHERE s.section_id = sec.section_id
      ) x
     WHERE e.event_id = ${eventId}::int AND x.price IS NOT NULL
     ORDER BY sec.sort_order, sec.section_id`;
  return rows.map((r) => ({
    section_id: String(r.section_id),
    name: r.name,
    label: r.label,
    capacity: r.capacity ?? 0,
    available: r.available,
    class: r.class ?? "",
    price: r.price!,
    currency: r.currency ?? "USD",
  }));
}
