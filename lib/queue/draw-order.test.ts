// The on-sale lottery as a pure function: a permutation for every size, fixed by the seed, far from
// the input order, even across positions, and pinned to a known vector (changing the algorithm
// would make recorded draws impossible to audit).
import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { createDrawPermutation, drawPositions, membersDigest, newDrawSeed, sortMembers } from "./draw-order";

const seedOf = (i: number) => createHash("sha256").update(`test-seed-${i}`).digest("hex");
const range = (n: number) => Array.from({ length: n }, (_, i) => i);

/** Spearman's rank correlation of two permutations of 1..n. */
function spearman(a: number[], b: number[]): number {
  const n = a.length;
  let d2 = 0;
  for (let i = 0; i < n; i++) d2 += (a[i]! - b[i]!) ** 2;
  return 1 - (6 * d2) / (n * (n * n - 1));
}

describe("draw order", () => {
  it("gives every size a permutation of 1..n", () => {
    for (const n of [1, 2, 3, 4, 5, 7, 16, 17, 100, 1000, 4097]) {
      const permutation = createDrawPermutation(seedOf(n), n);
      const positions = range(n).map((rank) => permutation.positionOf(rank));
      expect(new Set(positions).size, `n=${n}`).toBe(n);
      expect(Math.min(...positions)).toBe(1);
      expect(Math.max(...positions)).toBe(n);
    }
  });

  it("is fixed by the seed, and another seed gives another order", () => {
    const members = sortMembers(range(500).map((i) => String(i + 1)));
    const seed = newDrawSeed();
    expect(seed).toMatch(/^[0-9a-f]{64}$/);
    expect([...drawPositions(members, seed)]).toEqual([...drawPositions([...members], seed)]);
    const other = drawPositions(members, newDrawSeed());
    const same = [...drawPositions(members, seed)].filter(([m, p]) => other.get(m) === p).length;
    expect(same).toBeLessThan(10); // about 1 expected
  });

  it("is far from the input order", () => {
    const n = 2000;
    const permutation = createDrawPermutation(seedOf(1), n);
    const positions = range(n).map((rank) => permutation.positionOf(rank));
    expect(Math.abs(spearman(range(n).map((i) => i + 1), positions))).toBeLessThan(0.1);
  });

  it("puts each member at each position about equally often across seeds", () => {
    const n = 5;
    const trials = 5000;
    const counts = range(n).map(() => range(n).map(() => 0));
    for (let t = 0; t < trials; t++) {
      const permutation = createDrawPermutation(seedOf(t), n);
      for (const rank of range(n)) counts[rank]![permutation.positionOf(rank) - 1]! += 1;
    }
    // Expected 1000 per cell; a binomial's standard deviation here is ~28, so ±150 is > 5 sigma.
    for (const row of counts) for (const c of row) expect(Math.abs(c - trials / n)).toBeLessThan(150);
  });

  it("matches the pinned vector (what an auditor's reimplementation must reproduce)", () => {
    const seed = `${"00".repeat(31)}2a`;
    const members = sortMembers(["1", "2", "3", "4", "5", "6", "7", "8", "9", "10"]);
    expect(members).toEqual(["1", "10", "2", "3", "4", "5", "6", "7", "8", "9"]); // Redis' byte order
    expect(Object.fromEntries(drawPositions(members, seed))).toEqual({ "1": 1, "10": 2, "2": 9, "3": 8, "4": 5, "5": 4, "6": 3, "7": 10, "8": 7, "9": 6 });
    expect(membersDigest(members)).toBe(createHash("sha256").update(members.join("\n")).digest("hex"));
  });

  it("refuses unsorted members, bad seeds and ranks out of range", () => {
    expect(() => drawPositions(["2", "1"], seedOf(0))).toThrow(/sorted/);
    expect(() => drawPositions(["1", "1"], seedOf(0))).toThrow(/sorted/);
    expect(() => createDrawPermutation("not-hex", 3)).toThrow(/seed/);
    expect(() => createDrawPermutation(seedOf(0), 3).positionOf(3)).toThrow(/outside/);
    expect(drawPositions([], seedOf(0)).size).toBe(0);
  });
});
