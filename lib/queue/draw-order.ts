// The on-sale lottery, as a pure function anyone can rerun: the fans who joined before the on-sale
// (their user ids, sorted as bytes: Redis' order for equal scores) plus the draw's seed (32
// crypto-random bytes, hex, recorded in queue_draw and in Redis) determine every position.
//
// How: member i of the sorted list (0-based rank) gets position permute(i) + 1, where permute is a
// keyed pseudorandom permutation of 0..n-1: an 8-round Feistel network over the smallest even
// number of bits covering n, whose round function is HMAC-SHA256(seed, "openseat-draw-v1|n|round|half")
// truncated to the half width, and cycle walking (apply again until the value is below n) to
// restrict it to 0..n-1. A Feistel network is a bijection whatever its round function, so the
// positions are a permutation of 1..n; with HMAC as the round function it is indistinguishable from
// a uniformly random permutation to anyone without the seed (Luby-Rackoff), and the seed is drawn
// only after the member list is frozen.
//
// Why a permutation rather than a shuffle: a fan's position is computed on demand from their rank
// (ZRANK, O(log n)), so the draw itself is O(1) in Redis (it records the seed and the count) and
// never blocks Redis for seconds writing two million positions at the busiest moment of the sale.
//
// To audit a draw: take the sorted member list (ZRANGE queue:{event_N}:prequeue 0 -1), check its
// SHA-256 (membersDigest) against queue_draw.members_digest and its length against participants,
// then drawPositions(members, queue_draw.seed).
import { createHash, createHmac, randomBytes } from "node:crypto";

const ROUNDS = 8;
const LABEL = "openseat-draw-v1";
/** 2^32 values at most (16-bit halves): far beyond any queue. */
export const MAX_PARTICIPANTS = 2 ** 31;
const SEED_PATTERN = /^[0-9a-f]{64}$/;

/** A fresh draw seed: 32 crypto-random bytes as 64 hex characters. */
export function newDrawSeed(): string {
  return randomBytes(32).toString("hex");
}

/** Byte order, as Redis orders members of equal score (user ids are ASCII). */
export function compareMembers(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function sortMembers(members: Iterable<string>): string[] {
  return [...members].sort(compareMembers);
}

/** SHA-256 (hex) of the sorted member list, one id per line: what queue_draw.members_digest records. */
export function membersDigest(sortedMembers: string[]): string {
  const hash = createHash("sha256");
  for (const [i, member] of sortedMembers.entries()) hash.update(i === 0 ? member : `\n${member}`);
  return hash.digest("hex");
}

export type DrawPermutation = {
  readonly participants: number;
  /** The 1-based position of the member with this 0-based rank in the sorted list. */
  positionOf(rank: number): number;
};

/** The draw's permutation for `participants` members under `seed`. Round values are memoised, so repeated calls get cheaper. */
export function createDrawPermutation(seed: string, participants: number): DrawPermutation {
  if (!SEED_PATTERN.test(seed)) throw new Error("draw seed must be 64 lowercase hex characters");
  if (!Number.isInteger(participants) || participants < 0 || participants > MAX_PARTICIPANTS) {
    throw new Error(`participants must be an integer between 0 and ${MAX_PARTICIPANTS}`);
  }
  const key = Buffer.from(seed, "hex");
  let bits = Math.max(2, Math.ceil(Math.log2(Math.max(participants, 1))));
  if (bits % 2 === 1) bits += 1;
  const halfSize = 2 ** (bits / 2);
  const mask = halfSize - 1;
  const tables = Array.from({ length: ROUNDS }, () => new Int32Array(halfSize).fill(-1));

  const roundValue = (round: number, half: number): number => {
    const table = tables[round]!;
    let v = table[half]!;
    if (v < 0) {
      v = createHmac("sha256", key).update(`${LABEL}|${participants}|${round}|${half}`).digest().readUInt32BE(0) & mask;
      table[half] = v;
    }
    return v;
  };

  const encrypt = (x: number): number => {
    let left = Math.floor(x / halfSize);
    let right = x % halfSize;
    for (let round = 0; round < ROUNDS; round++) {
      const next = (left ^ roundValue(round, right)) & mask;
      left = right;
      right = next;
    }
    return left * halfSize + right;
  };

  return {
    participants,
    positionOf(rank: number): number {
      if (!Number.isInteger(rank) || rank < 0 || rank >= participants) throw new Error(`rank ${rank} is outside 0..${participants - 1}`);
      // Cycle walking: the domain is at most 4x participants, so this loops about twice on average.
      let x = encrypt(rank);
      while (x >= participants) x = encrypt(x);
      return x + 1;
    },
  };
}

/** Every member's position: the whole draw, recomputed from the sorted member list and the seed. */
export function drawPositions(sortedMembers: string[], seed: string): Map<string, number> {
  for (let i = 1; i < sortedMembers.length; i++) {
    if (compareMembers(sortedMembers[i - 1]!, sortedMembers[i]!) >= 0) throw new Error("members must be sorted and distinct (sortMembers)");
  }
  const permutation = createDrawPermutation(seed, sortedMembers.length);
  return new Map(sortedMembers.map((member, rank) => [member, permutation.positionOf(rank)]));
}

// The permutation of a live draw is asked for one rank per request; keep a few per process so their
// memoised round values are reused (about 32 KB each for a million fans).
const recent = new Map<string, DrawPermutation>();
const RECENT_MAX = 16;

export function drawPermutationFor(seed: string, participants: number): DrawPermutation {
  const id = `${seed}:${participants}`;
  let permutation = recent.get(id);
  if (!permutation) {
    permutation = createDrawPermutation(seed, participants);
    if (recent.size >= RECENT_MAX) recent.delete(recent.keys().next().value!);
    recent.set(id, permutation);
  }
  return permutation;
}
