// The waitlist's fit rule: which free seats, if any, a waitlist entry would be offered. Pure, over a
// snapshot of free seats, so the engine (offer-engine.ts), the join check ("is this request sold
// out?") and the tests all use the same rule.
//
// - Only seats of the classes the entry accepts (none listed: any class).
// - A party of one: the free seat nearest the stage.
// - `together` (party of 2 or more): N adjacent seats in one row by the best-available rule
//   (lib/inventory/find-best-available.ts: nearest the stage, never stranding a single seat).
// - Otherwise: a block by that rule when there is one (a party prefers sitting together), else the
//   N free seats nearest the stage.
// An entry that does not fit gets nothing and keeps its place.
import { rankSeatBlocks, type FreeSeat } from "@/lib/inventory/find-best-available";

export type WaitlistSeat = FreeSeat & { classId: number };

export type WaitlistWish = { partySize: number; classIds: number[]; together: boolean };

export type Point = { x: number; y: number };

/** The ticket ids the entry would be offered from `free`, or null when it does not fit. */
export function fitEntry(wish: WaitlistWish, free: WaitlistSeat[], stage: Point): number[] | null {
  const n = wish.partySize;
  if (n < 1) return null;
  const accepted = wish.classIds.length === 0 ? free : free.filter((s) => wish.classIds.includes(s.classId));
  if (accepted.length < n) return null;
  const distance = (s: WaitlistSeat) => Math.hypot(s.x - stage.x, s.y - stage.y);
  const nearest = () => [...accepted]
    .sort((a, b) => distance(a) - distance(b) || a.ticketId - b.ticketId)
    .slice(0, n)
    .map((s) => s.ticketId);
  // A party of one is always together: the nearest seat, whatever its neighbours.
  if (n === 1) return nearest();
  const block = rankSeatBlocks(accepted, n, stage)[0];
  if (block) return block.ticketIds;
  return wish.together ? null : nearest();
}

/** The stage's centre from a venue chart (`{ stage: { x, y, width, height } }`), as best-available does. */
export function stageCentre(chart: unknown): Point {
  const stage = (chart as { stage?: { x: number; y: number; width: number; height: number } } | null)?.stage;
  return stage ? { x: stage.x + stage.width / 2, y: stage.y + stage.height / 2 } : { x: 0, y: 0 };
}
