// "Best available": N adjacent seats in one row of a price class, closest to the stage, without
// leaving a single empty seat stranded beside them (a lone seat rarely sells). Pure choice over a
// snapshot of free seats; holding them goes through reserveTickets like any other hold.
//
// Accessible seats (wheelchair spaces and their companion seats) are for the fans who need them:
// a block is never put on one unless the fan asks (`accessible: true`), and then every block offered
// has a wheelchair space in it. Not asked, an accessible seat counts as taken, so a block never
// strands a single seat beside one either.

export type FreeSeat = { ticketId: number; sectionId: number; row: string; rowIndex: number; number: number; x: number; y: number; accessible?: "wheelchair" | "companion" | null };

export type SeatBlock = { ticketIds: number[]; sectionId: number; row: string; rowIndex: number };

/**
 * Candidate blocks, best first: the block's middle nearest to the stage's centre. `accessible`:
 * only blocks with a wheelchair space (companion seats allowed in them); otherwise accessible seats
 * are left out.
 */
export function rankSeatBlocks(free: FreeSeat[], quantity: number, stage: { x: number; y: number }, options: { accessible?: boolean } = {}): SeatBlock[] {
  const wanted = options.accessible === true;
  const rows = new Map<string, FreeSeat[]>();
  for (const seat of free) {
    if (!wanted && seat.accessible) continue;
    const key = `${seat.sectionId}/${seat.row}`;
    const list = rows.get(key);
    if (list) list.push(seat);
    else rows.set(key, [seat]);
  }
  const candidates: { block: SeatBlock; distance: number }[] = [];
  for (const seats of rows.values()) {
    seats.sort((a, b) => a.number - b.number);
    // Runs of consecutive free seat numbers; a run is bounded by taken seats or the row's ends.
    let start = 0;
    for (let i = 1; i <= seats.length; i++) {
      if (i < seats.length && seats[i]!.number === seats[i - 1]!.number + 1) continue;
      const run = seats.slice(start, i);
      start = i;
      for (let s = 0; s + quantity <= run.length; s++) {
        const left = s;
        const right = run.length - (s + quantity);
        if (left === 1 || right === 1) continue;
        const seatsOfBlock = run.slice(s, s + quantity);
        if (wanted && !seatsOfBlock.some((b) => b.accessible === "wheelchair")) continue;
        const first = seatsOfBlock[0]!;
        const last = seatsOfBlock[seatsOfBlock.length - 1]!;
        const distance = Math.hypot((first.x + last.x) / 2 - stage.x, (first.y + last.y) / 2 - stage.y);
        candidates.push({
          block: { ticketIds: seatsOfBlock.map((b) => b.ticketId), sectionId: first.sectionId, row: first.row, rowIndex: first.rowIndex },
          distance,
        });
      }
    }
  }
  candidates.sort((a, b) => a.distance - b.distance);
  return candidates.map((c) => c.block);
}
