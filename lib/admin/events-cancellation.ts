// Cancelling an event, with sales: the event is marked cancelled at once (no sale can start after
// the commit: the sale window refuses a cancelled event), then a background job refunds every paid
// order through the existing refund path, one order at a time.
//
// The job is rows in PostgreSQL, so it survives any crash and any number of runners:
//   event_cancellation        one per event: running until done, who asked, why;
//   event_cancellation_order  one per paid order (payment): pending until refunded.
// A runner claims one pending order with a conditional UPDATE (claimed_until), so two runners at
// once never work on one order; a runner that dies leaves a claim that lapses, and the next run
// resumes the order. For each order it (1) cancels the order's issued items and frees their seats in
// one transaction, which records the refund as owed (lib/payments/cancel-confirmed-tickets.ts), then
// (2) pays what is owed with refundOwedItems, whose Stripe idempotency key is derived from the items,
// then (3) marks the order refunded. A crash between any two steps repeats at most the step it died
// in, and every step is idempotent: cancelling only touches issued items, a repeated Stripe call with
// the same key answers the same refund, and recording it is keyed by the Stripe refund id.
//
// Runs: right after the cancel request (in the background of that process), and on every sweep
// (the self-hosted timer and the cron route, lib/sweep/run-sweep.ts) until the job is done. A
// payment confirmed after the cancellation (a fan whose checkout was already open) is picked up by
// the next run: the job stays running while any hold of the event could still be paid.
import { getDb } from "@/lib/db";
import { AppError, isAppError } from "@/lib/errors/app-error";
import type { Caller } from "@/lib/auth/get-caller";
import type { Prisma } from "@/lib/generated/prisma/client";
import { invalidateEventCaches } from "@/lib/events/cache-keys";
import { logger } from "@/lib/log/logger";
import { cancelItemsInTx } from "@/lib/payments/cancel-confirmed-tickets";
import { refundOwedItems, type RefundOutcome } from "@/lib/payments/refunds";
import { requireEventManager } from "./access";
import { recordAudit } from "./audit";
import { enqueueNotificationToMany } from "@/lib/notifications/outbox";

const log = logger("admin");

type Tx = Prisma.TransactionClient;

/** How long a runner may work on one order before another may take it over. */
export const ORDER_CLAIM_MS = 2 * 60_000;
/** After a failed refund (Stripe unreachable), the order waits this long before the next try. */
export const RETRY_AFTER_FAILURE_MS = 30_000;

/** The outbox dedupe key of an event's cancellation mails (the outbox appends `:u<user_id>` per fan). */
function cancelledDedupeKey(eventId: number): string {
  return `event_cancelled:${eventId}`;
}

/**
 * Tells fans that the event was cancelled: one event_cancelled message per fan in the notifications
 * outbox, written in the caller's transaction so it exists exactly when the cancellation does. The
 * outbox rows are the record of who was told: their key is per event and fan and the insert is
 * ON CONFLICT DO NOTHING, so a resumed job, or a fan with a second (late) order, is told once.
 */
export async function notifyEventCancelled(tx: Tx, eventId: number, userIds: number[]): Promise<void> {
  const ids = [...new Set(userIds)];
  if (ids.length === 0) return;
  const event = await tx.event.findUniqueOrThrow({ where: { id: eventId }, select: { title: true, datetime: true } });
  await enqueueNotificationToMany(tx, {
    userIds: ids,
    kind: "event_cancelled",
    dedupeKey: cancelledDedupeKey(eventId),
    data: { eventId, eventTitle: event.title, eventDate: event.datetime.toISOString(), refundNote: "Your order is refunded in full to the card you paid with." },
  });
}

/** Adds the paid orders of the event that still have issued tickets to its job; tells their fans. */
async function enqueuePaidOrders(tx: Tx, eventId: number): Promise<number> {
  const added = await tx.$queryRaw<{ user_id: number }[]>`
    INSERT INTO event_cancellation_order (event_id, payment_id, user_id)
    SELECT DISTINCT ON (oi.payment_id) ${eventId}::int, oi.payment_id, oi.user_id
      FROM order_item oi
     WHERE oi.event_id = ${eventId}::int AND oi.status = 'issued'
     ORDER BY oi.payment_id
    ON CONFLICT (event_id, payment_id) DO UPDATE SET state = 'pending', update_datetime = now()
      WHERE event_cancellation_order.state = 'refunded'
    RETURNING user_id`;
  await notifyEventCancelled(tx, eventId, added.map((a) => a.user_id));
  return added.length;
}

export type CancellationProgress = {
  event_id: string;
  status: "running" | "done";
  reason: string;
  requested_at: string;
  finished_at: string | null;
  orders: { total: number; refunded: number; pending: number };
  /** Fans of the job's orders with an event_cancelled message in the outbox (notifyEventCancelled). */
  notices: number;
  last_error: string | null;
};

export async function getCancellationProgress(eventId: number, db: Tx | ReturnType<typeof getDb> = getDb()): Promise<CancellationProgress | null> {
  const job = await db.eventCancellation.findUnique({ where: { eventId } });
  if (!job) return null;
  const [counts] = await db.$queryRaw<{ total: number; refunded: number; notices: number; last_error: string | null }[]>`
    SELECT (SELECT count(*) FROM event_cancellation_order WHERE event_id = ${eventId}::int)::int AS total,
           (SELECT count(*) FROM event_cancellation_order WHERE event_id = ${eventId}::int AND state = 'refunded')::int AS refunded,
           -- Equality on the outbox's unique (dedupe_key, channel) index, one probe per fan of the job.
           (SELECT count(DISTINCT o.user_id) FROM event_cancellation_order o
             WHERE o.event_id = ${eventId}::int
               AND EXISTS (SELECT 1 FROM notification n
                            WHERE n.dedupe_key = ${cancelledDedupeKey(eventId)}::text || ':u' || o.user_id AND n.kind = 'event_cancelled'))::int AS notices,
           (SELECT last_error FROM event_cancellation_order WHERE event_id = ${eventId}::int AND state = 'pending' AND last_error IS NOT NULL
             ORDER BY update_datetime DESC LIMIT 1) AS last_error`;
  const c = counts ?? { total: 0, refunded: 0, notices: 0, last_error: null };
  return {
    event_id: String(eventId),
    status: job.status === "done" ? "done" : "running",
    reason: job.reason,
    requested_at: job.createdAt.toISOString(),
    finished_at: job.finishedAt?.toISOString() ?? null,
    orders: { total: c.total, refunded: c.refunded, pending: c.total - c.refunded },
    notices: c.notices,
    last_error: c.last_error ?? job.lastError,
  };
}

/** The caller's view of an event's cancellation (null: not cancelled through the dashboard). */
export async function getEventCancellation(caller: Caller, eventId: number): Promise<CancellationProgress | null> {
  await requireEventManager(caller, eventId);
  return getCancellationProgress(eventId);
}

/**
 * Cancels the event now and queues the refund of every paid order. A second cancel is a conflict
 * (the first one's job carries on). Answers the job's progress.
 */
export async function cancelEvent(caller: Caller, eventId: number, reason: string): Promise<CancellationProgress> {
  const { venueId } = await requireEventManager(caller, eventId);
  const db = getDb();
  await db.$transaction(async (tx) => {
    // Conditional: of two cancels at once, one changes the row; the other is told it is done.
    const rows = await tx.$queryRaw<{ status: string; published_datetime: Date | null }[]>`
      UPDATE event e SET status = 'cancelled'
        FROM (SELECT status, published_datetime FROM event WHERE event_id = ${eventId}::int FOR UPDATE) old
       WHERE e.event_id = ${eventId}::int AND e.status <> 'cancelled'
      RETURNING old.status::text AS status, old.published_datetime`;
    if (rows.length === 0) throw new AppError("conflict", "This event is already cancelled");
    await tx.eventCancellation.create({ data: { eventId, requestedBy: caller.userId, reason } });
    const orders = await enqueuePaidOrders(tx, eventId);
    await recordAudit(tx, {
      actorId: caller.userId,
      action: "event.cancel",
      targetType: "event",
      targetId: eventId,
      venueId,
      eventId,
      before: { status: rows[0]!.status },
      after: { status: "cancelled", reason, paid_orders_to_refund: orders },
    });
  });
  await invalidateEventCaches([eventId]).catch((e) => log.warn(`cache invalidation after cancelling event ${eventId} failed: ${(e as Error).message}`));
  return (await getCancellationProgress(eventId))!;
}

export type RunCancellationsOptions = {
  /** Only this event's job (the cancel request's own background run). */
  eventId?: number;
  /** The refund step; tests inject failures here. */
  refund?: (paymentId: number, reason: string) => Promise<RefundOutcome | null>;
  /** Stop after this many orders (a sweep's share; the next sweep continues). */
  maxOrders?: number;
};

export type RunCancellationsResult = { ordersRefunded: number; ordersFailed: number; jobsFinished: number };

/** Claims one pending order of the event, or null when none is free to take. */
async function claimOrder(eventId: number): Promise<{ paymentId: number } | null> {
  const rows = await getDb().$queryRaw<{ payment_id: number }[]>`
    UPDATE event_cancellation_order o
       SET claimed_until = now() + ${`${ORDER_CLAIM_MS} milliseconds`}::interval, attempts = o.attempts + 1, update_datetime = now()
     WHERE (o.event_id, o.payment_id) = (
             SELECT event_id, payment_id FROM event_cancellation_order
              WHERE event_id = ${eventId}::int AND state = 'pending' AND (claimed_until IS NULL OR claimed_until < now())
              ORDER BY payment_id LIMIT 1 FOR UPDATE SKIP LOCKED)
       AND o.state = 'pending'
    RETURNING o.payment_id`;
  return rows[0] ? { paymentId: rows[0].payment_id } : null;
}

async function refundOrder(eventId: number, paymentId: number, reason: string, refund: NonNullable<RunCancellationsOptions["refund"]>): Promise<boolean> {
  const db = getDb();
  const why = `Event cancelled: ${reason}`;
  try {
    // (1) The order's tickets are cancelled and the refund recorded as owed, in one transaction.
    await db.$transaction(async (tx) => {
      const items = await tx.orderItem.findMany({ where: { paymentId, eventId, status: "issued" }, select: { id: true } });
      await cancelItemsInTx(tx, items.map((i) => i.id), why);
    });
    // (2) What is owed is paid back (nothing when a previous run got this far).
    const outcome = await refund(paymentId, why);
    const refundId =
      outcome?.refundId ??
      (await db.orderItem.findFirst({ where: { paymentId, eventId, stripeRefundId: { not: null } }, select: { stripeRefundId: true }, orderBy: { id: "asc" } }))?.stripeRefundId ??
      null;
    // (3) Done, unless something is still owed (the refund call answered nothing and nothing is recorded).
    const [owed] = await db.$queryRaw<{ n: number }[]>`
      SELECT count(*)::int AS n FROM order_item WHERE payment_id = ${paymentId}::int AND status IN ('cancelled', 'refunded') AND stripe_refund_id IS NULL`;
    if ((owed?.n ?? 0) > 0) throw new Error("the refund is still owed after the refund call");
    await db.$executeRaw`
      UPDATE event_cancellation_order SET state = 'refunded', stripe_refund_id = ${refundId}, claimed_until = NULL, last_error = NULL, update_datetime = now()
       WHERE event_id = ${eventId}::int AND payment_id = ${paymentId}::int AND state = 'pending'`;
    return true;
  } catch (e) {
    const message = (isAppError(e) || e instanceof Error ? e.message : String(e)).split("\n")[0] ?? "";
    log.warn(`cancellation of event ${eventId}: refund of order ${paymentId} failed, will retry: ${message}`);
    await db.$executeRaw`
      UPDATE event_cancellation_order
         SET last_error = ${message}, claimed_until = now() + ${`${RETRY_AFTER_FAILURE_MS} milliseconds`}::interval, update_datetime = now()
       WHERE event_id = ${eventId}::int AND payment_id = ${paymentId}::int AND state = 'pending'`;
    return false;
  }
}

/** Finishes the job when nothing is pending and no hold of the event could still turn into a sale. */
async function finishIfDone(eventId: number): Promise<boolean> {
  return getDb().$transaction(async (tx) => {
    // Late payments: a fan whose checkout was open when the event was cancelled may still pay.
    if ((await enqueuePaidOrders(tx, eventId)) > 0) return false;
    const n = await tx.$executeRaw`
      UPDATE event_cancellation j SET status = 'done', finished_datetime = now()
       WHERE j.event_id = ${eventId}::int AND j.status = 'running'
         AND NOT EXISTS (SELECT 1 FROM event_cancellation_order o WHERE o.event_id = j.event_id AND o.state = 'pending')
         AND NOT EXISTS (SELECT 1 FROM ticket t WHERE t.event_id = j.event_id AND t.status = 'reserved'
                            AND (t.hold_expire_datetime > now() OR t.checkout_hold_until > now()))`;
    return n > 0;
  });
}

/** One pass over the running cancellation jobs: refunds the pending orders it can claim. */
export async function runEventCancellations(options: RunCancellationsOptions = {}): Promise<RunCancellationsResult> {
  const db = getDb();
  const refund = options.refund ?? refundOwedItems;
  const max = options.maxOrders ?? 200;
  const jobs = await db.eventCancellation.findMany({
    where: { status: "running", ...(options.eventId !== undefined ? { eventId: options.eventId } : {}) },
    select: { eventId: true, reason: true },
    orderBy: { createdAt: "asc" },
  });
  const result: RunCancellationsResult = { ordersRefunded: 0, ordersFailed: 0, jobsFinished: 0 };
  for (const job of jobs) {
    while (result.ordersRefunded + result.ordersFailed < max) {
      const claimed = await claimOrder(job.eventId);
      if (!claimed) break;
      if (await refundOrder(job.eventId, claimed.paymentId, job.reason, refund)) result.ordersRefunded++;
      else result.ordersFailed++;
    }
    if (await finishIfDone(job.eventId)) {
      result.jobsFinished++;
      log.info(`cancellation of event ${job.eventId} done`);
    }
  }
  return result;
}

const inBackground = new Set<Promise<unknown>>();

/** Starts a run for one event without waiting for it (the cancel request's process); sweeps finish it. */
export function runEventCancellationInBackground(eventId: number): void {
  const run = runEventCancellations({ eventId })
    .catch((e) => log.warn(`background cancellation run of event ${eventId} failed: ${(e as Error).message}`))
    .finally(() => inBackground.delete(run));
  inBackground.add(run);
}

/** Resolves when the background runs started so far have ended (tests, and a graceful shutdown). */
export async function backgroundCancellationsSettled(): Promise<void> {
  while (inBackground.size > 0) await Promise.allSettled([...inBackground]);
}
