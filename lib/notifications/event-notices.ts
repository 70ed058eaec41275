// Telling an event's ticket holders that it was cancelled or changed. These are hooks for the code
// that cancels or changes an event (the organizer dashboard): call them inside the transaction that
// makes the change, so the mails exist if and only if the change committed. The holders are the
// fans with an issued e-ticket for the event at that moment; one statement enqueues them all
// (enqueueNotificationToMany), each fan once per `changeId`.
import type { PrismaClient } from "@/lib/generated/prisma/client";
import type { PrismaTx } from "@/lib/db";
import { enqueueNotificationToMany } from "./outbox";

async function holders(db: PrismaTx | PrismaClient, eventId: number): Promise<number[]> {
  const rows = await db.$queryRaw<{ user_id: number }[]>`
    SELECT DISTINCT user_id FROM order_item WHERE event_id = ${eventId} AND status = 'issued'`;
  return rows.map((r) => r.user_id);
}

async function eventFacts(db: PrismaTx | PrismaClient, eventId: number) {
  const event = await db.event.findUnique({ where: { id: eventId }, select: { title: true, datetime: true } });
  if (!event) throw new Error(`event ${eventId} does not exist`);
  return { eventId, eventTitle: event.title, eventDate: event.datetime.toISOString() };
}

/**
 * The event is cancelled: every holder gets an event_cancelled mail (a required kind: always by
 * email). `refundNote` says what happens to their money (the default text says a full refund).
 */
export async function notifyEventCancelled(db: PrismaTx | PrismaClient, input: { eventId: number; message?: string; refundNote?: string }): Promise<number> {
  const userIds = await holders(db, input.eventId);
  const facts = await eventFacts(db, input.eventId);
  return enqueueNotificationToMany(db, {
    userIds,
    kind: "event_cancelled",
    dedupeKey: `event_cancelled:${input.eventId}`,
    data: { ...facts, ...(input.message ? { message: input.message } : {}), ...(input.refundNote ? { refundNote: input.refundNote } : {}) },
  });
}

/**
 * The event changed (date, time, venue…): every holder who has not turned event_changed off gets a
 * mail listing `changes` (human sentences, e.g. "New date: Saturday 14 March, 8 pm"). `changeId`
 * names this change (a version number, the edit's id): the same change twice mails nobody twice.
 */
export async function notifyEventChanged(db: PrismaTx | PrismaClient, input: { eventId: number; changeId: string; changes: string[] }): Promise<number> {
  const userIds = await holders(db, input.eventId);
  const facts = await eventFacts(db, input.eventId);
  return enqueueNotificationToMany(db, {
    userIds,
    kind: "event_changed",
    dedupeKey: `event_changed:${input.eventId}:${input.changeId}`,
    data: { ...facts, changes: input.changes },
  });
}
