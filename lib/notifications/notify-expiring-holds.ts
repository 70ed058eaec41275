// "Your hold is about to expire" (hold_expiring), sent by the sweeper's pass (lib/sweep/run-sweep.ts:
// every instance's timer and the cron route), not by a timer per hold. A pass picks the active holds
// ending within HOLD_EXPIRING_NOTICE_SECONDS and not told yet, and in one transaction claims them
// (INSERT INTO hold_expiry_notice … ON CONFLICT DO NOTHING RETURNING: the row count decides, so
// several sweepers at once tell a hold once) and writes their messages. A hold that is paid for
// (confirmed), released or expired is not active and is never told; a hold shorter than the notice
// itself is not told either (it would be told the moment it was made). The notice can come up to
// one sweep interval late, never after the hold has ended.
import { setting } from "@/lib/config/env";
import { getDb } from "@/lib/db";
import { enqueueNotification } from "./outbox";

/** Holds told per pass; more wait for the next pass, seconds later. */
const BATCH = 500;

export async function notifyExpiringHolds({ now = new Date(), noticeSeconds = setting("HOLD_EXPIRING_NOTICE_SECONDS") }: { now?: Date; noticeSeconds?: number } = {}): Promise<{ notified: number }> {
  if (noticeSeconds <= 0) return { notified: 0 };
  const horizon = new Date(now.getTime() + noticeSeconds * 1000);
  return getDb().$transaction(async (tx) => {
    const holds = await tx.$queryRaw<{ reservation_id: number; user_id: number; event_id: number; title: string; expire_datetime: Date; seats: string[] }[]>`
      WITH due AS (
        INSERT INTO hold_expiry_notice (reservation_id)
        SELECT r.reservation_id FROM reservation r
         WHERE r.status = 'active' AND r.expire_datetime > ${now} AND r.expire_datetime <= ${horizon}
           AND r.expire_datetime - r.create_datetime > ${noticeSeconds} * interval '1 second'
           AND NOT EXISTS (SELECT 1 FROM hold_expiry_notice n WHERE n.reservation_id = r.reservation_id)
         ORDER BY r.expire_datetime
         LIMIT ${BATCH}
        ON CONFLICT DO NOTHING
        RETURNING reservation_id)
      SELECT r.reservation_id, r.user_id, r.event_id, e.title, r.expire_datetime,
             array_agg(COALESCE(t.seat, 'General admission') ORDER BY t.ticket_id) AS seats
        FROM due JOIN reservation r ON r.reservation_id = due.reservation_id
        JOIN event e ON e.event_id = r.event_id
        JOIN ticket t ON t.reservation_id = r.reservation_id AND t.status = 'reserved'
       GROUP BY r.reservation_id, e.title`;
    for (const h of holds) {
      await enqueueNotification(tx, {
        userId: h.user_id,
        kind: "hold_expiring",
        dedupeKey: `hold_expiring:${h.reservation_id}`,
        data: { eventId: h.event_id, eventTitle: h.title, seats: h.seats.slice(0, 100), expiresAt: h.expire_datetime.toISOString(), url: `/checkout/${h.reservation_id}` },
      });
    }
    return { notified: holds.length };
  });
}
