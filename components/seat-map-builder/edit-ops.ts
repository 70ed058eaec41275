// The builder's edits as pure functions over the chart document: each returns a new document and
// never mutates its input, so undo/redo is a stack of documents.
import type { ChartDocument, ChartSection, Point, SeatFlags } from "@/lib/venues/chart-document";

const DEG = Math.PI / 180;
const r2 = (v: number) => Math.round(v * 100) / 100;

export function snapValue(v: number, grid: number | null): number {
  return grid ? Math.round(v / grid) * grid : r2(v);
}

function movePoint(p: Point, dx: number, dy: number): Point {
  return { x: r2(p.x + dx), y: r2(p.y + dy) };
}

function rotatePoint(p: Point, c: Point, deg: number): Point {
  const cos = Math.cos(deg * DEG);
  const sin = Math.sin(deg * DEG);
  const x = p.x - c.x;
  const y = p.y - c.y;
  return { x: r2(c.x + x * cos - y * sin), y: r2(c.y + x * sin + y * cos) };
}

export function translateSection(s: ChartSection, dx: number, dy: number): ChartSection {
  const label_at = s.label_at ? movePoint(s.label_at, dx, dy) : undefined;
  switch (s.kind) {
    case "grid":
      return { ...s, label_at, origin: movePoint(s.origin, dx, dy) };
    case "curved":
      return { ...s, label_at, center: movePoint(s.center, dx, dy) };
    case "free":
      return { ...s, label_at, seats: s.seats.map((seat) => ({ ...seat, x: r2(seat.x + dx), y: r2(seat.y + dy) })) };
    case "ga":
      return { ...s, label_at, polygon: s.polygon.map((p) => movePoint(p, dx, dy)) };
  }
}

/** Rotates a section by `deg` about `pivot` (grid: about its origin; curved: about its focus). */
export function rotateSection(s: ChartSection, deg: number, pivot: Point): ChartSection {
  switch (s.kind) {
    case "grid":
      return { ...s, rotation: r2(((s.rotation + deg + 540) % 360) - 180), origin: rotatePoint(s.origin, pivot, deg), label_at: undefined };
    case "curved":
      return { ...s, start_angle: r2(s.start_angle + deg), end_angle: r2(s.end_angle + deg), label_at: undefined };
    case "free":
      return { ...s, label_at: undefined, seats: s.seats.map((seat) => ({ ...seat, ...rotatePoint(seat, pivot, deg) })) };
    case "ga":
      return { ...s, label_at: undefined, polygon: s.polygon.map((p) => rotatePoint(p, pivot, deg)) };
  }
}

export function uniqueName(doc: ChartDocument, base: string): string {
  const taken = new Set(doc.sections.map((s) => s.name.toLowerCase()));
  const stem = base.replace(/-\d+$/, "").slice(0, 20) || "S";
  if (!taken.has(stem.toLowerCase())) return stem;
  for (let i = 2; ; i++) {
    const name = `${stem}-${i}`;
    if (!taken.has(name.toLowerCase())) return name;
  }
}

export function replaceSection(doc: ChartDocument, index: number, section: ChartSection): ChartDocument {
  return { ...doc, sections: doc.sections.map((s, i) => (i === index ? section : s)) };
}

export function deleteSection(doc: ChartDocument, index: number): ChartDocument {
  return { ...doc, sections: doc.sections.filter((_, i) => i !== index) };
}

export function copySection(doc: ChartDocument, index: number, offset = 30): ChartDocument {
  const source = doc.sections[index];
  if (!source) return doc;
  const copy = translateSection(structuredClone(source), offset, offset);
  const name = uniqueName(doc, source.name);
  return { ...doc, sections: [...doc.sections, { ...copy, name, label: copy.label ? `${copy.label} (copy)`.slice(0, 80) : "" }] };
}

export function addSection(doc: ChartDocument, kind: ChartSection["kind"], at: Point): ChartDocument {
  const name = uniqueName(doc, kind === "ga" ? "FLOOR" : kind === "curved" ? "C" : kind === "free" ? "SEATS" : "S");
  let section: ChartSection;
  const rowLabels = { style: "letters" as const, start: 0, skip: ["I", "O"], prefix: "" };
  const seatLabels = { order: "ltr" as const, start: 1 };
  const spacing = Math.max(doc.seat_radius * 2.5, 1);
  switch (kind) {
    case "grid":
      section = { kind, name, label: "", origin: at, rotation: 0, rows: 5, seats_per_row: 10, seat_spacing: spacing, row_spacing: spacing, row_labels: rowLabels, seat_labels: seatLabels, flags: [] };
      break;
    case "curved": {
      const focus = doc.focus ?? { x: doc.stage.x + doc.stage.width / 2, y: doc.stage.y + doc.stage.height / 2 };
      const radius = Math.max(spacing * 4, r2(Math.hypot(at.x - focus.x, at.y - focus.y)));
      const mid = (Math.atan2(at.y - focus.y, at.x - focus.x) / DEG) || 90;
      section = { kind, name, label: "", center: focus, radius, rows: 4, row_spacing: spacing, start_angle: r2(mid - 25), end_angle: r2(mid + 25), seat_spacing: spacing, row_labels: rowLabels, seat_labels: seatLabels, flags: [] };
      break;
    }
    case "free":
      section = { kind, name, label: "", seats: [{ row: "1", number: 1, x: at.x, y: at.y }] };
      break;
    case "ga": {
      const w = spacing * 16;
      const h = spacing * 8;
      section = { kind, name, label: "Standing floor", capacity: 500, polygon: [at, { x: at.x + w, y: at.y }, { x: at.x + w, y: at.y + h }, { x: at.x, y: at.y + h }] };
      break;
    }
  }
  return { ...doc, sections: [...doc.sections, section] };
}

/** Adds a single seat to free section `index`: next number in its last row. */
export function addFreeSeat(doc: ChartDocument, index: number, at: Point): ChartDocument {
  const s = doc.sections[index];
  if (!s || s.kind !== "free") return doc;
  const row = s.seats[s.seats.length - 1]?.row ?? "1";
  const number = Math.max(0, ...s.seats.filter((seat) => seat.row === row).map((seat) => seat.number)) + 1;
  return replaceSection(doc, index, { ...s, seats: [...s.seats, { row, number, x: at.x, y: at.y }] });
}

export type FlagChoice = "wheelchair" | "companion" | "restricted_view" | "not_for_sale" | "clear";

function flagsWith(current: SeatFlags, choice: FlagChoice, reason: string): SeatFlags {
  switch (choice) {
    case "wheelchair":
    case "companion":
      return { ...current, accessible: choice };
    case "restricted_view":
      return { ...current, restricted_view: true };
    case "not_for_sale":
      return { ...current, not_for_sale: reason.trim() || "house seat" };
    case "clear":
      return {};
  }
}

/**
 * Sets a flag on seats `numbers` of `row` in section `index` (grid and curved: as a flag rule that
 * replaces earlier rules for exactly those seats; free: on the seats themselves).
 */
export function flagSeats(doc: ChartDocument, index: number, row: string, numbers: number[], choice: FlagChoice, reason = ""): ChartDocument {
  const s = doc.sections[index];
  if (!s || numbers.length === 0) return doc;
  if (s.kind === "free") {
    const set = new Set(numbers);
    return replaceSection(doc, index, {
      ...s,
      seats: s.seats.map((seat) => {
        if (seat.row !== row || !set.has(seat.number)) return seat;
        const flags = flagsWith(seat.flags ?? {}, choice, reason);
        return Object.keys(flags).length ? { ...seat, flags } : { row: seat.row, number: seat.number, x: seat.x, y: seat.y };
      }),
    });
  }
  if (s.kind === "ga") return doc;
  const set = new Set(numbers);
  // Drop those seats from earlier rules of the row, then add one rule with the merged flags.
  let merged: SeatFlags = {};
  const rules = s.flags.flatMap((rule) => {
    if (rule.row !== row) return [rule];
    if (rule.seats === "all") {
      merged = { ...merged, ...rule.flags };
      return [rule];
    }
    const hits = rule.seats.filter((n) => set.has(n));
    if (hits.length === 0) return [rule];
    merged = { ...merged, ...rule.flags };
    const rest = rule.seats.filter((n) => !set.has(n));
    return rest.length ? [{ ...rule, seats: rest }] : [];
  });
  const flags = flagsWith(choice === "clear" ? {} : merged, choice, reason);
  if (Object.keys(flags).length) rules.push({ row, seats: [...set].sort((a, b) => a - b), flags });
  return replaceSection(doc, index, { ...s, flags: rules });
}

/** Undo/redo over whole documents (bounded). */
export type History = { past: ChartDocument[]; present: ChartDocument; future: ChartDocument[] };

export const HISTORY_LIMIT = 200;

export function historyOf(doc: ChartDocument): History {
  return { past: [], present: doc, future: [] };
}

export function commit(h: History, next: ChartDocument): History {
  if (next === h.present) return h;
  return { past: [...h.past, h.present].slice(-HISTORY_LIMIT), present: next, future: [] };
}

export function undo(h: History): History {
  const prev = h.past[h.past.length - 1];
  if (!prev) return h;
  return { past: h.past.slice(0, -1), present: prev, future: [h.present, ...h.future] };
}

export function redo(h: History): History {
  const next = h.future[0];
  if (!next) return h;
  return { past: [...h.past, h.present], present: next, future: h.future.slice(1) };
}
