// The waitlist's offer engine: when seats come back, walk the event's list in order and give the
// first entry that fits (fit-entry.ts) a HOLD IN THAT FAN'S NAME: an ordinary reservation whose
// expiry is the offer window (event.waitlist_offer_seconds), so accepting is checkout as usual.
// An entry that does not fit keeps its place; the walk goes on with the seats left.
//
// PostgreSQL decides, as for reserve:
//   - one engine per event at a time: pg_advisory_xact_lock('waitlist:<event>') for the whole
//     transaction, so several app instances (sweeper timers, the cron, releases) never hand the
//     same seats out twice and the list is walked in order by one of them;
//   - the free seats are read with the one availability predicate (ticket-availability.ts) and
//     locked FOR UPDATE SKIP LOCKED: a seat some reserve or release is changing right now is simply
//     not offered this time (the engine never waits on a ticket row, so it cannot deadlock with a
//     reserve, a cancel or the sweeper, which lock tickets first and may then wait for this lock);
//   - each offer is one statement that creates the reservation, moves the tickets with the
//     conditional UPDATE of reserve (`... AND <available>`), writes the offer and marks the entry;
//     fewer tickets than offered aborts the engine's work (see handOffFreedSeats' savepoint).
//   - a fan's own reserves take the same per-fan lock as reserve-tickets.ts (`order_limit:<user>:<event>`),
//     tried without waiting: a fan in the middle of a reserve is skipped this round (keeps their place).
// Fans who hold or bought seats for the event are skipped too (they keep their place).
//
// Before walking, the engine settles the event's open offers: paid (reservation confirmed) ->
// accepted, entry converted; released by the fan (declined or cancelled) -> declined, entry left;
// passed with no seat still kept by an open checkout -> lapsed, entry expired. A lapsed offer's seats
// are free by the availability predicate, so the same run offers them to the next entry.
//
// Notifications (lib/notifications/outbox.ts) are written in the same transaction as the offers.
// Redis (claims in the fans' names, counters, caches) follows after the commit: publishOfferBatches.
import { getDb, type PrismaTx } from "@/lib/db";
import { eventHashTag, getRedis } from "@/lib/redis";
import { Prisma } from "@/lib/generated/prisma/client";
import { invalidateAvailabilityCaches } from "@/lib/events/cache-keys";
import { saleWindowState } from "@/lib/events/sale-window";
import { reservedTicketIsFreeSql, ticketIsAvailableSql } from "@/lib/inventory/ticket-availability";
import { reconcileTicketCounts } from "@/lib/inventory/ticket-counts";
import { enqueueNotification } from "@/lib/notifications/outbox";
import { logger } from "@/lib/log/logger";
import { fitEntry, stageCentre, type WaitlistSeat } from "./fit-entry";
import { assignOfferClaims } from "./offer-claims";

const log = logger("waitlist");

export type MadeOffer = { offerId: number; entryId: number; userId: number; reservationId: number; ticketIds: number[]; expiresAt: Date };
export type SettledOffer = { offerId: number; entryId: number; userId: number; status: "accepted" | "declined" | "lapsed" };
export type OfferBatch = { eventId: number; offers: MadeOffer[]; settled: SettledOffer[] };

export const waitlistLockKey = (eventId: number) => `waitlist:${eventId}`;

/** Takes the event's engine lock for the rest of the transaction (waits for it). */
export async function lockWaitlist(tx: PrismaTx, eventId: number): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${waitlistLockKey(eventId)}, 0))`;
}

/** Takes the event's engine lock if nobody holds it; false (without waiting) when someone does. */
async function tryLockWaitlist(tx: PrismaTx, eventId: number): Promise<boolean> {
  const [row] = await tx.$queryRaw<{ ok: boolean }[]>`SELECT pg_try_advisory_xact_lock(hashtextextended(${waitlistLockKey(eventId)}, 0)) AS ok`;
  return row?.ok === true;
}

// "Run the engine again": set by whoever freed seats while another engine held the lock, after its
// release committed and before it tries the lock again; cleared by an engine as it starts (under the
// lock, before it reads the free seats); read by the holder after its commit, which then runs again.
// Set-after-commit, set-before-try and clear-before-read mean the freed seats are seen by the engine
// holding the lock when the try failed (it reads the flag after its commit), or by any engine that
// cleared the flag (it reads the seats after that, so after they were committed). Redis is only the
// fast path: when it is down, the sweeper's pass (every HOLD_SWEEP_INTERVAL_MS) offers what was missed.
const dirtyKey = (eventId: number) => `waitlist:${eventHashTag(eventId)}:rerun`;
const DIRTY_TTL_MS = 10 * 60_000;
// Bounds one request's share of others' reruns during a burst; what is left then waits for the sweeper's pass.
const MAX_RERUNS = 20;

async function markDirty(eventId: number): Promise<void> {
  await getRedis().set(dirtyKey(eventId), "1", { ttlMs: DIRTY_TTL_MS }).catch((e: unknown) => log.warn(`waitlist rerun flag not set: ${(e as Error).message}`));
}
async function clearDirty(eventId: number): Promise<void> {
  await getRedis().del(dirtyKey(eventId)).catch(() => undefined);
}
async function isDirty(eventId: number): Promise<boolean> {
  return getRedis()
    .exists(dirtyKey(eventId))
    .then((n) => n > 0)
    .catch(() => false);
}

type EventRow = { event_id: number; title: string; status: string; datetime: Date; onsale_datetime: Date | null; offsale_datetime: Date | null; waitlist_offer_seconds: number; chart: unknown };
type EntryRow = { waitlist_entry_id: number; user_id: number; party_size: number; class_ids: number[]; together: boolean };
type SeatRow = { ticket_id: number; class_id: number; seat: string; section_id: number; row: string; row_index: number; number: number; x: number; y: number; freed_at: Date };

const eventPath = (eventId: number) => `/events/${eventId}`;

/** Settles the event's open offers (see the file comment). Call with the engine lock held. */
export async function settleOffers(tx: PrismaTx, eventId: number, title: string, now: Date): Promise<SettledOffer[]> {
  const settled = await tx.$queryRaw<{ waitlist_offer_id: number; waitlist_entry_id: number; user_id: number; status: SettledOffer["status"] }[]>`
    WITH due AS (
      SELECT o.waitlist_offer_id,
             CASE WHEN r.status = 'confirmed' THEN 'accepted'
                  WHEN r.status = 'released' THEN 'declined'
                  ELSE 'lapsed' END AS outcome,
             CASE WHEN r.status = 'confirmed'
                  THEN COALESCE((SELECT max(p.payment_datetime) FROM payment p WHERE p.reservation_id = r.reservation_id), ${now}::timestamptz)
                  ELSE ${now}::timestamptz END AS decided
        FROM waitlist_offer o JOIN reservation r ON r.reservation_id = o.reservation_id
       WHERE o.event_id = ${eventId} AND o.status = 'offered'
         AND (r.status IN ('confirmed', 'released', 'expired')
              OR (r.expire_datetime <= ${now}::timestamptz
                  AND NOT EXISTS (SELECT 1 FROM ticket t WHERE t.reservation_id = r.reservation_id AND t.status = 'reserved'
                                     AND NOT ${reservedTicketIsFreeSql(Prisma.sql`${now}::timestamptz`)})))
    )
    UPDATE waitlist_offer o SET status = due.outcome::waitlist_offer_status, decided_datetime = due.decided
      FROM due WHERE o.waitlist_offer_id = due.waitlist_offer_id
    RETURNING o.waitlist_offer_id, o.waitlist_entry_id, o.user_id, o.status::text AS status`;
  if (settled.length === 0) return [];
  const entryStatus = { accepted: "converted", declined: "left", lapsed: "expired" } as const;
  for (const outcome of ["accepted", "declined", "lapsed"] as const) {
    const ids = settled.filter((s) => s.status === outcome).map((s) => s.waitlist_entry_id);
    if (ids.length === 0) continue;
    await tx.$executeRaw`
      UPDATE waitlist_entry SET status = ${entryStatus[outcome]}::waitlist_entry_status, update_datetime = now()
       WHERE waitlist_entry_id = ANY(${ids}::int[]) AND status = 'offered'`;
  }
  for (const s of settled.filter((x) => x.status === "lapsed")) {
    await enqueueNotification(tx, { userId: s.user_id, kind: "waitlist_offer_lapsed", dedupeKey: `waitlist_offer_lapsed:${s.waitlist_offer_id}`, data: { eventId, eventTitle: title, url: eventPath(eventId) } });
  }
  return settled.map((s) => ({ offerId: s.waitlist_offer_id, entryId: s.waitlist_entry_id, userId: s.user_id, status: s.status }));
}

/**
 * The engine's work for one event inside the caller's transaction (which it locks for the event, see
 * the file comment). `now`: the engine's clock (offer expiry, settling); availability itself is
 * PostgreSQL's now(), as for reserve.
 */
export async function offerSeatsInTx(tx: PrismaTx, eventId: number, now: Date = new Date(), { locked = false }: { locked?: boolean } = {}): Promise<OfferBatch> {
  const batch: OfferBatch = { eventId, offers: [], settled: [] };
  if (!locked) await lockWaitlist(tx, eventId);
  await clearDirty(eventId);
  const [event] = await tx.$queryRaw<EventRow[]>`
    SELECT e.event_id, e.title, e.status::text AS status, e.datetime, e.onsale_datetime, e.offsale_datetime, e.waitlist_offer_seconds, v.chart
      FROM event e JOIN venue v ON v.venue_id = e.venue_id WHERE e.event_id = ${eventId}`;
  if (!event) return batch;
  batch.settled = await settleOffers(tx, eventId, event.title, now);
  if (!saleWindowState({ status: event.status, datetime: event.datetime, onsaleAt: event.onsale_datetime, offsaleAt: event.offsale_datetime }, now).open) return batch;

  const entries = await tx.$queryRaw<EntryRow[]>`
    SELECT waitlist_entry_id, user_id, party_size, class_ids, together FROM waitlist_entry
     WHERE event_id = ${eventId} AND status = 'waiting' ORDER BY waitlist_entry_id`;
  if (entries.length === 0) return batch;
  const anyClass = entries.some((e) => e.class_ids.length === 0);
  const classes = [...new Set(entries.flatMap((e) => e.class_ids))];
  const seats = await tx.$queryRaw<SeatRow[]>`
    SELECT t.ticket_id, t.class_id, t.seat, s.section_id, s."row", s.row_index, s."number", s.x, s.y,
           CASE WHEN t.status = 'reserved' THEN GREATEST(t.hold_expire_datetime, COALESCE(t.checkout_hold_until, t.hold_expire_datetime))
                ELSE t.status_update_datetime END AS freed_at
      FROM ticket t JOIN seat s ON s.seat_id = t.seat_id
     WHERE t.event_id = ${eventId} AND ${ticketIsAvailableSql}
       AND (${anyClass} OR t.class_id = ANY(${classes}::int[]))
     ORDER BY t.ticket_id
       FOR UPDATE OF t SKIP LOCKED`;
  if (seats.length === 0) return batch;

  // Fans who hold (a hold not yet free to others) or bought seats of the event are not offered more.
  const holders = new Set(
    (
      await tx.$queryRaw<{ user_id: number }[]>`
        SELECT DISTINCT t.user_id FROM ticket t
         WHERE t.event_id = ${eventId} AND t.user_id = ANY(${entries.map((e) => e.user_id)}::int[])
           AND (t.status = 'confirmed' OR (t.status = 'reserved' AND NOT ${ticketIsAvailableSql}))`
    ).map((r) => r.user_id),
  );

  const stage = stageCentre(event.chart);
  let pool: WaitlistSeat[] = seats.map((r) => ({ ticketId: r.ticket_id, classId: r.class_id, sectionId: r.section_id, row: r.row, rowIndex: r.row_index, number: r.number, x: r.x, y: r.y }));
  const byId = new Map(seats.map((r) => [r.ticket_id, r]));
  const expiresAt = new Date(now.getTime() + event.waitlist_offer_seconds * 1000);
  for (const entry of entries) {
    if (pool.length === 0) break;
    if (holders.has(entry.user_id)) continue;
    const ticketIds = fitEntry({ partySize: entry.party_size, classIds: entry.class_ids, together: entry.together }, pool, stage);
    if (!ticketIds) continue;
    const [free] = await tx.$queryRaw<{ ok: boolean }[]>`SELECT pg_try_advisory_xact_lock(hashtextextended(${`order_limit:${entry.user_id}:${eventId}`}, 0)) AS ok`;
    if (!free?.ok) continue;
    const picked = ticketIds.map((id) => byId.get(id)!);
    const seatsFreedAt = new Date(Math.min(...picked.map((p) => p.freed_at.getTime())));
    const [made] = await tx.$queryRaw<{ reservation_id: number; waitlist_offer_id: number; taken: number; marked: number }[]>`
      WITH r AS (
        INSERT INTO reservation (user_id, event_id, status, expire_datetime, create_datetime, update_datetime)
        VALUES (${entry.user_id}, ${eventId}, 'active', ${expiresAt}, ${now}, ${now})
        RETURNING reservation_id
      ), t AS (
        UPDATE ticket t
           SET status = 'reserved', user_id = ${entry.user_id}, reservation_id = (SELECT reservation_id FROM r),
               hold_expire_datetime = ${expiresAt}, checkout_hold_until = NULL, status_update_datetime = now()
         WHERE t.ticket_id = ANY(${ticketIds}::int[]) AND t.event_id = ${eventId} AND ${ticketIsAvailableSql}
        RETURNING t.ticket_id
      ), o AS (
        INSERT INTO waitlist_offer (waitlist_entry_id, event_id, user_id, reservation_id, ticket_ids, status, expire_datetime, seats_freed_datetime, create_datetime)
        SELECT ${entry.waitlist_entry_id}, ${eventId}, ${entry.user_id}, r.reservation_id, ${ticketIds}::int[], 'offered', ${expiresAt}, ${seatsFreedAt}, ${now} FROM r
        RETURNING waitlist_offer_id
      ), en AS (
        UPDATE waitlist_entry SET status = 'offered', update_datetime = now()
         WHERE waitlist_entry_id = ${entry.waitlist_entry_id} AND status = 'waiting'
        RETURNING waitlist_entry_id
      )
      SELECT (SELECT reservation_id FROM r) AS reservation_id, (SELECT waitlist_offer_id FROM o) AS waitlist_offer_id,
             (SELECT count(*) FROM t)::int AS taken, (SELECT count(*) FROM en)::int AS marked`;
    if (!made || made.taken !== ticketIds.length || made.marked !== 1) {
      // Cannot happen while the rows are locked by this transaction and the entries by the engine
      // lock; if it does, nothing of this run may stand.
      throw new Error(`waitlist offer for entry ${entry.waitlist_entry_id} took ${made?.taken ?? 0} of ${ticketIds.length} seats`);
    }
    await enqueueNotification(tx, {
      userId: entry.user_id,
      kind: "waitlist_offer",
      dedupeKey: `waitlist_offer:${made.waitlist_offer_id}`,
      data: { eventId, eventTitle: event.title, seats: picked.map((p) => p.seat), expiresAt: expiresAt.toISOString(), url: eventPath(eventId) },
    });
    const taken = new Set(ticketIds);
    pool = pool.filter((s) => !taken.has(s.ticketId));
    batch.offers.push({ offerId: made.waitlist_offer_id, entryId: entry.waitlist_entry_id, userId: entry.user_id, reservationId: made.reservation_id, ticketIds, expiresAt });
  }
  return batch;
}

/** After the commit: the offered seats' Redis claims in the fans' names, caches and counters. */
export async function publishOfferBatches(batches: OfferBatch[]): Promise<void> {
  const touched = batches.filter((b) => b.offers.length > 0);
  if (touched.length === 0) return;
  await assignOfferClaims(touched.flatMap((b) => b.offers.map((o) => ({ eventId: b.eventId, userId: o.userId, reservationId: o.reservationId, ticketIds: o.ticketIds, expiresAt: o.expiresAt }))));
  const eventIds = touched.map((b) => b.eventId);
  try {
    await invalidateAvailabilityCaches(eventIds);
    await reconcileTicketCounts(eventIds);
  } catch (e) {
    log.warn(`caches or counts not refreshed after waitlist offers: ${(e as Error).message}`);
  }
}

/**
 * Runs the engine for one event in its own transaction (waiting for the engine lock), then
 * publishes; runs again while seats were freed meanwhile by releases that found the lock taken.
 * Answers the first run's batch with the later runs' offers and settlements added.
 */
export async function runWaitlistEngine(eventId: number, { now = new Date() }: { now?: Date } = {}): Promise<OfferBatch> {
  const total: OfferBatch = { eventId, offers: [], settled: [] };
  for (let run = 0; run <= MAX_RERUNS; run++) {
    const batch = await getDb().$transaction((tx) => offerSeatsInTx(tx, eventId, run === 0 ? now : new Date()), { maxWait: 10_000, timeout: 60_000 });
    await publishOfferBatches([batch]);
    total.offers.push(...batch.offers);
    total.settled.push(...batch.settled);
    if (!(await isDirty(eventId))) break;
  }
  return total;
}

/**
 * The events with a live waitlist (waiting entries or open offers): what the sweeper runs the engine
 * for, so lapsed holds and lapsed offers reach the next entry even when nothing else happens.
 */
export async function listWaitlistEvents(): Promise<number[]> {
  const rows = await getDb().$queryRaw<{ event_id: number }[]>`
    SELECT DISTINCT event_id FROM waitlist_entry WHERE status IN ('waiting', 'offered') ORDER BY event_id`;
  return rows.map((r) => r.event_id);
}

/** The sweeper's pass: the engine for every event with a live waitlist, one transaction each. */
export async function runWaitlistEngines({ now = new Date() }: { now?: Date } = {}): Promise<{ offers: number; settled: number }> {
  let offers = 0;
  let settled = 0;
  for (const eventId of await listWaitlistEvents()) {
    try {
      const batch = await runWaitlistEngine(eventId, { now });
      offers += batch.offers.length;
      settled += batch.settled.length;
    } catch (e) {
      log.warn(`waitlist engine for event ${eventId} failed: ${(e as Error).message}`);
    }
  }
  return { offers, settled };
}

export type HandOff = { batches: OfferBatch[]; later: number[] };

/**
 * Called by a transaction that has just freed seats of `eventIds` (a cancel, a released hold, a
 * refund), before it commits: with the event's waitlist priority on and entries waiting, the engine
 * runs inside that transaction, so the freed seats go from their old holder to the offered fans in
 * one commit and are never `available` in between. Inside a savepoint: should the engine fail, its
 * work is undone, the release still commits, and the event is run again after the commit (`later`).
 *
 * A release never waits for another engine: when the event's engine lock is taken (a burst of
 * releases, the sweeper's pass), it commits, flags the event for a rerun and tries the lock again;
 * the engine holding the lock runs again after its own commit and offers these seats then (they are
 * open to everyone for that moment). Waiting instead would hold a connection per release for the length of every engine
 * run ahead of it, and a burst of releases would exhaust the pool (measured: 60 concurrent cancels on
 * one event with 1,000 entries timed out waiting for connections).
 *
 * Events with priority off (or with a failed or contended hand-off) are in `later`: publishHandOff
 * runs them after the commit.
 */
export async function handOffFreedSeats(tx: PrismaTx, eventIds: number[], now: Date = new Date()): Promise<HandOff> {
  const out: HandOff = { batches: [], later: [] };
  const ids = [...new Set(eventIds)].sort((a, b) => a - b);
  if (ids.length === 0) return out;
  const live = await tx.$queryRaw<{ event_id: number; waitlist_priority: boolean }[]>`
    SELECT e.event_id, e.waitlist_priority FROM event e
     WHERE e.event_id = ANY(${ids}::int[])
       AND EXISTS (SELECT 1 FROM waitlist_entry w WHERE w.event_id = e.event_id AND w.status IN ('waiting', 'offered'))
     ORDER BY e.event_id`;
  for (const { event_id: eventId, waitlist_priority: priority } of live) {
    if (!priority) {
      out.later.push(eventId);
      continue;
    }
    if (!(await tryLockWaitlist(tx, eventId))) {
      out.later.push(eventId);
      continue;
    }
    await tx.$executeRaw`SAVEPOINT waitlist_hand_off`;
    try {
      out.batches.push(await offerSeatsInTx(tx, eventId, now, { locked: true }));
      await tx.$executeRaw`RELEASE SAVEPOINT waitlist_hand_off`;
    } catch (e) {
      await tx.$executeRaw`ROLLBACK TO SAVEPOINT waitlist_hand_off`;
      log.warn(`waitlist hand-off for event ${eventId} failed, run again after the commit: ${(e as Error).message}`);
      out.later.push(eventId);
    }
  }
  return out;
}

/**
 * After the releasing transaction commits: publish its offers; run again the events whose seats
 * were freed meanwhile (the rerun flag); for the events left for later, run the engine unless
 * another engine holds the lock (that one reruns for them, see handOffFreedSeats).
 */
export async function publishHandOff(handOff: HandOff | null | undefined): Promise<void> {
  if (!handOff) return;
  await publishOfferBatches(handOff.batches);
  const ran = new Set(handOff.batches.map((b) => b.eventId));
  for (const eventId of [...new Set([...handOff.later, ...ran])]) {
    if (ran.has(eventId) && !(await isDirty(eventId))) continue;
    // Seats of this commit that no engine has seen yet: flag them for whoever holds the lock now.
    if (handOff.later.includes(eventId)) await markDirty(eventId);
    await runIfFree(eventId).catch((e: unknown) => log.warn(`waitlist engine for event ${eventId} failed: ${(e as Error).message}`));
  }
}

/**
 * Lazy settling, like the availability rule's lazy expiry: when an open offer of the event has passed,
 * or its hold was paid or released, run the engine now (unless another engine is running), so a fan
 * reading the waitlist sees their offer accepted, or the next offer, without waiting for the sweeper.
 * One indexed read when nothing is due.
 */
export async function nudgeWaitlistEngine(eventId: number, now: Date = new Date()): Promise<void> {
  const [due] = await getDb().$queryRaw<{ due: boolean }[]>`
    SELECT EXISTS (SELECT 1 FROM waitlist_offer o JOIN reservation r ON r.reservation_id = o.reservation_id
                    WHERE o.event_id = ${eventId} AND o.status = 'offered'
                      AND (o.expire_datetime <= ${now} OR r.status <> 'active')) AS due`;
  if (!due?.due) return;
  await runIfFree(eventId).catch((e: unknown) => log.warn(`waitlist engine for event ${eventId} failed: ${(e as Error).message}`));
}

/** runWaitlistEngine, unless another engine holds the event's lock (it reruns for the flag). */
async function runIfFree(eventId: number): Promise<void> {
  for (let run = 0; run <= MAX_RERUNS; run++) {
    const batch = await getDb().$transaction(
      async (tx) => ((await tryLockWaitlist(tx, eventId)) ? offerSeatsInTx(tx, eventId, new Date(), { locked: true }) : null),
      { maxWait: 10_000, timeout: 60_000 },
    );
    if (!batch) return;
    await publishOfferBatches([batch]);
    if (!(await isDirty(eventId))) return;
  }
}
