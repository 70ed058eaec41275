// The hold sweeper: bookkeeping after holds pass. Expiry itself is lazy (ticket-availability.ts:
// a reserved ticket whose hold has passed is available at once), so nothing waits on this for
// correctness; it makes the rows say what happened, gives Redis back the claims, fixes the cached
// counts and tells listeners (SSE, waitlist) that seats were freed.
//
// In PostgreSQL, per round, in one short transaction:
//   1. active reservations whose expire_datetime has passed -> `expired`, unless a seat of theirs is
//      still kept by an open checkout (ticket-availability.ts; the close-ahead ends that first);
//   2. tickets still `reserved` under an `expired` reservation whose hold has passed -> `expired`,
//      hold_expire_datetime and user_id cleared, reservation_id kept for audit.
// Step 2 checks the ticket's own reservation_id and hold, so a seat another reservation took after
// the hold passed is never touched; it also picks up tickets an earlier round skipped.
//
// Safe to run concurrently (two instances, the cron and a timer): both steps pick their rows with
// FOR UPDATE SKIP LOCKED, so a row is updated by exactly one sweeper, each result counts only what
// its own statements changed, and a sweeper never waits on a row lock, so it can never be part of a
// deadlock with another sweeper or with reserve/cancel (which, if they lock a row first, make the
// sweeper skip it until the next run). A row updated and committed by someone else between the
// sweeper's snapshot and its lock is re-checked by PostgreSQL (READ COMMITTED re-evaluation) and
// dropped when it no longer matches.
//
// After the commit, outside the transaction (failures are logged, never undo the sweep):
//   - delete each swept ticket's Redis claim `reserved_ticket:{event}:ticket_N`, only if it still
//     belongs to the expired hold (same user_id, its own expiry passed; same reservation_id if the
//     claim records one): one Lua call per event, since an event's keys share a hash tag;
//   - invalidate the events' availability caches and recount `ticket_count:{event}`;
//   - emitSeatsFreed per event;
//   - drop Redis claims that no live hold in PostgreSQL matches and that are older than the grace
//     period (a reserve that died between its claim and its transaction; hold-claims.ts);
//   - at most every `fullReconcileEveryMs` (one Redis NX key shared by all instances), recount the
//     existing counters of every event on sale, so drift is bounded even for events with no expiry.
import { getDb } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";
import { invalidateAvailabilityCaches } from "@/lib/events/cache-keys";
import { defineScript, getRedis, reservedTicketKey } from "@/lib/redis";
import { dropOrphanClaims } from "./hold-claims";
import { emitSeatsFreed } from "./inventory-events";
import { reservedTicketIsFreeSql } from "./ticket-availability";
import { reconcileOnSaleTicketCounts, reconcileTicketCounts } from "./ticket-counts";
import { logger } from "@/lib/log/logger";
import { handOffFreedSeats, publishHandOff, type HandOff } from "@/lib/waitlist/offer-engine";

const log = logger("sweep");

export type SweepOptions = {
  /** The sweep's clock (tests); default the current time. */
  now?: Date;
  /** Reservations per round (one transaction each); default 500. Tickets per round: 20x this. */
  batchSize?: number;
  /** Rounds per call before returning (the next run continues); default 50. */
  maxRounds?: number;
  /** true: recount every on-sale event's counter now; false: never; default: when the shared period has passed. */
  fullReconcile?: boolean;
  /** Period of the automatic full recount; default 5 minutes. */
  fullReconcileEveryMs?: number;
};

export type SweepResult = {
  reservationsExpired: number;
  ticketsExpired: number;
  /** Events whose reservations or tickets this sweep expired, ascending. */
  eventsTouched: number[];
  /** The reservations this sweep expired, ascending (their checkout sessions are expired next). */
  expiredReservationIds: number[];
  /** Whether this call also recounted every on-sale event's counter. */
  fullReconcile: boolean;
  /** Redis claims dropped because no live hold in PostgreSQL matches them (a reserve that died in between). */
  orphanClaimsDropped: number;
};

export const DEFAULT_SWEEP_BATCH_SIZE = 500;
const TICKETS_PER_RESERVATION_BATCH = 20;
const DEFAULT_MAX_ROUNDS = 50;
const DEFAULT_FULL_RECONCILE_EVERY_MS = 5 * 60 * 1000;
/** Not per event (no hash tag needed): the shared "last full recount" marker. */
export const FULL_RECONCILE_MARKER_KEY = "sweep:full_reconcile";
const CLAIMS_PER_SCRIPT = 500;

type SweptTicket = { ticket_id: number; event_id: number; reservation_id: number; holder_id: number };

// KEYS: claim keys of one event. ARGV: now (epoch ms), now (ISO 8601), then per key its expired
// hold's user id and reservation id. A claim whose expire_datetime is numeric is read as epoch
// milliseconds (seconds when small); otherwise as an ISO 8601 UTC string, compared as text (same
// fixed-width format as Date#toISOString).
const releaseExpiredClaims = defineScript<number>({
  name: "release_expired_claims",
  lua: `
local nowMs = tonumber(ARGV[1])
local nowIso = ARGV[2]
local deleted = 0
for i = 1, #KEYS do
  local key = KEYS[i]
  local owner = redis.call('HGET', key, 'user_id')
  if owner and owner == ARGV[2 * i + 1] then
    local rid = redis.call('HGET', key, 'reservation_id')
    if (not rid) or rid == ARGV[2 * i + 2] then
      local exp = redis.call('HGET', key, 'expire_datetime')
      local passed = true
      if exp then
        local n = tonumber(exp)
        if n then
          if n < 100000000000 then n = n * 1000 end
          passed = n <= nowMs
        else
          passed = exp <= nowIso
        end
      end
      if passed then deleted = deleted + redis.call('DEL', key) end
    end
  end
end
return deleted`,
});

type Round = { reservations: { reservation_id: number; event_id: number }[]; tickets: SweptTicket[]; handOff: HandOff | null };

async function sweepRound(now: Date, batchSize: number): Promise<Round> {
  const ticketBatch = batchSize * TICKETS_PER_RESERVATION_BATCH;
  return getDb().$transaction(
    async (tx) => {
      const reservations = await tx.$queryRaw<{ reservation_id: number; event_id: number }[]>`
        WITH due AS (
          SELECT reservation_id FROM reservation
           WHERE status = 'active' AND expire_datetime <= ${now}::timestamptz
             -- A hold whose checkout is still open at Stripe stays until the close-ahead has closed it
             -- (or the session's own expiry passed): see ticket-availability.ts.
             AND NOT EXISTS (SELECT 1 FROM ticket t
                              WHERE t.reservation_id = reservation.reservation_id AND t.status = 'reserved'
                                AND NOT ${reservedTicketIsFreeSql(Prisma.sql`${now}::timestamptz`)})
           ORDER BY expire_datetime, reservation_id
           LIMIT ${batchSize}::int
             FOR UPDATE SKIP LOCKED
        )
        UPDATE reservation r
           SET status = 'expired', update_datetime = ${now}::timestamptz
          FROM due
         WHERE r.reservation_id = due.reservation_id AND r.status = 'active'
        RETURNING r.reservation_id, r.event_id`;
      const tickets = await tx.$queryRaw<SweptTicket[]>`
        WITH due AS (
          SELECT t.ticket_id, r.user_id AS holder_id
            FROM ticket t
            JOIN reservation r ON r.reservation_id = t.reservation_id
           WHERE t.status = 'reserved' AND ${reservedTicketIsFreeSql(Prisma.sql`${now}::timestamptz`)} AND r.status = 'expired'
           ORDER BY t.ticket_id
           LIMIT ${ticketBatch}::int
             FOR UPDATE OF t SKIP LOCKED
        )
        UPDATE ticket t
           SET status = 'expired', hold_expire_datetime = NULL, checkout_hold_until = NULL, user_id = NULL, status_update_datetime = ${now}::timestamptz
          FROM due
         WHERE t.ticket_id = due.ticket_id AND t.status = 'reserved' AND ${reservedTicketIsFreeSql(Prisma.sql`${now}::timestamptz`)}
        RETURNING t.ticket_id, t.event_id, t.reservation_id, due.holder_id`;
      // The seats go to the events' waitlists in this same commit, never public in between
      // (lib/waitlist/withheld-for-waitlist.ts kept them from public reserves until now).
      const handOff = tickets.length > 0 ? await handOffFreedSeats(tx, tickets.map((t) => t.event_id), now) : null;
      return { reservations, tickets, handOff };
    },
    { maxWait: 10_000, timeout: 60_000 },
  );
}

/** Expires passed holds (see the file comment). Throws only when PostgreSQL fails. */
export async function sweepExpiredHolds(options: SweepOptions = {}): Promise<SweepResult> {
  const now = options.now ?? new Date();
  const batchSize = Math.max(1, Math.floor(options.batchSize ?? DEFAULT_SWEEP_BATCH_SIZE));
  const maxRounds = Math.max(1, Math.floor(options.maxRounds ?? DEFAULT_MAX_ROUNDS));

  let reservationsExpired = 0;
  const expiredReservationIds: number[] = [];
  const events = new Set<number>();
  const ticketsByEvent = new Map<number, SweptTicket[]>();
  let ticketsExpired = 0;
  const handOffs: HandOff[] = [];
  for (let round = 0; round < maxRounds; round++) {
    const { reservations, tickets, handOff } = await sweepRound(now, batchSize);
    if (handOff) handOffs.push(handOff);
    reservationsExpired += reservations.length;
    ticketsExpired += tickets.length;
    for (const r of reservations) {
      events.add(r.event_id);
      expiredReservationIds.push(r.reservation_id);
    }
    for (const t of tickets) {
      events.add(t.event_id);
      const list = ticketsByEvent.get(t.event_id) ?? [];
      list.push(t);
      ticketsByEvent.set(t.event_id, list);
    }
    if (reservations.length < batchSize && tickets.length < batchSize * TICKETS_PER_RESERVATION_BATCH) break;
  }
  const eventsTouched = [...events].sort((a, b) => a - b);

  if (eventsTouched.length > 0) {
    await releaseClaims(ticketsByEvent, now);
    await logFailure("availability caches not invalidated", () => invalidateAvailabilityCaches(eventsTouched));
    await logFailure("ticket counts not reconciled", () => reconcileTicketCounts(eventsTouched));
    for (const [eventId, tickets] of ticketsByEvent) {
      emitSeatsFreed({ eventId, ticketIds: tickets.map((t) => t.ticket_id).sort((a, b) => a - b) });
    }
  }

  // After the old holders' claims are gone: the offered fans' claims, and runs the hand-off could not do.
  for (const handOff of handOffs) await logFailure("waitlist hand-off not published", () => publishHandOff(handOff));
  const orphans = await logFailure("orphan hold claims not checked", () => dropOrphanClaims({ now }));
  const fullReconcile = await runFullReconcile(now, options);
  expiredReservationIds.sort((a, b) => a - b);
  return { reservationsExpired, ticketsExpired, eventsTouched, expiredReservationIds, fullReconcile, orphanClaimsDropped: orphans?.dropped ?? 0 };
}

async function releaseClaims(ticketsByEvent: Map<number, SweptTicket[]>, now: Date): Promise<void> {
  const redis = getRedis();
  const nowArgs = [now.getTime(), now.toISOString()];
  const calls: Promise<unknown>[] = [];
  for (const [eventId, tickets] of ticketsByEvent) {
    for (let i = 0; i < tickets.length; i += CLAIMS_PER_SCRIPT) {
      const chunk = tickets.slice(i, i + CLAIMS_PER_SCRIPT);
      const keys = chunk.map((t) => reservedTicketKey(eventId, t.ticket_id));
      const args = [...nowArgs, ...chunk.flatMap((t) => [t.holder_id, t.reservation_id])];
      calls.push(logFailure(`claims of event ${eventId} not released`, () => redis.runScript(releaseExpiredClaims, keys, args)));
    }
  }
  await Promise.all(calls);
}

async function runFullReconcile(now: Date, options: SweepOptions): Promise<boolean> {
  if (options.fullReconcile === false) return false;
  if (options.fullReconcile !== true) {
    const every = options.fullReconcileEveryMs ?? DEFAULT_FULL_RECONCILE_EVERY_MS;
    let due = false;
    try {
      due = await getRedis().set(FULL_RECONCILE_MARKER_KEY, now.toISOString(), { nx: true, ttlMs: every });
    } catch (e) {
      log.warn(`full ticket-count reconcile skipped: ${(e as Error).message}`);
    }
    if (!due) return false;
  }
  return (await logFailure("full ticket-count reconcile failed", () => reconcileOnSaleTicketCounts(now))) !== undefined;
}

async function logFailure<T>(what: string, run: () => Promise<T>): Promise<T | undefined> {
  try {
    return await run();
  } catch (e) {
    log.warn(`${what}: ${(e as Error).message}`);
    return undefined;
  }
}
