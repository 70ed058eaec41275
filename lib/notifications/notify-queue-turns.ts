// "It's your turn" for fans who asked for it and may have left the waiting room's tab
// (queue_your_turn). The waiting room admits lazily: "admitted through N" moves with time in Redis,
// and a fan's admission (which starts their window) is recorded when someone reads their status
// (lib/queue/get-queue-status.ts). A fan who left the tab reads nothing, so this pass, run by the
// sweeper (lib/sweep/run-sweep.ts: every instance's timer and the cron route), reads it for them:
//
//   1. events with an alert whose fan's place (queue_entry.position) has not been told yet;
//   2. per event, one tick (getQueueProgress) for "admitted through N";
//   3. per alerted fan at or below N, their status as their own read would get it: this records their
//      admission now if their tab did not (the window runs from here, so the message's deadline is
//      the real one); state "admitted" gives the window's end;
//   4. per admitted fan, one transaction: UPDATE queue_turn_alert SET notified_position = <place>
//      WHERE it is not that place yet (the row count decides, so two sweepers tell a fan once), and
//      the message in the same transaction. A fan whose window is already over is marked told and
//      sent nothing. A new place (after an expired window) is a new admission, told again.
import { getDb } from "@/lib/db";
import { logger } from "@/lib/log/logger";
import { getQueueProgress } from "@/lib/queue/get-queue-progress";
import { getQueueStatus } from "@/lib/queue/get-queue-status";
import { enqueueNotification } from "./outbox";

const log = logger("notifications");

/** Fans looked at per event and pass: the rest wait for the next pass (seconds later). */
const MAX_PER_EVENT = 500;

export async function notifyQueueTurns({ now = Date.now() }: { now?: number } = {}): Promise<{ notified: number; expired: number }> {
  const db = getDb();
  const events = await db.$queryRaw<{ event_id: number }[]>`
    SELECT DISTINCT a.event_id FROM queue_turn_alert a
      JOIN queue_entry q ON q.event_id = a.event_id AND q.user_id = a.user_id
     WHERE q.position IS NOT NULL AND a.notified_position IS DISTINCT FROM q.position`;
  let notified = 0;
  let expired = 0;
  for (const { event_id: eventId } of events) {
    try {
      const progress = await getQueueProgress({ eventId, now });
      if (!progress.queue_enabled || progress.admitted_through <= 0) continue;
      const due = await db.$queryRaw<{ user_id: number; position: number }[]>`
        SELECT a.user_id, q.position FROM queue_turn_alert a
          JOIN queue_entry q ON q.event_id = a.event_id AND q.user_id = a.user_id
         WHERE a.event_id = ${eventId} AND q.position IS NOT NULL AND q.position <= ${progress.admitted_through}
           AND a.notified_position IS DISTINCT FROM q.position
         ORDER BY q.position LIMIT ${MAX_PER_EVENT}`;
      for (const fan of due) {
        const status = await getQueueStatus({ eventId, userId: fan.user_id, now });
        // Redis may know a newer place than PostgreSQL's copy: the alert is about the place Redis admitted.
        const position = status.position ?? fan.position;
        if (status.state !== "admitted" && status.state !== "expired") continue;
        const told = await db.$transaction(async (tx) => {
          const marked = await tx.$executeRaw`
            UPDATE queue_turn_alert SET notified_position = ${position}
             WHERE event_id = ${eventId} AND user_id = ${fan.user_id} AND notified_position IS DISTINCT FROM ${position}`;
          if (marked === 0 || status.state !== "admitted" || !status.admission_expires_at) return false;
          await enqueueNotification(tx, {
            userId: fan.user_id,
            kind: "queue_your_turn",
            dedupeKey: `queue_your_turn:${eventId}:${fan.user_id}:${position}`,
            data: { eventId, eventTitle: status.event_title || `Event ${eventId}`, admittedUntil: status.admission_expires_at, url: `/events/${eventId}/queue` },
          });
          return true;
        });
        if (told) notified++;
        else if (status.state === "expired") expired++;
      }
    } catch (e) {
      // One event's queue failing (Redis away) must not stop the others or the sweep.
      log.warn(`event ${eventId}: turn alerts not sent this pass: ${(e as Error).message}`);
    }
  }
  return { notified, expired };
}
