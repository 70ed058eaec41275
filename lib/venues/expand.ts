// Pure geometry: a chart document expanded into concrete seats (section, row, number, x, y, flags),
// and the semantic validation a document must pass before it is published. No I/O here.
import type {
  ChartDocument,
  ChartProblem,
  ChartSection,
  CurvedSection,
  GridSection,
  Point,
  RowScheme,
  SeatFlags,
  SeatScheme,
} from "./chart-document";
import { CHART_LIMITS } from "./chart-document";

export type ExpandedSeat = {
  /** Index of the section in document.sections. */
  section: number;
  row: string;
  /** 0 = the row closest to the stage. */
  rowIndex: number;
  number: number;
  x: number;
  y: number;
  flags: SeatFlags;
};

export type ExpandedSection = {
  name: string;
  label: string;
  kind: "seated" | "general_admission";
  labelX: number;
  labelY: number;
  /** SVG path outline in chart units (GA: its polygon; seated: the seats' bounding box, padded). */
  outline: string | null;
  /** GA capacity; null for seated sections. */
  capacity: number | null;
  seatCount: number;
};

export type ExpandedChart = { sections: ExpandedSection[]; seats: ExpandedSeat[] };

const DEG = Math.PI / 180;
const round2 = (v: number) => Math.round(v * 100) / 100;

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";

/** The label of row `index` (0 = front) under `scheme`. */
export function rowLabel(scheme: RowScheme, index: number): string {
  if (scheme.style === "numbers") return `${scheme.prefix}${scheme.start + index}`;
  const letters = [...ALPHABET].filter((l) => !scheme.skip.includes(l));
  if (letters.length === 0) return `${scheme.prefix}${scheme.start + index + 1}`;
  const i = scheme.start + index;
  const letter = letters[i % letters.length] as string;
  return `${scheme.prefix}${letter.repeat(Math.floor(i / letters.length) + 1)}`;
}

/**
 * Seat numbers for a row of `n` seats given in left-to-right order (as seen facing the stage):
 * numbers[i] is the label of the i-th seat from the left.
 */
export function seatNumbers(scheme: SeatScheme, n: number): number[] {
  const s = scheme.start;
  if (scheme.order === "ltr") return Array.from({ length: n }, (_, i) => s + i);
  if (scheme.order === "rtl") return Array.from({ length: n }, (_, i) => s + n - 1 - i);
  // odd_even: the left half holds the odd numbers, counting outwards from the centre, the right
  // half the even ones (an odd count puts the extra seat on the left).
  const left = Math.ceil(n / 2);
  const base = s % 2 === 1 ? s : s + 1; // first odd number at or above start
  return Array.from({ length: n }, (_, i) => {
    if (i < left) return base + 2 * (left - 1 - i);
    return base + 1 + 2 * (i - left);
  });
}

function flagsFor(section: GridSection | CurvedSection, row: string, number: number): SeatFlags {
  let flags: SeatFlags = {};
  for (const rule of section.flags) {
    if (rule.row !== row) continue;
    if (rule.seats === "all" || rule.seats.includes(number)) flags = { ...flags, ...rule.flags };
  }
  return flags;
}

function gridSeats(section: GridSection, index: number): ExpandedSeat[] {
  const cos = Math.cos(section.rotation * DEG);
  const sin = Math.sin(section.rotation * DEG);
  const out: ExpandedSeat[] = [];
  const numbers = seatNumbers(section.seat_labels, section.seats_per_row);
  for (let r = 0; r < section.rows; r++) {
    const row = rowLabel(section.row_labels, r);
    // Local frame: seats along +x (the viewer's right, facing the stage at -y), rows along +y.
    const ly = r * section.row_spacing;
    for (let i = 0; i < section.seats_per_row; i++) {
      const lx = i * section.seat_spacing;
      const number = numbers[i] as number;
      out.push({
        section: index,
        row,
        rowIndex: r,
        number,
        x: round2(section.origin.x + lx * cos - ly * sin),
        y: round2(section.origin.y + lx * sin + ly * cos),
        flags: flagsFor(section, row, number),
      });
    }
  }
  return out;
}

/** How many seats with chord `spacing` fit an arc of radius r and sweep `sweep` radians. */
export function seatsOnArc(r: number, sweep: number, spacing: number): number {
  if (spacing >= 2 * r) return sweep >= 0 ? 1 : 0;
  const step = 2 * Math.asin(spacing / (2 * r));
  return Math.floor(sweep / step + 1e-9) + 1;
}

function curvedSeats(section: CurvedSection, index: number): ExpandedSeat[] {
  const out: ExpandedSeat[] = [];
  const a0 = section.start_angle * DEG;
  const a1 = section.end_angle * DEG;
  const sweep = a1 - a0;
  if (!(sweep > 0)) return out;
  for (let r = 0; r < section.rows; r++) {
    const radius = section.radius + r * section.row_spacing;
    const n = seatsOnArc(radius, sweep, section.seat_spacing);
    if (n <= 0) continue;
    const step = n > 1 ? 2 * Math.asin(Math.min(1, section.seat_spacing / (2 * radius))) : 0;
    // Centre the seats on the arc.
    const first = a0 + (sweep - (n - 1) * step) / 2;
    const row = rowLabel(section.row_labels, r);
    const numbers = seatNumbers(section.seat_labels, n);
    // Facing the centre, the viewer's left is towards larger angles: left-to-right runs from the
    // end angle down to the start angle.
    for (let i = 0; i < n; i++) {
      const a = first + (n - 1 - i) * step;
      const number = numbers[i] as number;
      out.push({
        section: index,
        row,
        rowIndex: r,
        number,
        x: round2(section.center.x + radius * Math.cos(a)),
        y: round2(section.center.y + radius * Math.sin(a)),
        flags: flagsFor(section, row, number),
      });
    }
  }
  return out;
}

function sectionSeats(section: ChartSection, index: number): ExpandedSeat[] {
  switch (section.kind) {
    case "grid":
      return gridSeats(section, index);
    case "curved":
      return curvedSeats(section, index);
    case "free": {
      // Row order for rowIndex: rows in the order they first appear.
      const rowIndex = new Map<string, number>();
      return section.seats.map((s) => {
        if (!rowIndex.has(s.row)) rowIndex.set(s.row, rowIndex.size);
        return { section: index, row: s.row, rowIndex: rowIndex.get(s.row) as number, number: s.number, x: s.x, y: s.y, flags: s.flags ?? {} };
      });
    }
    case "ga":
      return [];
  }
}

/** How many seats a section would expand to, without expanding it (for the size guard). */
export function estimateSeatCount(section: ChartSection): number {
  switch (section.kind) {
    case "grid":
      return section.rows * section.seats_per_row;
    case "curved": {
      const sweep = (section.end_angle - section.start_angle) * DEG;
      if (!(sweep > 0)) return 0;
      let n = 0;
      for (let r = 0; r < section.rows; r++) n += seatsOnArc(section.radius + r * section.row_spacing, sweep, section.seat_spacing);
      return n;
    }
    case "free":
      return section.seats.length;
    case "ga":
      return 0;
  }
}

function bboxPath(points: Point[], pad: number): string | null {
  if (points.length === 0) return null;
  let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
  for (const p of points) {
    x0 = Math.min(x0, p.x); y0 = Math.min(y0, p.y); x1 = Math.max(x1, p.x); y1 = Math.max(y1, p.y);
  }
  const r = (v: number) => Math.round(v * 10) / 10;
  return `M${r(x0 - pad)},${r(y0 - pad)} L${r(x1 + pad)},${r(y0 - pad)} L${r(x1 + pad)},${r(y1 + pad)} L${r(x0 - pad)},${r(y1 + pad)} Z`;
}

function polygonPath(points: Point[]): string {
  const r = (v: number) => Math.round(v * 10) / 10;
  return points.map((p, i) => `${i === 0 ? "M" : "L"}${r(p.x)},${r(p.y)}`).join(" ") + " Z";
}

function centroid(points: Point[]): Point {
  if (points.length === 0) return { x: 0, y: 0 };
  let x = 0, y = 0;
  for (const p of points) { x += p.x; y += p.y; }
  return { x: round2(x / points.length), y: round2(y / points.length) };
}

/**
 * Expands a (structurally valid) document into sections and seats. Throws nothing; a document
 * over the seat limit expands to nothing beyond the limit: call validateChart first.
 */
export function expandChart(doc: ChartDocument): ExpandedChart {
  const sections: ExpandedSection[] = [];
  const seats: ExpandedSeat[] = [];
  doc.sections.forEach((section, index) => {
    const own = sectionSeats(section, index);
    for (const s of own) seats.push(s);
    if (section.kind === "ga") {
      const c = section.label_at ?? centroid(section.polygon);
      sections.push({
        name: section.name,
        label: section.label || section.name,
        kind: "general_admission",
        labelX: c.x,
        labelY: c.y,
        outline: polygonPath(section.polygon),
        capacity: section.capacity,
        seatCount: 0,
      });
    } else {
      const c = section.label_at ?? centroid(own);
      sections.push({
        name: section.name,
        label: section.label || section.name,
        kind: "seated",
        labelX: c.x,
        labelY: c.y,
        outline: bboxPath(own, doc.seat_radius * 2),
        capacity: null,
        seatCount: own.length,
      });
    }
  });
  return { sections, seats };
}

/**
 * Semantic problems of a structurally valid document: too many seats, duplicate section names,
 * empty sections, general-admission areas without capacity, reversed arcs, seats off the canvas,
 * overlapping seats, duplicate seat labels in a row, flag rules naming seats that do not exist.
 * Returns the problems and, when the size is within limits, the expansion.
 */
export function validateChart(doc: ChartDocument): { problems: ChartProblem[]; expanded: ExpandedChart | null } {
  const problems: ChartProblem[] = [];
  const add = (path: string, message: string) => {
    if (problems.length < 200) problems.push({ path, message });
  };

  let total = 0;
  doc.sections.forEach((s, i) => {
    total += estimateSeatCount(s);
    if (s.kind === "curved") {
      if (!(s.end_angle > s.start_angle)) add(`sections[${i}].end_angle`, "end_angle must be greater than start_angle");
      else if (s.end_angle - s.start_angle > 360) add(`sections[${i}].end_angle`, "an arc spans at most 360 degrees");
    }
    if (s.kind === "ga" && s.capacity < 1) add(`sections[${i}].capacity`, `general-admission area ${s.name} has no capacity`);
  });
  if (total > CHART_LIMITS.seatsPerChart) {
    add("sections", `the chart has ${total} seats; at most ${CHART_LIMITS.seatsPerChart} are allowed`);
    return { problems, expanded: null };
  }

  const names = new Map<string, number>();
  doc.sections.forEach((s, i) => {
    const key = s.name.toLowerCase();
    const prev = names.get(key);
    if (prev !== undefined) add(`sections[${i}].name`, `section name ${s.name} is also used by sections[${prev}]`);
    else names.set(key, i);
  });

  const expanded = expandChart(doc);
  expanded.sections.forEach((s, i) => {
    if (s.kind === "seated" && s.seatCount === 0) add(`sections[${i}]`, `section ${s.name} has no seats`);
  });

  // Duplicate labels within a row, and flag rules naming seats that are not there.
  const labelSeen = new Map<string, number>();
  const rowsOf = new Map<number, Map<string, Set<number>>>();
  expanded.seats.forEach((seat) => {
    const key = `${seat.section}\u0000${seat.row}\u0000${seat.number}`;
    const count = labelSeen.get(key) ?? 0;
    labelSeen.set(key, count + 1);
    if (count === 1) {
      add(`sections[${seat.section}]`, `seat ${seat.row}-${seat.number} appears more than once in section ${doc.sections[seat.section]?.name}`);
    }
    let rows = rowsOf.get(seat.section);
    if (!rows) rowsOf.set(seat.section, (rows = new Map()));
    let nums = rows.get(seat.row);
    if (!nums) rows.set(seat.row, (nums = new Set()));
    nums.add(seat.number);
  });
  doc.sections.forEach((s, i) => {
    if (s.kind !== "grid" && s.kind !== "curved") return;
    s.flags.forEach((rule, j) => {
      const nums = rowsOf.get(i)?.get(rule.row);
      if (!nums) {
        add(`sections[${i}].flags[${j}].row`, `section ${s.name} has no row ${rule.row}`);
        return;
      }
      if (rule.seats !== "all") {
        const missing = rule.seats.filter((n) => !nums.has(n));
        if (missing.length > 0) add(`sections[${i}].flags[${j}].seats`, `row ${rule.row} of section ${s.name} has no seat ${missing.join(", ")}`);
      }
    });
  });

  // Seats off the canvas.
  const { width, height } = doc.canvas;
  const offCanvas = new Map<number, number>();
  for (const seat of expanded.seats) {
    if (seat.x < 0 || seat.y < 0 || seat.x > width || seat.y > height) offCanvas.set(seat.section, (offCanvas.get(seat.section) ?? 0) + 1);
  }
  for (const [i, n] of offCanvas) add(`sections[${i}]`, `${n} seat(s) of section ${doc.sections[i]?.name} lie outside the ${width} x ${height} canvas`);
  doc.sections.forEach((s, i) => {
    if (s.kind === "ga" && s.polygon.some((p) => p.x < 0 || p.y < 0 || p.x > width || p.y > height)) {
      add(`sections[${i}].polygon`, `general-admission area ${s.name} extends outside the canvas`);
    }
  });

  // Overlapping seats: two seats closer than twice the seat radius. A uniform grid of cells of
  // that size makes this linear; each pair of sections (or a section with itself) is reported once.
  const minDist = doc.seat_radius * 2;
  const cell = minDist;
  const grid = new Map<string, number[]>();
  const reported = new Set<string>();
  const seats = expanded.seats;
  for (let k = 0; k < seats.length; k++) {
    const a = seats[k] as ExpandedSeat;
    const cx = Math.floor(a.x / cell);
    const cy = Math.floor(a.y / cell);
    for (let dx = -1; dx <= 1; dx++) {
      for (let dy = -1; dy <= 1; dy++) {
        const bucket = grid.get(`${cx + dx},${cy + dy}`);
        if (!bucket) continue;
        for (const other of bucket) {
          const b = seats[other] as ExpandedSeat;
          if (Math.hypot(a.x - b.x, a.y - b.y) < minDist - 1e-6) {
            const pair = a.section < b.section ? `${a.section}/${b.section}` : `${b.section}/${a.section}`;
            if (reported.has(pair)) continue;
            reported.add(pair);
            const where = a.section === b.section
              ? `seats ${b.row}-${b.number} and ${a.row}-${a.number} of section ${doc.sections[a.section]?.name} overlap`
              : `seat ${b.row}-${b.number} of section ${doc.sections[b.section]?.name} overlaps seat ${a.row}-${a.number} of section ${doc.sections[a.section]?.name}`;
            add(`sections[${a.section}]`, `${where} (closer than ${minDist} units)`);
          }
        }
      }
    }
    const key = `${cx},${cy}`;
    const bucket = grid.get(key);
    if (bucket) bucket.push(k);
    else grid.set(key, [k]);
  }

  return { problems, expanded };
}
