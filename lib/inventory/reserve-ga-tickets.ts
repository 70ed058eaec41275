// General admission by quantity: hold `quantity` places of one GA area, all or nothing, through the
// same statement and arbiter as seats (reserveStatement in reserve-tickets.ts). A GA area's places are
// ticket rows like seats (lib/venues/ga-places.ts), so the statement picks the first `quantity` free
// places of the area and moves them with the same conditional UPDATE: PostgreSQL's row locks decide,
// capacity is the number of rows, and nothing can be oversold whatever Redis holds.
//
// Two passes. The first skips places other reserves have locked (SKIP LOCKED), so a crowd buying the
// same area takes different rows at once instead of queueing behind the first few. Skipped rows may
// come back (their reserve may fail), so when the first pass finds too few the second waits for those
// locks and counts again: a fan is told "only K left" only when K is what PostgreSQL has.
// No Redis claim: a claim per place would cost a round trip per ticket and decide nothing the
// UPDATE does not; rate limits are counted first, as for seats.
import { getDb } from "@/lib/db";
import { AppError } from "@/lib/errors/app-error";
import { availabilityCacheKey, invalidateAvailabilityCaches } from "@/lib/events/cache-keys";
import { describeHoldRows } from "@/lib/inventory/get-active-hold";
import { assertOnSale, eventFactsById, orderLimitError, reserveStatement, type Outcome } from "@/lib/inventory/reserve-tickets";
import { adjustTicketCount } from "@/lib/inventory/ticket-counts";
import type { ReserveResult } from "@/lib/inventory/types";
import type { AdmissionCredentials } from "@/lib/queue/admission-cookie";
import { assertAdmitted } from "@/lib/queue/assert-admitted";
import { enforceRateLimits, type RateLimitOptions } from "@/lib/rate-limit/rate-limit";
import { getRedis } from "@/lib/redis";
import { dropCachedLocally } from "@/lib/redis/cached";

const SHORT = /openseat_abort:ga_short:(\d+)/;

/** How many places a GA statement found when it aborted for want of enough (null: another error). */
function shortBy(error: unknown): number | null {
  const text = `${(error as Error)?.message ?? ""} ${JSON.stringify((error as { meta?: unknown })?.meta ?? "")}`;
  const match = SHORT.exec(text);
  return match ? Number(match[1]) : null;
}

export type ReserveGaOptions = {
  userId: number;
  eventId: number;
  /** The GA area (a general_admission section of the event's chart version). */
  sectionId: number;
  quantity: number;
  admission?: AdmissionCredentials;
  rateLimit?: RateLimitOptions[];
};

/**
 * Holds `quantity` GA places of the area for the fan, joining the fan's live hold on the event (one
 * hold per fan and event, seats and GA together). Refusals: 404 (no such event or area), not on
 * sale, admission, 400 order_limit_exceeded (the same guarded count as seats), 409
 * seats_unavailable with `available` (how many places PostgreSQL still had).
 */
export async function reserveGaTickets({ userId, eventId, sectionId, quantity, admission, rateLimit }: ReserveGaOptions): Promise<ReserveResult> {
  if (rateLimit?.length) await enforceRateLimits(rateLimit);
  let facts = await eventFactsById(eventId);
  let reloaded = false;
  for (let attempt = 0, wait = false; ; attempt++) {
    const now = new Date();
    try {
      assertOnSale({ status: facts.status, datetime: facts.datetime, onsaleAt: facts.onsaleAt, offsaleAt: facts.offsaleAt }, now);
      if (facts.queueEnabled) await assertAdmitted({ eventId, userId, admission });
      if (quantity > facts.maxPerOrder) throw orderLimitError(facts.maxPerOrder, 0);
    } catch (error) {
      // A refusal is never taken from this process' copy of the facts.
      if (reloaded) throw error;
      facts = await eventFactsById(eventId, true);
      reloaded = true;
      continue;
    }
    const provisional = new Date(now.getTime() + facts.holdSeconds * 1000);
    let rows: Outcome[];
    try {
      rows = await getDb().$queryRaw<Outcome[]>(reserveStatement(userId, { gaSectionId: sectionId, quantity, wait }, facts, provisional));
    } catch (error) {
      const found = shortBy(error);
      if (found === null) throw error;
      if (!wait) {
        wait = true;
        continue;
      }
      throw new AppError("seats_unavailable", found === 0 ? "This area is sold out" : `Only ${found} ${found === 1 ? "place is" : "places are"} left in this area`, {
        section_id: String(sectionId),
        available: found,
      });
    }
    const out = rows[0];
    if (!out || out.fresh !== true) {
      if (attempt >= 2 || reloaded) {
        // Read once more: an unknown area is a 404, an edited event is tried again by the fan.
        const ok = await getDb().$queryRaw<{ ok: boolean }[]>`
          SELECT EXISTS (SELECT 1 FROM section sec JOIN event e ON e.chart_version_id = sec.chart_version_id
                          WHERE e.event_id = ${eventId}::int AND sec.section_id = ${sectionId}::int AND sec.kind = 'general_admission') AS ok`;
        if (!ok[0]?.ok) throw new AppError("not_found", `Event ${eventId} has no general-admission area ${sectionId}`);
        if (attempt >= 2) throw new AppError("conflict", "The event changed while you reserved; please try again");
      }
      facts = await eventFactsById(eventId, true);
      reloaded = true;
      continue;
    }
    if (!out.within) throw orderLimitError(facts.maxPerOrder, out.owned ?? 0);
    if (!out.guarded) {
      // Another reserve of this fan on this event committed first: once more on a fresh snapshot.
      if (attempt >= 5) throw new AppError("conflict", "Too many reserves at once for this event; please try again");
      continue;
    }
    if (out.reservation_id === null || out.expire_datetime === null) {
      throw new AppError("conflict", "Your hold has just expired; please try again");
    }
    // No claim lowered the cached count or dropped the cached availability: both here.
    await Promise.all([adjustTicketCount(eventId, -out.added), invalidateAvailabilityCaches([eventId])]);
    dropCachedLocally(getRedis(), [availabilityCacheKey(eventId)]);
    return describeHoldRows({ id: out.reservation_id, expiresAt: out.expire_datetime }, eventId, out.tickets ?? [], now);
  }
}
