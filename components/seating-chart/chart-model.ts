// Joins the three chart payloads into flat arrays indexed by seat, so that drawing, hit-testing and
// tooltips are array reads. Built once per seat map + seat layout; availability is a separate,
// cheaper layer because it changes far more often.
import type { EventAvailability, EventSeatLayout, SeatMap, SeatMapSection } from "@/lib/events/types";

export type ChartBox = { x: number; y: number; w: number; h: number };

export type ChartClass = {
  index: number;
  class_id: string;
  name: string;
  color: string;
  /** Decimal strings; null when no ticket of the class is on this chart. */
  minPrice: string | null;
  maxPrice: string | null;
  total: number;
};

export type ChartLayout = {
  map: SeatMap;
  seatCount: number;
  /** Ticket id per seat, -1 where the seat has no ticket for this event. */
  ticketId: Int32Array;
  /** Index into `classes` per seat, -1 without a ticket. */
  classIndex: Int16Array;
  /** Index into `prices` per seat, -1 without a ticket. */
  priceIndex: Int32Array;
  /** Ticket id -> seat index. */
  seatOfTicket: Map<number, number>;
  classes: ChartClass[];
  prices: string[];
  currency: string;
  /** Seat circle radius in chart units, from the typical distance between neighbours in a row. */
  seatRadius: number;
  /** The whole chart, padded: the reset view. */
  bounds: ChartBox;
  /** Per seat: 0 a plain seat, 1 a wheelchair space, 2 a companion seat (SEAT_ACCESS). */
  access: Uint8Array;
  /** Per seat: 1 where the view of the stage is restricted. */
  restrictedView: Uint8Array;
  /** Seat indexes of the wheelchair spaces and companion seats (few: the overlay draws them). */
  accessibleSeats: number[];
};

export type SeatAccess = "wheelchair" | "companion";
const SEAT_ACCESS: readonly (SeatAccess | null)[] = [null, "wheelchair", "companion"];

export type ChartAvailability = {
  /** 1 where the seat's ticket can be bought now. */
  available: Uint8Array;
  availableCount: number;
  availableByClass: number[];
  asOf: string;
};

/** Everything the tooltip, the legend and a selection need about one seat. */
export type ChartSeat = {
  seatIndex: number;
  seatId: number;
  ticketId: number | null;
  section: SeatMapSection | null;
  row: string;
  number: number;
  className: string | null;
  classId: string | null;
  color: string | null;
  price: string | null;
  currency: string;
  available: boolean;
  /** A wheelchair space or a companion seat: picked only with "Show accessible seating" on. */
  access: SeatAccess | null;
  restrictedView: boolean;
  x: number;
  y: number;
};

function estimateSeatRadius(map: SeatMap): number {
  const n = map.seat_ids.length;
  const gaps: number[] = [];
  // Neighbours in the same section and row; payloads list seats row by row, so consecutive seats
  // are usually neighbours. A sample is enough.
  const step = Math.max(1, Math.floor(n / 4000));
  for (let i = 1; i < n && gaps.length < 4000; i += step) {
    if (map.seat_section[i] !== map.seat_section[i - 1] || map.seat_row[i] !== map.seat_row[i - 1]) continue;
    const dx = (map.seat_x[i] ?? 0) - (map.seat_x[i - 1] ?? 0);
    const dy = (map.seat_y[i] ?? 0) - (map.seat_y[i - 1] ?? 0);
    const d = Math.hypot(dx, dy);
    if (d > 0) gaps.push(d);
  }
  if (gaps.length === 0) {
    const area = Math.max(1, map.width * map.height);
    return Math.max(0.5, Math.sqrt(area / Math.max(1, n)) * 0.3);
  }
  gaps.sort((a, b) => a - b);
  return (gaps[Math.floor(gaps.length / 2)] ?? 1) * 0.4;
}

function assertColumns(name: string, cols: unknown[][], n: number) {
  for (const c of cols) if (!Array.isArray(c) || c.length !== n) throw new Error(`The ${name} payload is malformed`);
}

export function buildChartLayout(map: SeatMap, seats: EventSeatLayout): ChartLayout {
  const n = map.seat_ids?.length ?? 0;
  assertColumns("seat map", [map.seat_ids, map.seat_section, map.seat_row, map.seat_number, map.seat_x, map.seat_y], n);
  const t = seats.ticket_ids?.length ?? 0;
  assertColumns("seats", [seats.ticket_ids, seats.seat_ids, seats.class_index, seats.price_index], t);

  const indexOfSeat = new Map<number, number>();
  for (let i = 0; i < n; i++) indexOfSeat.set(map.seat_ids[i]!, i);

  const ticketId = new Int32Array(n).fill(-1);
  const classIndex = new Int16Array(n).fill(-1);
  const priceIndex = new Int32Array(n).fill(-1);
  const seatOfTicket = new Map<number, number>();
  const classes: ChartClass[] = seats.classes.map((c, index) => ({ index, ...c, minPrice: null, maxPrice: null, total: 0 }));

  for (let k = 0; k < t; k++) {
    const s = indexOfSeat.get(seats.seat_ids[k]!);
    if (s === undefined) continue; // a seat from another chart version: nothing to draw
    const id = seats.ticket_ids[k]!;
    const ci = seats.class_index[k]!;
    const pi = seats.price_index[k]!;
    ticketId[s] = id;
    classIndex[s] = ci;
    priceIndex[s] = pi;
    seatOfTicket.set(id, s);
    const cls = classes[ci];
    const price = seats.prices[pi];
    if (cls && price !== undefined) {
      cls.total++;
      if (cls.minPrice === null || Number(price) < Number(cls.minPrice)) cls.minPrice = price;
      if (cls.maxPrice === null || Number(price) > Number(cls.maxPrice)) cls.maxPrice = price;
    }
  }

  // The payload lists only the few flagged seats (absent in payloads from before the flags).
  const access = new Uint8Array(n);
  const restrictedView = new Uint8Array(n);
  const accessibleSeats: number[] = [];
  const flag = (ids: number[] | undefined, into: Uint8Array, value: number) => {
    for (const id of ids ?? []) {
      const s = indexOfSeat.get(id);
      if (s !== undefined) into[s] = value;
    }
  };
  flag(map.wheelchair_seat_ids, access, 1);
  flag(map.companion_seat_ids, access, 2);
  flag(map.restricted_view_seat_ids, restrictedView, 1);
  for (let i = 0; i < n; i++) if (access[i]) accessibleSeats.push(i);

  const seatRadius = estimateSeatRadius(map);
  const pad = Math.max(seatRadius * 4, Math.min(map.width, map.height) * 0.02);
  return {
    map,
    seatCount: n,
    ticketId,
    classIndex,
    priceIndex,
    seatOfTicket,
    classes,
    prices: seats.prices,
    currency: seats.currency,
    seatRadius,
    bounds: { x: -pad, y: -pad, w: map.width + 2 * pad, h: map.height + 2 * pad },
    access,
    restrictedView,
    accessibleSeats,
  };
}

export function buildChartAvailability(layout: ChartLayout, availability: EventAvailability): ChartAvailability {
  const taken = new Set(availability.unavailable_ticket_ids);
  const available = new Uint8Array(layout.seatCount);
  const availableByClass = layout.classes.map(() => 0);
  let availableCount = 0;
  for (let i = 0; i < layout.seatCount; i++) {
    const id = layout.ticketId[i]!;
    if (id < 0 || taken.has(id)) continue;
    available[i] = 1;
    availableCount++;
    const ci = layout.classIndex[i]!;
    if (ci >= 0 && ci < availableByClass.length) availableByClass[ci]!++;
  }
  return { available, availableCount, availableByClass, asOf: availability.as_of };
}

export function chartSeat(layout: ChartLayout, availability: ChartAvailability, i: number): ChartSeat {
  const { map } = layout;
  const ci = layout.classIndex[i] ?? -1;
  const pi = layout.priceIndex[i] ?? -1;
  const cls = ci >= 0 ? layout.classes[ci] : undefined;
  const tid = layout.ticketId[i] ?? -1;
  return {
    seatIndex: i,
    seatId: map.seat_ids[i] ?? 0,
    ticketId: tid >= 0 ? tid : null,
    section: map.sections[map.seat_section[i] ?? -1] ?? null,
    row: map.seat_row[i] ?? "",
    number: map.seat_number[i] ?? 0,
    className: cls?.name ?? null,
    classId: cls?.class_id ?? null,
    color: cls?.color ?? null,
    price: pi >= 0 ? (layout.prices[pi] ?? null) : null,
    currency: layout.currency,
    available: availability.available[i] === 1,
    access: SEAT_ACCESS[layout.access[i] ?? 0] ?? null,
    restrictedView: layout.restrictedView[i] === 1,
    x: map.seat_x[i] ?? 0,
    y: map.seat_y[i] ?? 0,
  };
}

/** Why a seat cannot be added to the selection by a click, or null when it can. */
export type SeatRefusal = "not_on_sale" | "held" | "unavailable" | "accessible";

/**
 * Whether a click (or Enter) on seat `i` may toggle it. A seat already selected can always be
 * dropped. Wheelchair spaces and companion seats are for the fans who need them, so a plain click
 * never takes one: only with "Show accessible seating" on (`showAccessible`) are they selectable.
 */
export function seatRefusal(
  layout: ChartLayout,
  availability: ChartAvailability,
  i: number,
  mark: { selected: boolean; held: boolean; showAccessible: boolean },
): SeatRefusal | null {
  if ((layout.ticketId[i] ?? -1) < 0) return "not_on_sale";
  if (mark.held) return "held";
  if (mark.selected) return null;
  if (availability.available[i] !== 1) return "unavailable";
  if (layout.access[i] && !mark.showAccessible) return "accessible";
  return null;
}

/** The seat's features for people: "Wheelchair space", "Companion seat", "Restricted view". */
export function seatFeatures(seat: Pick<ChartSeat, "access" | "restrictedView">): string[] {
  const out: string[] = [];
  if (seat.access === "wheelchair") out.push("Wheelchair space");
  else if (seat.access === "companion") out.push("Companion seat");
  if (seat.restrictedView) out.push("Restricted view");
  return out;
}

/** The seat closest to (x, y); with `onlyAvailable`, among free seats and those in `alsoInclude` (the fan's own). */
export function nearestSeat(
  layout: ChartLayout,
  availability: ChartAvailability,
  x: number,
  y: number,
  onlyAvailable: boolean,
  alsoInclude?: ReadonlySet<number>,
): number | null {
  const { seat_x, seat_y } = layout.map;
  let best: number | null = null;
  let bestD = Infinity;
  for (let i = 0; i < layout.seatCount; i++) {
    if (onlyAvailable && availability.available[i] !== 1 && !alsoInclude?.has(i)) continue;
    const d = ((seat_x[i] ?? 0) - x) ** 2 + ((seat_y[i] ?? 0) - y) ** 2;
    if (d < bestD) {
      bestD = d;
      best = i;
    }
  }
  return best;
}

/**
 * The next seat from `from` in a direction (arrow keys): the closest seat within 60 degrees of the
 * direction, preferring seats straight ahead.
 */
export function seatInDirection(layout: ChartLayout, from: number, dx: number, dy: number): number | null {
  const { seat_x, seat_y } = layout.map;
  const x0 = seat_x[from] ?? 0;
  const y0 = seat_y[from] ?? 0;
  let best: number | null = null;
  let bestScore = Infinity;
  for (let i = 0; i < layout.seatCount; i++) {
    if (i === from) continue;
    const vx = (seat_x[i] ?? 0) - x0;
    const vy = (seat_y[i] ?? 0) - y0;
    const along = vx * dx + vy * dy;
    if (along <= 1e-6) continue;
    const across = Math.abs(vx * dy - vy * dx);
    if (across > along * 1.73) continue;
    const score = along + across * 2.5;
    if (score < bestScore) {
      bestScore = score;
      best = i;
    }
  }
  return best;
}

/** One section of the chart for the overview: where its seats are, what they cost, how many are free. */
export type ChartSectionSummary = {
  index: number;
  name: string;
  label: string;
  /** The box around the section's seats, in chart units (null when it has no seats). */
  box: ChartBox | null;
  minPrice: string | null;
  maxPrice: string | null;
  /** Seats with a ticket for this event. */
  total: number;
  available: number;
};

/** Per section: the seats' box, price range and free seats (the overview and tap-to-zoom read it). */
export function summarizeSections(layout: ChartLayout, availability: ChartAvailability): ChartSectionSummary[] {
  const { map } = layout;
  const out: ChartSectionSummary[] = map.sections.map((s, index) => ({ index, name: s.name, label: s.label || s.name, box: null, minPrice: null, maxPrice: null, total: 0, available: 0 }));
  const ext = map.sections.map(() => ({ x0: Infinity, y0: Infinity, x1: -Infinity, y1: -Infinity }));
  for (let i = 0; i < layout.seatCount; i++) {
    const si = map.seat_section[i] ?? -1;
    const sum = out[si];
    const e = ext[si];
    if (!sum || !e) continue;
    const x = map.seat_x[i] ?? 0;
    const y = map.seat_y[i] ?? 0;
    if (x < e.x0) e.x0 = x;
    if (x > e.x1) e.x1 = x;
    if (y < e.y0) e.y0 = y;
    if (y > e.y1) e.y1 = y;
    const pi = layout.priceIndex[i] ?? -1;
    if (pi < 0) continue;
    sum.total++;
    if (availability.available[i] !== 1) continue;
    sum.available++;
    const price = layout.prices[pi];
    if (price === undefined) continue;
    if (sum.minPrice === null || Number(price) < Number(sum.minPrice)) sum.minPrice = price;
    if (sum.maxPrice === null || Number(price) > Number(sum.maxPrice)) sum.maxPrice = price;
  }
  const pad = layout.seatRadius * 2;
  for (const sum of out) {
    const e = ext[sum.index]!;
    if (e.x0 <= e.x1) sum.box = { x: e.x0 - pad, y: e.y0 - pad, w: e.x1 - e.x0 + 2 * pad, h: e.y1 - e.y0 + 2 * pad };
  }
  return out;
}

/** The box around some seats (by seat index), padded by a few seats; null for none. */
export function boxOfSeats(layout: ChartLayout, seats: readonly number[]): ChartBox | null {
  if (seats.length === 0) return null;
  let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
  for (const i of seats) {
    const x = layout.map.seat_x[i] ?? 0;
    const y = layout.map.seat_y[i] ?? 0;
    x0 = Math.min(x0, x);
    y0 = Math.min(y0, y);
    x1 = Math.max(x1, x);
    y1 = Math.max(y1, y);
  }
  const pad = layout.seatRadius * 6;
  return { x: x0 - pad, y: y0 - pad, w: x1 - x0 + 2 * pad, h: y1 - y0 + 2 * pad };
}
