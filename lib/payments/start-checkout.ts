// Checkout: turns the caller's hold into a Stripe Checkout Session and answers its URL.
//
// - One line item per ticket ("Section 112 · Row F · Seat 7", the class, its price) and one line
//   for the service fees (the one name the review page uses too), so the fan sees at Stripe exactly what the review page showed.
// - metadata.reservation_id / ticket_ids / user_id and client_reference_id bind the session to this
//   hold and this fan; confirm-payment.ts checks them (and the amount) against the database.
// - Idempotent: the same hold with the same seats reuses its open session, and the create call
//   carries an idempotency key derived from the reservation, its seats, total and expiry, so a
//   double click, a retry or two tabs make one session. If the fan changed their seats, the old
//   session is expired at Stripe first, so it can no longer be paid.
// - Expiry: Stripe requires a session to live at least 30 minutes. The session expires at the
//   hold's expiry, or 30 minutes (and a 2-minute margin) from now if the hold ends sooner. The hold
//   stays authoritative: when it ends first, the sweeper expires the session at Stripe
//   (expireCheckoutSessions below), and a payment that slips in between is handled by
//   confirm-payment.ts (seats still free are confirmed, the rest refunded).
import { createHash } from "node:crypto";
import type Stripe from "stripe";
import { getDb } from "@/lib/db";
import { AppError } from "@/lib/errors/app-error";
import { toMinor } from "./money";
import { loadOrderTickets, priceOrder } from "./order-summary";
import { getStripe, toPaymentServiceError } from "./stripe-client";
import type { CheckoutStarted } from "./types";
import { logger } from "@/lib/log/logger";

const log = logger("payments");

/** The fee's one name, on the review page, at Stripe and on the receipt. */
export const SERVICE_FEE_NAME = "Service fee";

export const STRIPE_MIN_SESSION_SECONDS = 30 * 60;
const SESSION_MARGIN_SECONDS = 2 * 60;
const STRIPE_MAX_SESSION_SECONDS = 24 * 60 * 60;
/** Stripe's smallest charge is about 0.50 in most currencies. */
const MIN_CHARGE_MINOR = 50;

export type StartCheckoutInput = {
  userId: number;
  reservationId: number;
  /** The app's public origin, for success_url and cancel_url (e.g. "https://tickets.example.com"). */
  baseUrl: string;
  now?: Date;
};

/** When the Stripe session should expire for a hold that ends at `holdExpiresAt` (unix seconds). */
export function sessionExpiresAt(holdExpiresAt: Date, now: Date): number {
  const nowS = Math.floor(now.getTime() / 1000);
  const earliest = nowS + STRIPE_MIN_SESSION_SECONDS + SESSION_MARGIN_SECONDS;
  const latest = nowS + STRIPE_MAX_SESSION_SECONDS - SESSION_MARGIN_SECONDS;
  return Math.min(latest, Math.max(earliest, Math.ceil(holdExpiresAt.getTime() / 1000)));
}

export const ticketIdsMetadata = (ids: number[]): string => [...ids].sort((a, b) => a - b).join(",");

/** Parses metadata.ticket_ids ("3,4,9"); [] when absent or malformed. */
export function parseTicketIdsMetadata(value: string | undefined | null): number[] {
  if (!value || !/^\d{1,10}(,\d{1,10}){0,49}$/.test(value)) return [];
  return value.split(",").map(Number);
}

/**
 * Opens (or reuses) the Checkout Session of the caller's hold, in named steps: the held order, the
 * hold's open session when it still fits, the session's parameters, the create call, and the
 * compare-and-set that makes it the hold's. `now` (tests) is the clock of every step; without it
 * each step reads the wall clock when it runs, as the last one runs seconds after the first.
 */
export async function startCheckout({ userId, reservationId, baseUrl, now }: StartCheckoutInput): Promise<CheckoutStarted> {
  const clock = () => now ?? new Date();
  const order = await loadHeldOrder(userId, reservationId, clock());
  const stripe = getStripe();
  const reuse = await reuseOpenSession(stripe, order);
  if (reuse.started) return reuse.started;
  const { params, idempotencyKey } = sessionParams(order, baseUrl, sessionExpiresAt(order.reservation.expiresAt, clock()));
  const session = await createSession(stripe, params, idempotencyKey, order);
  return claimSession(stripe, order, session, reuse.expected, clock);
}

type HeldOrder = {
  userId: number;
  reservation: NonNullable<Awaited<ReturnType<typeof findReservation>>>;
  ticketIds: number[];
  ticketKey: string;
  priced: ReturnType<typeof priceOrder>;
};

function findReservation(reservationId: number) {
  return getDb().reservation.findUnique({
    where: { id: reservationId },
    select: {
      id: true,
      userId: true,
      status: true,
      expiresAt: true,
      checkoutSessionId: true,
      createdAt: true,
      user: { select: { email: true } },
      event: { select: { id: true, title: true, datetime: true, currency: true, serviceFee: true, venue: { select: { name: true } } } },
    },
  });
}

/** The caller's live hold, its seats still held at `now`, priced; the AppError a fan should see otherwise. */
async function loadHeldOrder(userId: number, reservationId: number, now: Date): Promise<HeldOrder> {
  const reservation = await findReservation(reservationId);
  if (!reservation || reservation.userId !== userId) throw new AppError("not_found", "No such reservation");
  if (reservation.status === "confirmed") throw new AppError("conflict", "This order is already paid", { reason: "already_paid" });
  if (reservation.status !== "active" || reservation.expiresAt <= now) {
    throw new AppError("not_held", "This hold has ended; pick your seats again");
  }
  const held = await getDb().ticket.findMany({
    where: { reservationId: reservation.id, status: "reserved", holdExpiresAt: { gt: now } },
    select: { id: true },
    orderBy: { id: "asc" },
  });
  if (held.length === 0) throw new AppError("not_held", "This hold has no seats left; pick your seats again");
  const ticketIds = held.map((t) => t.id);
  const { event } = reservation;
  const priced = priceOrder(await loadOrderTickets(ticketIds), event.serviceFee.toFixed(2), event.currency);
  if (priced.totalMinor < MIN_CHARGE_MINOR) throw new AppError("bad_request", "This order is below the smallest amount the payment service accepts");
  return { userId, reservation, ticketIds, ticketKey: ticketIdsMetadata(ticketIds), priced };
}

/**
 * The hold's open session when it is for the same seats and amount (answered as is); otherwise the
 * session id the new one must replace in the compare-and-set (null once the old one is forgotten).
 */
async function reuseOpenSession(stripe: Stripe, { reservation, ticketKey, priced }: HeldOrder): Promise<{ started?: CheckoutStarted; expected: string | null }> {
  const expected = reservation.checkoutSessionId;
  if (!expected) return { expected };
  const previous = await retrieveSession(stripe, expected);
  if (previous?.status === "complete") throw new AppError("conflict", "This order is already paid", { reason: "already_paid", session_id: previous.id });
  if (previous?.status !== "open") return { expected };
  if (previous.metadata?.ticket_ids === ticketKey && previous.amount_total === priced.totalMinor && previous.url) {
    return { started: started(reservation.id, previous, reservation.expiresAt), expected };
  }
  // Forget it first, so its "expired" webhook is not taken for the end of this hold.
  const forgot = await getDb().reservation.updateMany({ where: { id: reservation.id, checkoutSessionId: previous.id }, data: { checkoutSessionId: null } });
  await expireSession(stripe, previous.id);
  return { expected: forgot.count === 1 ? null : expected };
}

/** The create call's parameters: a line per seat and one for the fees, the binding metadata, and an idempotency key. */
function sessionParams({ userId, reservation, ticketKey, priced }: HeldOrder, baseUrl: string, expiresAt: number): { params: Stripe.Checkout.SessionCreateParams; idempotencyKey: string } {
  const { event } = reservation;
  const currency = priced.currency.toLowerCase();
  const metadata = { reservation_id: String(reservation.id), event_id: String(event.id), user_id: String(userId), ticket_ids: ticketKey };
  const lineItems: Stripe.Checkout.SessionCreateParams.LineItem[] = priced.tickets.map((t) => ({
    quantity: 1,
    price_data: {
      currency,
      unit_amount: toMinor(t.price, t.currency),
      // The event first: the payment page lists only names, and a fan must see what they pay for.
      product_data: { name: `${event.title}: ${t.section} · Row ${t.row} · Seat ${t.seat_number}`, description: `${t.class} — ${event.venue.name}` },
    },
  }));
  if (priced.feesMinor > 0) {
    lineItems.push({
      quantity: priced.tickets.length,
      price_data: { currency, unit_amount: priced.feesMinor / priced.tickets.length, product_data: { name: `${SERVICE_FEE_NAME} (per ticket)` } },
    });
  }
  const origin = baseUrl.replace(/\/+$/, "");
  const idempotencyKey = `openseat-checkout-${reservation.id}-${createHash("sha256").update(`${reservation.createdAt.getTime()}|${ticketKey}|${priced.totalMinor}|${currency}|${expiresAt}`).digest("hex").slice(0, 24)}`;
  return {
    params: {
      mode: "payment",
      line_items: lineItems,
      client_reference_id: String(userId),
      customer_email: reservation.user.email,
      metadata,
      payment_intent_data: { metadata },
      expires_at: expiresAt,
      success_url: `${origin}/checkout/success?session_id={CHECKOUT_SESSION_ID}`,
      cancel_url: `${origin}/checkout/cancel?reservation_id=${reservation.id}`,
    },
    idempotencyKey,
  };
}

/** Creates the session, writes it into the ledger, and refuses one Stripe priced differently. */
async function createSession(stripe: Stripe, params: Stripe.Checkout.SessionCreateParams, idempotencyKey: string, { userId, reservation, priced }: HeldOrder): Promise<Stripe.Checkout.Session> {
  let session: Stripe.Checkout.Session;
  try {
    session = await stripe.checkout.sessions.create(params, { idempotencyKey });
  } catch (e) {
    throw toPaymentServiceError(e, "Checkout could not be started");
  }
  // Written down before anyone can pay it, so reconciliation can always find it (recordCheckoutSession).
  await recordCheckoutSession(session, { reservationId: reservation.id, userId, eventId: reservation.event.id });
  if (session.amount_total !== priced.totalMinor) {
    // Never send a fan to pay an amount we did not compute.
    await expireSession(stripe, session.id);
    throw new AppError("unavailable", "Checkout could not be started: the payment service priced the order differently");
  }
  return session;
}

/**
 * Compare-and-set: the session becomes the hold's only if nobody else saved one meanwhile and the
 * hold is still on. A concurrent start (a double click across a second boundary makes a different
 * idempotency key) loses here: its session is expired and the winner's answered. With it, in the
 * same transaction, the session's seats are marked as kept by an open checkout until the session's
 * own expiry (ticket-availability.ts): from now on they are not free at the hold's end but once the
 * session is closed at Stripe, so a payment made in time always finds them.
 */
async function claimSession(stripe: Stripe, { reservation, ticketIds }: HeldOrder, session: Stripe.Checkout.Session, expected: string | null, clock: () => Date): Promise<CheckoutStarted> {
  const db = getDb();
  const saved = await db.$transaction(async (tx) => {
    const won = await tx.reservation.updateMany({
      where: { id: reservation.id, status: "active", expiresAt: { gt: clock() }, checkoutSessionId: expected },
      data: { checkoutSessionId: session.id },
    });
    if (won.count === 1) await markCheckoutSeats(tx, reservation.id, ticketIds, session.expires_at);
    return won.count;
  });
  if (saved === 1) return started(reservation.id, session, reservation.expiresAt);
  const current = await db.reservation.findUniqueOrThrow({ where: { id: reservation.id }, select: { status: true, expiresAt: true, checkoutSessionId: true } });
  if (current.checkoutSessionId === session.id) return started(reservation.id, session, current.expiresAt);
  await expireSession(stripe, session.id);
  const stillHeld = current.status === "active" && current.expiresAt > clock();
  if (stillHeld && current.checkoutSessionId) {
    const winner = await retrieveSession(stripe, current.checkoutSessionId);
    if (winner?.status === "open") return started(reservation.id, winner, current.expiresAt);
  }
  if (stillHeld) throw new AppError("conflict", "Checkout changed while starting; please try again");
  throw new AppError("not_held", "This hold ended while checkout was starting; pick your seats again");
}

type Tx = Parameters<Parameters<ReturnType<typeof getDb>["$transaction"]>[0]>[0];

/** Marks the hold's seats paid for by this session as kept until the session expires (unix seconds). */
async function markCheckoutSeats(tx: Tx, reservationId: number, ticketIds: number[], sessionExpiresAt: number): Promise<void> {
  await tx.$executeRaw`
    UPDATE ticket SET checkout_hold_until = ${new Date(sessionExpiresAt * 1000)}
     WHERE reservation_id = ${reservationId} AND status = 'reserved' AND ticket_id = ANY(${ticketIds}::int[])`;
}

/** Adds a session we opened to the ledger reconciliation walks (idempotent: a retry returns the same session). */
async function recordCheckoutSession(session: Stripe.Checkout.Session, owner: { reservationId: number; userId: number; eventId: number }): Promise<void> {
  await getDb().$executeRaw`
    INSERT INTO checkout_session (id, reservation_id, user_id, event_id, expires_datetime)
    VALUES (${session.id}, ${owner.reservationId}, ${owner.userId}, ${owner.eventId}, ${new Date(session.expires_at * 1000)})
    ON CONFLICT (id) DO NOTHING`;
}

function started(reservationId: number, session: Stripe.Checkout.Session, holdExpiresAt: Date): CheckoutStarted {
  if (!session.url) throw new AppError("unavailable", "The payment service gave no checkout page");
  return {
    reservation_id: String(reservationId),
    session_id: session.id,
    checkout_url: session.url,
    expires_at: new Date(session.expires_at * 1000).toISOString(),
    hold_expire_datetime: holdExpiresAt.toISOString(),
  };
}

async function retrieveSession(stripe: Stripe, id: string): Promise<Stripe.Checkout.Session | null> {
  try {
    return await stripe.checkout.sessions.retrieve(id);
  } catch (e) {
    throw toPaymentServiceError(e, "Checkout could not be started");
  }
}

/** Expires an open session at Stripe; a session already expired or complete is left as it is. */
export async function expireSession(stripe: Stripe, id: string): Promise<boolean> {
  try {
    const session = await stripe.checkout.sessions.retrieve(id);
    if (session.status !== "open") return false;
    await stripe.checkout.sessions.expire(id);
    return true;
  } catch (e) {
    log.warn(`checkout session ${id} not expired: ${(e as Error).message}`);
    return false;
  }
}

/**
 * Expires at Stripe the open checkout sessions of holds that ended (expired by the sweeper or
 * released), so they cannot be paid any more. Returns how many were expired. Failures are logged;
 * the session then expires on its own (at most 32 minutes later) and a late payment is refunded
 * or honoured by confirm-payment.ts.
 */
export async function expireCheckoutSessions(reservationIds: number[]): Promise<number> {
  if (reservationIds.length === 0) return 0;
  const rows = await getDb().reservation.findMany({
    where: { id: { in: reservationIds }, status: { in: ["expired", "released"] }, checkoutSessionId: { not: null } },
    select: { checkoutSessionId: true },
  });
  return expireCheckoutSessionIds(rows.map((r) => r.checkoutSessionId!));
}

/** Expires these sessions at Stripe (those still open); answers how many were expired. */
export async function expireCheckoutSessionIds(sessionIds: string[]): Promise<number> {
  if (sessionIds.length === 0) return 0;
  const stripe = getStripe();
  const results = await Promise.all(sessionIds.map((id) => expireSession(stripe, id)));
  return results.filter(Boolean).length;
}

