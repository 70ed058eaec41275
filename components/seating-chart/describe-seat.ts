import { seatFeatures, type ChartSeat } from "@/components/seating-chart/chart-model";
import { formatMoney } from "@/components/format/format-money";

/** "Section 112" (the section's label, or its name when the label is missing). */
export function sectionLabel(seat: ChartSeat): string {
  return seat.section?.label || (seat.section ? `Section ${seat.section.name}` : "");
}

/** "Section 112, row F, seat 7, Gold, $120.00, Wheelchair space, available": the seat's accessible name. */
export function describeSeat(seat: ChartSeat, mark: { selected?: boolean; held?: boolean } = {}): string {
  const parts = [sectionLabel(seat), `row ${seat.row}`, `seat ${seat.number}`];
  if (seat.className) parts.push(seat.className);
  if (seat.price !== null) parts.push(formatMoney(seat.price, seat.currency));
  parts.push(...seatFeatures(seat));
  if (mark.held) parts.push("held by you");
  else if (mark.selected) parts.push("selected");
  else parts.push(seat.ticketId === null ? "not on sale" : seat.available ? "available" : "unavailable");
  return parts.filter(Boolean).join(", ");
}
