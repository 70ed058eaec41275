// The chart geometry: curved rows, grid rotation, label schemes, flags and every validation rule.
import { describe, expect, it } from "vitest";
import { CHART_SCHEMA_ID, parseChartDocument, type ChartDocument, type ChartDocumentInput } from "./chart-document";
import { expandChart, rowLabel, seatNumbers, seatsOnArc, validateChart } from "./expand";

function doc(sections: ChartDocumentInput["sections"], extra: Partial<ChartDocumentInput> = {}): ChartDocument {
  const parsed = parseChartDocument({
    schema: CHART_SCHEMA_ID,
    canvas: { width: 1000, height: 1000 },
    seat_radius: 4,
    stage: { x: 400, y: 0, width: 200, height: 50 },
    sections,
    ...extra,
  });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  return parsed.document;
}

const grid = (over: Record<string, unknown> = {}) => ({
  kind: "grid" as const,
  name: "A",
  origin: { x: 100, y: 100 },
  rows: 3,
  seats_per_row: 4,
  seat_spacing: 10,
  row_spacing: 12,
  ...over,
});

describe("label schemes", () => {
  it("letters rows skipping I and O, then doubles", () => {
    const scheme = { style: "letters" as const, start: 0, skip: ["I", "O"], prefix: "" };
    const labels = Array.from({ length: 26 }, (_, i) => rowLabel(scheme, i));
    expect(labels.slice(0, 10)).toEqual(["A", "B", "C", "D", "E", "F", "G", "H", "J", "K"]);
    expect(labels).not.toContain("I");
    expect(labels).not.toContain("O");
    expect(labels[23]).toBe("Z");
    expect(labels[24]).toBe("AA");
    expect(labels[25]).toBe("BB");
  });

  it("letters without skips, an offset start and a prefix", () => {
    expect(rowLabel({ style: "letters", start: 0, skip: [], prefix: "" }, 8)).toBe("I");
    expect(rowLabel({ style: "letters", start: 2, skip: ["I", "O"], prefix: "" }, 0)).toBe("C");
    expect(rowLabel({ style: "letters", start: 0, skip: ["I", "O"], prefix: "BB" }, 1)).toBe("BBB");
  });

  it("numbered rows from a start", () => {
    expect(rowLabel({ style: "numbers", start: 1, skip: [], prefix: "" }, 0)).toBe("1");
    expect(rowLabel({ style: "numbers", start: 10, skip: [], prefix: "R" }, 4)).toBe("R14");
  });

  it("seat numbers left-to-right, right-to-left and odd/even from the centre", () => {
    expect(seatNumbers({ order: "ltr", start: 1 }, 4)).toEqual([1, 2, 3, 4]);
    expect(seatNumbers({ order: "rtl", start: 1 }, 4)).toEqual([4, 3, 2, 1]);
    expect(seatNumbers({ order: "ltr", start: 101 }, 3)).toEqual([101, 102, 103]);
    expect(seatNumbers({ order: "odd_even", start: 1 }, 6)).toEqual([5, 3, 1, 2, 4, 6]);
    expect(seatNumbers({ order: "odd_even", start: 1 }, 5)).toEqual([5, 3, 1, 2, 4]);
    expect(seatNumbers({ order: "odd_even", start: 1 }, 1)).toEqual([1]);
  });
});

describe("grid sections", () => {
  it("lays rows behind the front row, seats numbered left to right", () => {
    const { seats, sections } = expandChart(doc([grid()]));
    expect(seats).toHaveLength(12);
    expect(sections[0]).toMatchObject({ name: "A", kind: "seated", seatCount: 12 });
    const a1 = seats.find((s) => s.row === "A" && s.number === 1)!;
    const a4 = seats.find((s) => s.row === "A" && s.number === 4)!;
    const c1 = seats.find((s) => s.row === "C" && s.number === 1)!;
    expect(a1).toMatchObject({ x: 100, y: 100, rowIndex: 0 });
    expect(a4).toMatchObject({ x: 130, y: 100 });
    expect(c1).toMatchObject({ x: 100, y: 124, rowIndex: 2 });
  });

  it("rotates around the origin", () => {
    const { seats } = expandChart(doc([grid({ rotation: 90, origin: { x: 500, y: 500 } })]));
    const a2 = seats.find((s) => s.row === "A" && s.number === 2)!;
    const b1 = seats.find((s) => s.row === "B" && s.number === 1)!;
    // +x (the row) turns to +y; +y (the rows behind) turns to -x.
    expect(a2.x).toBeCloseTo(500);
    expect(a2.y).toBeCloseTo(510);
    expect(b1.x).toBeCloseTo(488);
    expect(b1.y).toBeCloseTo(500);
  });

  it("applies flag rules to the named seats only", () => {
    const { seats } = expandChart(
      doc([grid({ flags: [
        { row: "A", seats: [1, 2], flags: { accessible: "wheelchair" } },
        { row: "B", seats: "all", flags: { restricted_view: true } },
        { row: "C", seats: [4], flags: { not_for_sale: "camera" } },
      ] })]),
    );
    const flagged = (pred: (s: (typeof seats)[number]) => boolean) => seats.filter(pred).map((s) => `${s.row}${s.number}`);
    expect(flagged((s) => s.flags.accessible === "wheelchair")).toEqual(["A1", "A2"]);
    expect(flagged((s) => s.flags.restricted_view === true)).toEqual(["B1", "B2", "B3", "B4"]);
    expect(flagged((s) => s.flags.not_for_sale === "camera")).toEqual(["C4"]);
  });
});

describe("curved sections", () => {
  const curved = (over: Record<string, unknown> = {}) => ({
    kind: "curved" as const,
    name: "ORCH",
    center: { x: 500, y: 100 },
    radius: 100,
    rows: 4,
    row_spacing: 15,
    start_angle: 45,
    end_angle: 135,
    seat_spacing: 12,
    row_labels: { style: "numbers" as const, start: 1 },
    ...over,
  });

  it("puts every row's seats on its arc, chords of the seat spacing, growing with the radius", () => {
    const { seats } = expandChart(doc([curved()]));
    const perRow = new Map<string, typeof seats>();
    for (const s of seats) perRow.set(s.row, [...(perRow.get(s.row) ?? []), s]);
    expect([...perRow.keys()]).toEqual(["1", "2", "3", "4"]);
    let previous = 0;
    for (const [row, rowSeats] of perRow) {
      const radius = 100 + (Number(row) - 1) * 15;
      expect(rowSeats.length).toBe(seatsOnArc(radius, Math.PI / 2, 12));
      expect(rowSeats.length).toBeGreaterThan(previous);
      previous = rowSeats.length;
      const ordered = [...rowSeats].sort((a, b) => a.number - b.number);
      for (const s of ordered) expect(Math.hypot(s.x - 500, s.y - 100)).toBeCloseTo(radius, 1);
      for (let i = 1; i < ordered.length; i++) {
        const d = Math.hypot(ordered[i]!.x - ordered[i - 1]!.x, ordered[i]!.y - ordered[i - 1]!.y);
        expect(d).toBeCloseTo(12, 1);
      }
      // Centred on the arc: the middle of the row is straight below the centre (angle 90).
      const meanX = ordered.reduce((sum, s) => sum + s.x, 0) / ordered.length;
      expect(meanX).toBeCloseTo(500, 0);
    }
  });

  it("numbers seats left to right as seen facing the focus", () => {
    const { seats } = expandChart(doc([curved()]));
    // Rows below the centre face up (-y); with y pointing down, the right hand of someone facing -y is +x.
    const row1 = seats.filter((s) => s.row === "1").sort((a, b) => a.number - b.number);
    const first = row1[0]!;
    const last = row1[row1.length - 1]!;
    // Seat 1 is at the larger angle (closer to 135 degrees, i.e. smaller x).
    expect(first.x).toBeLessThan(last.x);
  });

  it("reports a reversed arc", () => {
    const { problems } = validateChart(doc([curved({ start_angle: 120, end_angle: 60 })]));
    expect(problems.map((p) => p.path)).toContain("sections[0].end_angle");
  });
});

describe("free seats and GA", () => {
  it("keeps explicit seats and their flags, and GA areas carry a capacity", () => {
    const { seats, sections } = expandChart(
      doc([
        { kind: "free", name: "BOX", seats: [{ row: "1", number: 1, x: 10, y: 10, flags: { accessible: "companion" } }, { row: "1", number: 2, x: 30, y: 10 }] },
        { kind: "ga", name: "FLOOR", polygon: [{ x: 100, y: 100 }, { x: 300, y: 100 }, { x: 300, y: 300 }, { x: 100, y: 300 }], capacity: 500 },
      ]),
    );
    expect(seats.map((s) => [s.row, s.number, s.flags.accessible ?? null])).toEqual([["1", 1, "companion"], ["1", 2, null]]);
    expect(sections[1]).toMatchObject({ kind: "general_admission", capacity: 500, seatCount: 0, labelX: 200, labelY: 200 });
    expect(sections[1]!.outline).toBe("M100,100 L300,100 L300,300 L100,300 Z");
  });
});

describe("validation", () => {
  const ok = (d: ChartDocument) => validateChart(d).problems;

  it("accepts a clean document", () => {
    expect(ok(doc([grid(), grid({ name: "B", origin: { x: 300, y: 100 } })]))).toEqual([]);
  });

  it("finds overlapping seats, within a section and across sections", () => {
    expect(ok(doc([grid({ seat_spacing: 5 })]))[0]!.message).toMatch(/overlap/);
    const across = ok(doc([grid(), grid({ name: "B", origin: { x: 105, y: 100 } })]));
    expect(across.some((p) => /of section B overlaps|of section A overlaps/.test(p.message))).toBe(true);
  });

  it("finds duplicate labels in a row", () => {
    const problems = ok(doc([{ kind: "free", name: "X", seats: [{ row: "A", number: 1, x: 10, y: 10 }, { row: "A", number: 1, x: 50, y: 10 }] }]));
    expect(problems).toEqual([{ path: "sections[0]", message: "seat A-1 appears more than once in section X" }]);
  });

  it("finds empty sections, GA areas without capacity and duplicate section names", () => {
    const problems = ok(
      doc([
        { kind: "free", name: "EMPTY", seats: [] },
        { kind: "ga", name: "PIT", polygon: [{ x: 1, y: 1 }, { x: 50, y: 1 }, { x: 50, y: 50 }], capacity: 0 },
        grid({ name: "a" }),
        grid({ name: "A", origin: { x: 500, y: 500 } }),
      ]),
    );
    expect(problems).toEqual(
      expect.arrayContaining([
        { path: "sections[0]", message: "section EMPTY has no seats" },
        { path: "sections[1].capacity", message: "general-admission area PIT has no capacity" },
        { path: "sections[3].name", message: "section name A is also used by sections[2]" },
      ]),
    );
  });

  it("finds seats off the canvas and flags naming missing seats", () => {
    const problems = ok(doc([grid({ origin: { x: 990, y: 10 }, flags: [{ row: "Z", seats: "all", flags: { restricted_view: true } }, { row: "A", seats: [9], flags: { restricted_view: true } }] })]));
    expect(problems.map((p) => p.path)).toEqual(["sections[0].flags[0].row", "sections[0].flags[1].seats", "sections[0]"]);
    expect(problems[2]!.message).toMatch(/outside the 1000 x 1000 canvas/);
  });

  it("refuses a chart over the seat limit without expanding it", () => {
    const big = doc([grid({ rows: 300, seats_per_row: 500 }), grid({ name: "B", rows: 300, seats_per_row: 500 })]);
    const { problems, expanded } = validateChart(big);
    expect(expanded).toBeNull();
    expect(problems[0]!.message).toMatch(/300000 seats/);
  });

  it("reports structural problems with their paths", () => {
    const parsed = parseChartDocument({
      schema: CHART_SCHEMA_ID,
      canvas: { width: -1, height: 100 },
      stage: { x: 0, y: 0, width: 10, height: 10 },
      sections: [{ kind: "grid", name: "", origin: { x: 0, y: 0 }, rows: 0, seats_per_row: 2, seat_spacing: 1, row_spacing: 1 }, { kind: "oval" }],
    });
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    const paths = parsed.problems.map((p) => p.path);
    expect(paths).toEqual(expect.arrayContaining(["canvas.width", "sections[0].name", "sections[0].rows", "sections[1].kind"]));
    expect(parseChartDocument("nope").ok).toBe(false);
    expect(parseChartDocument({ schema: "openseat.chart/99" }).ok).toBe(false);
  });

  it("requires a reason for a seat not for sale", () => {
    const parsed = parseChartDocument({
      schema: CHART_SCHEMA_ID,
      canvas: { width: 100, height: 100 },
      stage: { x: 0, y: 0, width: 10, height: 10 },
      sections: [{ kind: "free", name: "X", seats: [{ row: "A", number: 1, x: 5, y: 5, flags: { not_for_sale: " " } }] }],
    });
    expect(parsed.ok).toBe(false);
  });
});
