// Geometry invariants of the demo seating charts (pure: no database).
import { describe, expect, it } from "vitest";
import { demoVenues, PRICE_TIER_COUNT, rowLetter, venueCapacity, type SeatSpec, type VenueSpec } from "./venues";

const venues = demoVenues();

function parseOutline(path: string): Array<{ x: number; y: number }> {
  return [...path.matchAll(/[ML](-?[\d.]+),(-?[\d.]+)/g)].map((m) => ({ x: Number(m[1]), y: Number(m[2]) }));
}

function insidePolygon(p: { x: number; y: number }, poly: Array<{ x: number; y: number }>): boolean {
  let inside = false;
  for (let i = 0, j = poly.length - 1; i < poly.length; j = i++) {
    const a = poly[i]!;
    const b = poly[j]!;
    if (a.y > p.y !== b.y > p.y && p.x < ((b.x - a.x) * (p.y - a.y)) / (b.y - a.y) + a.x) inside = !inside;
  }
  return inside;
}

/** Smallest distance between two seats of the venue (grid buckets, so arenas stay fast). */
function minSeatDistance(venue: VenueSpec): number {
  const seats = venue.sections.flatMap((s) => s.seats);
  const cell = venue.chart.seatRadius * 4;
  const grid = new Map<string, SeatSpec[]>();
  for (const p of seats) {
    const key = `${Math.floor(p.x / cell)},${Math.floor(p.y / cell)}`;
    (grid.get(key) ?? grid.set(key, []).get(key)!).push(p);
  }
  let min = Infinity;
  for (const p of seats) {
    const gx = Math.floor(p.x / cell);
    const gy = Math.floor(p.y / cell);
    for (let dx = -1; dx <= 1; dx++) {
      for (let dy = -1; dy <= 1; dy++) {
        for (const q of grid.get(`${gx + dx},${gy + dy}`) ?? []) {
          if (q !== p) min = Math.min(min, Math.hypot(p.x - q.x, p.y - q.y));
        }
      }
    }
  }
  return min;
}

function rowsOf(seats: SeatSpec[]): Map<string, SeatSpec[]> {
  const rows = new Map<string, SeatSpec[]>();
  for (const seat of seats) (rows.get(seat.row) ?? rows.set(seat.row, []).get(seat.row)!).push(seat);
  for (const row of rows.values()) row.sort((a, b) => a.number - b.number);
  return rows;
}

describe("demo venues", () => {
  it("has at least five venues of different kinds in different cities", () => {
    expect(venues.length).toBeGreaterThanOrEqual(5);
    expect(new Set(venues.map((v) => v.key)).size).toBe(venues.length);
    expect(new Set(venues.map((v) => v.location)).size).toBe(venues.length);
    expect(new Set(venues.map((v) => v.kind)).size).toBeGreaterThanOrEqual(5);
    for (const v of venues) expect(v.location).toMatch(/^[A-Z][\w .'-]+, [A-Z]{2}$/);
  });

  it("includes an arena of at least 15,000 seats in 30+ sections over two rings", () => {
    const arena = venues.find((v) => v.kind === "arena" && venueCapacity(v) >= 15_000);
    expect(arena).toBeDefined();
    expect(arena!.sections.length).toBeGreaterThanOrEqual(30);
    expect(arena!.sections.some((s) => s.name.startsWith("1"))).toBe(true);
    expect(arena!.sections.some((s) => s.name.startsWith("2"))).toBe(true);
    // Arena rows are numbered.
    expect(arena!.sections[0]!.seats[0]!.row).toBe("1");
  });

  it("includes a theater whose orchestra and balcony rows are curved", () => {
    const theater = venues.find((v) => v.kind === "theater")!;
    for (const name of ["ORCH-C", "BALC-C"]) {
      const section = theater.sections.find((s) => s.name === name)!;
      const rowA = rowsOf(section.seats).get("A")!;
      const ys = rowA.map((s) => s.y);
      // On an arc facing the stage, the ends of a row are nearer the stage (smaller y) than the middle.
      expect(Math.max(...ys) - Math.min(...ys)).toBeGreaterThan(2);
      expect(rowA[0]!.y).toBeLessThan(rowA[Math.floor(rowA.length / 2)]!.y);
    }
  });

  it("is deterministic", () => {
    expect(demoVenues()).toEqual(venues);
  });

  it("labels rows A, B, C... without I and O", () => {
    expect([0, 1, 7, 8, 12, 13, 23, 24, 25].map(rowLetter)).toEqual(["A", "B", "H", "J", "N", "P", "Z", "AA", "BB"]);
  });
});

describe.each(venues.map((v) => [v.name, v] as const))("%s", (_name, venue) => {
  const { chart } = venue;
  const { stage } = chart;
  const stageCenter = { x: stage.x + stage.width / 2, y: stage.y + stage.height / 2 };
  const allSeats = venue.sections.flatMap((s) => s.seats);

  it("has a well-formed chart and sections", () => {
    expect(chart.width).toBeGreaterThanOrEqual(1000);
    expect(chart.width).toBeLessThanOrEqual(2000);
    expect(stage.width).toBeGreaterThan(0);
    expect(stage.label).not.toBe("");
    expect(new Set(venue.sections.map((s) => s.name)).size).toBe(venue.sections.length);
    venue.sections.forEach((s, i) => {
      expect(s.sortOrder).toBe(i);
      expect(s.seats.length).toBeGreaterThan(0);
      expect(s.labelX).toBeGreaterThan(0);
      expect(s.labelX).toBeLessThan(chart.width);
      expect(s.labelY).toBeGreaterThan(0);
      expect(s.labelY).toBeLessThan(chart.height);
      expect(s.outline).toMatch(/^M[\d.-]+,[\d.-]+( L[\d.-]+,[\d.-]+)+ Z$/);
      expect(s.tier).toBeGreaterThanOrEqual(0);
      expect(s.tier).toBeLessThan(PRICE_TIER_COUNT);
    });
    expect(venue.sections.some((s) => s.tier === 0)).toBe(true);
  });

  it("keeps every seat on the canvas, off the stage and inside its section's outline", () => {
    const r = chart.seatRadius;
    const offCanvas: string[] = [];
    const onStage: string[] = [];
    const outsideOutline: string[] = [];
    for (const section of venue.sections) {
      const outline = parseOutline(section.outline);
      for (const p of section.seats) {
        const label = `${section.name}-${p.row}-${p.number}`;
        if (p.x - r < 0 || p.x + r > chart.width || p.y - r < 0 || p.y + r > chart.height) offCanvas.push(label);
        const dx = Math.max(stage.x - p.x, 0, p.x - (stage.x + stage.width));
        const dy = Math.max(stage.y - p.y, 0, p.y - (stage.y + stage.height));
        if (Math.hypot(dx, dy) <= r) onStage.push(label);
        if (!insidePolygon(p, outline)) outsideOutline.push(label);
      }
    }
    expect(offCanvas).toEqual([]);
    expect(onStage).toEqual([]);
    expect(outsideOutline).toEqual([]);
  });

  it("never lets seats overlap (centres at least 1.2 seat diameters apart)", () => {
    expect(minSeatDistance(venue)).toBeGreaterThanOrEqual(2.4 * chart.seatRadius);
  });

  it("numbers each row 1..n, uniquely, with one rowIndex per row", () => {
    for (const section of venue.sections) {
      const keys = new Set(section.seats.map((s) => `${s.row}/${s.number}`));
      expect(keys.size).toBe(section.seats.length);
      for (const row of rowsOf(section.seats).values()) {
        expect(row.map((s) => s.number)).toEqual(row.map((_, i) => i + 1));
        expect(new Set(row.map((s) => s.rowIndex)).size).toBe(1);
      }
    }
  });

  it("puts rowIndex 0 nearest the stage and rows further back behind it", () => {
    for (const section of venue.sections) {
      const rows = [...rowsOf(section.seats).values()].sort((a, b) => a[0]!.rowIndex - b[0]!.rowIndex);
      expect(new Set(rows.map((r) => r[0]!.rowIndex)).size).toBe(rows.length);
      const meanDistance = (row: SeatSpec[]) =>
        row.reduce((sum, p) => sum + Math.hypot(p.x - stageCenter.x, p.y - stageCenter.y), 0) / row.length;
      for (let i = 1; i < rows.length; i++) {
        expect(meanDistance(rows[i]!), `${section.name} row ${rows[i]![0]!.row}`).toBeGreaterThan(meanDistance(rows[i - 1]!));
      }
    }
  });

  it("numbers seats left to right as seen facing the stage", () => {
    for (const section of venue.sections) {
      for (const row of rowsOf(section.seats).values()) {
        if (row.length < 2) continue;
        const mid = row[Math.floor(row.length / 2)]!;
        const fx = stageCenter.x - mid.x;
        const fy = stageCenter.y - mid.y;
        const right = { x: -fy, y: fx };
        const span = { x: row.at(-1)!.x - row[0]!.x, y: row.at(-1)!.y - row[0]!.y };
        expect(span.x * right.x + span.y * right.y, `${section.name} row ${mid.row}`).toBeGreaterThan(0);
        for (let i = 1; i < row.length; i++) {
          const step = { x: row[i]!.x - row[i - 1]!.x, y: row[i]!.y - row[i - 1]!.y };
          expect(step.x * span.x + step.y * span.y).toBeGreaterThan(0);
        }
      }
    }
  });

  it("has a capacity equal to its seat count", () => {
    expect(venueCapacity(venue)).toBe(allSeats.length);
  });
});
