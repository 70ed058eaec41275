// The promises of docs/architecture.md, checked after the sale from PostgreSQL and the Stripe emulator's
// own records (not from what the app says about itself):
//   seats sold twice             0: no ticket issued (order item) twice, no issued order item whose
//                                   ticket row belongs to another payment, no ticket that confirm
//                                   answered as confirmed to two different fans;
//   money without tickets        0: every emulator session of the event that is paid has, in
//                                   PostgreSQL, issued tickets worth what was paid minus what the
//                                   emulator refunded (a payment row with issued items, or a refund);
//   tickets without money        0: every confirmed ticket has an issued order item of a payment
//                                   whose Checkout Session the emulator says is paid, and no session
//                                   has more issued than it kept (paid - refunded);
//   holds past expiry            0: after the sweeper ran, no active reservation or reserved ticket
//                                   whose expiry passed before it ran;
//   admission order              0: from the fans' own observations (fans-process.ts), exact, no
//                                   tolerance: nobody admitted ahead of their turn, nobody told to
//                                   wait after a fan behind them was admitted, arrival order kept
//                                   after the on-sale, admitted_through never going back. All of
//                                   it across a Redis loss too: the queue is rebuilt from
//                                   PostgreSQL with every recorded number (lib/queue/restore-queue.ts).
// Report only: tickets by status, the Redis counter against PostgreSQL, webhook errors.
import Redis from "ioredis";
import Stripe from "stripe";
import { getDb } from "@/lib/db";
import { ticketIsAvailableSql } from "@/lib/inventory/ticket-availability";
import { reservedTicketKey, ticketCountKey } from "@/lib/redis";
import type { StripeEmulator } from "@openseat/stripe-emulator";
import type { AdmissionReport, FansReport } from "./fans-process";

export type Violations<T> = { count: number; examples: T[] };

export type InvariantReport = {
  seatsSoldTwice: Violations<{ ticketId: number; why: string }>;
  paidWithoutTickets: Violations<{ sessionId: string; reservationId: string | null; paymentId: number | null; paid: number; refunded: number; issued: number }>;
  ticketsWithoutPaidSession: Violations<{ ticketId: number | null; paymentId: number | null; sessionId: string | null; why: string }>;
  holdsPastExpiry: Violations<{ kind: "reservation" | "ticket"; id: number; expiredAt: string }>;
};

export type StateReport = {
  tickets: Record<string, number>;
  reservations: Record<string, number>;
  orderItems: Record<string, number>;
  payments: Record<string, number>;
  refunds: { rows: number; amount: string };
  sessions: Record<string, number>;
  paidSessions: number;
  emulatorRefundedMinor: number;
  webhookEvents: { received: number; duplicates: number; withError: number; unprocessed: number };
  redisAvailableCounter: number | null;
  postgresAvailable: number;
  /**
   * Redis hold claims (reserved_ticket:{event}:ticket_N) on tickets that PostgreSQL says are free:
   * a reserve turns fans away from those seats until the claim's TTL ends. Null when Redis could
   * not be read.
   */
  orphanClaims: { count: number; examples: number[] } | null;
  /** Payments made before the hold's expiry whose seats were nonetheless given to others and refunded. */
  paidInTimeButRefunded: {
    payments: number;
    tickets: number;
    examples: Array<{ paymentId: number; reservationId: number | null; paidAt: string; holdExpiredAt: string; ticketsRefunded: number }>;
  };
};

const MAX_EXAMPLES = 10;
const violations = <T>(all: T[]): Violations<T> => ({ count: all.length, examples: all.slice(0, MAX_EXAMPLES) });

function emulatorStripe(emulator: StripeEmulator): Stripe {
  const url = new URL(emulator.url);
  return new Stripe("sk_test_onsale_lab", { host: url.hostname, port: Number(url.port), protocol: "http" });
}

type ChargeFacts = { refunded: number; paidAt: number | null };

/** Per PaymentIntent, from the emulator's charges: minor units refunded, and when it was paid (unix s). */
async function chargesByPaymentIntent(emulator: StripeEmulator): Promise<Map<string, ChargeFacts>> {
  const out = new Map<string, ChargeFacts>();
  for await (const charge of emulatorStripe(emulator).charges.list({ limit: 100 })) {
    const pi = typeof charge.payment_intent === "string" ? charge.payment_intent : charge.payment_intent?.id;
    if (!pi) continue;
    const facts = out.get(pi) ?? { refunded: 0, paidAt: null };
    facts.refunded += charge.amount_refunded;
    if (charge.status === "succeeded") facts.paidAt = charge.created;
    out.set(pi, facts);
  }
  return out;
}

const countBy = (rows: Array<{ k: string; n: bigint }>): Record<string, number> => Object.fromEntries(rows.map((r) => [r.k, Number(r.n)]));

export async function checkInvariants({ eventId, emulator, fans, sweptAt }: { eventId: number; emulator: StripeEmulator; fans: FansReport | null; sweptAt: Date }): Promise<InvariantReport> {
  const db = getDb();

  // Seats sold twice.
  const soldTwice: InvariantReport["seatsSoldTwice"]["examples"] = [];
  const issuedTwice = await db.$queryRaw<Array<{ ticket_id: number; payments: number[] }>>`
    SELECT ticket_id, array_agg(payment_id ORDER BY payment_id) AS payments
      FROM order_item WHERE event_id = ${eventId} AND status = 'issued'
     GROUP BY ticket_id HAVING count(*) > 1`;
  for (const r of issuedTwice) soldTwice.push({ ticketId: r.ticket_id, why: `issued by payments ${r.payments.join(", ")}` });
  const strayItems = await db.$queryRaw<Array<{ ticket_id: number; item_payment: number; ticket_payment: number | null; status: string }>>`
    SELECT oi.ticket_id, oi.payment_id AS item_payment, t.payment_id AS ticket_payment, t.status::text AS status
      FROM order_item oi JOIN ticket t ON t.ticket_id = oi.ticket_id
     WHERE oi.event_id = ${eventId} AND oi.status = 'issued'
       AND (t.status <> 'confirmed' OR t.payment_id IS DISTINCT FROM oi.payment_id)`;
  for (const r of strayItems) {
    soldTwice.push({ ticketId: r.ticket_id, why: `issued to payment ${r.item_payment}, but the ticket is ${r.status} with payment ${r.ticket_payment ?? "none"}` });
  }
  for (const c of fans?.confirmedToTwoFans ?? []) soldTwice.push({ ticketId: c.ticketId, why: `confirm answered it as confirmed to users ${c.userIds.join(", ")}` });

  // Money against tickets, session by session.
  const sessions = emulator.sessions().filter((s) => s.metadata?.event_id === String(eventId));
  const charges = await chargesByPaymentIntent(emulator);
  const payments = await db.$queryRaw<Array<{ payment_id: number; checkout_session_id: string | null; issued_minor: bigint | null }>>`
    SELECT p.payment_id, p.checkout_session_id,
           (SELECT sum(round((oi.price + oi.fee) * 100)) FROM order_item oi WHERE oi.payment_id = p.payment_id AND oi.status = 'issued')::bigint AS issued_minor
      FROM payment p WHERE p.event_id = ${eventId} OR p.checkout_session_id = ANY(${sessions.map((s) => s.id)}::text[])`;
  const paymentBySession = new Map(payments.filter((p) => p.checkout_session_id).map((p) => [p.checkout_session_id!, p]));
  const paidWithout: InvariantReport["paidWithoutTickets"]["examples"] = [];
  const withoutMoney: InvariantReport["ticketsWithoutPaidSession"]["examples"] = [];
  const paidSessionIds = new Set<string>();
  for (const s of sessions) {
    if (s.payment_status !== "paid") continue;
    paidSessionIds.add(s.id);
    const pi = typeof s.payment_intent === "string" ? s.payment_intent : (s.payment_intent?.id ?? "");
    const paid = s.amount_total ?? 0;
    const back = charges.get(pi)?.refunded ?? 0;
    const payment = paymentBySession.get(s.id);
    const issued = Number(payment?.issued_minor ?? 0);
    const row = { sessionId: s.id, reservationId: s.metadata?.reservation_id ?? null, paymentId: payment?.payment_id ?? null, paid, refunded: back, issued };
    if (paid - back - issued > 0) paidWithout.push(row);
    else if (paid - back - issued < 0) withoutMoney.push({ ticketId: null, paymentId: row.paymentId, sessionId: s.id, why: `issued ${issued} but kept only ${paid - back} (paid ${paid}, refunded ${back})` });
  }

  // Every confirmed ticket: an issued order item of a payment whose session is paid.
  const confirmed = await db.$queryRaw<Array<{ ticket_id: number; payment_id: number | null; checkout_session_id: string | null; has_item: boolean }>>`
    SELECT t.ticket_id, t.payment_id, p.checkout_session_id,
           EXISTS (SELECT 1 FROM order_item oi WHERE oi.payment_id = t.payment_id AND oi.ticket_id = t.ticket_id AND oi.status = 'issued') AS has_item
      FROM ticket t LEFT JOIN payment p ON p.payment_id = t.payment_id
     WHERE t.event_id = ${eventId} AND t.status = 'confirmed'`;
  for (const t of confirmed) {
    const why = !t.payment_id
      ? "no payment"
      : !t.checkout_session_id
        ? "payment without a Checkout Session"
        : !paidSessionIds.has(t.checkout_session_id)
          ? "its Checkout Session is not paid at the emulator"
          : !t.has_item
            ? "no issued order item"
            : null;
    if (why) withoutMoney.push({ ticketId: t.ticket_id, paymentId: t.payment_id, sessionId: t.checkout_session_id, why });
  }

  // Holds the sweeper should have ended.
  const staleReservations = await db.$queryRaw<Array<{ reservation_id: number; expire_datetime: Date }>>`
    SELECT reservation_id, expire_datetime FROM reservation
     WHERE event_id = ${eventId} AND status = 'active' AND expire_datetime < ${sweptAt}::timestamptz ORDER BY reservation_id`;
  const staleTickets = await db.$queryRaw<Array<{ ticket_id: number; hold_expire_datetime: Date }>>`
    SELECT ticket_id, hold_expire_datetime FROM ticket
     WHERE event_id = ${eventId} AND status = 'reserved' AND hold_expire_datetime < ${sweptAt}::timestamptz ORDER BY ticket_id`;

  return {
    seatsSoldTwice: violations(soldTwice),
    paidWithoutTickets: violations(paidWithout),
    ticketsWithoutPaidSession: violations(withoutMoney),
    holdsPastExpiry: violations([
      ...staleReservations.map((r) => ({ kind: "reservation" as const, id: r.reservation_id, expiredAt: r.expire_datetime.toISOString() })),
      ...staleTickets.map((t) => ({ kind: "ticket" as const, id: t.ticket_id, expiredAt: t.hold_expire_datetime.toISOString() })),
    ]),
  };
}

export type AdmissionOrderCheck = {
  count: number;
  detail: string;
};

/**
 * Every part counts, whatever faults struck: a Redis loss no longer excuses a reordering, since the
 * queue comes back from PostgreSQL. Fans whose number changed (their place was in the journal's
 * window when Redis died, so they were numbered again at the back) are reported, not excused: the
 * other parts still apply to their final number.
 */
export function checkAdmissionOrder(a: AdmissionReport | null, queueOn: boolean): AdmissionOrderCheck {
  if (!queueOn || !a) return { count: 0, detail: "no waiting room" };
  const detail =
    `admitted ahead of their turn ${a.aheadOfTurn}, told to wait after someone behind them was admitted ${a.outOfOrder}, ` +
    `arrival order after the on-sale not kept ${a.fifoInversions} of ${a.joinedAfterOnsale}, admitted_through went back ${a.progressRegressions}; ` +
    `positions changed ${a.positionChanged} (report only)`;
  return { count: a.aheadOfTurn + a.outOfOrder + a.fifoInversions + a.progressRegressions, detail };
}

export const invariantTotal = (r: InvariantReport): number =>
  r.seatsSoldTwice.count + r.paidWithoutTickets.count + r.ticketsWithoutPaidSession.count + r.holdsPastExpiry.count;

export async function describeState({ eventId, emulator, redisUrl }: { eventId: number; emulator: StripeEmulator; redisUrl: string }): Promise<StateReport> {
  const db = getDb();
  const tickets = countBy(await db.$queryRaw`SELECT status::text AS k, count(*) AS n FROM ticket WHERE event_id = ${eventId} GROUP BY 1 ORDER BY 1`);
  const reservations = countBy(await db.$queryRaw`SELECT status::text AS k, count(*) AS n FROM reservation WHERE event_id = ${eventId} GROUP BY 1 ORDER BY 1`);
  const orderItems = countBy(await db.$queryRaw`SELECT status::text AS k, count(*) AS n FROM order_item WHERE event_id = ${eventId} GROUP BY 1 ORDER BY 1`);
  const payments = countBy(await db.$queryRaw`SELECT status::text AS k, count(*) AS n FROM payment WHERE event_id = ${eventId} GROUP BY 1 ORDER BY 1`);
  const [refundRow] = await db.$queryRaw<Array<{ rows: bigint; amount: string | null }>>`
    SELECT count(*) AS rows, sum(r.amount)::text AS amount FROM refund r JOIN payment p ON p.payment_id = r.payment_id WHERE p.event_id = ${eventId}`;
  const [hooks] = await db.$queryRaw<Array<{ received: bigint; duplicates: bigint; with_error: bigint; unprocessed: bigint }>>`
    SELECT count(*) AS received, coalesce(sum(attempts - 1), 0)::bigint AS duplicates,
           count(*) FILTER (WHERE last_error IS NOT NULL) AS with_error, count(*) FILTER (WHERE processed_datetime IS NULL) AS unprocessed
      FROM webhook_event`;
  const [avail] = await db.$queryRaw<Array<{ n: bigint }>>`
    SELECT count(*) AS n FROM ticket t
     WHERE t.event_id = ${eventId} AND ${ticketIsAvailableSql}`;
  const sessions: Record<string, number> = {};
  let paidSessions = 0;
  for (const s of emulator.sessions().filter((x) => x.metadata?.event_id === String(eventId))) {
    const key = `${s.status}/${s.payment_status}`;
    sessions[key] = (sessions[key] ?? 0) + 1;
    if (s.payment_status === "paid") paidSessions++;
  }
  const charges = await chargesByPaymentIntent(emulator);
  let emulatorRefundedMinor = 0;
  for (const v of charges.values()) emulatorRefundedMinor += v.refunded;

  // Fans who paid while their hold was still on, yet lost seats to others and were refunded: the
  // settlement (webhook or confirm) came after the hold ran out and the sweeper gave the seats away.
  const lost = await db.$queryRaw<Array<{ payment_id: number; reservation_id: number | null; transaction_id: string; expire_datetime: Date | null; items: bigint }>>`
    SELECT p.payment_id, p.reservation_id, p.transaction_id, r.expire_datetime, count(*) AS items
      FROM order_item oi JOIN payment p ON p.payment_id = oi.payment_id LEFT JOIN reservation r ON r.reservation_id = p.reservation_id
     WHERE oi.event_id = ${eventId} AND oi.status = 'refunded'
     GROUP BY 1, 2, 3, 4 ORDER BY 1`;
  const inTime = lost.filter((l) => {
    const paidAt = charges.get(l.transaction_id)?.paidAt;
    return paidAt !== null && paidAt !== undefined && l.expire_datetime !== null && paidAt * 1000 < l.expire_datetime.getTime();
  });
  const paidInTimeButRefunded = {
    payments: inTime.length,
    tickets: inTime.reduce((n, l) => n + Number(l.items), 0),
    examples: inTime.slice(0, MAX_EXAMPLES).map((l) => ({
      paymentId: l.payment_id,
      reservationId: l.reservation_id,
      paidAt: new Date((charges.get(l.transaction_id)?.paidAt ?? 0) * 1000).toISOString(),
      holdExpiredAt: l.expire_datetime!.toISOString(),
      ticketsRefunded: Number(l.items),
    })),
  };

  let counter: number | null = null;
  let orphanClaims: StateReport["orphanClaims"] = null;
  const redis = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1, connectTimeout: 2000 });
  try {
    await redis.connect();
    const raw = await redis.get(ticketCountKey(eventId));
    counter = raw === null ? null : Number(raw);
    const prefix = reservedTicketKey(eventId, 1).replace(/1$/, "");
    const claimed: number[] = [];
    let cursor = "0";
    do {
      const [next, keys] = await redis.scan(cursor, "MATCH", `${prefix}*`, "COUNT", 1000);
      cursor = next;
      for (const key of keys) claimed.push(Number(key.slice(prefix.length)));
    } while (cursor !== "0");
    const free = new Set(
      (await db.$queryRaw<Array<{ ticket_id: number }>>`SELECT t.ticket_id FROM ticket t WHERE t.event_id = ${eventId} AND ${ticketIsAvailableSql}`).map((r) => r.ticket_id),
    );
    const orphans = claimed.filter((id) => free.has(id)).sort((a, b) => a - b);
    orphanClaims = { count: orphans.length, examples: orphans.slice(0, MAX_EXAMPLES) };
  } catch {
    counter = null;
  } finally {
    redis.disconnect();
  }
  return {
    tickets,
    reservations,
    orderItems,
    payments,
    refunds: { rows: Number(refundRow?.rows ?? 0), amount: refundRow?.amount ?? "0" },
    sessions,
    paidSessions,
    emulatorRefundedMinor,
    webhookEvents: {
      received: Number(hooks?.received ?? 0),
      duplicates: Number(hooks?.duplicates ?? 0),
      withError: Number(hooks?.with_error ?? 0),
      unprocessed: Number(hooks?.unprocessed ?? 0),
    },
    redisAvailableCounter: counter,
    postgresAvailable: Number(avail?.n ?? 0),
    orphanClaims,
    paidInTimeButRefunded,
  };
}
