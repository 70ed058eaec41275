// How virtual fans choose seats, from what a browser has: the venue's seat map and the event's seat
// layout (fetched once, as a CDN would serve them) and one shared availability view (polled once a
// second for every fan, as the live chart's single stream would push it), plus what 409 answers
// taught ("these ids are taken"). Rows are ranked by distance to the stage, so "the best seats" are
// the same for every fan who wants them: that is where contention comes from.
import type { EventAvailability, EventSeatLayout, SeatMap } from "@/lib/events/types";

export type Row = { classIndex: number; rank: number; ticketIds: number[] };
export type PriceClass = { classId: string; name: string };

/** A deterministic pseudo-random source (mulberry32), so a run's choices follow from its --seed. */
export type Random = () => number;
export function seededRandom(seed: number): Random {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const LEARNED_TTL_MS = 3000;

export class SeatView {
  readonly rows: Row[];
  readonly classes: PriceClass[];
  readonly total: number;
  private unavailable = new Set<number>();
  /** Ids that a 409 named as taken, until a fresher snapshot supersedes them. */
  private learned = new Map<number, number>();
  availableCount = 0;
  snapshotAt = 0;

  constructor(map: SeatMap, layout: EventSeatLayout) {
    const seatIndex = new Map<number, number>();
    map.seat_ids.forEach((id, i) => seatIndex.set(id, i));
    const cx = map.stage.x + map.stage.width / 2;
    const cy = map.stage.y + map.stage.height / 2;
    const byRow = new Map<string, { classIndex: number; seats: Array<{ ticketId: number; number: number; distance: number }> }>();
    layout.ticket_ids.forEach((ticketId, i) => {
      const s = seatIndex.get(layout.seat_ids[i]!);
      if (s === undefined) return;
      const key = `${map.seat_section[s]}|${map.seat_row[s]}`;
      let row = byRow.get(key);
      if (!row) byRow.set(key, (row = { classIndex: layout.class_index[i]!, seats: [] }));
      row.seats.push({ ticketId, number: map.seat_number[s]!, distance: Math.hypot(map.seat_x[s]! - cx, map.seat_y[s]! - cy) });
    });
    const rows = [...byRow.values()].map((r) => {
      r.seats.sort((a, b) => a.number - b.number);
      const distance = r.seats.reduce((sum, s) => sum + s.distance, 0) / r.seats.length;
      return { classIndex: r.classIndex, distance, ticketIds: r.seats.map((s) => s.ticketId) };
    });
    rows.sort((a, b) => a.distance - b.distance);
    this.rows = rows.map((r, rank) => ({ classIndex: r.classIndex, rank, ticketIds: r.ticketIds }));
    this.classes = layout.classes.map((c) => ({ classId: c.class_id, name: c.name }));
    this.total = layout.ticket_ids.length;
    this.availableCount = this.total;
  }

  /** A fresh availability snapshot replaces the previous one and older 409 knowledge. */
  update(availability: EventAvailability): void {
    this.unavailable = new Set(availability.unavailable_ticket_ids);
    this.availableCount = availability.available_ticket_cnt;
    this.snapshotAt = performance.now();
    for (const [id, at] of this.learned) if (performance.now() - at > LEARNED_TTL_MS) this.learned.delete(id);
  }

  learnTaken(ids: number[]): void {
    const now = performance.now();
    for (const id of ids) this.learned.set(id, now);
  }

  isFree(id: number, avoid?: Set<number>): boolean {
    return !this.unavailable.has(id) && !this.learned.has(id) && !(avoid?.has(id) ?? false);
  }

  /** Free seats per the view (approximate: the snapshot can be a second old). */
  freeCount(): number {
    return Math.max(0, this.availableCount - this.learned.size);
  }

  /** The first `quantity` adjacent free seats from `start` in the row, or null. */
  private blockAt(row: Row, start: number, quantity: number, avoid: Set<number>): number[] | null {
    const ids = row.ticketIds;
    if (start + quantity > ids.length) return null;
    for (let k = 0; k < quantity; k++) if (!this.isFree(ids[start + k]!, avoid)) return null;
    return ids.slice(start, start + quantity);
  }

  /**
   * The best seats: the first few free blocks in the best rows, one of them at random. Every
   * contending fan looks at the same few blocks, so most of them collide.
   */
  pickBest(quantity: number, avoid: Set<number>, random: Random, candidates = 3): number[] | null {
    const found: number[][] = [];
    for (const row of this.rows) {
      for (let start = 0; start + quantity <= row.ticketIds.length && found.length < candidates; start++) {
        const block = this.blockAt(row, start, quantity, avoid);
        if (block) {
          found.push(block);
          start += quantity - 1;
        }
      }
      if (found.length >= candidates) break;
    }
    return found.length === 0 ? null : found[Math.floor(random() * found.length)]!;
  }

  /** Adjacent free seats anywhere: a random row, a random place in it; falls back to a scan. */
  pickSpread(quantity: number, avoid: Set<number>, random: Random): number[] | null {
    for (let tries = 0; tries < 40; tries++) {
      const row = this.rows[Math.floor(random() * this.rows.length)]!;
      const offset = Math.floor(random() * row.ticketIds.length);
      for (let k = 0; k < row.ticketIds.length; k++) {
        const block = this.blockAt(row, (offset + k) % row.ticketIds.length, quantity, avoid);
        if (block) return block;
      }
    }
    const first = Math.floor(random() * this.rows.length);
    for (let k = 0; k < this.rows.length; k++) {
      const row = this.rows[(first + k) % this.rows.length]!;
      for (let start = 0; start + quantity <= row.ticketIds.length; start++) {
        const block = this.blockAt(row, start, quantity, avoid);
        if (block) return block;
      }
    }
    return null;
  }

  /** A class that still has free seats per the view, at random; null when none has. */
  pickClass(random: Random, avoid: Set<string>): PriceClass | null {
    const open = new Set<number>();
    for (const row of this.rows) {
      if (open.has(row.classIndex)) continue;
      if (row.ticketIds.some((id) => this.isFree(id))) open.add(row.classIndex);
    }
    const choices = [...open].map((i) => this.classes[i]!).filter((c) => !avoid.has(c.classId));
    return choices.length === 0 ? null : choices[Math.floor(random() * choices.length)]!;
  }
}
