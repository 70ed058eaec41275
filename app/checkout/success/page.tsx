// Stripe's success_url (?session_id=cs_…): the fan is back from Stripe. The page never takes the
// redirect's word for it: confirmCheckoutSession asks Stripe and confirms the tickets (once, however
// often this page is loaded and whether or not the webhook got there first). Then it shows what
// happened: the tickets, what was paid, and any seats refunded because they went to someone else
// after the hold expired. While Stripe has not confirmed the payment yet it waits and re-checks.
import type { Metadata } from "next";
import Link from "next/link";
import type { ReactNode } from "react";
import { z } from "zod";
import { AutoRefresh } from "@/components/checkout/auto-refresh";
import { OrderEvent } from "@/components/checkout/order-event";
import { OrderTotals } from "@/components/checkout/order-totals";
import { formatMoney } from "@/components/format/format-money";
import { requirePageUser } from "@/lib/auth/require-page-user";
import { isAppError, type AppError } from "@/lib/errors/app-error";
import { confirmCheckoutSession } from "@/lib/payments/confirm-payment";
import { getOrderSummary } from "@/lib/payments/order-summary";
import type { ConfirmResult, OrderSummary } from "@/lib/payments/types";

export const metadata: Metadata = { title: "Your order", robots: { index: false } };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

/** A Stripe Checkout Session id, as Stripe puts it in the success_url. */
const sessionIdSchema = z.string().regex(/^cs_[A-Za-z0-9_]{1,250}$/);

type Outcome =
  | { kind: "confirmed"; result: ConfirmResult; order: OrderSummary | null }
  | { kind: "pending" }
  | { kind: "expired" }
  | { kind: "problem"; title: string; message: string }
  | { kind: "unavailable" };

const notFoundProblem = {
  kind: "problem",
  title: "We couldn't find this payment",
  message: "The link is missing the payment reference Stripe adds to it, or it is not for an order of yours. If you paid, your tickets are in My tickets.",
} as const;

/** Errors a fan can do something about become a state of the page; anything else is the error page. */
function outcomeOf(e: AppError): Outcome | null {
  switch (e.code) {
    case "payment_not_completed":
      return e.details?.payment_status === "expired" ? { kind: "expired" } : { kind: "pending" };
    case "not_found":
    case "validation_error":
      return notFoundProblem;
    case "forbidden":
      return { kind: "problem", title: "This payment belongs to another account", message: "Sign in with the account you paid with to see its tickets." };
    case "unavailable":
      return { kind: "unavailable" };
    default:
      return null;
  }
}

/** The order behind the payment, for the event's details and seat labels; null when it cannot be read. */
async function findOrder(userId: number, reservationId: string | null): Promise<OrderSummary | null> {
  if (reservationId === null) return null;
  return getOrderSummary({ userId, reservationId: Number(reservationId) }).catch(() => null);
}

async function settle(userId: number, rawSessionId: string | undefined): Promise<Outcome> {
  const parsed = sessionIdSchema.safeParse(rawSessionId);
  if (!parsed.success) return notFoundProblem;
  try {
    const result = await confirmCheckoutSession({ sessionId: parsed.data, userId });
    return { kind: "confirmed", result, order: await findOrder(userId, result.reservation_id) };
  } catch (e) {
    const outcome = isAppError(e) ? outcomeOf(e) : null;
    if (!outcome) throw e;
    return outcome;
  }
}

export default async function CheckoutSuccessPage({ searchParams }: { searchParams: SearchParams }) {
  const rawSessionId = first((await searchParams).session_id);
  const here = `/checkout/success?${new URLSearchParams({ session_id: rawSessionId ?? "" })}`;
  const caller = await requirePageUser(here);
  const outcome = await settle(caller.userId, rawSessionId);

  switch (outcome.kind) {
    case "confirmed":
      return <Confirmed result={outcome.result} order={outcome.order} />;
    case "pending":
      return (
        <Frame title="We're waiting for confirmation from Stripe" testId="checkout-pending">
          <AutoRefresh everyMs={3000} times={20} />
          <p>Stripe has not told us yet that your payment went through. This usually takes a few seconds; this page checks again by itself.</p>
          <p className="mt-2">You won&apos;t be charged twice, and your seats stay held meanwhile.</p>
          <Actions>
            <Link href={here} className={primary} prefetch={false}>
              Check again
            </Link>
            <Link href="/account/tickets" className={secondary}>
              My tickets
            </Link>
          </Actions>
        </Frame>
      );
    case "expired":
      return (
        <Frame title="This checkout expired" testId="checkout-success-problem">
          <p>The payment page closed before a payment was made, so nothing was charged. Pick your seats again to buy tickets.</p>
          <Actions>
            <Link href="/" className={primary}>
              Browse events
            </Link>
            <Link href="/account/tickets" className={secondary}>
              My tickets
            </Link>
          </Actions>
        </Frame>
      );
    case "unavailable":
      return (
        <Frame title="We couldn't check your payment just now" testId="checkout-unavailable">
          <p>The payment service did not answer. If you paid, your payment is safe and your tickets will be confirmed; try again in a moment.</p>
          <Actions>
            <Link href={here} className={primary} prefetch={false}>
              Try again
            </Link>
            <Link href="/account/tickets" className={secondary}>
              My tickets
            </Link>
          </Actions>
        </Frame>
      );
    case "problem":
      return (
        <Frame title={outcome.title} testId="checkout-success-problem">
          <p>{outcome.message}</p>
          <Actions>
            <Link href="/account/tickets" className={primary}>
              My tickets
            </Link>
            <Link href="/" className={secondary}>
              Browse events
            </Link>
          </Actions>
        </Frame>
      );
  }
}

function Confirmed({ result, order }: { result: ConfirmResult; order: OrderSummary | null }) {
  const success = result.status === "success";
  const paid = result.payment_details;
  const labels = new Map(order?.tickets.map((t) => [t.ticket_id, t.general_admission ? `${t.section} · General admission` : `${t.section} · Row ${t.row} · Seat ${t.seat_number}`]));
  const seatLabel = (ticketId: string, seat: string) => labels.get(ticketId) ?? seat;
  const eventHref = result.event_id ? `/events/${encodeURIComponent(result.event_id)}` : "/";
  return (
    <Frame title={success ? "You're going!" : "Payment received, seats not available"} testId="checkout-success" status={result.status}>
      <p data-testid="confirm-message">{summaryLine(result)}</p>
      {order && (
        <div className="mt-6 rounded-2xl border border-zinc-200 p-5 dark:border-zinc-800">
          <OrderEvent event={order.event} />
        </div>
      )}

      {result.confirmed_tickets.length > 0 && (
        <section aria-labelledby="confirmed-heading" className="mt-6">
          <h2 id="confirmed-heading" className="font-semibold">
            {result.confirmed_tickets.length === 1 ? "Your ticket" : `Your ${result.confirmed_tickets.length} tickets`}
          </h2>
          <TicketList testId="confirmed-tickets" tickets={result.confirmed_tickets.map((t) => ({ ...t, label: seatLabel(t.ticket_id, t.seat) }))} />
        </section>
      )}

      {/* The receipt itemises the fees as the review page did (only when every seat was issued:
          otherwise the refund below explains the difference). */}
      {order && result.refunded_tickets.length === 0 && !result.refund && (
        <div className="mt-6 rounded-2xl border border-zinc-200 p-5 dark:border-zinc-800" data-testid="success-totals">
          <OrderTotals ticketCount={order.tickets.length} subtotal={order.subtotal} fees={order.fees} total={order.total} currency={order.currency} />
        </div>
      )}

      <dl className="mt-6 space-y-2 rounded-2xl bg-zinc-50 p-5 text-sm dark:bg-zinc-900">
        <div className="flex items-baseline justify-between gap-4">
          <dt className="text-zinc-600 dark:text-zinc-400">Amount paid</dt>
          <dd className="text-lg font-semibold tabular-nums" data-testid="amount-paid">
            {formatMoney(String(paid.amount_paid), paid.currency)}
          </dd>
        </div>
        <div className="flex items-baseline justify-between gap-4">
          <dt className="text-zinc-600 dark:text-zinc-400">Order number</dt>
          <dd className="font-mono">{result.order_id}</dd>
        </div>
        <div className="flex items-baseline justify-between gap-4">
          <dt className="text-zinc-600 dark:text-zinc-400">Payment reference</dt>
          <dd className="break-all font-mono text-xs">{paid.transaction_id}</dd>
        </div>
      </dl>

      {(result.refunded_tickets.length > 0 || result.refund) && (
        <section aria-labelledby="refund-heading" className="mt-6 rounded-2xl border border-amber-200 bg-amber-50 p-5 dark:border-amber-500/30 dark:bg-amber-500/10" data-testid="checkout-refund">
          <h2 id="refund-heading" className="font-semibold">
            {result.refund ? `${formatMoney(result.refund.amount, result.refund.currency)} ${result.refund.status === "pending" ? "is being refunded" : "refunded"}` : "Refund"}
          </h2>
          <p className="mt-1 text-sm text-zinc-700 dark:text-zinc-300">
            {result.refunded_tickets.length > 0
              ? `Your hold ran out before the payment arrived, and ${result.refunded_tickets.length === 1 ? "this seat" : "these seats"} went to other fans. We refund ${result.refunded_tickets.length === 1 ? "it" : "them"} to your card automatically; it can take a few days to show.`
              : "No tickets were issued for this payment, so it is refunded to your card in full; it can take a few days to show."}
          </p>
          {result.refunded_tickets.length > 0 && <TicketList testId="refunded-tickets" tickets={result.refunded_tickets.map((t) => ({ ...t, label: seatLabel(t.ticket_id, t.seat) }))} />}
        </section>
      )}

      <Actions>
        {success && (
          <Link href="/account/tickets" className={primary}>
            My tickets
          </Link>
        )}
        <Link href={eventHref} className={success ? secondary : primary}>
          {success ? "Back to the event" : "Pick other seats"}
        </Link>
      </Actions>
    </Frame>
  );
}

/** One sentence on what the payment bought; the server's own words when nothing was issued. */
function summaryLine(result: ConfirmResult): string {
  const issued = result.confirmed_tickets.length;
  const lost = result.refunded_tickets.length;
  if (result.status === "failure") return result.message;
  if (lost === 0) return "Your payment went through and your tickets are confirmed.";
  const yours = issued === 1 ? "1 ticket is yours" : `${issued} tickets are yours`;
  const refunded = lost === 1 ? "1 seat could not be issued and is refunded" : `${lost} seats could not be issued and are refunded`;
  return `Your payment went through: ${yours}. ${refunded}, see below.`;
}

type TicketLine = { ticket_id: string; label: string; class: string; price: string; currency: string };

function TicketList({ tickets, testId }: { tickets: TicketLine[]; testId: string }) {
  return (
    <ul className="mt-2 divide-y divide-zinc-200 text-sm dark:divide-zinc-800" data-testid={testId}>
      {tickets.map((t) => (
        <li key={t.ticket_id} className="flex items-baseline justify-between gap-3 py-2" data-ticket-id={t.ticket_id}>
          <span>
            <span className="font-medium">{t.label}</span>
            <span className="block text-xs text-zinc-500 dark:text-zinc-400">{t.class}</span>
          </span>
          <span className="tabular-nums">{formatMoney(t.price, t.currency)}</span>
        </li>
      ))}
    </ul>
  );
}

const primary =
  "inline-flex h-10 items-center justify-center rounded-lg bg-brand-600 px-4 text-sm font-semibold text-white hover:bg-brand-700 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-500";
const secondary =
  "inline-flex h-10 items-center justify-center rounded-lg border border-zinc-300 bg-white px-4 text-sm font-semibold text-zinc-800 hover:bg-zinc-50 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-500 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100 dark:hover:bg-zinc-800";

function Frame({ title, testId, status, children }: { title: string; testId: string; status?: string; children: ReactNode }) {
  return (
    <div className="mx-auto max-w-2xl px-4 py-10 sm:px-6" data-testid={testId} data-status={status}>
      <h1 className="text-2xl font-bold tracking-tight sm:text-3xl">{title}</h1>
      <div className="mt-3 text-zinc-700 dark:text-zinc-300">{children}</div>
    </div>
  );
}

function Actions({ children }: { children: ReactNode }) {
  return <div className="mt-8 flex flex-wrap gap-2">{children}</div>;
}
