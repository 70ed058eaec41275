// Seating-chart geometry of the demo venues: pure functions that lay seats out in chart units.
//
// Conventions every venue follows (prisma/seed/venues.test.ts checks them):
// - The chart is a canvas of `width` x `height` units, y pointing down (SVG), with the stage as a
//   rectangle. Seats are points; a seat is drawn as a circle of `chart.seatRadius`, 0.4 of the
//   venue's seat spacing, so neighbours never touch.
// - Every seat faces the stage. `rowIndex` 0 is the row closest to the stage; rows are lettered
//   A, B, C... (I and O skipped, as theatres do) or numbered 1, 2, 3... in arenas and amphitheatres.
// - Seat numbers run 1..n left to right as seen by someone sitting in the row facing the stage.
// - A section's price tier (0 = best) is set by how close its seats are to the stage.

import { createHash } from "node:crypto";

export type Point = { x: number; y: number };

export type ChartStage = { x: number; y: number; width: number; height: number; label: string };

export type ChartTable = { x: number; y: number; r: number };

/** The `venue.chart` JSON. `seatRadius` and `tables` are drawing hints beyond the required fields. */
export type VenueChart = {
  width: number;
  height: number;
  stage: ChartStage;
  seatRadius: number;
  tables?: ChartTable[];
};

export type SeatSpec = { row: string; rowIndex: number; number: number; x: number; y: number };

export type SectionSpec = {
  name: string;
  label: string;
  labelX: number;
  labelY: number;
  /** SVG path in chart units enclosing the section's seats. */
  outline: string;
  sortOrder: number;
  /** Price tier, 0 (closest to the stage) to PRICE_TIER_COUNT - 1. */
  tier: number;
  seats: SeatSpec[];
};

export type VenueKind = "arena" | "theater" | "amphitheater" | "concert_hall" | "club" | "ballroom";

export type VenueSpec = {
  /** Stable key the catalog refers to. */
  key: string;
  kind: VenueKind;
  name: string;
  location: string;
  address: string;
  phone: string;
  timezone: string;
  /** WGS 84 degrees, for "near me" searches. */
  latitude?: number;
  longitude?: number;
  chart: VenueChart;
  sections: SectionSpec[];
};

/** Number of price tiers sections are ranked into (the seed's classes VIP..Bronze). */
export const PRICE_TIER_COUNT = 5;
/** Cumulative share of a venue's seats in tiers 0..4, nearest the stage first. */
const TIER_SHARES = [0.1, 0.25, 0.5, 0.75, 1] as const;

type VenueMeta = Omit<VenueSpec, "chart" | "sections">;

type RawRow = { row: string; rowIndex: number; seats: Point[] };
type RawSection = {
  name: string;
  label: string;
  rows: RawRow[];
  tier?: number;
  outline?: string;
  labelAt?: Point;
};

// ---------------------------------------------------------------------------------------------
// Small geometry helpers

const DEG = Math.PI / 180;
const round1 = (v: number) => Math.round(v * 10) / 10;
const sub = (a: Point, b: Point): Point => ({ x: a.x - b.x, y: a.y - b.y });
const add = (a: Point, b: Point): Point => ({ x: a.x + b.x, y: a.y + b.y });
const scale = (a: Point, k: number): Point => ({ x: a.x * k, y: a.y * k });
const dot = (a: Point, b: Point) => a.x * b.x + a.y * b.y;
const length = (a: Point) => Math.hypot(a.x, a.y);
const normalize = (a: Point): Point => {
  const l = length(a);
  return l === 0 ? { x: 0, y: 0 } : { x: a.x / l, y: a.y / l };
};
/** The viewer's right-hand direction when facing `forward` (y down). */
const rightOf = (forward: Point): Point => ({ x: -forward.y, y: forward.x });
/** The forward direction of a viewer whose right-hand side points along `right`. */
const forwardOf = (right: Point): Point => ({ x: right.y, y: -right.x });

const DOWN: Point = { x: 0, y: 1 };

const ROW_LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ";

/** Row labels A..Z without I and O, then AA, BB, ... */
export function rowLetter(index: number): string {
  const letter = ROW_LETTERS[index % ROW_LETTERS.length] as string;
  return letter.repeat(Math.floor(index / ROW_LETTERS.length) + 1);
}

export const rowNumber = (index: number) => String(index + 1);

/** Seats evenly spaced along the segment a->b, centred, at least `margin` from both ends. */
function seatsOnLine(a: Point, b: Point, spacing: number, margin: number): Point[] {
  const total = length(sub(b, a));
  const usable = total - 2 * margin;
  if (usable < 0) return [];
  const n = Math.floor(usable / spacing + 1e-9) + 1;
  const start = margin + (usable - (n - 1) * spacing) / 2;
  const u = normalize(sub(b, a));
  return Array.from({ length: n }, (_, j) => add(a, scale(u, start + j * spacing)));
}

/**
 * Seats along the arc of radius r around c between angles a0 < a1 (radians, measured the SVG way:
 * 0 = +x, pi/2 = +y), centred, with chords of `spacing` and at least `margin` of arc from both ends.
 */
function seatsOnArc(c: Point, r: number, a0: number, a1: number, spacing: number, margin: number): Point[] {
  const usable = a1 - a0 - (2 * margin) / r;
  if (usable < 0 || spacing > 2 * r) return [];
  const step = 2 * Math.asin(spacing / (2 * r));
  const n = Math.floor(usable / step + 1e-9) + 1;
  const start = a0 + margin / r + (usable - (n - 1) * step) / 2;
  return Array.from({ length: n }, (_, j) => ({
    x: c.x + r * Math.cos(start + j * step),
    y: c.y + r * Math.sin(start + j * step),
  }));
}

/** Orders a row's seats left to right for someone facing `focus` (reverses them if needed). */
function leftToRight(seats: Point[], focus: Point): Point[] {
  if (seats.length < 2) return seats;
  const mid = seats[Math.floor(seats.length / 2)] as Point;
  const right = rightOf(normalize(sub(focus, mid)));
  const span = sub(seats[seats.length - 1] as Point, seats[0] as Point);
  return dot(span, right) < 0 ? [...seats].reverse() : seats;
}

function pathFrom(points: Point[]): string {
  return (
    points.map((p, i) => `${i === 0 ? "M" : "L"}${round1(p.x)},${round1(p.y)}`).join(" ") + " Z"
  );
}

function rectPath(x0: number, y0: number, x1: number, y1: number): string {
  return pathFrom([
    { x: x0, y: y0 },
    { x: x1, y: y0 },
    { x: x1, y: y1 },
    { x: x0, y: y1 },
  ]);
}

/**
 * An outline around rows of seats (each ordered left to right): the front row pushed towards the
 * stage, the row ends pushed sideways, the back row pushed away, `pad` units out.
 */
function outlineAround(rows: Point[][], pad: number, focus: Point): string {
  const tangentAt = (row: Point[], i: number): Point => {
    if (row.length < 2) return rightOf(normalize(sub(focus, row[0] as Point)));
    const a = row[Math.max(0, i - 1)] as Point;
    const b = row[Math.min(row.length - 1, i + 1)] as Point;
    return normalize(sub(b, a));
  };
  const offset = (row: Point[], i: number, side: number, front: number): Point => {
    const t = tangentAt(row, i);
    const f = forwardOf(t);
    return add(row[i] as Point, add(scale(t, side * pad), scale(f, front * pad)));
  };
  const inner = (n: number) => {
    const step = Math.max(1, Math.round(n / 8));
    const out: number[] = [];
    for (let i = step; i < n - 1; i += step) out.push(i);
    return out;
  };
  const first = rows[0] as Point[];
  const last = rows[rows.length - 1] as Point[];
  const middle = rows.slice(1, -1);
  const pts: Point[] = [];
  pts.push(offset(first, 0, -1, 1));
  for (const i of inner(first.length)) pts.push(offset(first, i, 0, 1));
  pts.push(offset(first, first.length - 1, 1, 1));
  for (const row of middle) pts.push(offset(row, row.length - 1, 1, 0));
  pts.push(offset(last, last.length - 1, 1, -1));
  for (const i of inner(last.length).reverse()) pts.push(offset(last, i, 0, -1));
  pts.push(offset(last, 0, -1, -1));
  for (const row of [...middle].reverse()) pts.push(offset(row, 0, -1, 0));
  return pathFrom(pts);
}

/** Turns generator output into a VenueSpec: numbering, rounding, outlines, labels and tiers. */
function buildVenue(meta: VenueMeta, chart: VenueChart, raw: RawSection[], stageFacing?: Point): VenueSpec {
  const { stage } = chart;
  const focus = { x: stage.x + stage.width / 2, y: stage.y + stage.height / 2 };
  // How bad a seat's view is: its distance to the stage, and, for a stage with a front, how far
  // round to the side it sits (a side view costs half as much again as the same distance head-on).
  const viewCost = (p: Point) => {
    const d = Math.hypot(p.x - focus.x, p.y - focus.y);
    if (!stageFacing || d === 0) return d;
    const cos = dot(normalize(sub(p, focus)), stageFacing);
    return d * (1 + 0.5 * (1 - Math.max(0, cos)));
  };
  const spacing = chart.seatRadius / 0.4;
  const sections: SectionSpec[] = [];
  const distances: number[] = [];
  for (const section of raw) {
    const rows = section.rows
      .filter((r) => r.seats.length > 0)
      .map((r) => ({ ...r, seats: leftToRight(r.seats, focus) }));
    if (rows.length === 0) continue;
    const seats: SeatSpec[] = rows.flatMap((r) =>
      r.seats.map((p, i) => ({ row: r.row, rowIndex: r.rowIndex, number: i + 1, x: round1(p.x), y: round1(p.y) })),
    );
    const cx = seats.reduce((s, p) => s + p.x, 0) / seats.length;
    const cy = seats.reduce((s, p) => s + p.y, 0) / seats.length;
    const label = section.labelAt ?? { x: cx, y: cy };
    distances.push(seats.reduce((s, p) => s + viewCost(p), 0) / seats.length);
    sections.push({
      name: section.name,
      label: section.label,
      labelX: round1(label.x),
      labelY: round1(label.y),
      outline: section.outline ?? outlineAround(rows.map((r) => r.seats), spacing * 0.7, focus),
      sortOrder: sections.length,
      tier: section.tier ?? -1,
      seats,
    });
  }
  // Rank the sections without a fixed tier by view cost, sharing seats out by TIER_SHARES. Sections
  // within 2% of each other (mirror images) are ranked together so they share a tier.
  const total = sections.reduce((s, sec) => s + sec.seats.length, 0);
  const order = sections.map((_, i) => i).sort((a, b) => (distances[a] as number) - (distances[b] as number));
  let before = 0;
  for (let g = 0; g < order.length; ) {
    const groupCost = distances[order[g] as number] as number;
    let end = g;
    while (end < order.length && (distances[order[end] as number] as number) <= groupCost * 1.02) end++;
    const group = order.slice(g, end).map((i) => sections[i] as SectionSpec);
    const seats = group.reduce((s, sec) => s + sec.seats.length, 0);
    const midShare = (before + seats / 2) / total;
    before += seats;
    for (const section of group) {
      if (section.tier < 0) section.tier = Math.max(0, TIER_SHARES.findIndex((share) => midShare <= share));
    }
    g = end;
  }
  // Close gaps (a small room may have no section in the 10% nearest the stage): tiers 0, 1, 2...
  const used = [...new Set(sections.map((s) => s.tier))].sort((a, b) => a - b);
  for (const section of sections) section.tier = used.indexOf(section.tier);
  return { ...meta, chart, sections };
}

// ---------------------------------------------------------------------------------------------
// Arena: a bowl of sections around a rounded-rectangle floor, in a lower and an upper ring.

type ArenaRing = {
  /** Section numbers start at prefix*100 + 1 (101, 102, ... / 201, ...). */
  prefix: number;
  /** Distance of the ring's first row from the floor's edge. */
  firstOffset: number;
  rows: number;
  /** Sections per straight side (north/south), per end (east/west) and per corner. */
  sideSections: number;
  endSections: number;
  cornerSections: number;
};

type ArenaOptions = {
  width: number;
  height: number;
  /** Floor: a rounded rectangle around the canvas centre. */
  floor: { halfWidth: number; halfHeight: number; cornerRadius: number };
  spacing: number;
  rowSpacing: number;
  rings: ArenaRing[];
  /** End-stage concert layout: a stage at the west end of the floor, floor seats facing it, and no
   * bowl sections behind it. Without it the whole floor is the stage (in the round / court). */
  endStage?: { depth: number; width: number; floorColumns: number; floorBlocks: number };
};

type ArenaPiece =
  | { kind: "line"; a: Point; b: Point; normal: Point }
  | { kind: "arc"; center: Point; a0: number; a1: number };

export function arenaLayout(meta: VenueMeta, o: ArenaOptions): VenueSpec {
  const c = { x: o.width / 2, y: o.height / 2 };
  const { halfWidth: a, halfHeight: b, cornerRadius: rc } = o.floor;
  const hx = a - rc;
  const hy = b - rc;
  const margin = o.spacing * 0.8;
  // The loop around the floor, clockwise on screen from the north-west end of the north side.
  const pieces = (ring: ArenaRing): ArenaPiece[] => {
    const split = (p: ArenaPiece, n: number): ArenaPiece[] =>
      Array.from({ length: n }, (_, i) =>
        p.kind === "line"
          ? {
              ...p,
              a: add(p.a, scale(sub(p.b, p.a), i / n)),
              b: add(p.a, scale(sub(p.b, p.a), (i + 1) / n)),
            }
          : { ...p, a0: p.a0 + ((p.a1 - p.a0) * i) / n, a1: p.a0 + ((p.a1 - p.a0) * (i + 1)) / n },
      );
    const line = (ax: number, ay: number, bx: number, by: number, nx: number, ny: number): ArenaPiece => ({
      kind: "line",
      a: { x: c.x + ax, y: c.y + ay },
      b: { x: c.x + bx, y: c.y + by },
      normal: { x: nx, y: ny },
    });
    const arc = (sx: number, sy: number, fromDeg: number): ArenaPiece => ({
      kind: "arc",
      center: { x: c.x + sx * hx, y: c.y + sy * hy },
      a0: fromDeg * DEG,
      a1: (fromDeg + 90) * DEG,
    });
    return [
      ...split(line(-hx, -b, hx, -b, 0, -1), ring.sideSections),
      ...split(arc(1, -1, -90), ring.cornerSections),
      ...split(line(a, -hy, a, hy, 1, 0), ring.endSections),
      ...split(arc(1, 1, 0), ring.cornerSections),
      ...split(line(hx, b, -hx, b, 0, 1), ring.sideSections),
      ...split(arc(-1, 1, 90), ring.cornerSections),
      ...split(line(-a, hy, -a, -hy, -1, 0), ring.endSections),
      ...split(arc(-1, -1, 180), ring.cornerSections),
    ];
  };

  const stage: ChartStage = o.endStage
    ? { x: c.x - a, y: c.y - o.endStage.width / 2, width: o.endStage.depth, height: o.endStage.width, label: "STAGE" }
    : { x: c.x - a, y: c.y - b, width: 2 * a, height: 2 * b, label: "EVENT FLOOR" };

  const raw: RawSection[] = [];
  for (const ring of o.rings) {
    pieces(ring).forEach((piece, i) => {
      const rows: RawRow[] = [];
      for (let r = 0; r < ring.rows; r++) {
        const d = ring.firstOffset + r * o.rowSpacing;
        const seats =
          piece.kind === "line"
            ? seatsOnLine(add(piece.a, scale(piece.normal, d)), add(piece.b, scale(piece.normal, d)), o.spacing, margin)
            : seatsOnArc(piece.center, rc + d, piece.a0, piece.a1, o.spacing, margin);
        rows.push({ row: rowNumber(r), rowIndex: r, seats });
      }
      const name = String(ring.prefix * 100 + i + 1);
      raw.push({ name, label: `Section ${name}`, rows });
    });
  }

  let sections = raw;
  if (o.endStage) {
    const es = o.endStage;
    // Bowl sections whose seats sit behind or beside the stage's depth see its back: not sold.
    const behind = (s: RawSection) => {
      const seats = s.rows.flatMap((r) => r.seats);
      const mx = seats.reduce((sum, p) => sum + p.x, 0) / Math.max(1, seats.length);
      return mx < stage.x + stage.width;
    };
    sections = raw.filter((s) => !behind(s));
    // Floor seats: columns of rows facing the stage (west), in blocks split by cross aisles.
    const x0 = stage.x + stage.width + 40;
    const x1 = c.x + a - 30;
    const y0 = c.y - b + 30;
    const y1 = c.y + b - 30;
    const aisle = o.spacing * 2.5;
    const blockWidth = (y1 - y0 - aisle * (es.floorColumns - 1)) / es.floorColumns;
    const blockDepth = (x1 - x0 - aisle * (es.floorBlocks - 1)) / es.floorBlocks;
    const floorSections: RawSection[] = [];
    for (let depth = 0; depth < es.floorBlocks; depth++) {
      for (let col = 0; col < es.floorColumns; col++) {
        const bx0 = x0 + depth * (blockDepth + aisle);
        const by0 = y0 + col * (blockWidth + aisle);
        const rows: RawRow[] = [];
        for (let r = 0; bx0 + r * o.rowSpacing <= bx0 + blockDepth; r++) {
          const x = bx0 + r * o.rowSpacing;
          rows.push({
            row: rowNumber(r),
            rowIndex: r,
            seats: seatsOnLine({ x, y: by0 }, { x, y: by0 + blockWidth }, o.spacing, o.spacing / 2),
          });
        }
        const name = `FLR${depth * es.floorColumns + col + 1}`;
        floorSections.push({ name, label: `Floor ${depth * es.floorColumns + col + 1}`, rows });
      }
    }
    sections = [...floorSections, ...sections];
  }

  // With the end behind the stage empty, crop the canvas to start just left of the stage.
  const shift = o.endStage ? stage.x - 60 : 0;
  if (shift > 0) {
    stage.x -= shift;
    for (const s of sections) for (const r of s.rows) r.seats = r.seats.map((p) => ({ x: p.x - shift, y: p.y }));
  }
  const chart: VenueChart = { width: o.width - shift, height: o.height, stage, seatRadius: round1(o.spacing * 0.4) };
  return buildVenue(meta, chart, sections, o.endStage ? { x: 1, y: 0 } : undefined);
}

// ---------------------------------------------------------------------------------------------
// Fan-shaped tiers: rows on concentric arcs facing a stage above them (theatres, amphitheatres).

type FanBand = {
  /** Centre of the row arcs (at or behind the stage). */
  center: Point;
  firstRadius: number;
  rows: number;
  rowSpacing: number;
  /** Sections left to right as angles from straight down (degrees, positive towards +x). */
  sections: Array<{ name: string; label: string; fromDeg: number; toDeg: number }>;
  rowLabel: (index: number) => string;
};

type FanOptions = {
  spacing: number;
  /** Seats must lie below this y (clear of the stage front). */
  clearY: number;
  /** Rows with fewer seats than this in a section are left out (front corners near the stage). */
  minSeatsPerRow: number;
  bands: FanBand[];
};

function fanSections(o: FanOptions): RawSection[] {
  const margin = o.spacing * 0.8;
  const out: RawSection[] = [];
  for (const band of o.bands) {
    for (const s of band.sections) {
      const rows: RawRow[] = [];
      for (let r = 0; r < band.rows; r++) {
        const radius = band.firstRadius + r * band.rowSpacing;
        const cosLimit = (o.clearY - band.center.y) / radius;
        if (cosLimit >= 1) continue;
        const maxDeg = cosLimit <= -1 ? 180 : Math.acos(cosLimit) / DEG;
        const from = Math.max(s.fromDeg, -maxDeg);
        const to = Math.min(s.toDeg, maxDeg);
        if (to <= from) continue;
        // Angle from straight down, positive to +x, is SVG angle 90deg minus it.
        const seats = seatsOnArc(band.center, radius, (90 - to) * DEG, (90 - from) * DEG, o.spacing, margin);
        if (seats.length < o.minSeatsPerRow) continue;
        rows.push({ row: band.rowLabel(r), rowIndex: r, seats });
      }
      out.push({ name: s.name, label: s.label, rows });
    }
  }
  return out;
}

/** Evenly split [-halfDeg, halfDeg] into sections named by `names`. */
function evenSections(halfDeg: number, names: Array<[string, string]>) {
  const n = names.length;
  return names.map(([name, label], i) => ({
    name,
    label,
    fromDeg: -halfDeg + (2 * halfDeg * i) / n,
    toDeg: -halfDeg + (2 * halfDeg * (i + 1)) / n,
  }));
}

export function theaterLayout(meta: VenueMeta): VenueSpec {
  const width = 1200;
  const height = 800;
  const stage: ChartStage = { x: 410, y: 40, width: 380, height: 130, label: "STAGE" };
  const spacing = 10;
  const center = { x: 600, y: 10 };
  const lcr = (prefix: string, label: string, inner: number, outer: number) => [
    { name: `${prefix}-L`, label: `${label} Left`, fromDeg: -outer, toDeg: -inner },
    { name: `${prefix}-C`, label: `${label} Center`, fromDeg: -inner, toDeg: inner },
    { name: `${prefix}-R`, label: `${label} Right`, fromDeg: inner, toDeg: outer },
  ];
  const raw = fanSections({
    spacing,
    clearY: stage.y + stage.height + 30,
    minSeatsPerRow: 4,
    bands: [
      { center, firstRadius: 215, rows: 22, rowSpacing: 12, sections: lcr("ORCH", "Orchestra", 14, 50), rowLabel: rowLetter },
      { center, firstRadius: 525, rows: 7, rowSpacing: 12, sections: lcr("MEZZ", "Mezzanine", 16, 52), rowLabel: rowLetter },
      { center, firstRadius: 655, rows: 9, rowSpacing: 12, sections: lcr("BALC", "Balcony", 17, 48), rowLabel: rowLetter },
    ],
  });
  // Theatres price by level first: every orchestra seat above the mezzanine, centre above sides.
  const tiers: Record<string, number> = {
    "ORCH-C": 0, "ORCH-L": 1, "ORCH-R": 1, "MEZZ-C": 2, "MEZZ-L": 3, "MEZZ-R": 3, "BALC-C": 3, "BALC-L": 4, "BALC-R": 4,
  };
  const tiered = raw.map((s) => ({ ...s, tier: tiers[s.name] }));
  return buildVenue(meta, { width, height, stage, seatRadius: spacing * 0.4 }, tiered, DOWN);
}

export function amphitheaterLayout(meta: VenueMeta): VenueSpec {
  const width = 1700;
  const height = 1000;
  const stage: ChartStage = { x: 690, y: 40, width: 320, height: 150, label: "STAGE" };
  const spacing = 10;
  const center = { x: 850, y: 140 };
  const names = (prefix: number, n: number): Array<[string, string]> =>
    Array.from({ length: n }, (_, i) => [String(prefix + i + 1), `Section ${prefix + i + 1}`]);
  const raw = fanSections({
    spacing,
    clearY: stage.y + stage.height + 30,
    minSeatsPerRow: 5,
    bands: [
      { center, firstRadius: 110, rows: 26, rowSpacing: 11, sections: evenSections(70, names(100, 5)), rowLabel: rowNumber },
      { center, firstRadius: 430, rows: 36, rowSpacing: 11, sections: evenSections(72, names(200, 7)), rowLabel: rowNumber },
    ],
  });
  return buildVenue(meta, { width, height, stage, seatRadius: spacing * 0.4 }, raw, DOWN);
}

// ---------------------------------------------------------------------------------------------
// Straight-row rooms: a shoebox concert hall, a ballroom with a horseshoe balcony, a comedy club.

/** Horizontal rows below (or above, with rowStep < 0) a stage, split into sections by x ranges. */
function straightBlocks(o: {
  firstY: number;
  rowStep: number;
  rows: number;
  spacing: number;
  blocks: Array<{ name: string; label: string; x0: number; x1: number }>;
  rowLabel: (index: number) => string;
}): RawSection[] {
  return o.blocks.map((block) => ({
    name: block.name,
    label: block.label,
    rows: Array.from({ length: o.rows }, (_, r) => {
      const y = o.firstY + r * o.rowStep;
      return {
        row: o.rowLabel(r),
        rowIndex: r,
        seats: seatsOnLine({ x: block.x0, y }, { x: block.x1, y }, o.spacing, o.spacing / 2),
      };
    }),
  }));
}

/** Vertical rows along a side wall; row 0 is the one nearest the room's centre line. */
function wallBlock(o: {
  name: string;
  label: string;
  firstX: number;
  rowStep: number;
  rows: number;
  y0: number;
  y1: number;
  spacing: number;
  rowLabel: (index: number) => string;
}): RawSection {
  return {
    name: o.name,
    label: o.label,
    rows: Array.from({ length: o.rows }, (_, r) => {
      const x = o.firstX + r * o.rowStep;
      return {
        row: o.rowLabel(r),
        rowIndex: r,
        seats: seatsOnLine({ x, y: o.y0 }, { x, y: o.y1 }, o.spacing, o.spacing / 2),
      };
    }),
  };
}

export function concertHallLayout(meta: VenueMeta): VenueSpec {
  const width = 1100;
  const height = 860;
  const stage: ChartStage = { x: 300, y: 150, width: 500, height: 170, label: "STAGE" };
  const spacing = 10;
  const rowStep = 12;
  const raw: RawSection[] = [
    ...straightBlocks({
      firstY: stage.y + stage.height + 45,
      rowStep,
      rows: 11,
      spacing,
      rowLabel: rowLetter,
      blocks: [
        { name: "ORCH-L", label: "Orchestra Left", x0: 250, x1: 400 },
        { name: "ORCH-C", label: "Orchestra Center", x0: 420, x1: 680 },
        { name: "ORCH-R", label: "Orchestra Right", x0: 700, x1: 850 },
      ],
    }),
    // Behind a cross aisle, the raised rear orchestra; its rows carry on from the front's letters.
    ...straightBlocks({
      firstY: stage.y + stage.height + 45 + 11 * rowStep + 14,
      rowStep,
      rows: 11,
      spacing,
      rowLabel: (r) => rowLetter(r + 11),
      blocks: [
        { name: "TERR-L", label: "Orchestra Terrace Left", x0: 250, x1: 400 },
        { name: "TERR-C", label: "Orchestra Terrace Center", x0: 420, x1: 680 },
        { name: "TERR-R", label: "Orchestra Terrace Right", x0: 700, x1: 850 },
      ],
    }).map((s) => ({ ...s, rows: s.rows.map((r) => ({ ...r, rowIndex: r.rowIndex + 11 })) })),
    wallBlock({ name: "TIER-L", label: "Left Side Tier", firstX: 215, rowStep: -rowStep, rows: 3, y0: 280, y1: 640, spacing, rowLabel: rowLetter }),
    wallBlock({ name: "TIER-R", label: "Right Side Tier", firstX: 885, rowStep, rows: 3, y0: 280, y1: 640, spacing, rowLabel: rowLetter }),
    ...straightBlocks({
      firstY: stage.y - 18,
      rowStep: -rowStep,
      rows: 4,
      spacing,
      rowLabel: rowLetter,
      blocks: [{ name: "CHOIR", label: "Choir Balcony", x0: stage.x + 20, x1: stage.x + stage.width - 20 }],
    }).map((s) => ({ ...s, tier: 3 })), // close, but behind the performers
    ...straightBlocks({
      firstY: 712,
      rowStep,
      rows: 8,
      spacing,
      rowLabel: rowLetter,
      blocks: [
        { name: "BALC-L", label: "Rear Balcony Left", x0: 150, x1: 395 },
        { name: "BALC-C", label: "Rear Balcony Center", x0: 415, x1: 685 },
        { name: "BALC-R", label: "Rear Balcony Right", x0: 705, x1: 950 },
      ],
    }),
  ];
  return buildVenue(meta, { width, height, stage, seatRadius: spacing * 0.4 }, raw, DOWN);
}

export function ballroomLayout(meta: VenueMeta): VenueSpec {
  const width = 1000;
  const height = 580;
  const stage: ChartStage = { x: 330, y: 50, width: 340, height: 110, label: "STAGE" };
  const spacing = 10;
  const rowStep = 12;
  const raw: RawSection[] = [
    ...straightBlocks({
      firstY: 210,
      rowStep,
      rows: 7,
      spacing,
      rowLabel: rowLetter,
      blocks: [
        { name: "FLOOR-L", label: "Floor Left", x0: 200, x1: 490 },
        { name: "FLOOR-R", label: "Floor Right", x0: 510, x1: 800 },
      ],
    }),
    ...straightBlocks({
      firstY: 210 + 7 * rowStep + 12,
      rowStep,
      rows: 9,
      spacing,
      rowLabel: (r) => rowLetter(r + 7),
      blocks: [
        { name: "REAR-L", label: "Rear Floor Left", x0: 200, x1: 490 },
        { name: "REAR-R", label: "Rear Floor Right", x0: 510, x1: 800 },
      ],
    }).map((s) => ({ ...s, rows: s.rows.map((r) => ({ ...r, rowIndex: r.rowIndex + 7 })) })),
    wallBlock({ name: "BALC-L", label: "Balcony Left", firstX: 150, rowStep: -rowStep, rows: 3, y0: 200, y1: 440, spacing, rowLabel: rowLetter }),
    ...straightBlocks({
      firstY: 480,
      rowStep,
      rows: 5,
      spacing,
      rowLabel: rowLetter,
      blocks: [{ name: "BALC-C", label: "Balcony Center", x0: 185, x1: 815 }],
    }),
    wallBlock({ name: "BALC-R", label: "Balcony Right", firstX: 850, rowStep, rows: 3, y0: 200, y1: 440, spacing, rowLabel: rowLetter }),
  ];
  return buildVenue(meta, { width, height, stage, seatRadius: spacing * 0.4 }, raw, DOWN);
}

export function comedyClubLayout(meta: VenueMeta): VenueSpec {
  const width = 1000;
  const height = 640;
  const stage: ChartStage = { x: 390, y: 40, width: 220, height: 90, label: "STAGE" };
  const spacing = 14;
  const tableRadius = 13;
  const chairRadius = 26;
  const chairAngles = [150, 110, 70, 30];
  const tables: ChartTable[] = [];
  // Rows of cafe tables; the chairs sit on the far side of each table, facing the stage.
  const tableBand = (name: string, label: string, firstRow: number, rowCount: number): RawSection => {
    const rows: RawRow[] = [];
    const bandTables: ChartTable[] = [];
    for (let r = firstRow; r < firstRow + rowCount; r++) {
      const y = 190 + r * 85;
      const seats: Point[] = [];
      for (let t = 0; t < 8; t++) {
        const x = 185 + t * 90;
        bandTables.push({ x, y, r: tableRadius });
        for (const deg of chairAngles) {
          seats.push({ x: x + chairRadius * Math.cos(deg * DEG), y: y + chairRadius * Math.sin(deg * DEG) });
        }
      }
      rows.push({ row: rowLetter(r), rowIndex: r, seats: seats.sort((p, q) => p.x - q.x) });
    }
    tables.push(...bandTables);
    const xs = bandTables.map((t) => t.x);
    const ys = bandTables.map((t) => t.y);
    const pad = spacing;
    const outline = rectPath(
      Math.min(...xs) - chairRadius - pad,
      Math.min(...ys) - tableRadius - pad,
      Math.max(...xs) + chairRadius + pad,
      Math.max(...ys) + chairRadius + pad,
    );
    return { name, label, rows, outline };
  };
  const raw: RawSection[] = [
    { ...tableBand("FRONT", "Front Tables", 0, 2), tier: 0 },
    { ...tableBand("MID", "Middle Tables", 2, 2), tier: 1 },
    {
      name: "RISER",
      label: "Rear Riser",
      tier: 3,
      rows: [0, 1].map((i) => {
        const y = 545 + i * 18;
        return {
          row: rowLetter(4 + i),
          rowIndex: 4 + i,
          seats: seatsOnLine({ x: 150, y }, { x: 850, y }, spacing, spacing / 2),
        };
      }),
    },
  ];
  const chart: VenueChart = { width, height, stage, seatRadius: round1(spacing * 0.4), tables };
  return buildVenue(meta, chart, raw, DOWN);
}

/**
 * A plain test venue: `sections` blocks side by side below a stage, each `rows` straight rows of
 * `seatsPerRow` seats (rows A, B, C...), 10 units apart.
 */
export function gridLayout(
  meta: Partial<VenueMeta> & { name: string },
  o: { sections: number; rows: number; seatsPerRow: number },
): VenueSpec {
  const spacing = 10;
  const blockWidth = (o.seatsPerRow - 1) * spacing;
  const gap = 30;
  const width = Math.max(400, 2 * 40 + o.sections * blockWidth + (o.sections - 1) * gap);
  const stageWidth = Math.min(300, width - 80);
  const stage: ChartStage = { x: (width - stageWidth) / 2, y: 20, width: stageWidth, height: 60, label: "STAGE" };
  const firstY = stage.y + stage.height + 40;
  const x0 = (width - (o.sections * blockWidth + (o.sections - 1) * gap)) / 2;
  const raw = straightBlocks({
    firstY,
    rowStep: spacing,
    rows: o.rows,
    spacing,
    rowLabel: rowLetter,
    blocks: Array.from({ length: o.sections }, (_, i) => ({
      name: String.fromCharCode(65 + (i % 26)) + (i >= 26 ? String(Math.floor(i / 26)) : ""),
      label: `Section ${String.fromCharCode(65 + (i % 26))}${i >= 26 ? Math.floor(i / 26) : ""}`,
      // Seats are placed `spacing / 2` in from each end, so pad the block by that much.
      x0: x0 + i * (blockWidth + gap) - spacing / 2,
      x1: x0 + i * (blockWidth + gap) + blockWidth + spacing / 2,
    })),
  });
  const height = firstY + (o.rows - 1) * spacing + 40;
  return buildVenue(
    {
      key: meta.key ?? "grid",
      kind: meta.kind ?? "theater",
      name: meta.name,
      location: meta.location ?? "Springfield, IL",
      address: meta.address ?? "1 Test Plaza, Springfield, IL 62701",
      phone: meta.phone ?? "+1 217-555-0100",
      timezone: meta.timezone ?? "America/Chicago",
    },
    { width, height, stage, seatRadius: spacing * 0.4 },
    raw,
    DOWN,
  );
}

// ---------------------------------------------------------------------------------------------
// The demo venues.

export function demoVenues(): VenueSpec[] {
  return [
    arenaLayout(
      {
        key: "lakeshore-arena",
        kind: "arena",
        name: "Lakeshore Arena",
        location: "Chicago, IL",
        address: "1900 W Lake Shore Plaza, Chicago, IL 60612",
        phone: "+1 312-555-0140",
        timezone: "America/Chicago",
        latitude: 41.8807,
        longitude: -87.6742,
      },
      {
        width: 1800,
        height: 1500,
        floor: { halfWidth: 320, halfHeight: 170, cornerRadius: 60 },
        spacing: 9,
        rowSpacing: 10,
        rings: [
          { prefix: 1, firstOffset: 30, rows: 20, sideSections: 4, endSections: 2, cornerSections: 2 },
          { prefix: 2, firstOffset: 260, rows: 25, sideSections: 4, endSections: 2, cornerSections: 3 },
        ],
      },
    ),
    arenaLayout(
      {
        key: "pacific-crest-arena",
        kind: "arena",
        name: "Pacific Crest Arena",
        location: "Los Angeles, CA",
        address: "800 Crestview Blvd, Los Angeles, CA 90015",
        phone: "+1 213-555-0188",
        timezone: "America/Los_Angeles",
        latitude: 34.043,
        longitude: -118.2673,
      },
      {
        width: 1700,
        height: 1400,
        floor: { halfWidth: 300, halfHeight: 160, cornerRadius: 60 },
        spacing: 9,
        rowSpacing: 10,
        rings: [
          { prefix: 1, firstOffset: 30, rows: 18, sideSections: 4, endSections: 2, cornerSections: 2 },
          { prefix: 3, firstOffset: 240, rows: 24, sideSections: 4, endSections: 2, cornerSections: 3 },
        ],
        endStage: { depth: 110, width: 220, floorColumns: 3, floorBlocks: 2 },
      },
    ),
    theaterLayout({
      key: "marquee-theatre",
      kind: "theater",
      name: "The Marquee Theatre",
      location: "New York, NY",
      address: "245 W 46th St, New York, NY 10036",
      phone: "+1 212-555-0173",
      timezone: "America/New_York",
      latitude: 40.759,
      longitude: -73.9866,
    }),
    amphitheaterLayout({
      key: "red-mesa-amphitheatre",
      kind: "amphitheater",
      name: "Red Mesa Amphitheatre",
      location: "Denver, CO",
      address: "18300 Red Mesa Trail, Denver, CO 80201",
      phone: "+1 303-555-0112",
      timezone: "America/Denver",
      latitude: 39.6654,
      longitude: -105.2057,
    }),
    concertHallLayout({
      key: "harborview-hall",
      kind: "concert_hall",
      name: "Harborview Symphony Hall",
      location: "Boston, MA",
      address: "301 Harborview Ave, Boston, MA 02115",
      phone: "+1 617-555-0126",
      timezone: "America/New_York",
      latitude: 42.3429,
      longitude: -71.0862,
    }),
    ballroomLayout({
      key: "bluebird-ballroom",
      kind: "ballroom",
      name: "The Bluebird Ballroom",
      location: "Nashville, TN",
      address: "412 Music Row Ln, Nashville, TN 37203",
      phone: "+1 615-555-0164",
      timezone: "America/Chicago",
      latitude: 36.151,
      longitude: -86.792,
    }),
    comedyClubLayout({
      key: "laugh-cellar",
      kind: "club",
      name: "The Laugh Cellar",
      location: "Austin, TX",
      address: "611 E 6th St, Austin, TX 78701",
      phone: "+1 512-555-0191",
      timezone: "America/Chicago",
      latitude: 30.2672,
      longitude: -97.7369,
    }),
  ];
}

/**
 * A chart version derived from the geometry (1..2^31-1): reseeding the same layout keeps it, so
 * cached seat maps stay valid, and a changed layout gets a new one, so they are not served stale.
 */
export function chartVersionOf(venue: Pick<VenueSpec, "chart" | "sections">): number {
  const digest = createHash("sha256").update(JSON.stringify([venue.chart, venue.sections])).digest();
  return (digest.readUInt32BE(0) & 0x7fffffff) || 1;
}

export function venueCapacity(venue: VenueSpec): number {
  return venue.sections.reduce((sum, s) => sum + s.seats.length, 0);
}
