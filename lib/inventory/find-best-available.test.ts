import { describe, expect, it } from "vitest";
import { rankSeatBlocks, type FreeSeat } from "@/lib/inventory/find-best-available";

// A row of seats 1..n at y = rowIndex * 10 (the stage is at y = -10), x = number * 10.
function row(rowIndex: number, numbers: number[], sectionId = 1): FreeSeat[] {
  return numbers.map((n) => ({ ticketId: rowIndex * 100 + n, sectionId, row: String.fromCharCode(65 + rowIndex), rowIndex, number: n, x: n * 10, y: rowIndex * 10 }));
}
const stage = { x: 55, y: -10 };

describe("rankSeatBlocks", () => {
  it("picks adjacent seats in one row, nearest the stage and centred", () => {
    const [best] = rankSeatBlocks([...row(0, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]), ...row(1, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10])], 2, stage);
    expect(best).toEqual({ ticketIds: [5, 6], sectionId: 1, row: "A", rowIndex: 0 });
  });

  it("never leaves a single empty seat beside the block", () => {
    // Free: 1-4 and 7-8. Two seats from 1-4: 1-2 or 3-4 leave a pair; 2-3 would strand 1 and 4.
    const blocks = rankSeatBlocks(row(0, [1, 2, 3, 4, 7, 8]), 2, stage);
    const sets = blocks.map((b) => b.ticketIds.map((id) => id % 100));
    expect(sets).toContainEqual([1, 2]);
    expect(sets).toContainEqual([3, 4]);
    expect(sets).toContainEqual([7, 8]);
    expect(sets).not.toContainEqual([2, 3]);
    // Three seats out of a run of four always strand one: none offered from 1-4.
    expect(rankSeatBlocks(row(0, [1, 2, 3, 4]), 3, stage)).toEqual([]);
  });

  it("only offers seats with consecutive numbers", () => {
    expect(rankSeatBlocks(row(0, [1, 3, 5, 7]), 2, stage)).toEqual([]);
    expect(rankSeatBlocks([...row(0, [1, 2], 1), ...row(0, [3, 4], 2)], 4, stage)).toEqual([]);
  });

  it("prefers a nearer row even when it is off-centre", () => {
    const [best] = rankSeatBlocks([...row(0, [1, 2]), ...row(3, [4, 5, 6, 7])], 2, stage);
    expect(best?.rowIndex).toBe(0);
  });

  it("never puts a fan on an accessible seat unless asked, and then always includes a wheelchair space", () => {
    // Row A (nearest): 5 wheelchair, 6 companion, the rest ordinary. Row B all ordinary.
    const flagged = (seats: FreeSeat[]) => seats.map((s) => ({ ...s, accessible: s.rowIndex === 0 && s.number === 5 ? ("wheelchair" as const) : s.rowIndex === 0 && s.number === 6 ? ("companion" as const) : null }));
    const free = flagged([...row(0, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]), ...row(1, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10])]);
    const ids = (blocks: { ticketIds: number[] }[]) => blocks.flatMap((b) => b.ticketIds);
    const plain = rankSeatBlocks(free, 2, stage);
    expect(plain.length).toBeGreaterThan(0);
    expect(ids(plain)).not.toContain(5);
    expect(ids(plain)).not.toContain(6);
    // Not asked, the accessible pair counts as taken: 1-4 is a run of its own, so 2-3 would strand 1 and 4.
    expect(plain.map((b) => b.ticketIds)).not.toContainEqual([2, 3]);
    expect(plain.map((b) => b.ticketIds)).toContainEqual([3, 4]);
    const asked = rankSeatBlocks(free, 2, stage, { accessible: true });
    expect(asked[0]).toEqual({ ticketIds: [5, 6], sectionId: 1, row: "A", rowIndex: 0 });
    expect(asked.every((b) => b.ticketIds.includes(5))).toBe(true);
    // With no wheelchair space free, asking finds nothing rather than an ordinary seat.
    expect(rankSeatBlocks(free.filter((s) => s.ticketId !== 5), 2, stage, { accessible: true })).toEqual([]);
  });
});
