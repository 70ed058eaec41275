// Live sales figures of one event for the organizer dashboard (GET /api/admin/events/:id/sales).
//
// An on-sale is exactly when many organizers (and their colleagues) keep the sales page open, and
// exactly when PostgreSQL is busiest selling seats. So the figures are computed at most once per
// second per event, however many viewers poll: the result is cached in Redis for 1 s
// (lib/redis/cached.ts: concurrent readers in one process share one computation, other processes
// read the shared copy). A viewer costs the database only the authorization check (two primary-key
// reads: grants are read live so a revoked organizer loses access at once).
//
// Every figure comes from PostgreSQL rows, with the availability rule of
// lib/inventory/ticket-availability.ts: sold (confirmed), held (reserved and still protected by its
// hold or an open checkout), free (available by the rule) and other (cancelled/refunded ticket rows,
// if any) add up to the event's tickets.
import type { Caller } from "@/lib/auth/get-caller";
import { getDb } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";
import { ticketIsAvailableSql } from "@/lib/inventory/ticket-availability";
import { cacheKey, eventHashTag, getRedis } from "@/lib/redis";
import { cachedEntry, type CachePolicy } from "@/lib/redis/cached";
import { managedVenueIds, requireEventManager } from "./access";

export const salesCachePolicy: CachePolicy = { ttlSeconds: 1 };

export type SalesBucket = { sold: number; held: number; free: number; other: number; total: number };
export type SalesByClass = SalesBucket & { class: string; color: string };
export type SalesBySection = SalesBucket & { section: string };
export type SalesPoint = { at: string; tickets: number; revenue: string };

export type EventSales = {
  event: { event_id: string; title: string; datetime: string; venue_id: string; venue: string; timezone: string; currency: string; status: string; onsale_at: string | null };
  computed_at: string;
  totals: SalesBucket;
  by_class: SalesByClass[];
  by_section: SalesBySection[];
  money: { currency: string; orders: number; gross: string; fees: string; refunds: string; net: string };
  /** "minute": the last 120 minutes, during an on-sale; "day": every day with sales, after it. */
  over_time: { granularity: "minute" | "day"; points: SalesPoint[] };
  waiting_room: {
    enabled: boolean;
    joined: number;
    waiting: number;
    admitted: number;
    /** The configured rate, and how many were admitted in the last minute. */
    admission_per_minute: number;
    admitted_last_minute: number;
    /** Admitted fans whose admission window ran out without a paid order, over those whose window ran out. */
    abandoned: number;
    abandonment_rate: number | null;
  };
  check_in: { issued: number; checked_in: number; rate: number | null };
};

const num = (v: bigint | number | null | undefined) => Number(v ?? 0);
const bucket = (r: { sold: bigint; held: bigint; free: bigint; total: bigint }): SalesBucket => {
  const sold = num(r.sold), held = num(r.held), free = num(r.free), total = num(r.total);
  return { sold, held, free, other: total - sold - held - free, total };
};

/** A sale within this long makes the chart per-minute (an on-sale under way). */
const LIVE_WINDOW_MINUTES = 30;
/** The on-sale's first hours are per-minute too, even in a lull. */
const ONSALE_HOURS = 6;

/** Computes every figure from PostgreSQL (no cache, no authorization: see getEventSales). */
export async function computeEventSales(eventId: number, now: Date = new Date()): Promise<EventSales> {
  const db = getDb();
  const event = await db.event.findUniqueOrThrow({
    where: { id: eventId },
    select: {
      id: true, title: true, datetime: true, currency: true, status: true, onsaleAt: true, queueEnabled: true,
      queueAdmissionPerMinute: true, queueWindowSeconds: true, venue: { select: { id: true, name: true, timezone: true } },
    },
  });
  const counts = Prisma.sql`
    count(*) FILTER (WHERE t.status = 'confirmed') AS sold,
    count(*) FILTER (WHERE t.status = 'reserved' AND NOT ${ticketIsAvailableSql}) AS held,
    count(*) FILTER (WHERE ${ticketIsAvailableSql}) AS free,
    count(*) AS total`;
  type Row = { sold: bigint; held: bigint; free: bigint; total: bigint };
  const [byClass, bySection, money, lastSale, checkIn, queue] = await Promise.all([
    db.$queryRaw<Array<Row & { name: string; color: string }>>`
      SELECT c.name, c.color, ${counts} FROM ticket t JOIN class c ON c.class_id = t.class_id
       WHERE t.event_id = ${eventId}::int GROUP BY c.name, c.color ORDER BY c.name`,
    db.$queryRaw<Array<Row & { name: string }>>`
      SELECT sec.name, ${counts} FROM ticket t JOIN seat s ON s.seat_id = t.seat_id JOIN section sec ON sec.section_id = s.section_id
       WHERE t.event_id = ${eventId}::int GROUP BY sec.name, sec.sort_order ORDER BY sec.sort_order, sec.name`,
    db.$queryRaw<Array<{ orders: bigint; gross: string; fees: string; refunds: string }>>`
      SELECT count(*) AS orders, COALESCE(sum(price), 0)::text AS gross, COALESCE(sum(fee_amount), 0)::text AS fees,
             COALESCE(sum(refunded_amount), 0)::text AS refunds
        FROM payment WHERE event_id = ${eventId}::int AND status IN ('approved', 'refunded', 'partially_refunded')`,
    db.$queryRaw<Array<{ at: Date | null }>>`SELECT max(create_datetime) AS at FROM order_item WHERE event_id = ${eventId}::int`,
    db.$queryRaw<Array<{ issued: bigint; checked_in: bigint }>>`
      SELECT count(*) FILTER (WHERE status = 'issued') AS issued,
             count(*) FILTER (WHERE status = 'issued' AND checked_in_datetime IS NOT NULL) AS checked_in
        FROM order_item WHERE event_id = ${eventId}::int`,
    db.$queryRaw<Array<{ joined: bigint; admitted: bigint; last_minute: bigint; window_over: bigint; abandoned: bigint }>>`
      SELECT count(*) AS joined, count(q.admitted_datetime) AS admitted,
             count(*) FILTER (WHERE q.admitted_datetime > ${now}::timestamptz - interval '1 minute') AS last_minute,
             count(*) FILTER (WHERE q.admitted_datetime + make_interval(secs => ${event.queueWindowSeconds}::int) <= ${now}::timestamptz) AS window_over,
             count(*) FILTER (WHERE q.admitted_datetime + make_interval(secs => ${event.queueWindowSeconds}::int) <= ${now}::timestamptz
                                AND NOT EXISTS (SELECT 1 FROM payment p WHERE p.user_id = q.user_id AND p.event_id = q.event_id
                                                   AND p.status IN ('approved', 'refunded', 'partially_refunded'))) AS abandoned
        FROM queue_entry q WHERE q.event_id = ${eventId}::int`,
  ]);

  const live =
    (lastSale[0]?.at != null && now.getTime() - lastSale[0].at.getTime() < LIVE_WINDOW_MINUTES * 60_000) ||
    (event.onsaleAt != null && event.onsaleAt <= now && now.getTime() - event.onsaleAt.getTime() < ONSALE_HOURS * 3_600_000);
  const points = live
    ? await db.$queryRaw<Array<{ at: Date; tickets: bigint; revenue: string }>>`
        SELECT date_trunc('minute', create_datetime) AS at, count(*) AS tickets, sum(price + fee)::text AS revenue
          FROM order_item WHERE event_id = ${eventId}::int AND create_datetime > ${now}::timestamptz - interval '120 minutes'
         GROUP BY 1 ORDER BY 1`
    : await db.$queryRaw<Array<{ at: Date; tickets: bigint; revenue: string }>>`
        SELECT (date_trunc('day', create_datetime AT TIME ZONE ${event.venue.timezone}) AT TIME ZONE ${event.venue.timezone}) AS at,
               count(*) AS tickets, sum(price + fee)::text AS revenue
          FROM order_item WHERE event_id = ${eventId}::int GROUP BY 1 ORDER BY 1`;

  const m = money[0]!;
  const totals = byClass.reduce<SalesBucket>(
    (acc, r) => {
      const b = bucket(r);
      return { sold: acc.sold + b.sold, held: acc.held + b.held, free: acc.free + b.free, other: acc.other + b.other, total: acc.total + b.total };
    },
    { sold: 0, held: 0, free: 0, other: 0, total: 0 },
  );
  const q = queue[0]!;
  const ci = checkIn[0]!;
  const issued = num(ci.issued), checkedIn = num(ci.checked_in);
  const windowOver = num(q.window_over);
  return {
    event: {
      event_id: String(event.id), title: event.title, datetime: event.datetime.toISOString(), venue_id: String(event.venue.id),
      venue: event.venue.name, timezone: event.venue.timezone, currency: event.currency, status: event.status,
      onsale_at: event.onsaleAt?.toISOString() ?? null,
    },
    computed_at: now.toISOString(),
    totals,
    by_class: byClass.map((r) => ({ class: r.name, color: r.color, ...bucket(r) })),
    by_section: bySection.map((r) => ({ section: r.name, ...bucket(r) })),
    money: {
      currency: event.currency,
      orders: num(m.orders),
      gross: new Prisma.Decimal(m.gross).toFixed(2),
      fees: new Prisma.Decimal(m.fees).toFixed(2),
      refunds: new Prisma.Decimal(m.refunds).toFixed(2),
      net: new Prisma.Decimal(m.gross).minus(m.refunds).toFixed(2),
    },
    over_time: {
      granularity: live ? "minute" : "day",
      points: points.map((p) => ({ at: p.at.toISOString(), tickets: num(p.tickets), revenue: new Prisma.Decimal(p.revenue ?? 0).toFixed(2) })),
    },
    waiting_room: {
      enabled: event.queueEnabled,
      joined: num(q.joined),
      waiting: num(q.joined) - num(q.admitted),
      admitted: num(q.admitted),
      admission_per_minute: event.queueAdmissionPerMinute,
      admitted_last_minute: num(q.last_minute),
      abandoned: num(q.abandoned),
      abandonment_rate: windowOver > 0 ? num(q.abandoned) / windowOver : null,
    },
    check_in: { issued, checked_in: checkedIn, rate: issued > 0 ? checkedIn / issued : null },
  };
}

export function salesCacheKey(eventId: number): string {
  return cacheKey("admin_sales", eventHashTag(eventId));
}

export type GetSalesOptions = { compute?: (eventId: number) => Promise<EventSales> };

/**
 * The event's sales for a caller who manages its venue (forbidden/not_found otherwise), at most
 * about a second old. `compute` is for tests that count computations.
 */
export async function getEventSales(caller: Caller, eventId: number, { compute = computeEventSales }: GetSalesOptions = {}): Promise<EventSales> {
  await requireEventManager(caller, eventId);
  const entry = await cachedEntry<EventSales>(getRedis(), salesCacheKey(eventId), salesCachePolicy, () => compute(eventId));
  return entry.value;
}

/** Seat statuses for the dashboard's seat map: 0 free, 1 held, 2 sold, 3 other. */
export type SeatStatusMap = { width: number; height: number; seats: Array<[x: number, y: number, status: 0 | 1 | 2 | 3]> };

export async function computeSeatStatusMap(eventId: number): Promise<SeatStatusMap> {
  const db = getDb();
  const event = await db.event.findUniqueOrThrow({ where: { id: eventId }, select: { venue: { select: { chart: true } } } });
  const chart = (event.venue.chart ?? {}) as { width?: number; height?: number };
  const rows = await db.$queryRaw<Array<{ x: number; y: number; s: number }>>`
    SELECT s.x, s.y,
           CASE WHEN ${ticketIsAvailableSql} THEN 0 WHEN t.status = 'reserved' THEN 1 WHEN t.status = 'confirmed' THEN 2 ELSE 3 END AS s
      FROM ticket t JOIN seat s ON s.seat_id = t.seat_id
     WHERE t.event_id = ${eventId}::int ORDER BY t.ticket_id`;
  return {
    width: Number(chart.width ?? 1000),
    height: Number(chart.height ?? 1000),
    seats: rows.map((r) => [Math.round(r.x * 10) / 10, Math.round(r.y * 10) / 10, Number(r.s) as 0 | 1 | 2 | 3]),
  };
}

/** The seat map for a caller who manages the event's venue, cached like the figures (1 s). */
export async function getSeatStatusMap(caller: Caller, eventId: number): Promise<SeatStatusMap> {
  await requireEventManager(caller, eventId);
  const entry = await cachedEntry<SeatStatusMap>(getRedis(), cacheKey("admin_seat_status", eventHashTag(eventId)), salesCachePolicy, () => computeSeatStatusMap(eventId));
  return entry.value;
}

/** One line of the venue overview: an event of the caller's venues and its sales so far. */
export type EventSalesLine = {
  event_id: string;
  title: string;
  datetime: string;
  venue: string;
  timezone: string;
  status: string;
  currency: string;
  tickets: number;
  sold: number;
  orders: number;
  gross: string;
  refunds: string;
  checked_in: number;
};

/**
 * The venue overview across events: every event of the caller's venues from a week ago on (soonest
 * first, at most `limit`), with tickets sold, orders, gross, refunds and check-ins, in one query of
 * per-event aggregates (no per-event round trip).
 */
export async function listEventSalesOverview(caller: Caller, { now = new Date(), limit = 50 }: { now?: Date; limit?: number } = {}): Promise<EventSalesLine[]> {
  const venues = await managedVenueIds(caller);
  if (venues !== "all" && venues.length === 0) return [];
  const scope = venues === "all" ? Prisma.sql`TRUE` : Prisma.sql`e.venue_id = ANY(${venues}::int[])`;
  const rows = await getDb().$queryRaw<
    Array<{ event_id: number; title: string; datetime: Date; venue: string; timezone: string; status: string; currency: string; tickets: number; sold: bigint; orders: bigint; gross: string; refunds: string; checked_in: bigint }>
  >`
    SELECT e.event_id, e.title, e.datetime, v.name AS venue, v.timezone, e.status::text AS status, e.currency, e.total_ticket_count AS tickets,
           (SELECT count(*) FROM ticket t WHERE t.event_id = e.event_id AND t.status = 'confirmed') AS sold,
           p.orders, p.gross, p.refunds,
           (SELECT count(*) FROM order_item oi WHERE oi.event_id = e.event_id AND oi.status = 'issued' AND oi.checked_in_datetime IS NOT NULL) AS checked_in
      FROM event e JOIN venue v ON v.venue_id = e.venue_id
      CROSS JOIN LATERAL (
        SELECT count(*) AS orders, COALESCE(sum(price), 0)::text AS gross, COALESCE(sum(refunded_amount), 0)::text AS refunds
          FROM payment WHERE event_id = e.event_id AND status IN ('approved', 'refunded', 'partially_refunded')
      ) p
     WHERE ${scope} AND e.datetime >= ${now}::timestamptz - interval '7 days'
     ORDER BY e.datetime, e.event_id
     LIMIT ${limit}::int`;
  return rows.map((r) => ({
    event_id: String(r.event_id),
    title: r.title,
    datetime: r.datetime.toISOString(),
    venue: r.venue,
    timezone: r.timezone,
    status: r.status,
    currency: r.currency,
    tickets: Number(r.tickets),
    sold: Number(r.sold),
    orders: Number(r.orders),
    gross: new Prisma.Decimal(r.gross).toFixed(2),
    refunds: new Prisma.Decimal(r.refunds).toFixed(2),
    checked_in: Number(r.checked_in),
  }));
}
