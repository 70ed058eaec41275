// Copies a finished draw from Redis to PostgreSQL (queue_draw): the seed, how many fans it ordered,
// when, and the SHA-256 of their sorted ids, so the draw can be audited after the queue's keys
// expire. Redis is where the draw happens (atomically, once); this record follows it. The caller
// that holds the script's record lock does it; if PostgreSQL is away, the lock lapses and a later
// call tries again.
import { getDb } from "@/lib/db";
import { getRedis } from "@/lib/redis";
import { membersDigest } from "./draw-order";
import { queueKeys } from "./queue-keys";

const PAGE = 10_000;

/** The pre-queue's members in Redis' order (by id, as bytes), read in pages. */
export async function readDrawMembers(eventId: number): Promise<string[]> {
  const redis = getRedis();
  const key = queueKeys(eventId).prequeue;
  const members: string[] = [];
  for (let start = 0; ; start += PAGE) {
    const page = await redis.zrange(key, start, start + PAGE - 1);
    members.push(...page);
    if (page.length < PAGE) return members;
  }
}

export type RecordedDraw = { seed: string; participants: number; drawnAt: Date; membersDigest: string };

/** Writes queue_draw for the event's draw (once: an existing row is kept) and marks it recorded in Redis. */
export async function recordQueueDraw(eventId: number): Promise<RecordedDraw | null> {
  const redis = getRedis();
  const keys = queueKeys(eventId);
  const state = await redis.hgetall(keys.state);
  if (state.drawn !== "1" || !state.seed) return null;
  const members = await readDrawMembers(eventId);
  const participants = Number(state.participants);
  // The script freezes the pre-queue when it draws; a different size means the keys were tampered with.
  if (members.length !== participants) throw new Error(`[queue] event ${eventId}: ${members.length} pre-queue members, the draw counted ${participants}`);
  const draw: RecordedDraw = { seed: state.seed, participants, drawnAt: new Date(Number(state.drawn_at)), membersDigest: membersDigest(members) };
  await getDb().queueDraw.createMany({
    data: [{ eventId, seed: draw.seed, participants: draw.participants, drawnAt: draw.drawnAt, membersDigest: draw.membersDigest }],
    skipDuplicates: true,
  });
  const row = await getDb().queueDraw.findUnique({ where: { eventId } });
  if (row && row.seed !== draw.seed) {
    // Redis lost the queue (a flush) after a draw was recorded: the live queue was drawn again.
    console.warn(`[queue] event ${eventId}: queue_draw keeps the first draw (seed ${row.seed.slice(0, 8)}…); Redis now holds another (${draw.seed.slice(0, 8)}…)`);
  }
  await redis.hset(keys.state, { members_digest: draw.membersDigest, recorded: "1" });
  return draw;
}
