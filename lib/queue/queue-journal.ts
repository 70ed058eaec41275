// Copies the waiting room from Redis to PostgreSQL, so that a Redis loss does not reorder the line
// (restore-queue.ts rebuilds it from these rows).
//
// A join is decided in Redis as before (one Lua script). Its new place is then written by a group
// commit: the caller notes it here, in this process' memory, and waits for the next write, which
// carries every place noted meanwhile in one multi-row INSERT ... ON CONFLICT (a few hundred rows
// cost about what one does). One write runs at a time per process and the next starts as soon as it
// ends, so under load a write batches everything that arrived during the previous one: PostgreSQL
// sees a handful of statements a second per instance however many fans join, and the join waits for
// about one INSERT (measured in the README). The fan is answered only once their place is in
// PostgreSQL, so a Redis loss after that answer cannot cost them their number.
//
// The window that remains: a join waits at most DURABLE_WAIT_MS. If PostgreSQL is that slow or away
// the fan is answered anyway (the queue keeps working on Redis alone) and the place is written by a
// later retry; if Redis is lost before that, the fan is not found in the rebuilt queue and gets a
// new number at the back when they next ask: never ahead of anyone. Admission times and the
// frontier ("admitted through N") are not waited for: they are written every FLUSH_INTERVAL_MS, and
// the rebuilt frontier is an upper bound anyway (restore-queue.ts).
//
// One journal per process (on globalThis, so Next.js dev reloads share it). A process that dies
// loses its unwritten notes, which matters only if Redis dies too within the window.
import { getDb } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";
import { logger } from "@/lib/log/logger";

const log = logger("queue");

/** How often admission times and frontiers are written (ms). */
export const FLUSH_INTERVAL_MS = 250;
/** How long a join waits for its place to be written before answering anyway (ms). */
export const DURABLE_WAIT_MS = 1_000;
/** Delay before a write that a waiting join asked for, so that joins arriving together share it. */
const GROUP_DELAY_MS = 2;
/** Rows per INSERT statement (PostgreSQL allows 65,535 parameters; six a row). */
const ROWS_PER_STATEMENT = 2_000;
/** Past this many unwritten places (PostgreSQL away for long) the oldest are dropped, with a warning. */
const MAX_PENDING = 200_000;

export type JournalPlace = {
  eventId: number;
  userId: number;
  /** Null: in the pre-queue, numbered by the draw (whose record writes the number). */
  position: number | null;
  preQueue: boolean;
  joinedAt: number;
  admittedAt: number | null;
};

type Frontier = { eventId: number; through: number; lastPosition: number; rate: number; at: number };

type Journal = {
  places: Map<string, JournalPlace>;
  frontiers: Map<number, Frontier>;
  /** Joins waiting for the write that carries their place. */
  waiters: Array<() => void>;
  timer: ReturnType<typeof setTimeout> | null;
  timerDue: number;
  flushing: Promise<void> | null;
  failures: number;
};

const globalForJournal = globalThis as unknown as { __openseatQueueJournal?: Journal };

function journal(): Journal {
  return (globalForJournal.__openseatQueueJournal ??= { places: new Map(), frontiers: new Map(), waiters: [], timer: null, timerDue: 0, flushing: null, failures: 0 });
}

/**
 * Two notes about one fan merge into what PostgreSQL's upsert would make of them in turn: a larger
 * position (a new place after an expired admission) replaces a smaller one and its admission; at
 * the same position the first admission time is kept.
 */
function mergePlace(old: JournalPlace | undefined, next: JournalPlace): JournalPlace {
  if (!old) return next;
  if (next.position !== null && (old.position === null || next.position > old.position)) return next;
  if (old.position !== null && next.position !== null && next.position < old.position) return old;
  return { ...old, position: old.position ?? next.position, admittedAt: old.admittedAt ?? next.admittedAt };
}

/** Makes sure a write starts within `delay` ms (a running write is followed at once by the next). */
function schedule(j: Journal, delay: number): void {
  // Back off while PostgreSQL fails (up to 5 s), so a down database is not hammered.
  if (j.failures > 0) delay = Math.max(delay, Math.min(FLUSH_INTERVAL_MS * 2 ** Math.min(j.failures, 5), 5_000));
  const due = Date.now() + delay;
  if (j.timer) {
    if (j.timerDue <= due) return;
    clearTimeout(j.timer);
  }
  j.timerDue = due;
  j.timer = setTimeout(() => {
    j.timer = null;
    void flushQueueJournal();
  }, delay);
  j.timer.unref?.();
}

/**
 * Notes a fan's new place or first admission. `durable`: the returned promise settles once a write
 * carrying it has ended (written, or failed and kept for a retry); the caller bounds the wait.
 */
export function notePlace(place: JournalPlace, durable = false): Promise<void> {
  const j = journal();
  const key = `${place.eventId}:${place.userId}`;
  j.places.set(key, mergePlace(j.places.get(key), place));
  if (j.places.size > MAX_PENDING) {
    const oldest = j.places.keys().next().value!;
    j.places.delete(oldest);
    log.warn(`more than ${MAX_PENDING} places not yet written to PostgreSQL; dropped the oldest (${oldest})`);
  }
  if (!durable) {
    schedule(j, FLUSH_INTERVAL_MS);
    return Promise.resolve();
  }
  return new Promise((resolve) => {
    j.waiters.push(resolve);
    if (!j.flushing) schedule(j, GROUP_DELAY_MS);
  });
}

/** Notes the admission frontier an event was seen at (every queue call does). */
export function noteFrontier(frontier: Frontier): void {
  const j = journal();
  const old = j.frontiers.get(frontier.eventId);
  // Keep the latest reading (through only grows with time) and the largest numbers seen.
  if (old && old.at > frontier.at) {
    old.lastPosition = Math.max(old.lastPosition, frontier.lastPosition);
    old.rate = Math.max(old.rate, frontier.rate);
    old.through = Math.max(old.through, frontier.through);
    return;
  }
  j.frontiers.set(frontier.eventId, old ? { ...frontier, through: Math.max(old.through, frontier.through), lastPosition: Math.max(old.lastPosition, frontier.lastPosition), rate: Math.max(old.rate, frontier.rate) } : frontier);
  schedule(j, FLUSH_INTERVAL_MS);
}

async function writePlaces(places: JournalPlace[]): Promise<void> {
  const db = getDb();
  for (let i = 0; i < places.length; i += ROWS_PER_STATEMENT) {
    const rows = places.slice(i, i + ROWS_PER_STATEMENT).map(
      (p) => Prisma.sql`(${p.eventId}::int, ${p.userId}::int, ${p.position}::int, ${p.preQueue}::boolean, ${new Date(p.joinedAt)}::timestamptz, ${p.admittedAt === null ? null : new Date(p.admittedAt)}::timestamptz)`,
    );
    // Rows of a deleted event or account are skipped rather than failing the whole batch. A
    // larger position is a new place (after an expired admission): it replaces the old one and its
    // admission. At the same position the first admission is kept. A smaller one is stale.
    await db.$executeRaw`
      INSERT INTO queue_entry (event_id, user_id, position, pre_queue, joined_datetime, admitted_datetime)
      SELECT v.event_id, v.user_id, v.position, v.pre_queue, v.joined_at, v.admitted_at
        FROM (VALUES ${Prisma.join(rows)}) AS v(event_id, user_id, position, pre_queue, joined_at, admitted_at)
       WHERE EXISTS (SELECT 1 FROM event e WHERE e.event_id = v.event_id)
         AND EXISTS (SELECT 1 FROM users u WHERE u.user_id = v.user_id)
      ON CONFLICT (event_id, user_id) DO UPDATE SET
        position = COALESCE(EXCLUDED.position, queue_entry.position),
        joined_datetime = CASE WHEN EXCLUDED.position > queue_entry.position THEN EXCLUDED.joined_datetime ELSE queue_entry.joined_datetime END,
        admitted_datetime = CASE WHEN EXCLUDED.position > queue_entry.position THEN EXCLUDED.admitted_datetime
                                 ELSE COALESCE(queue_entry.admitted_datetime, EXCLUDED.admitted_datetime) END
      WHERE queue_entry.position IS NULL OR EXCLUDED.position >= queue_entry.position`;
  }
}

async function writeFrontiers(frontiers: Frontier[]): Promise<void> {
  if (frontiers.length === 0) return;
  const rows = frontiers.map((f) => Prisma.sql`(${f.eventId}::int, ${f.through}::int, ${f.lastPosition}::int, ${f.rate}::int, ${new Date(f.at)}::timestamptz)`);
  await getDb().$executeRaw`
    INSERT INTO queue_frontier (event_id, admitted_through, last_position, rate_per_minute, recorded_datetime)
    SELECT v.* FROM (VALUES ${Prisma.join(rows)}) AS v(event_id, admitted_through, last_position, rate_per_minute, recorded_datetime)
     WHERE EXISTS (SELECT 1 FROM event e WHERE e.event_id = v.event_id)
    ON CONFLICT (event_id) DO UPDATE SET
      admitted_through = GREATEST(queue_frontier.admitted_through, EXCLUDED.admitted_through),
      last_position = GREATEST(queue_frontier.last_position, EXCLUDED.last_position),
      rate_per_minute = GREATEST(queue_frontier.rate_per_minute, EXCLUDED.rate_per_minute),
      recorded_datetime = GREATEST(queue_frontier.recorded_datetime, EXCLUDED.recorded_datetime)`;
}

/**
 * Writes everything noted so far (the timer calls it; tests and shutdown may too). One write at a
 * time per process; a failed one puts its rows back (newer notes win) and retries later.
 */
export function flushQueueJournal(): Promise<void> {
  const j = journal();
  if (j.flushing) return j.flushing.then(() => (j.places.size || j.frontiers.size ? flushQueueJournal() : undefined));
  if (j.places.size === 0 && j.frontiers.size === 0) {
    for (const resolve of j.waiters.splice(0)) resolve();
    return Promise.resolve();
  }
  const places = [...j.places.values()];
  const frontiers = [...j.frontiers.values()];
  const waiters = j.waiters.splice(0);
  j.places = new Map();
  j.frontiers = new Map();
  j.flushing = (async () => {
    try {
      // Places first: a rebuild that reads a frontier finds the places it covers.
      await writePlaces(places);
      await writeFrontiers(frontiers);
      j.failures = 0;
    } catch (e) {
      j.failures++;
      log.warn(`${places.length} places and ${frontiers.length} frontiers not written to PostgreSQL yet, will retry: ${(e as Error).message}`);
      for (const p of places) {
        const key = `${p.eventId}:${p.userId}`;
        j.places.set(key, mergePlace(p, j.places.get(key) ?? p));
      }
      for (const f of frontiers) if (!j.frontiers.has(f.eventId)) j.frontiers.set(f.eventId, f);
    } finally {
      j.flushing = null;
      for (const resolve of waiters) resolve();
      // Joins that arrived during this write are carried by the next one, at once.
      if (j.waiters.length) schedule(j, 0);
      else if (j.places.size || j.frontiers.size) schedule(j, FLUSH_INTERVAL_MS);
    }
  })();
  return j.flushing;
}

/** Forgets everything not yet written (tests that wipe the database between cases). */
export function discardQueueJournal(): void {
  const j = journal();
  j.places.clear();
  j.frontiers.clear();
  for (const resolve of j.waiters.splice(0)) resolve();
  if (j.timer) clearTimeout(j.timer);
  j.timer = null;
  j.failures = 0;
}
