// The waitlist's fit rule, pure: classes, party size, together by the best-available rule.
import { describe, expect, it } from "vitest";
import { fitEntry, type WaitlistSeat } from "./fit-entry";

const stage = { x: 0, y: 0 };
/** Seats of one row: numbers given, class given, x = number, y = rowIndex * 10. */
function row(numbers: number[], { classId = 1, rowIndex = 0, section = 1, idBase = 0 } = {}): WaitlistSeat[] {
  return numbers.map((n) => ({ ticketId: idBase + n, classId, sectionId: section, row: String.fromCharCode(65 + rowIndex), rowIndex, number: n, x: n, y: rowIndex * 10 }));
}

describe("fitEntry", () => {
  it("offers a party of one the seat nearest the stage, whatever its neighbours", () => {
    expect(fitEntry({ partySize: 1, classIds: [], together: true }, [...row([5, 6]), ...row([1], { rowIndex: 3, idBase: 100 })], stage)).toEqual([5]);
  });

  it("only uses the accepted classes; none listed means any", () => {
    const free = [...row([1, 2], { classId: 1 }), ...row([1, 2, 3, 4], { classId: 2, rowIndex: 1, idBase: 100 })];
    expect(fitEntry({ partySize: 4, classIds: [1], together: false }, free, stage)).toBeNull();
    expect(fitEntry({ partySize: 4, classIds: [2], together: true }, free, stage)).toEqual([101, 102, 103, 104]);
    expect(fitEntry({ partySize: 2, classIds: [], together: true }, free, stage)).toEqual([1, 2]);
  });

  it("together: adjacent seats in one row only, never stranding a single seat (the best-available rule)", () => {
    // Row A: 1,2,3 free (any pair strands one); row B: 1,2 free; row C: 1 and 3 (not adjacent).
    const free = [...row([1, 2, 3]), ...row([1, 2], { rowIndex: 1, idBase: 100 }), ...row([1, 3], { rowIndex: 2, idBase: 200 })];
    expect(fitEntry({ partySize: 2, classIds: [], together: true }, free, stage)).toEqual([101, 102]);
    expect(fitEntry({ partySize: 3, classIds: [], together: true }, free, stage)).toEqual([1, 2, 3]);
    expect(fitEntry({ partySize: 4, classIds: [], together: true }, free, stage)).toBeNull();
  });

  it("not together: prefers a block, else the nearest seats anywhere", () => {
    const scattered = [...row([1, 3]), ...row([7], { rowIndex: 1, idBase: 100 })];
    expect(fitEntry({ partySize: 3, classIds: [], together: false }, scattered, stage)).toEqual([1, 3, 107]);
    expect(fitEntry({ partySize: 3, classIds: [], together: true }, scattered, stage)).toBeNull();
    const withBlock = [...row([1, 3]), ...row([4, 5], { rowIndex: 1, idBase: 100 })];
    expect(fitEntry({ partySize: 2, classIds: [], together: false }, withBlock, stage)).toEqual([104, 105]);
  });

  it("does not fit a party larger than the free seats", () => {
    expect(fitEntry({ partySize: 3, classIds: [], together: false }, row([1, 2]), stage)).toBeNull();
    expect(fitEntry({ partySize: 1, classIds: [], together: false }, [], stage)).toBeNull();
  });
});
