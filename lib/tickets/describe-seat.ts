// How a ticket's seat reads on screen and to screen readers: "Section 112 · Row F · Seat 7", or the
// printed seat code when the chart no longer has the seat.
import type { OrderItemView } from "@/lib/tickets/types";

export function describeSeat(item: Pick<OrderItemView, "seat" | "section" | "row" | "number">): string {
  if (item.section === null || item.row === null || item.number === null) return `Seat ${item.seat}`;
  return `${item.section} · Row ${item.row} · Seat ${item.number}`;
}

/** The QR code's accessible name: "E-ticket QR code for seat A-F-7 (Section A, Row F, Seat 7), <event>". */
export function qrLabel(item: Pick<OrderItemView, "seat" | "section" | "row" | "number">, eventTitle: string): string {
  const where = item.section === null ? "" : ` (${describeSeat(item).replace(/ · /g, ", ")})`;
  return `E-ticket QR code for seat ${item.seat}${where}, ${eventTitle}`;
}
