// What follows a release of seats in PostgreSQL (a fan's cancel, a hold given back because its
// payment failed or expired, a refunded ticket): the holder's Redis claims are dropped, the events'
// availability caches invalidated, the cached counts adjusted, and listeners (SSE) told.
// Failures here are logged by the helpers and never undo the release: PostgreSQL has the truth.
import { getDb } from "@/lib/db";
import { invalidateAvailabilityCaches } from "@/lib/events/cache-keys";
import { releaseSeatClaims } from "./hold-claims";
import { emitSeatsFreed } from "./inventory-events";
import { adjustTicketCount } from "./ticket-counts";
import { handOffFreedSeats, publishHandOff } from "@/lib/waitlist/offer-engine";

export type ReleasedSeat = { event_id: number; ticket_id: number; holder_id: number };

export async function announceReleasedSeats(released: ReleasedSeat[]): Promise<void> {
  const groups = new Map<string, { eventId: number; holderId: number; ids: number[] }>();
  for (const r of released) {
    const key = `${r.event_id}/${r.holder_id}`;
    const group = groups.get(key) ?? { eventId: r.event_id, holderId: r.holder_id, ids: [] };
    group.ids.push(r.ticket_id);
    groups.set(key, group);
  }
  await Promise.all([...groups.values()].map((g) => releaseSeatClaims(g.eventId, g.ids, g.holderId)));
  const byEvent = new Map<number, number[]>();
  for (const r of released) byEvent.set(r.event_id, [...(byEvent.get(r.event_id) ?? []), r.ticket_id]);
  await Promise.all(
    [...byEvent].map(async ([eventId, ids]) => {
      await Promise.all([invalidateAvailabilityCaches([eventId]), adjustTicketCount(eventId, ids.length)]);
      emitSeatsFreed({ eventId, ticketIds: [...ids].sort((a, b) => a - b) });
    }),
  );
}

export type ReleaseReservationResult = { released: boolean; ticketIds: number[]; eventId: number | null };

/**
 * Gives back an active hold at once (its payment failed or its checkout expired): its reserved
 * tickets become available and the reservation `released`. With `checkoutSessionId`, only when the
 * hold's current checkout is that session, so the expiry of a session the fan already replaced
 * never releases the seats they are paying for now. A hold that is not active is left alone.
 */
export async function releaseReservation({ reservationId, checkoutSessionId }: { reservationId: number; checkoutSessionId?: string }): Promise<ReleaseReservationResult> {
  const result = await getDb().$transaction(async (tx) => {
    const [reservation] = await tx.$queryRaw<{ reservation_id: number; event_id: number; user_id: number }[]>`
      UPDATE reservation SET status = 'released', update_datetime = now()
       WHERE reservation_id = ${reservationId} AND status = 'active'
         AND (${checkoutSessionId ?? null}::text IS NULL OR checkout_session_id = ${checkoutSessionId ?? null}::text)
      RETURNING reservation_id, event_id, user_id`;
    if (!reservation) return null;
    const tickets = await tx.$queryRaw<{ ticket_id: number }[]>`
      UPDATE ticket SET status = 'available', user_id = NULL, reservation_id = NULL, hold_expire_datetime = NULL, checkout_hold_until = NULL,
                        status_update_datetime = now()
       WHERE reservation_id = ${reservationId} AND status = 'reserved'
      RETURNING ticket_id`;
    // Freed seats go to the event's waitlist in this same commit (lib/waitlist/offer-engine.ts).
    const handOff = tickets.length > 0 ? await handOffFreedSeats(tx, [reservation.event_id]) : null;
    return { reservation, ticketIds: tickets.map((t) => t.ticket_id).sort((a, b) => a - b), handOff };
  });
  if (!result) return { released: false, ticketIds: [], eventId: null };
  const { reservation, ticketIds } = result;
  await announceReleasedSeats(ticketIds.map((id) => ({ event_id: reservation.event_id, ticket_id: id, holder_id: reservation.user_id })));
  await publishHandOff(result.handOff);
  return { released: true, ticketIds, eventId: reservation.event_id };
}
