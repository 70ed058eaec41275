// The draft chart as the fans' seating chart (components/seating-chart) reads it: the venue
// geometry, a seat layout and an availability in the public payloads' shapes, built from the
// expanded draft document. Seats not for sale get no ticket (the chart greys them out); accessible
// and restricted-view seats get classes of their own so the preview shows where they are.
import type { Caller } from "@/lib/auth/get-caller";
import type { EventAvailability, EventSeatLayout, SeatMap } from "@/lib/events/types";
import type { ChartDocument } from "./chart-document";
import { expandChart } from "./expand";
import { exportChart } from "./versions";

export type ChartPreview = { map: SeatMap; seats: EventSeatLayout; availability: EventAvailability };

const CLASSES = [
  { class_id: "seat", name: "Seat", color: "#2563eb" },
  { class_id: "wheelchair", name: "Wheelchair space", color: "#0891b2" },
  { class_id: "companion", name: "Companion seat", color: "#7c3aed" },
  { class_id: "restricted", name: "Restricted view", color: "#d97706" },
];

export function previewOf(venueId: number, document: ChartDocument): ChartPreview {
  const { sections, seats } = expandChart(document);
  const map: SeatMap = {
    venue_id: String(venueId),
    version: 0,
    width: document.canvas.width,
    height: document.canvas.height,
    stage: { x: document.stage.x, y: document.stage.y, width: document.stage.width, height: document.stage.height, label: document.stage.label },
    sections: sections.map((s, i) => ({ id: String(i + 1), name: s.name, label: s.label, kind: s.kind, label_x: s.labelX, label_y: s.labelY, outline: s.outline })),
    seat_ids: [],
    seat_section: [],
    seat_row: [],
    seat_number: [],
    seat_x: [],
    seat_y: [],
  };
  const layout: EventSeatLayout = { event_id: "preview", venue_id: String(venueId), seat_map_version: 0, currency: "USD", classes: CLASSES, prices: ["0.00"], ticket_ids: [], seat_ids: [], class_index: [], price_index: [] };
  seats.forEach((seat, i) => {
    const id = i + 1;
    map.seat_ids.push(id);
    map.seat_section.push(seat.section);
    map.seat_row.push(seat.row);
    map.seat_number.push(seat.number);
    map.seat_x.push(Math.round(seat.x * 10) / 10);
    map.seat_y.push(Math.round(seat.y * 10) / 10);
    if (seat.flags.not_for_sale) return;
    const cls = seat.flags.accessible === "wheelchair" ? 1 : seat.flags.accessible === "companion" ? 2 : seat.flags.restricted_view ? 3 : 0;
    layout.ticket_ids.push(id);
    layout.seat_ids.push(id);
    layout.class_index.push(cls);
    layout.price_index.push(0);
  });
  const availability: EventAvailability = { event_id: "preview", total_ticket_cnt: layout.ticket_ids.length, available_ticket_cnt: layout.ticket_ids.length, unavailable_ticket_ids: [], as_of: new Date().toISOString() };
  return { map, seats: layout, availability };
}

/** The preview of the venue's draft (or current chart when there is no draft). */
export async function draftPreview(caller: Caller, venueId: number): Promise<ChartPreview> {
  return previewOf(venueId, await exportChart(caller, venueId));
}
