// The builder's pure edits: moving and rotating keep seats where they should be, copies get fresh
// names, flags set by clicking merge into rules, undo/redo walk the history.
import { describe, expect, it } from "vitest";
import { CHART_SCHEMA_ID, parseChartDocument, type ChartDocument } from "@/lib/venues/chart-document";
import { expandChart, validateChart } from "@/lib/venues/expand";
import { addSection, commit, copySection, flagSeats, historyOf, redo, rotateSection, translateSection, undo } from "./edit-ops";

function doc(): ChartDocument {
  const parsed = parseChartDocument({
    schema: CHART_SCHEMA_ID,
    canvas: { width: 1000, height: 1000 },
    stage: { x: 400, y: 0, width: 200, height: 50 },
    sections: [{ kind: "grid", name: "A", origin: { x: 100, y: 100 }, rows: 2, seats_per_row: 3, seat_spacing: 10, row_spacing: 10 }],
  });
  if (!parsed.ok) throw new Error("bad fixture");
  return parsed.document;
}

const positions = (d: ChartDocument) => expandChart(d).seats.map((s) => `${s.row}${s.number}@${Math.round(s.x)},${Math.round(s.y)}`);

describe("edit operations", () => {
  it("moves every seat of a section by the drag delta", () => {
    const d = doc();
    const moved = { ...d, sections: [translateSection(d.sections[0]!, 25, -5)] };
    expect(positions(moved)[0]).toBe("A1@125,95");
    expect(d.sections[0]).toEqual(doc().sections[0]);
  });

  it("rotates a grid about its origin and back", () => {
    const d = doc();
    const s = d.sections[0]!;
    const turned = rotateSection(s, 90, { x: 100, y: 100 });
    expect(positions({ ...d, sections: [turned] })).toContain("A2@100,110");
    const back = rotateSection(turned, -90, { x: 100, y: 100 });
    expect(positions({ ...d, sections: [back] })).toEqual(positions(d));
  });

  it("copies with a unique name and no overlap, and adds sections that validate", () => {
    let d = copySection(doc(), 0);
    d = copySection(d, 0);
    expect(d.sections.map((s) => s.name)).toEqual(["A", "A-2", "A-3"]);
    const fresh = addSection(addSection(doc(), "ga", { x: 600, y: 600 }), "curved", { x: 500, y: 300 });
    expect(validateChart(fresh).problems).toEqual([]);
  });

  it("sets flags seat by seat and clears them", () => {
    let d = flagSeats(doc(), 0, "A", [1], "wheelchair");
    d = flagSeats(d, 0, "A", [1], "restricted_view");
    d = flagSeats(d, 0, "A", [2], "not_for_sale", "camera");
    const seats = expandChart(d).seats;
    expect(seats.find((s) => s.row === "A" && s.number === 1)!.flags).toEqual({ accessible: "wheelchair", restricted_view: true });
    expect(seats.find((s) => s.row === "A" && s.number === 2)!.flags).toEqual({ not_for_sale: "camera" });
    d = flagSeats(d, 0, "A", [1, 2], "clear");
    expect(expandChart(d).seats.every((s) => Object.keys(s.flags).length === 0)).toBe(true);
  });

  it("undoes and redoes whole documents", () => {
    const a = doc();
    const b = copySection(a, 0);
    const c = copySection(b, 0);
    let h = commit(commit(historyOf(a), b), c);
    h = undo(undo(h));
    expect(h.present).toBe(a);
    h = redo(h);
    expect(h.present).toBe(b);
    h = commit(h, a);
    expect(h.future).toEqual([]);
  });
});
