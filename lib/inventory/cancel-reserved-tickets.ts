// Cancel (status "reserved"): a fan releases seats they hold, at once, in PostgreSQL and Redis.
// Only the holder can: if any requested ticket is held by someone else nothing changes (403); if
// some are not held by the caller at all (expired, released, never held) nothing changes (409).
import { getDb } from "@/lib/db";
import { AppError } from "@/lib/errors/app-error";
import { announceReleasedSeats } from "@/lib/inventory/released-seats";
import type { CancelResult } from "@/lib/inventory/types";
import { logger } from "@/lib/log/logger";
import { handOffFreedSeats, publishHandOff } from "@/lib/waitlist/offer-engine";

const log = logger("inventory");

type Released = { ticket_id: number; event_id: number; seat: string; class: string; reservation_id: number };

export type CancelReservedInput = {
  userId: number;
  ticketIds: number[];
  reason?: string;
  /**
   * Called after the commit with the Stripe Checkout Sessions the cancel made stale (opened for
   * the seats as they were): the payments layer expires them so they can no longer be paid.
   */
  onStaleCheckoutSessions?: (sessionIds: string[]) => Promise<unknown>;
};

export async function cancelReservedTickets({ userId, ticketIds, reason, onStaleCheckoutSessions }: CancelReservedInput): Promise<CancelResult> {
  const db = getDb();
  const why = reason?.trim() || "Released by the buyer";
  const { rows: released, staleSessions, handOff } = await db.$transaction(async (tx) => {
    const rows = await tx.$queryRaw<Released[]>`
      WITH freed AS (
        UPDATE ticket t
           SET status = 'available', user_id = NULL, reservation_id = NULL, hold_expire_datetime = NULL,
               checkout_hold_until = NULL, status_update_datetime = now()
          FROM reservation r
         WHERE t.ticket_id = ANY(${ticketIds}::int[]) AND t.status = 'reserved' AND t.hold_expire_datetime > now()
           AND r.reservation_id = t.reservation_id AND r.user_id = ${userId} AND r.status = 'active'
        RETURNING t.ticket_id, t.event_id, t.seat, t.class_id, r.reservation_id
      )
      SELECT f.ticket_id, f.event_id, f.seat, c.name AS class, f.reservation_id
        FROM freed f JOIN class c ON c.class_id = f.class_id
       ORDER BY f.ticket_id`;
    if (rows.length < ticketIds.length) {
      const freed = new Set(rows.map((r) => r.ticket_id));
      const missing = ticketIds.filter((id) => !freed.has(id));
      const [others] = await tx.$queryRaw<{ n: bigint }[]>`
        SELECT count(*) AS n FROM ticket t JOIN reservation r ON r.reservation_id = t.reservation_id
         WHERE t.ticket_id = ANY(${missing}::int[]) AND t.status IN ('reserved', 'confirmed') AND r.user_id <> ${userId}`;
      if (Number(others?.n ?? 0) > 0) throw new AppError("forbidden", "Some of these tickets are held by someone else");
      throw new AppError("not_held", "Some of these tickets are not held by you (the hold may have expired)", { not_held_ticket_ids: missing.map(String) });
    }
    // A hold whose last seat was released is over. Either way its checkout session (if any) was
    // for other seats: forget it here, expire it at Stripe after the commit.
    const reservationIds = [...new Set(rows.map((r) => r.reservation_id))];
    await tx.$executeRaw`
      UPDATE reservation r SET status = 'released', update_datetime = now()
       WHERE r.reservation_id = ANY(${reservationIds}::int[])
         AND NOT EXISTS (SELECT 1 FROM ticket t WHERE t.reservation_id = r.reservation_id AND t.status = 'reserved')`;
    const stale = await tx.$queryRaw<{ checkout_session_id: string }[]>`
      WITH old AS (
        SELECT reservation_id, checkout_session_id FROM reservation
         WHERE reservation_id = ANY(${reservationIds}::int[]) AND checkout_session_id IS NOT NULL
           FOR UPDATE
      )
      UPDATE reservation r SET checkout_session_id = NULL
        FROM old WHERE r.reservation_id = old.reservation_id
      RETURNING old.checkout_session_id`;
    // Freed seats go to the event's waitlist in this same commit (lib/waitlist/offer-engine.ts).
    const handOff = await handOffFreedSeats(tx, rows.map((r) => r.event_id));
    return { rows, staleSessions: stale.map((s) => s.checkout_session_id), handOff };
  });

  await announceReleasedSeats(released.map((r) => ({ event_id: r.event_id, ticket_id: r.ticket_id, holder_id: userId })));
  await publishHandOff(handOff);
  if (staleSessions.length > 0 && onStaleCheckoutSessions) {
    await onStaleCheckoutSessions(staleSessions).catch((e: unknown) => log.warn(`stale checkout sessions not expired: ${(e as Error).message}`));
  }

  return {
    status: "success",
    message: "Tickets successfully cancelled",
    cancelled_tickets: released.map((r) => ({ ticket_id: String(r.ticket_id), seat: r.seat, class: r.class, status: "cancelled", reason: why })),
    cancel_datetime: new Date().toISOString(),
  };
}
