// Copies a finished draw from Redis to PostgreSQL (queue_draw): the seed, how many fans it ordered,
// when, and the SHA-256 of their sorted ids, so the draw can be audited after the queue's keys
// expire; and, in the same transaction, every drawn fan's number (queue_entry.position), so that
// after a Redis loss the queue is rebuilt with the same draw (restore-queue.ts). Redis is where the
// draw happens (atomically, once); this record follows it. The caller that holds the script's
// record lock does it; if PostgreSQL is away, the lock lapses and a later call tries again.
import { getDb } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";
import { getRedis } from "@/lib/redis";
import { drawPositions, membersDigest } from "./draw-order";
import { queueKeys } from "./queue-keys";
import { logger } from "@/lib/log/logger";

const log = logger("queue");

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
  const positions = drawPositions(members, draw.seed);
  const row = await getDb().$transaction(async (tx) => {
    await tx.queueDraw.createMany({
      data: [{ eventId, seed: draw.seed, participants: draw.participants, drawnAt: draw.drawnAt, membersDigest: draw.membersDigest }],
      skipDuplicates: true,
    });
    const recorded = await tx.queueDraw.findUnique({ where: { eventId } });
    if (recorded?.seed !== draw.seed) return recorded;
    const entries = [...positions];
    for (let i = 0; i < entries.length; i += PAGE / 5) {
      const rows = entries.slice(i, i + PAGE / 5).map(([user, position]) => Prisma.sql`(${Number(user)}::int, ${position}::int)`);
      // A number written earlier for this fan (an admission noted before this record) is the same one.
      await tx.$executeRaw`
        INSERT INTO queue_entry (event_id, user_id, position, pre_queue, joined_datetime)
        SELECT ${eventId}::int, v.user_id, v.position, true, ${draw.drawnAt}::timestamptz
          FROM (VALUES ${Prisma.join(rows)}) AS v(user_id, position)
         WHERE EXISTS (SELECT 1 FROM users u WHERE u.user_id = v.user_id)
        ON CONFLICT (event_id, user_id) DO UPDATE SET position = EXCLUDED.position, pre_queue = true
        WHERE queue_entry.position IS NULL`;
    }
    return recorded;
  }, { timeout: 60_000 });
  if (row && row.seed !== draw.seed) {
    // Redis lost the queue (a flush) after a draw was recorded: the live queue was drawn again.
    log.warn(`event ${eventId}: queue_draw keeps the first draw (seed ${row.seed.slice(0, 8)}…); Redis now holds another (${draw.seed.slice(0, 8)}…)`);
  }
  await redis.hset(keys.state, { members_digest: draw.membersDigest, recorded: "1" });
  return draw;
}
