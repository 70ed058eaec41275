// "Notify me when it's my turn": the signed-in fan asks (or stops asking) to be told when the waiting
// room of an event admits them (notify-queue-turns.ts sends it). The fan's own row only; an event
// that is not published or has no waiting room is refused, so the table holds nothing pointless.
// Turning it on again after a message keeps notified_position: the same admission is told once.
import { getDb } from "@/lib/db";
import { AppError } from "@/lib/errors/app-error";

export async function setQueueTurnAlert(userId: number, eventId: number, enabled: boolean): Promise<{ enabled: boolean }> {
  const db = getDb();
  const event = await db.event.findUnique({ where: { id: eventId }, select: { publishedAt: true, queueEnabled: true } });
  if (!event || event.publishedAt === null) throw new AppError("not_found", `Event ${eventId} was not found`);
  if (!enabled) {
    await db.queueTurnAlert.deleteMany({ where: { eventId, userId } });
    return { enabled: false };
  }
  if (!event.queueEnabled) throw new AppError("validation_error", "This event has no waiting room", { field: "enabled" });
  await db.$executeRaw`INSERT INTO queue_turn_alert (event_id, user_id) VALUES (${eventId}, ${userId}) ON CONFLICT DO NOTHING`;
  return { enabled: true };
}
