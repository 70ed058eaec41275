// The demo club's checked-in chart document is publishable: it parses, validates without a
// problem, and has a GA floor with a capacity and a balcony with wheelchair spaces (pure: no database).
import { describe, expect, it } from "vitest";
import { parseChartDocument } from "@/lib/venues/chart-document";
import { validateChart } from "@/lib/venues/expand";
import { clubChartDocument } from "./club";

describe("the demo club's chart (prisma/seed/charts/foundry-club.json)", () => {
  it("validates cleanly: a standing floor of 400 and a curved balcony with two wheelchair spaces", () => {
    const parsed = parseChartDocument(clubChartDocument());
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
    const { problems, expanded } = validateChart(parsed.document);
    expect(problems).toEqual([]);
    const floor = expanded!.sections.find((s) => s.name === "FLOOR");
    expect(floor).toMatchObject({ kind: "general_admission", capacity: 400 });
    const balcony = expanded!.seats.filter((s) => expanded!.sections[s.section]!.name === "BALC");
    expect(balcony.length).toBeGreaterThan(80);
    expect(balcony.filter((s) => s.flags.accessible === "wheelchair")).toHaveLength(2);
    expect(balcony.filter((s) => s.flags.accessible === "companion")).toHaveLength(2);
  });
});
