// Reserve: hold seats for a fan, all or nothing. The two-step claim of docs/architecture.md:
//  1. one Lua script counts the call against the rate limits and claims every seat's Redis key with
//     the hold's TTL, or none (losers stop here);
//  2. one PostgreSQL statement whose conditional UPDATE takes the tickets that are still available
//     (the arbiter); if it changed fewer rows than asked, the statement aborts and the claims go.
// docs/performance.md has what a hold costs and how it was measured.
// A fan has one hold per event: seats added later join it and keep its expiry, and re-reserving
// seats already held answers the same hold, never a longer one.
import { getDb } from "@/lib/db";
import { AppError } from "@/lib/errors/app-error";
import { availabilityCacheKey } from "@/lib/events/cache-keys";
import { saleWindowState } from "@/lib/events/sale-window";
import { Prisma } from "@/lib/generated/prisma/client";
import { describeHoldRows } from "@/lib/inventory/get-active-hold";
import { claimSeats, giveBackClaims, retimeSeatClaims } from "@/lib/inventory/hold-claims";
import { ticketIsAvailableSql } from "@/lib/inventory/ticket-availability";
import { withheldForWaitlistSql } from "@/lib/waitlist/withheld-for-waitlist";
import { adjustTicketCount } from "@/lib/inventory/ticket-counts";
import { enforceRateLimits, rateLimitedError, type RateLimitOptions } from "@/lib/rate-limit/rate-limit";
import { getRedis } from "@/lib/redis";
import { dropCachedLocally } from "@/lib/redis/cached";
import type { ReserveResult } from "@/lib/inventory/types";
import type { AdmissionCredentials } from "@/lib/queue/admission-cookie";
import { assertAdmitted } from "@/lib/queue/assert-admitted";

type SaleDates = { status: string; datetime: Date; onsaleAt: Date | null; offsaleAt: Date | null };

/** Throws not_on_sale unless the sale window (lib/events/sale-window.ts) is open at `now`. */
export function assertOnSale(event: SaleDates, now: Date = new Date()): void {
  const state = saleWindowState(event, now);
  if (state.open) return;
  switch (state.reason) {
    case "not_scheduled":
      throw new AppError("not_on_sale", `This event is ${event.status}`);
    case "started":
      throw new AppError("not_on_sale", "This event has already started");
    case "not_yet":
      throw new AppError("not_on_sale", `Tickets go on sale at ${event.onsaleAt!.toISOString()}`);
    case "ended":
      throw new AppError("not_on_sale", "Ticket sales for this event have ended");
  }
}

export function seatsUnavailable(ticketIds: number[]): AppError {
  return new AppError("seats_unavailable", `${ticketIds.length === 1 ? "A seat was" : `${ticketIds.length} seats were`} just taken by someone else`, {
    unavailable_ticket_ids: ticketIds.map(String),
  });
}

// The event facts a reserve checks before Redis, cached in this process per event (with the map
// from each of its tickets to it, so a fan's first click costs PostgreSQL nothing). The cache is a
// hint: the reserve statement compares the row's fingerprint (eventFingerprintSql) with the one
// cached and changes nothing when the event was edited meanwhile; the facts are then read again.
export type EventFacts = {
  eventId: number;
  status: string;
  datetime: Date;
  onsaleAt: Date | null;
  offsaleAt: Date | null;
  holdSeconds: number;
  maxPerOrder: number;
  queueEnabled: boolean;
  fingerprint: string;
};

const EVENT_FACTS_MS = 60_000;
const TICKET_MAP_MAX = 500_000;
type FactsCache = { events: Map<number, { facts: EventFacts; until: number }>; ticketEvent: Map<number, number> };
const globalForReserve = globalThis as unknown as { __openseatReserveFacts?: FactsCache };
const factsCache = (globalForReserve.__openseatReserveFacts ??= { events: new Map(), ticketEvent: new Map() });

/** Forget the cached event facts (tests that edit events behind the application's back). */
export function forgetReserveFacts(): void {
  factsCache.events.clear();
  factsCache.ticketEvent.clear();
}

/** Every fact the reserve relies on, in one value: a changed event changes it. */
export const eventFingerprintSql = Prisma.sql`md5(concat_ws('|', e.status::text, e.datetime::text, e.onsale_datetime::text, e.offsale_datetime::text, e.hold_seconds, e.max_tickets_per_order, e.queue_enabled, e.published_datetime::text))`;

type FactsRow = { ticket_id: number; event_id: number; status: string; datetime: Date; onsale_datetime: Date | null; offsale_datetime: Date | null; hold_seconds: number; max_tickets_per_order: number; queue_enabled: boolean; fingerprint: string };

/** Reads the tickets' event facts from PostgreSQL and caches them with the event's ticket ids. */
async function loadEventFacts(ticketIds: number[]): Promise<EventFacts> {
  const rows = await getDb().$queryRaw<FactsRow[]>`
    SELECT t.ticket_id, t.event_id, e.status::text AS status, e.datetime, e.onsale_datetime, e.offsale_datetime,
           e.hold_seconds, e.max_tickets_per_order, e.queue_enabled, ${eventFingerprintSql} AS fingerprint
      FROM ticket t JOIN event e ON e.event_id = t.event_id
     WHERE t.ticket_id = ANY(${ticketIds}::int[]) AND e.published_datetime IS NOT NULL`;
  if (rows.length < ticketIds.length) {
    const known = new Set(rows.map((t) => t.ticket_id));
    throw new AppError("not_found", "Some tickets do not exist", { unknown_ticket_ids: ticketIds.filter((id) => !known.has(id)).map(String) });
  }
  if (new Set(rows.map((t) => t.event_id)).size > 1) throw new AppError("validation_error", "All tickets of a hold must belong to one event", { field: "ticket_ids" });
  const r = rows[0]!;
  const facts = toEventFacts(r);
  const known = factsCache.events.has(r.event_id);
  factsCache.events.set(r.event_id, { facts, until: Date.now() + EVENT_FACTS_MS });
  // The event's whole ticket list once per process (tickets never change event), so the next fan's
  // seats are found here; a ticket added later is a miss and comes back this way.
  if (!known || rows.some((t) => !factsCache.ticketEvent.has(t.ticket_id))) {
    const all = await getDb().$queryRaw<{ ticket_id: number }[]>`SELECT ticket_id FROM ticket WHERE event_id = ${r.event_id}`;
    if (factsCache.ticketEvent.size + all.length > TICKET_MAP_MAX) factsCache.ticketEvent.clear();
    for (const t of all) factsCache.ticketEvent.set(t.ticket_id, r.event_id);
  }
  return facts;
}

/** The cached facts from a row of either facts query. */
function toEventFacts(r: Omit<FactsRow, "ticket_id">): EventFacts {
  return {
    eventId: r.event_id,
    status: r.status,
    datetime: r.datetime,
    onsaleAt: r.onsale_datetime,
    offsaleAt: r.offsale_datetime,
    holdSeconds: r.hold_seconds,
    maxPerOrder: r.max_tickets_per_order,
    queueEnabled: r.queue_enabled,
    fingerprint: r.fingerprint,
  };
}

/**
 * The event's facts by id (GA reserves name the event, not tickets): this process' copy while it is
 * fresh, unless `reload`; else read from PostgreSQL. not_found for an unknown or unpublished event.
 */
export async function eventFactsById(eventId: number, reload = false): Promise<EventFacts> {
  const entry = factsCache.events.get(eventId);
  if (!reload && entry && entry.until > Date.now()) return entry.facts;
  const rows = await getDb().$queryRaw<Omit<FactsRow, "ticket_id">[]>`
    SELECT e.event_id, e.status::text AS status, e.datetime, e.onsale_datetime, e.offsale_datetime,
           e.hold_seconds, e.max_tickets_per_order, e.queue_enabled, ${eventFingerprintSql} AS fingerprint
      FROM event e WHERE e.event_id = ${eventId}::int AND e.published_datetime IS NOT NULL`;
  const r = rows[0];
  if (!r) throw new AppError("not_found", `Event ${eventId} was not found`);
  const facts = toEventFacts(r);
  // Only the facts: the ticket map is filled by the first reserve by ids (loadEventFacts sees its
  // tickets missing from the map and reads them).
  factsCache.events.set(eventId, { facts, until: Date.now() + EVENT_FACTS_MS });
  return facts;
}

/** The facts from this process' cache when every ticket is known and of one event, else null. */
function cachedEventFacts(ticketIds: number[]): EventFacts | null {
  const eventId = factsCache.ticketEvent.get(ticketIds[0]!);
  if (eventId === undefined || ticketIds.some((id) => factsCache.ticketEvent.get(id) !== eventId)) return null;
  const entry = factsCache.events.get(eventId);
  return entry && entry.until > Date.now() ? entry.facts : null;
}

export type Outcome = {
  fresh: boolean | null;
  within: boolean | null;
  owned: number | null;
  guarded: boolean;
  live: boolean;
  reservation_id: number | null;
  expire_datetime: Date | null;
  added: number;
  tickets: { ticket_id: number; seat: string; section: string; row: string; seat_number: number; class: string; price: string; currency: string }[] | null;
};

/**
 * What a reserve takes: these tickets (seats), or `quantity` free places of one general-admission
 * area (lib/inventory/reserve-ga-tickets.ts). `wait` false skips places other reserves have locked
 * (SKIP LOCKED: concurrent fans take different places instead of queueing on the same rows); true
 * waits for them, which gives the definitive answer when skipping found too few.
 */
export type ReservePick = { ticketIds: number[] } | { gaSectionId: number; quantity: number; wait: boolean };

/** The reserve as one statement (see the comment in reserveTickets). */
export function reserveStatement(userId: number, pick: ReservePick, facts: EventFacts, provisional: Date) {
  const { eventId } = facts;
  const ga = "gaSectionId" in pick ? pick : null;
  // For GA the id list is empty: nothing below that names asked ids matches, and the counts use n.
  const ticketIds = ga ? [] : (pick as { ticketIds: number[] }).ticketIds;
  const n = ga ? ga.quantity : ticketIds.length;
  const askedOfEvent = ga
    ? Prisma.sql`EXISTS (SELECT 1 FROM section sec WHERE sec.section_id = ${ga.gaSectionId}::int AND sec.kind = 'general_admission'
                          AND sec.chart_version_id = e.chart_version_id)`
    : Prisma.sql`(SELECT count(*) FROM ticket t WHERE t.ticket_id = ANY(${ticketIds}::int[]) AND t.event_id = e.event_id) = ${ticketIds.length}`;
  // The arbiter's target rows. GA: the first n available places of the area, locked by the
  // `picked` CTE (run once: a locking subquery inside the UPDATE's WHERE may be run again per row),
  // so the UPDATE below only ever sees rows this statement already owns.
  const picked = ga
    ? Prisma.sql`picked AS MATERIALIZED (
        SELECT t.ticket_id FROM ticket t JOIN seat s ON s.seat_id = t.seat_id
         WHERE t.event_id = ${eventId}::int AND s.section_id = ${ga.gaSectionId}::int AND ${ticketIsAvailableSql} AND NOT ${withheldForWaitlistSql}
           AND EXISTS (SELECT 1 FROM guard)
         ORDER BY t.ticket_id LIMIT ${ga.quantity}::int
           FOR UPDATE OF t ${ga.wait ? Prisma.empty : Prisma.sql`SKIP LOCKED`}
      ),`
    : Prisma.empty;
  const target = ga ? Prisma.sql`t.ticket_id IN (SELECT ticket_id FROM picked)` : Prisma.sql`t.ticket_id = ANY(${ticketIds}::int[])`;
  const shortfall = ga
    ? Prisma.sql`openseat_abort('ga_short', (SELECT count(*)::text FROM taken))`
    : Prisma.sql`openseat_abort('seats_unavailable', (SELECT coalesce(string_agg(id::text, ','), '') FROM unnest(${ticketIds}::int[]) id
                                                           WHERE id NOT IN (SELECT ticket_id FROM taken)))`;
  return Prisma.sql`
    WITH ev AS (
      -- fresh: the cached facts still hold (the event unchanged, every ticket of it)
      SELECT e.event_id, e.max_tickets_per_order AS max,
             ${eventFingerprintSql} = ${facts.fingerprint} AND ${askedOfEvent} AS fresh
        FROM event e WHERE e.event_id = ${eventId}
    ), live AS (
      SELECT r.reservation_id FROM reservation r
       WHERE r.user_id = ${userId} AND r.event_id = ${eventId} AND r.status = 'active' AND r.expire_datetime > now()
       ORDER BY r.expire_datetime DESC LIMIT 1
    ), mine AS (
      -- What the fan has for the event: held (the live hold, or another not yet free to others) or
      -- bought; and how many of the asked seats the live hold already has.
      SELECT count(*) FILTER (WHERE t.status = 'confirmed'
                                 OR (t.status = 'reserved' AND (t.reservation_id = (SELECT reservation_id FROM live) OR NOT ${ticketIsAvailableSql})))::int AS owned,
             count(*) FILTER (WHERE t.status = 'reserved' AND t.reservation_id = (SELECT reservation_id FROM live)
                                AND t.ticket_id = ANY(${ticketIds}::int[]))::int AS already
        FROM ticket t WHERE t.user_id = ${userId} AND t.event_id = ${eventId}
    ), ok AS (
      SELECT ev.fresh, mine.owned, mine.already, mine.owned + ${n}::int - mine.already <= ev.max AS within FROM ev, mine
    ), seen AS (
      SELECT g.version FROM reserve_guard g WHERE g.user_id = ${userId} AND g.event_id = ${eventId}
    ), guard AS (
      -- The order limit's lock: passes only if no reserve of this fan on this event committed since
      -- this statement's snapshot (one that is still running is waited for, then seen).
      INSERT INTO reserve_guard AS g (user_id, event_id, version)
      SELECT ${userId}, ${eventId}, 1 FROM ok WHERE ok.fresh AND ok.within
      ON CONFLICT (user_id, event_id) DO UPDATE SET version = g.version + 1
       WHERE g.version = COALESCE((SELECT version FROM seen), 0)
      RETURNING g.version
    ), touched AS (
      -- The live hold, locked and checked live again; seats added to it keep its expiry.
      UPDATE reservation r SET update_datetime = now()
        FROM live WHERE r.reservation_id = live.reservation_id AND r.status = 'active' AND r.expire_datetime > now()
         AND EXISTS (SELECT 1 FROM guard)
      RETURNING r.reservation_id, r.expire_datetime
    ), created AS (
      INSERT INTO reservation (user_id, event_id, expire_datetime, status)
      SELECT ${userId}, ${eventId}, ${provisional}, 'active'
       WHERE NOT EXISTS (SELECT 1 FROM live) AND EXISTS (SELECT 1 FROM guard)
      RETURNING reservation_id, expire_datetime
    ), hold AS (
      SELECT reservation_id, expire_datetime FROM touched UNION ALL SELECT reservation_id, expire_datetime FROM created
    ), ${picked} taken AS (
      -- The arbiter: only tickets still available (or already in this very hold) change hands.
      UPDATE ticket t
         SET status = 'reserved', user_id = ${userId}, reservation_id = hold.reservation_id,
             hold_expire_datetime = hold.expire_datetime, status_update_datetime = now(),
             -- a seat new to this hold has no checkout yet; one already in it keeps its open checkout's marker
             checkout_hold_until = CASE WHEN t.status = 'reserved' AND t.reservation_id = hold.reservation_id THEN t.checkout_hold_until END
        FROM hold
       WHERE ${target} AND t.event_id = ${eventId}
         -- (a lapsed hold's seat is the waitlist's first: lib/waitlist/withheld-for-waitlist.ts)
         AND ((${ticketIsAvailableSql} AND NOT ${withheldForWaitlistSql}) OR (t.status = 'reserved' AND t.reservation_id = hold.reservation_id))
      RETURNING t.ticket_id, t.seat, t.seat_id, t.class_id, t.price, t.currency
    ), in_hold AS (
      SELECT t.ticket_id, t.seat, t.seat_id, t.class_id, t.price, t.currency FROM ticket t, hold
       WHERE t.reservation_id = hold.reservation_id AND t.status = 'reserved' AND NOT t.ticket_id = ANY(${ticketIds}::int[])
      UNION ALL SELECT ticket_id, seat, seat_id, class_id, price, currency FROM taken
    )
    SELECT ok.fresh, ok.within, ok.owned,
           EXISTS (SELECT 1 FROM guard) AS guarded,
           EXISTS (SELECT 1 FROM live) AS live,
           (SELECT reservation_id FROM hold) AS reservation_id,
           (SELECT expire_datetime FROM hold) AS expire_datetime,
           ((SELECT count(*) FROM taken) - ok.already)::int AS added,
           (SELECT json_agg(json_build_object('ticket_id', h.ticket_id, 'seat', h.seat, 'section', sec.label, 'general_admission', sec.kind = 'general_admission', 'row', s."row",
                                              'seat_number', s."number", 'class', c.name, 'price', h.price::text, 'currency', h.currency)
                            ORDER BY h.ticket_id)
              FROM in_hold h JOIN class c ON c.class_id = h.class_id JOIN seat s ON s.seat_id = h.seat_id
              JOIN section sec ON sec.section_id = s.section_id) AS tickets,
           -- Fewer seats changed hands than asked: the whole statement is undone (nothing written).
           CASE WHEN EXISTS (SELECT 1 FROM hold) AND (SELECT count(*) FROM taken) < ${n}
                THEN ${shortfall}
           END AS aborted
      FROM ok`;
}

const ABORT = /openseat_abort:([a-z_]+):([0-9,]*)/;

/** The seats a reserve statement aborted on (openseat_abort), or null for any other error. */
function abortedSeats(error: unknown): number[] | null {
  const text = `${(error as Error)?.message ?? ""} ${JSON.stringify((error as { meta?: unknown })?.meta ?? "")}`;
  const match = ABORT.exec(text);
  if (!match || match[1] !== "seats_unavailable") return null;
  return match[2]!.split(",").filter(Boolean).map(Number);
}

/** 400 order_limit_exceeded: `max` per fan and event, of which the fan already has `alreadyHave`. */
export function orderLimitError(max: number, alreadyHave: number): AppError {
  const more = Math.max(0, max - alreadyHave);
  const have = alreadyHave > 0 ? ` You already hold or bought ${alreadyHave}, so you may take ${more === 0 ? "no" : more} more.` : "";
  return new AppError("order_limit_exceeded", `You can have at most ${max} tickets for this event.${have}`, {
    max_tickets_per_order: max,
    tickets_remaining: more,
  });
}

export type ReserveOptions = {
  userId: number;
  ticketIds: number[];
  /**
   * The caller's admission tokens (lib/queue), required while the event's waiting room is on;
   * checked locally, before any Redis claim or write.
   */
  admission?: AdmissionCredentials;
  /**
   * Rate-limit budgets to count this call against (lib/rate-limit/policies.ts policyBudgets), in
   * the claim's own round trip, per event. When the event is not yet known to this process they
   * are first counted the ordinary way too, before PostgreSQL is read.
   */
  rateLimit?: RateLimitOptions[];
};

/**
 * Holds the seats for the fan, all or nothing. The cost of a hold, when this process knows the
 * event: one Redis round trip (rate limit and claim, one script) and one PostgreSQL statement:
 * a CTE that checks the event did not change, counts what the fan has (the order limit), bumps the
 * fan's reserve_guard row (which makes that count exact under concurrency: a second reserve of the
 * same fan and event waits for the first and is retried on a fresh snapshot), touches or creates
 * the hold, takes the seats with the conditional UPDATE and answers the hold, all from one snapshot
 * and RETURNING. When the UPDATE takes fewer seats than asked the statement aborts itself
 * (openseat_abort), so nothing is written.
 */
export async function reserveTickets({ userId, ticketIds, admission, rateLimit }: ReserveOptions): Promise<ReserveResult> {
  const db = getDb();
  let facts = cachedEventFacts(ticketIds);
  // A refusal is never taken from the cache: the facts are read again first (an event opened early).
  let cached = facts !== null;
  if (!facts) {
    // Unknown here: the budgets are counted before PostgreSQL is read (unknown ids cost a read).
    if (rateLimit?.length) await enforceRateLimits(rateLimit);
    facts = await loadEventFacts(ticketIds);
  }
  let budgets = rateLimit ?? [];
  let claim: { claimedTicketIds: number[] } | null = null;
  let claimEventId = facts.eventId;
  try {
    for (let attempt = 0; ; attempt++) {
      const now = new Date();
      const eventId = facts.eventId;
      const max = facts.maxPerOrder;
      const limitError = (alreadyHave: number) => orderLimitError(max, alreadyHave);
      try {
        assertOnSale({ status: facts.status, datetime: facts.datetime, onsaleAt: facts.onsaleAt, offsaleAt: facts.offsaleAt }, now);
        if (facts.queueEnabled) await assertAdmitted({ eventId, userId, admission });
        if (ticketIds.length > max) throw limitError(0);
      } catch (error) {
        if (!cached || claim) throw error;
        if (budgets.length) await enforceRateLimits(budgets);
        facts = await loadEventFacts(ticketIds);
        cached = false;
        continue;
      }

      // A new hold's expiry; seats added to an existing hold are re-timed to that hold's expiry below.
      const provisional = new Date(now.getTime() + facts.holdSeconds * 1000);
      if (!claim) {
        const outcome = await claimSeats(eventId, ticketIds, userId, provisional, budgets);
        claimEventId = eventId;
        if (!outcome.ok) {
          if (outcome.takenTicketIds === undefined) throw rateLimitedError(outcome.retryAfterSeconds);
          throw seatsUnavailable(outcome.takenTicketIds);
        }
        claim = outcome;
        budgets = [];
      }
      let rows: Outcome[];
      try {
        rows = await db.$queryRaw<Outcome[]>(reserveStatement(userId, { ticketIds }, facts, provisional));
      } catch (error) {
        const lost = abortedSeats(error);
        if (lost) throw seatsUnavailable(lost);
        throw error;
      }
      const out = rows[0];
      if (!out || out.fresh !== true) {
        // The event changed (or is gone): read it again and check everything anew, seats included.
        if (attempt >= 2) throw new AppError("conflict", "The event changed while you reserved; please try again");
        factsCache.events.delete(eventId);
        facts = await loadEventFacts(ticketIds);
        cached = false;
        if (facts.eventId !== claimEventId) {
          // Only where ids are reused (a test database emptied): claim again under the right event.
          await giveBackClaims(claimEventId, claim.claimedTicketIds, userId);
          claim = null;
        }
        continue;
      }
      if (!out.within) throw limitError(out.owned ?? 0);
      if (!out.guarded) {
        // Another reserve of this fan on this event committed first: once more on a fresh snapshot.
        if (attempt >= 5) throw new AppError("conflict", "Too many reserves at once for this event; please try again");
        continue;
      }
      if (out.reservation_id === null || out.expire_datetime === null) {
        throw new AppError("conflict", "Your hold has just expired; please select your seats again");
      }
      const reservation = { id: out.reservation_id, expiresAt: out.expire_datetime };
      if (reservation.expiresAt.getTime() !== provisional.getTime()) {
        await retimeSeatClaims(eventId, claim.claimedTicketIds, userId, reservation.expiresAt);
      }
      // The cached count was lowered by the claim (by the seats new to Redis); a difference to what
      // PostgreSQL added is left to the sweeper's reconciliation. This process' copy of the
      // availability goes now (Redis' went with the claim).
      if (out.added !== claim.claimedTicketIds.length) await adjustTicketCount(eventId, claim.claimedTicketIds.length - out.added);
      dropCachedLocally(getRedis(), [availabilityCacheKey(eventId)]);
      const answer = describeHoldRows(reservation, eventId, out.tickets ?? [], now);
      claim = null;
      return answer;
    }
  } catch (error) {
    // Refused after the claim (PostgreSQL said no, or the event changed under us): the claims go.
    if (claim) await giveBackClaims(claimEventId, claim.claimedTicketIds, userId);
    throw error;
  }
}
