// Rebuilds an event's waiting room in Redis from PostgreSQL after Redis lost it (a FLUSHDB, a
// restart without persistence, a failover to an empty replica), so that every fan keeps their
// number and admission resumes where it was instead of the line reforming in the order fans
// happen to notice.
//
// Detecting the loss: the queue script refuses to run (reply `miss_queue`) while the event's
// `restored` sentinel key is missing. The sentinel is written last, by the rebuild, with the same
// expiry as the queue's other keys; a brand-new queue is "rebuilt" once from nothing. While it is
// missing nobody joins or is admitted, so nothing can be handed out twice.
//
// Single flight: one caller (any instance) takes the `restore_lock` key and rebuilds; the others
// wait for the sentinel (polling, up to RESTORE_WAIT_MS) and retry their call.
//
// What is rebuilt, from queue_entry, queue_draw and queue_frontier:
// - every recorded place: drawn and post-draw fans in the positions hash (same number), pre-queue
//   fans back in the pre-queue (drawn ones too, so the member list stays auditable), first
//   admission times in the admitted hash (so a window is not restarted);
// - the draw (seed, participants, time) when it was recorded, so the lottery is not run again;
// - "admitted through N" as an UPPER bound of what it was: N grows by at most rate/60,000 a
//   millisecond, so N_then <= N_recorded + rate x (now - recorded_at), rounded up. Never lower
//   than what any fan saw, so no admitted fan is passed by someone told to wait; it may be higher
//   by the admissions the outage itself lasted (as if the line had kept moving), which admits the
//   next fans in their order a little early. Also at least the largest admitted position known.
// - the next number: after every number recorded or seen (queue_frontier.last_position) and after
//   N, so no number is handed out twice, and a fan whose place was not yet written (queue-journal's
//   window) gets a new number at the back, behind everyone.
import { AppError } from "@/lib/errors/app-error";
import { getDb } from "@/lib/db";
import { defineScript, getRedis } from "@/lib/redis";
import { FLUSH_INTERVAL_MS, flushQueueJournal } from "./queue-journal";
import { queueKeys } from "./queue-keys";
import { logger } from "@/lib/log/logger";

const log = logger("queue");

const LOCK_MS = 30_000;
/** How long a caller waits for another instance's rebuild before answering 503. */
const RESTORE_WAIT_MS = 10_000;
const POLL_MS = 50;
const PAGE = 10_000;
/** Users per Redis script call while writing the places back. */
const CHUNK = 2_000;

/**
 * KEYS: 1 prequeue, 2 positions, 3 admitted. ARGV: 1 expire at (ms), then per fan: user id,
 * position ('' for none), first admission ('' for none), '1' if back into the pre-queue.
 * Never overwrites (NX): a rebuild only fills in.
 */
const restorePlaces = defineScript<number>({
  name: "queue-restore-places",
  numberOfKeys: 3,
  lua: `
for i = 2, #ARGV, 4 do
  local user, pos, adm, pre = ARGV[i], ARGV[i + 1], ARGV[i + 2], ARGV[i + 3]
  if pre == '1' then redis.call('ZADD', KEYS[1], 'NX', 0, user) end
  if pos ~= '' then redis.call('HSETNX', KEYS[2], user, pos) end
  if adm ~= '' then redis.call('HSETNX', KEYS[3], user, adm) end
end
for k = 1, 3 do
  if redis.call('EXISTS', KEYS[k]) == 1 then redis.call('PEXPIREAT', KEYS[k], ARGV[1]) end
end
return 1`,
});

/**
 * KEYS: 1 state, 2 sentinel, 3 lock. ARGV: 1 expire at (ms), 2 now (ms), 3 through, 4 next
 * position, 5 drawn ('1' | '0'), 6 seed, 7 participants, 8 drawn at, 9 members digest.
 * through and next_position only move forward; the draw is written only if Redis has none.
 */
const restoreState = defineScript<number>({
  name: "queue-restore-state",
  numberOfKeys: 3,
  lua: `
local st = redis.call('HMGET', KEYS[1], 'drawn', 'through', 'next_position')
local through = math.max(tonumber(st[2]) or 0, tonumber(ARGV[3]))
local next_position = math.max(tonumber(st[3]) or 1, tonumber(ARGV[4]))
if ARGV[5] == '1' and st[1] ~= '1' then
  redis.call('HSET', KEYS[1], 'drawn', '1', 'seed', ARGV[6], 'participants', ARGV[7], 'drawn_at', ARGV[8],
    'members_digest', ARGV[9], 'recorded', '1', 'advanced_at', ARGV[2])
end
redis.call('HSET', KEYS[1], 'through', string.format('%.17g', through), 'next_position', string.format('%.0f', next_position))
redis.call('PEXPIREAT', KEYS[1], ARGV[1])
redis.call('SET', KEYS[2], ARGV[2])
redis.call('PEXPIREAT', KEYS[2], ARGV[1])
redis.call('DEL', KEYS[3])
return 1`,
});

export type RestoreContext = {
  eventId: number;
  /** Epoch ms (the caller's clock, as the queue script's). */
  now: number;
  ratePerMinute: number;
  /** The queue's keys expire at this time (ms), like the script's. */
  expireAt: number;
};

type EntryRow = { user_id: number; position: number | null; pre_queue: boolean; admitted_datetime: Date | null };

/** The upper bound of "admitted through N" (see the header) from a recorded reading. */
export function frontierBound(reading: { through: number; at: number; rate: number }, now: number): number {
  const elapsed = Math.max(0, now - reading.at);
  return Math.ceil(reading.through + (elapsed * reading.rate) / 60_000);
}

async function rebuild({ eventId, now, ratePerMinute, expireAt }: RestoreContext): Promise<void> {
  const db = getDb();
  const redis = getRedis();
  const keys = queueKeys(eventId);
  // This instance's own notes first; then, if the queue ever had anything, give the other
  // instances one more flush to land theirs (places answered just before the loss).
  await flushQueueJournal();
  const known = await db.queueFrontier.findUnique({ where: { eventId } });
  const anyEntry = known ?? (await db.queueEntry.findFirst({ where: { eventId }, select: { userId: true } }));
  if (anyEntry) await new Promise((r) => setTimeout(r, 2 * FLUSH_INTERVAL_MS + 100));

  const [draw, frontier] = await Promise.all([db.queueDraw.findUnique({ where: { eventId } }), db.queueFrontier.findUnique({ where: { eventId } })]);
  let maxPosition = 0;
  let maxAdmitted = 0;
  let restored = 0;
  for (let after = 0; ; ) {
    const rows = await db.$queryRaw<EntryRow[]>`
      SELECT user_id, position, pre_queue, admitted_datetime FROM queue_entry
       WHERE event_id = ${eventId} AND user_id > ${after} ORDER BY user_id LIMIT ${PAGE}`;
    for (let i = 0; i < rows.length; i += CHUNK) {
      const args: string[] = [];
      for (const row of rows.slice(i, i + CHUNK)) {
        // Without a recorded draw, the pre-queue is drawn again (see README: the draw's window), so
        // a pre-queue fan goes back to the pre-queue and any number from the lost draw is dropped.
        const position = row.pre_queue && !draw ? null : row.position;
        const admitted = position !== null && row.admitted_datetime ? row.admitted_datetime.getTime() : null;
        if (position !== null) maxPosition = Math.max(maxPosition, position);
        if (admitted !== null) maxAdmitted = Math.max(maxAdmitted, position!);
        args.push(String(row.user_id), position === null ? "" : String(position), admitted === null ? "" : String(admitted), row.pre_queue ? "1" : "0");
      }
      await redis.runScript(restorePlaces, [keys.prequeue, keys.positions, keys.admitted], [expireAt, ...args]);
    }
    restored += rows.length;
    if (rows.length < PAGE) break;
    after = rows.at(-1)!.user_id;
  }

  // The upper bound of N, from every reading there is (each is a valid bound: take the tightest).
  const rate = Math.max(ratePerMinute, frontier?.ratePerMinute ?? 0);
  const bounds: number[] = [];
  if (frontier) bounds.push(frontierBound({ through: frontier.admittedThrough, at: frontier.recordedAt.getTime(), rate }, now));
  if (draw) bounds.push(frontierBound({ through: 0, at: draw.drawnAt.getTime(), rate }, now));
  const through = bounds.length ? Math.max(maxAdmitted, Math.min(...bounds)) : maxAdmitted;
  const nextPosition = Math.max(maxPosition, frontier?.lastPosition ?? 0, draw?.participants ?? 0, through) + 1;
  await redis.runScript(restoreState, [keys.state, keys.restored, keys.restoreLock], [
    expireAt,
    now,
    through,
    nextPosition,
    draw ? "1" : "0",
    draw?.seed ?? "",
    draw?.participants ?? 0,
    draw?.drawnAt.getTime() ?? 0,
    draw?.membersDigest ?? "",
  ]);
  if (anyEntry || draw) {
    log.info(`event ${eventId}: waiting room rebuilt from PostgreSQL after a Redis loss: ${restored} places, admitted through ${through}, next number ${nextPosition}${draw ? ", the recorded draw" : ""}`);
  }
}

/**
 * Makes sure the event's queue is in Redis: rebuilds it (if this caller gets the lock) or waits for
 * whoever does. Returns once the sentinel exists; 503 `unavailable` if it does not within
 * RESTORE_WAIT_MS.
 */
export async function restoreQueue(context: RestoreContext): Promise<void> {
  const redis = getRedis();
  const keys = queueKeys(context.eventId);
  if (await redis.set(keys.restoreLock, String(context.now), { nx: true, ttlMs: LOCK_MS })) {
    try {
      await rebuild(context);
    } catch (e) {
      await redis.del(keys.restoreLock).catch(() => 0);
      throw e;
    }
    return;
  }
  const until = Date.now() + RESTORE_WAIT_MS;
  while (Date.now() < until) {
    await new Promise((r) => setTimeout(r, POLL_MS));
    if ((await redis.exists(keys.restored)) === 1) return;
  }
  throw new AppError("unavailable", "The waiting room is being restored; try again in a moment", { retryAfterSeconds: 2 });
}
