// Confirmation: a Stripe Checkout Session that Stripe says is paid becomes confirmed tickets, once.
//
// Nothing the browser says is trusted. settleCheckoutSession re-reads the session from Stripe and
// checks that it is paid, that it belongs to one of our holds (metadata.reservation_id), that the
// fan it was opened for (client_reference_id, metadata.user_id) owns that hold, and that its amount
// and currency equal the price of its tickets plus fees as the database computes them now.
//
// Then one transaction keyed by the session id: INSERT the payment ... ON CONFLICT DO NOTHING. Of
// the redirect, the confirm API, any number of webhook deliveries and the reconciliation job, the
// first insert wins; the others wait on the unique index until it commits, insert nothing, and
// answer the winner's result. The winner locks the session's tickets and takes each one that is
// still this hold's (even if the hold ran out, as long as nobody took the seat) or free; a seat
// that went to someone else is recorded as paid-but-not-issued. Seats of the hold not in this
// session are given back. After the commit, what was paid for but not issued is refunded through
// Stripe; if that fails, the debt is in the database and reconcilePayments pays it.
import type Stripe from "stripe";
import { getDb } from "@/lib/db";
import { AppError } from "@/lib/errors/app-error";
import { invalidateAvailabilityCaches } from "@/lib/events/cache-keys";
import { Prisma } from "@/lib/generated/prisma/client";
import { announceReleasedSeats } from "@/lib/inventory/released-seats";
import { ticketIsAvailableSql } from "@/lib/inventory/ticket-availability";
import { reconcileTicketCounts } from "@/lib/inventory/ticket-counts";
import { fromMinor, toMinor } from "./money";
import { loadOrderTickets, priceOrder } from "./order-summary";
import { refundOwedItems, refundWholePayment } from "./refunds";
import { parseTicketIdsMetadata } from "./start-checkout";
import { getStripe, isStripeMissing, toPaymentServiceError } from "./stripe-client";
import type { ConfirmResult, PaymentDetails } from "./types";
import { logger } from "@/lib/log/logger";
import { enqueueNotification } from "@/lib/notifications/outbox";

const log = logger("payments");

export type SettleOutcome =
  | { kind: "settled"; result: ConfirmResult }
  /** Stripe does not (yet) say it is paid. */
  | { kind: "not_paid"; session: Stripe.Checkout.Session }
  /** Not a session of ours (no reservation in its metadata). */
  | { kind: "not_ours"; session: Stripe.Checkout.Session };

/** Our reading of a session's binding to a hold. */
export type SessionBinding = { reservationId: number; userId: number; eventId: number; ticketIds: number[] };

export function sessionBinding(session: Pick<Stripe.Checkout.Session, "metadata" | "client_reference_id">): SessionBinding | null {
  const m = session.metadata ?? {};
  const ints = [m.reservation_id, m.user_id, m.event_id].map((v) => (v && /^\d{1,10}$/.test(v) ? Number(v) : NaN));
  const ticketIds = parseTicketIdsMetadata(m.ticket_ids);
  if (ints.some((n) => !Number.isSafeInteger(n)) || ticketIds.length === 0) return null;
  const [reservationId, userId, eventId] = ints as [number, number, number];
  if (session.client_reference_id !== String(userId)) return null;
  return { reservationId, userId, eventId, ticketIds };
}

export async function retrieveCheckoutSession(sessionId: string): Promise<Stripe.Checkout.Session> {
  try {
    return await getStripe().checkout.sessions.retrieve(sessionId, { expand: ["payment_intent"] });
  } catch (e) {
    if (isStripeMissing(e)) throw new AppError("not_found", "No such payment at the payment service");
    throw toPaymentServiceError(e, "The payment could not be checked");
  }
}

const paymentIntentId = (session: Stripe.Checkout.Session): string | null =>
  typeof session.payment_intent === "string" ? session.payment_intent : (session.payment_intent?.id ?? null);

/** Settles a session (see the file comment). Idempotent; safe to call concurrently. */
export async function settleCheckoutSession(sessionId: string): Promise<SettleOutcome> {
  const session = await retrieveCheckoutSession(sessionId);
  const binding = sessionBinding(session);
  if (!binding) return { kind: "not_ours", session };
  if (session.payment_status !== "paid") return { kind: "not_paid", session };
  const piId = paymentIntentId(session);
  if (!piId) return { kind: "not_paid", session };

  const existing = await getDb().payment.findUnique({ where: { checkoutSessionId: session.id }, select: { id: true } });
  if (existing) return { kind: "settled", result: await describePayment(existing.id) };

  const mismatch = await checkAgainstOrder(session, binding);
  const paymentId = mismatch ? await recordMismatchedPayment(session, piId, binding, mismatch) : await confirmTickets(session, piId, binding);
  if (paymentId === null) {
    // Someone else settled it first: answer their result.
    const winner = await getDb().payment.findUniqueOrThrow({ where: { checkoutSessionId: session.id }, select: { id: true } });
    return { kind: "settled", result: await describePayment(winner.id) };
  }
  await payBackWhatIsOwed(paymentId, mismatch);
  return { kind: "settled", result: await describePayment(paymentId) };
}

/** Refunds what a settlement left owed; a failure is logged and left to reconcilePayments. */
async function payBackWhatIsOwed(paymentId: number, mismatch: string | null): Promise<void> {
  try {
    if (mismatch) await refundWholePayment(paymentId, mismatch);
    else await refundOwedItems(paymentId, "Seats taken by someone else after the hold expired");
  } catch (e) {
    log.warn(`refund of payment ${paymentId} deferred to reconciliation: ${(e as Error).message}`);
  }
}

/** Why the session cannot be honoured as it is, or null when it matches its order. */
async function checkAgainstOrder(session: Stripe.Checkout.Session, binding: SessionBinding): Promise<string | null> {
  const reservation = await getDb().reservation.findUnique({
    where: { id: binding.reservationId },
    select: { userId: true, eventId: true, event: { select: { currency: true, serviceFee: true } } },
  });
  if (!reservation) return "The payment names a reservation that does not exist";
  if (reservation.userId !== binding.userId) return "The payment was made for another account's reservation";
  if (reservation.eventId !== binding.eventId) return "The payment names another event";
  const rows = await loadOrderTickets(binding.ticketIds);
  if (rows.length !== binding.ticketIds.length) return "The payment names tickets that do not exist";
  const priced = priceOrder(rows, reservation.event.serviceFee.toFixed(2), reservation.event.currency);
  if ((session.currency ?? "").toUpperCase() !== priced.currency.toUpperCase()) return "The payment's currency does not match the order";
  if (session.amount_total !== priced.totalMinor) return "The amount paid does not match the order's total";
  return null;
}

type LockedTicket = { ticket_id: number; event_id: number; status: string; reservation_id: number | null; takeable: boolean; free_before: boolean; price: string; fee: string; currency: string; seat: string; class_name: string };

/** The transaction of a matching paid session. Returns the new payment id, or null if another settlement won. */
async function confirmTickets(session: Stripe.Checkout.Session, piId: string, b: SessionBinding): Promise<number | null> {
  const currency = (session.currency ?? "usd").toUpperCase();
  const outcome = await getDb().$transaction(
    async (tx) => {
      const [payment] = await tx.$queryRaw<{ payment_id: number }[]>`
        INSERT INTO payment (user_id, reservation_id, event_id, method, currency, price, status, payment_datetime, transaction_id, checkout_session_id)
        VALUES (${b.userId}, ${b.reservationId}, ${b.eventId}, 'card', ${currency}, ${fromMinor(session.amount_total ?? 0, currency)}::numeric,
                'approved', now(), ${piId}, ${session.id})
        ON CONFLICT DO NOTHING
        RETURNING payment_id`;
      if (!payment) return null;

      const tickets = await tx.$queryRaw<LockedTicket[]>`
        SELECT t.ticket_id, t.event_id, t.status::text AS status, t.reservation_id,
               ((t.status = 'reserved' AND t.reservation_id = ${b.reservationId}) OR ${ticketIsAvailableSql}) AS takeable,
               NOT (t.status = 'reserved' AND t.reservation_id = ${b.reservationId}) AS free_before,
               t.price::text AS price, e.service_fee::text AS fee, t.currency, t.seat, c.name AS class_name
          FROM ticket t JOIN event e ON e.event_id = t.event_id JOIN class c ON c.class_id = t.class_id
         WHERE t.ticket_id = ANY(${b.ticketIds}::int[]) AND t.event_id = ${b.eventId}
         ORDER BY t.ticket_id
           FOR UPDATE OF t`;
      const taken = tickets.filter((t) => t.takeable);
      const lost = tickets.filter((t) => !t.takeable);
      const takenIds = taken.map((t) => t.ticket_id);

      if (takenIds.length > 0) {
        await tx.$executeRaw`
          UPDATE ticket SET status = 'confirmed', user_id = ${b.userId}, payment_id = ${payment.payment_id},
                            reservation_id = ${b.reservationId}, hold_expire_datetime = NULL, checkout_hold_until = NULL, status_update_datetime = now()
           WHERE ticket_id = ANY(${takenIds}::int[])`;
      }
      const items = [...taken.map((t) => ({ t, status: "issued" })), ...lost.map((t) => ({ t, status: "refunded" }))];
      if (items.length > 0) {
        await tx.$executeRaw`
          INSERT INTO order_item (payment_id, ticket_id, event_id, user_id, seat, class_name, price, fee, currency, status, token_secret, cancel_reason, cancel_datetime)
          SELECT ${payment.payment_id}, i.ticket_id, ${b.eventId}, ${b.userId}, i.seat, i.class_name, i.price, i.fee, i.currency,
                 i.status::order_item_status, replace(gen_random_uuid()::text, '-', ''),
                 CASE WHEN i.status = 'refunded' THEN 'The seat was taken by someone else after the hold expired' END,
                 CASE WHEN i.status = 'refunded' THEN now() END
            FROM unnest(${items.map((i) => i.t.ticket_id)}::int[], ${items.map((i) => i.t.seat)}::text[], ${items.map((i) => i.t.class_name)}::text[],
                        ${items.map((i) => i.t.price)}::numeric[], ${items.map((i) => i.t.fee)}::numeric[], ${items.map((i) => i.t.currency)}::text[],
                        ${items.map((i) => i.status)}::text[])
                 AS i(ticket_id, seat, class_name, price, fee, currency, status)`;
      }
      const feeTotal = tickets.reduce((sum, t) => sum + toMinor(t.fee, t.currency), 0);
      const note =
        lost.length === 0
          ? null
          : takenIds.length === 0
            ? "Your hold expired before the payment arrived and your seats went to other fans; the payment is refunded in full."
            : `Your hold expired before the payment arrived and ${lost.length} of your seats went to other fans; those are refunded.`;
      await tx.$executeRaw`
        UPDATE payment SET fee_amount = ${fromMinor(feeTotal, currency)}::numeric, note = ${note}, update_datetime = now()
         WHERE payment_id = ${payment.payment_id}`;

      // The rest of the hold (seats added after this checkout opened) was not paid for: give it back.
      const released = await tx.$queryRaw<{ ticket_id: number; event_id: number; holder_id: number }[]>`
        UPDATE ticket SET status = 'available', user_id = NULL, reservation_id = NULL, hold_expire_datetime = NULL, checkout_hold_until = NULL, status_update_datetime = now()
         WHERE reservation_id = ${b.reservationId} AND status = 'reserved' AND NOT (ticket_id = ANY(${b.ticketIds}::int[]))
        RETURNING ticket_id, event_id, ${b.userId}::int AS holder_id`;
      await tx.$executeRaw`
        UPDATE reservation SET status = ${takenIds.length > 0 ? "confirmed" : "expired"}::reservation_status, update_datetime = now()
         WHERE reservation_id = ${b.reservationId}`;
      // The order confirmation (the e-tickets and a calendar file) commits with the tickets: the
      // mail exists if and only if they do (lib/notifications/outbox.ts); the worker sends it.
      if (takenIds.length > 0) {
        await enqueueNotification(tx, { userId: b.userId, kind: "order_confirmation", dedupeKey: `order_confirmation:${payment.payment_id}`, data: { paymentId: payment.payment_id } });
      }
      return { paymentId: payment.payment_id, lateTakes: taken.some((t) => t.free_before), released };
    },
    { maxWait: 10_000, timeout: 30_000 },
  );
  if (!outcome) return null;

  // After the commit: sold seats change colour on the chart; counts move if seats came from the pool.
  await invalidateAvailabilityCaches([b.eventId]).catch(() => undefined);
  if (outcome.released.length > 0) await announceReleasedSeats(outcome.released);
  if (outcome.lateTakes) await reconcileTicketCounts([b.eventId]).catch(() => undefined);
  return outcome.paymentId;
}

/** A paid session that does not match its order: recorded (so it is used once) and refunded in full. */
async function recordMismatchedPayment(session: Stripe.Checkout.Session, piId: string, b: SessionBinding, why: string): Promise<number | null> {
  const currency = (session.currency ?? "usd").toUpperCase();
  // The reservation may not exist or belong to someone else: record the payment against the fan
  // the session was opened for when that account exists, else leave the reservation out.
  const user = await getDb().user.findUnique({ where: { id: b.userId }, select: { id: true } });
  if (!user) {
    log.error(`paid session ${session.id} names no existing user; refund it from the Stripe dashboard`);
    throw new AppError("payment_mismatch", why);
  }
  const reservation = await getDb().reservation.findFirst({ where: { id: b.reservationId, userId: b.userId }, select: { id: true } });
  const [row] = await getDb().$queryRaw<{ payment_id: number }[]>`
    INSERT INTO payment (user_id, reservation_id, event_id, method, currency, price, status, payment_datetime, transaction_id, checkout_session_id, note)
    VALUES (${b.userId}, ${reservation?.id ?? null}, ${reservation ? b.eventId : null}, 'card', ${currency},
            ${fromMinor(session.amount_total ?? 0, currency)}::numeric, 'approved', now(), ${piId}, ${session.id},
            ${`${why}; no tickets were issued and the payment is refunded in full.`})
    ON CONFLICT DO NOTHING
    RETURNING payment_id`;
  log.warn(`session ${session.id}: ${why}; refunding`);
  return row?.payment_id ?? null;
}

/** The confirm response for a settled payment, from the database. */
export async function describePayment(paymentId: number): Promise<ConfirmResult> {
  const db = getDb();
  const payment = await db.payment.findUniqueOrThrow({ where: { id: paymentId } });
  const items = await db.orderItem.findMany({ where: { paymentId }, orderBy: { ticketId: "asc" } });
  const issued = items.filter((i) => i.status === "issued");
  const refundedItems = items.filter((i) => i.status === "refunded");
  const refunds = await db.refund.findMany({ where: { paymentId }, select: { status: true } });
  const details: PaymentDetails = {
    payment_id: String(payment.id),
    payment_method: payment.method,
    amount_paid: Number(payment.price.toFixed(2)),
    currency: payment.currency,
    transaction_id: payment.transactionId,
    payment_status: payment.status,
  };
  const owed = items.some((i) => i.status !== "issued" && !i.stripeRefundId) || (issued.length === 0 && payment.refundedAmount.lessThan(payment.price));
  const status = issued.length > 0 ? "success" : "failure";
  const message =
    status === "success"
      ? refundedItems.length > 0
        ? `Payment confirmed for ${issued.length} ticket(s); ${refundedItems.length} seat(s) went to someone else after your hold expired and are refunded`
        : "Payment confirmed successfully"
      : (payment.note ?? "No tickets could be issued for this payment; it is refunded");
  return {
    status,
    message,
    confirmed_tickets: issued.map((i) => ({ ticket_id: String(i.ticketId), seat: i.seat, class: i.className, price: i.price.toFixed(2), currency: i.currency, status: "confirmed" })),
    payment_details: details,
    confirmation_datetime: (payment.paymentAt ?? payment.createdAt).toISOString(),
    order_id: String(payment.id),
    reservation_id: payment.reservationId === null ? null : String(payment.reservationId),
    event_id: payment.eventId === null ? null : String(payment.eventId),
    checkout_session_id: payment.checkoutSessionId,
    refunded_tickets: refundedItems.map((i) => ({ ticket_id: String(i.ticketId), seat: i.seat, class: i.className, price: i.price.toFixed(2), currency: i.currency, status: "refunded" })),
    refund:
      refundedItems.length > 0 || issued.length === 0
        ? {
            amount: (owed ? payment.price.minus(issued.reduce((s, i) => s.plus(i.price).plus(i.fee), new Prisma.Decimal(0))) : payment.refundedAmount).toFixed(2),
            currency: payment.currency,
            status: owed || refunds.some((r) => r.status === "pending") ? "pending" : "succeeded",
          }
        : null,
  };
}

/**
 * The success page and the confirm API: settles the caller's session. Someone else's session is
 * "forbidden" and is not touched; an unpaid one is `payment_not_completed`.
 */
export async function confirmCheckoutSession({ sessionId, userId }: { sessionId: string; userId: number }): Promise<ConfirmResult> {
  if (!/^cs_[A-Za-z0-9_]{1,250}$/.test(sessionId)) throw new AppError("not_found", "No such payment at the payment service");
  const session = await retrieveCheckoutSession(sessionId);
  const binding = sessionBinding(session);
  if (!binding) throw new AppError("not_found", "This payment is not for an order of ours");
  if (binding.userId !== userId) throw new AppError("forbidden", "This payment belongs to another account");
  const outcome = await settleCheckoutSession(session.id);
  if (outcome.kind === "not_paid") {
    const status = outcome.session.status === "expired" ? "expired" : outcome.session.payment_status;
    throw new AppError("payment_not_completed", status === "expired" ? "This checkout expired without a payment" : "The payment service has not confirmed this payment yet", { payment_status: status });
  }
  if (outcome.kind === "not_ours") throw new AppError("not_found", "This payment is not for an order of ours");
  return outcome.result;
}

export type ConfirmInput = { userId: number; ticketIds: number[]; paymentInfo: { payment_id?: string; transaction_id?: string } };

/**
 * POST /api/events/ticket/confirm: payment_info names a Checkout Session (cs_…) or a PaymentIntent
 * (pi_…); everything else in it is ignored. The tickets named must be exactly the session's.
 */
export async function confirmPayment({ userId, ticketIds, paymentInfo }: ConfirmInput): Promise<ConfirmResult> {
  const ids = [paymentInfo.payment_id, paymentInfo.transaction_id].filter((v): v is string => typeof v === "string");
  let sessionId = ids.find((id) => id.startsWith("cs_"));
  if (!sessionId) {
    const pi = ids.find((id) => id.startsWith("pi_"));
    if (!pi) throw new AppError("validation_error", "payment_info must name the Stripe Checkout Session (cs_…) or PaymentIntent (pi_…) of the payment");
    sessionId = await sessionOfPaymentIntent(pi);
  }
  const session = await retrieveCheckoutSession(sessionId);
  const binding = sessionBinding(session);
  if (!binding) throw new AppError("not_found", "This payment is not for an order of ours");
  if (binding.userId !== userId) throw new AppError("forbidden", "This payment belongs to another account");
  const asked = [...ticketIds].sort((a, b) => a - b).join(",");
  if (asked !== [...binding.ticketIds].sort((a, b) => a - b).join(",")) {
    throw new AppError("payment_mismatch", "ticket_ids are not the tickets this payment is for", { paid_ticket_ids: binding.ticketIds.map(String) });
  }
  return confirmCheckoutSession({ sessionId, userId });
}

async function sessionOfPaymentIntent(pi: string): Promise<string> {
  if (!/^pi_[A-Za-z0-9_]{1,250}$/.test(pi)) throw new AppError("not_found", "No such payment at the payment service");
  try {
    const list = await getStripe().checkout.sessions.list({ payment_intent: pi, limit: 1 });
    const found = list.data[0];
    if (!found) throw new AppError("not_found", "No such payment at the payment service");
    return found.id;
  } catch (e) {
    throw toPaymentServiceError(e, "The payment could not be checked");
  }
}
