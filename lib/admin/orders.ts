// Orders for the organizer dashboard: search (GET /api/admin/orders) and one order's detail
// (GET /api/admin/orders/:id). An order is a payment (its number is the payment id); an organizer
// sees the orders of events at the venues they manage, an admin all of them. The venue scope is
// part of the query itself, so an order of another venue is never read, let alone answered.
import type { Caller } from "@/lib/auth/get-caller";
import { getDb } from "@/lib/db";
import { AppError } from "@/lib/errors/app-error";
import { Prisma } from "@/lib/generated/prisma/client";
import { enqueueNotificationRows } from "@/lib/notifications/outbox";
import { managedVenueIds, requireOrderManager } from "./access";
import { recordAudit } from "./audit";

export const ORDER_SORTS = ["newest", "oldest", "amount_desc", "amount_asc", "order_desc", "order_asc"] as const;
export type OrderSort = (typeof ORDER_SORTS)[number];
export const ORDER_STATUSES = ["approved", "partially_refunded", "refunded"] as const;

export type OrderSearch = {
  q?: string;
  eventId?: number;
  status?: (typeof ORDER_STATUSES)[number];
  sort?: OrderSort;
  page: number;
  size: number;
};

export type OrderRow = {
  order_id: string;
  event: { event_id: string; title: string; datetime: string };
  buyer: { user_id: string; username: string; email: string };
  tickets: number;
  issued: number;
  status: string;
  total: string;
  refunded: string;
  currency: string;
  paid_at: string | null;
};

export type OrderPage = { orders: OrderRow[]; page: number; size: number; total: number };

const SORT_SQL: Record<OrderSort, Prisma.Sql> = {
  newest: Prisma.sql`p.payment_datetime DESC NULLS LAST, p.payment_id DESC`,
  oldest: Prisma.sql`p.payment_datetime ASC NULLS LAST, p.payment_id ASC`,
  amount_desc: Prisma.sql`p.price DESC, p.payment_id DESC`,
  amount_asc: Prisma.sql`p.price ASC, p.payment_id ASC`,
  order_desc: Prisma.sql`p.payment_id DESC`,
  order_asc: Prisma.sql`p.payment_id ASC`,
};

/** LIKE pattern matching `text` literally (its % and _ escaped). */
export function likeLiteral(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** A seat label or the start of one: "112-F-7", "112-F", "B-12" (letters, digits, dashes, with a dash). */
const SEAT_LABEL = /^[A-Za-z0-9]+(?:-[A-Za-z0-9]*)+$/;

/**
 * The caller's orders matching `q`: an order number (digits, or `#123`), an email (exact, or its
 * start), a buyer's username (part of it), a Stripe payment id (pi_..., cs_...), or a seat label
 * ("112-F-7" exactly, or a section or row: "112-F" finds the orders with a seat in row F of 112;
 * any case).
 *
 * Each way of matching is its own subquery on its own index (migration order_search_indexes:
 * trigram GIN on lower(email) and lower(username), upper(seat) with text_pattern_ops), and the
 * order must be among their union: one OR across three tables would make PostgreSQL read every
 * payment with its buyer and items instead.
 */
export async function searchOrders(caller: Caller, search: OrderSearch): Promise<OrderPage> {
  const venues = await managedVenueIds(caller);
  if (venues !== "all" && venues.length === 0) return { orders: [], page: search.page, size: search.size, total: 0 };
  const conditions: Prisma.Sql[] = [Prisma.sql`p.status IN ('approved', 'partially_refunded', 'refunded')`];
  if (venues !== "all") conditions.push(Prisma.sql`e.venue_id = ANY(${venues}::int[])`);
  if (search.eventId !== undefined) conditions.push(Prisma.sql`p.event_id = ${search.eventId}::int`);
  if (search.status) conditions.push(Prisma.sql`p.status = ${search.status}::payment_status`);
  const q = search.q?.trim();
  if (q) {
    const number = /^#?(\d{1,9})$/.exec(q);
    const candidates: Prisma.Sql[] = [];
    if (number) candidates.push(Prisma.sql`SELECT ${Number(number[1])}::int AS payment_id`);
    if (q.startsWith("pi_") || q.startsWith("cs_")) {
      candidates.push(Prisma.sql`SELECT payment_id FROM payment WHERE transaction_id = ${q}`);
      candidates.push(Prisma.sql`SELECT payment_id FROM payment WHERE checkout_session_id = ${q}`);
    }
    if (q.includes("@")) {
      candidates.push(Prisma.sql`SELECT c.payment_id FROM payment c JOIN users cu ON cu.user_id = c.user_id WHERE lower(cu.email) LIKE ${likeLiteral(q.toLowerCase()) + "%"}`);
    } else if (!number) {
      candidates.push(Prisma.sql`SELECT c.payment_id FROM payment c JOIN users cu ON cu.user_id = c.user_id WHERE lower(cu.username) LIKE ${"%" + likeLiteral(q.toLowerCase()) + "%"}`);
      const label = q.toUpperCase();
      candidates.push(Prisma.sql`SELECT s.payment_id FROM order_item s WHERE upper(s.seat) = ${label}`);
      if (SEAT_LABEL.test(q)) {
        // A section or row: the labels that continue it ("112-F" -> "112-F-…"), never "112-FF-…".
        const prefix = label.endsWith("-") ? label : `${label}-`;
        candidates.push(Prisma.sql`SELECT s.payment_id FROM order_item s WHERE upper(s.seat) LIKE ${likeLiteral(prefix) + "%"}`);
      }
    }
    conditions.push(Prisma.sql`p.payment_id IN (${Prisma.join(candidates, " UNION ")})`);
  }
  const where = Prisma.join(conditions, " AND ");
  const db = getDb();
  const [rows, count] = await Promise.all([
    db.$queryRaw<
      Array<{
        payment_id: number; event_id: number; title: string; datetime: Date; user_id: number; username: string; email: string;
        tickets: bigint; issued: bigint; status: string; price: string; refunded_amount: string; currency: string; payment_datetime: Date | null;
      }>
    >`
      SELECT p.payment_id, e.event_id, e.title, e.datetime, u.user_id, u.username, u.email,
             (SELECT count(*) FROM order_item oi WHERE oi.payment_id = p.payment_id) AS tickets,
             (SELECT count(*) FROM order_item oi WHERE oi.payment_id = p.payment_id AND oi.status = 'issued') AS issued,
             p.status::text AS status, p.price::text AS price, p.refunded_amount::text AS refunded_amount, p.currency, p.payment_datetime
        FROM payment p JOIN event e ON e.event_id = p.event_id JOIN users u ON u.user_id = p.user_id
       WHERE ${where}
       ORDER BY ${SORT_SQL[search.sort ?? "newest"]}
       LIMIT ${search.size}::int OFFSET ${(search.page - 1) * search.size}::int`,
    db.$queryRaw<Array<{ n: bigint }>>`
      SELECT count(*) AS n FROM payment p JOIN event e ON e.event_id = p.event_id JOIN users u ON u.user_id = p.user_id WHERE ${where}`,
  ]);
  return {
    orders: rows.map((r) => ({
      order_id: String(r.payment_id),
      event: { event_id: String(r.event_id), title: r.title, datetime: r.datetime.toISOString() },
      buyer: { user_id: String(r.user_id), username: r.username, email: r.email },
      tickets: Number(r.tickets),
      issued: Number(r.issued),
      status: r.status,
      total: new Prisma.Decimal(r.price).toFixed(2),
      refunded: new Prisma.Decimal(r.refunded_amount).toFixed(2),
      currency: r.currency,
      paid_at: r.payment_datetime?.toISOString() ?? null,
    })),
    page: search.page,
    size: search.size,
    total: Number(count[0]?.n ?? 0),
  };
}

export type OrderDetail = {
  order_id: string;
  status: string;
  currency: string;
  total: string;
  fees: string;
  refunded: string;
  refundable: string;
  paid_at: string | null;
  payment: { method: string; transaction_id: string; checkout_session_id: string | null; note: string | null };
  event: { event_id: string; title: string; datetime: string; venue_id: string };
  buyer: { user_id: string; username: string; email: string };
  tickets: Array<{
    order_item_id: string;
    ticket_id: string;
    seat: string;
    class: string;
    price: string;
    fee: string;
    status: string;
    cancel_reason: string | null;
    cancelled_at: string | null;
    refund_id: string | null;
    checked_in_at: string | null;
    checked_in_by: string | null;
  }>;
  refunds: Array<{ refund_id: string; amount: string; currency: string; reason: string; status: string; created_at: string }>;
  /** The messages the buyer was sent about this order or its event (the outbox's rows), newest first. */
  notifications: OrderNotification[];
};

export type OrderNotification = { id: string; kind: string; channel: string; status: string; attempts: number; created_at: string; sent_at: string | null; last_error: string | null };

/** The outbox rows about this order (its confirmation, resends, refunds) or its event (changed, cancelled). */
async function orderNotifications(userId: number, orderId: number, eventId: number): Promise<OrderNotification[]> {
  const rows = await getDb().$queryRaw<{ notification_id: number; kind: string; channel: string; status: string; attempts: number; create_datetime: Date; sent_datetime: Date | null; last_error: string | null }[]>`
    SELECT notification_id, kind, channel::text AS channel, status::text AS status, attempts, create_datetime, sent_datetime, last_error
      FROM notification
     WHERE user_id = ${userId}::int
       AND ((payload->>'paymentId') = ${String(orderId)}
            OR (kind IN ('event_cancelled', 'event_changed') AND (payload->>'eventId') = ${String(eventId)}))
     ORDER BY notification_id DESC
     LIMIT 50`;
  return rows.map((r) => ({
    id: String(r.notification_id),
    kind: r.kind,
    channel: r.channel,
    status: r.status,
    attempts: r.attempts,
    created_at: r.create_datetime.toISOString(),
    sent_at: r.sent_datetime?.toISOString() ?? null,
    last_error: r.last_error,
  }));
}

/** How long a resend stands for the clicks that follow it: one mail per order per this window. */
const RESEND_WINDOW_MS = 60_000;

/**
 * Sends the buyer their e-tickets again (the order confirmation mail, read at send time, so it
 * lists the tickets still valid). Clicks within the same minute are one resend (the outbox's
 * dedupe key carries the minute); each resend that queued a mail is audited with it.
 */
export async function resendOrderTickets(caller: Caller, orderId: number, now: Date = new Date()): Promise<{ order_id: string; queued: boolean }> {
  const db = getDb();
  const { venueId, eventId, buyerId } = await requireOrderManager(caller, orderId);
  const issued = await db.orderItem.count({ where: { paymentId: orderId, status: "issued" } });
  if (issued === 0) throw new AppError("conflict", "This order has no valid tickets left to send");
  const slot = Math.floor(now.getTime() / RESEND_WINDOW_MS);
  const queued = await db.$transaction(async (tx) => {
    // Rows written by this statement alone: a concurrent click's insert of the same key waits for
    // this one and writes nothing (ON CONFLICT DO NOTHING), so exactly one click counts.
    const written = await enqueueNotificationRows(tx, { userId: buyerId, kind: "order_confirmation", dedupeKey: `order_confirmation:${orderId}:resend:${slot}`, data: { paymentId: orderId } });
    if (written === 0) return false;
    await recordAudit(tx, { actorId: caller.userId, action: "order.resend_tickets", targetType: "order", targetId: orderId, venueId, eventId, after: { issued_tickets: issued } });
    return true;
  });
  return { order_id: String(orderId), queued };
}

/** Loads an order for a caller who manages its event's venue (not_found / forbidden otherwise). */
export async function getOrder(caller: Caller, orderId: number): Promise<OrderDetail> {
  const db = getDb();
  const { eventId } = await requireOrderManager(caller, orderId);
  const p = await db.payment.findUniqueOrThrow({
    where: { id: orderId },
    include: {
      user: { select: { id: true, username: true, email: true } },
      items: { orderBy: { id: "asc" } },
      refunds: { orderBy: { id: "asc" } },
    },
  });
  const event = await db.event.findUniqueOrThrow({ where: { id: eventId }, select: { id: true, title: true, datetime: true, venueId: true } });
  const scannerIds = [...new Set(p.items.map((i) => i.checkedInBy).filter((v): v is number => v !== null))];
  const scanners = new Map(
    (await db.user.findMany({ where: { id: { in: scannerIds } }, select: { id: true, username: true } })).map((u) => [u.id, u.username]),
  );
  return {
    order_id: String(p.id),
    status: p.status,
    currency: p.currency,
    total: p.price.toFixed(2),
    fees: p.feeAmount.toFixed(2),
    refunded: p.refundedAmount.toFixed(2),
    refundable: p.price.minus(p.refundedAmount).toFixed(2),
    paid_at: p.paymentAt?.toISOString() ?? null,
    payment: { method: p.method, transaction_id: p.transactionId, checkout_session_id: p.checkoutSessionId, note: p.note },
    event: { event_id: String(event.id), title: event.title, datetime: event.datetime.toISOString(), venue_id: String(event.venueId) },
    buyer: { user_id: String(p.user.id), username: p.user.username, email: p.user.email },
    tickets: p.items.map((i) => ({
      order_item_id: String(i.id),
      ticket_id: String(i.ticketId),
      seat: i.seat,
      class: i.className,
      price: i.price.toFixed(2),
      fee: i.fee.toFixed(2),
      status: i.status,
      cancel_reason: i.cancelReason,
      cancelled_at: i.cancelledAt?.toISOString() ?? null,
      refund_id: i.stripeRefundId,
      checked_in_at: i.checkedInAt?.toISOString() ?? null,
      checked_in_by: i.checkedInBy === null ? null : (scanners.get(i.checkedInBy) ?? String(i.checkedInBy)),
    })),
    refunds: p.refunds.map((r) => ({
      refund_id: r.stripeRefundId,
      amount: r.amount.toFixed(2),
      currency: r.currency,
      reason: r.reason,
      status: r.status,
      created_at: r.createdAt.toISOString(),
    })),
    notifications: await orderNotifications(p.user.id, p.id, event.id),
  };
}
