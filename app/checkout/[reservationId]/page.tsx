// Checkout, step one: the order review for the caller's hold. Every seat with its price and the
// per-ticket service fee, the totals, the refund policy and a live countdown, then "Pay with
// Stripe". A hold that has lapsed, was released or is already paid says so instead.
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { CheckoutPanel } from "@/components/checkout/checkout-panel";
import { HoldEndedNotice } from "@/components/checkout/hold-ended-notice";
import { OrderEvent } from "@/components/checkout/order-event";
import { OrderTickets } from "@/components/checkout/order-tickets";
import { OrderTotals } from "@/components/checkout/order-totals";
import { formatMoney } from "@/components/format/format-money";
import { requirePageUser } from "@/lib/auth/require-page-user";
import { isAppError } from "@/lib/errors/app-error";
import { getOrderSummary } from "@/lib/payments/order-summary";
import type { OrderSummary } from "@/lib/payments/types";
import { toIdOrNull } from "@/lib/validations/events";

export const metadata: Metadata = { title: "Checkout", robots: { index: false } };

type CheckoutPageProps = { params: Promise<{ reservationId: string }> };

/** The caller's order, or null when there is no such reservation of theirs. */
async function findOrder(userId: number, reservationId: number): Promise<OrderSummary | null> {
  try {
    return await getOrderSummary({ userId, reservationId });
  } catch (e) {
    if (isAppError(e) && e.code === "not_found") return null;
    throw e;
  }
}

export default async function CheckoutPage({ params }: CheckoutPageProps) {
  const { reservationId } = await params;
  const caller = await requirePageUser(`/checkout/${encodeURIComponent(reservationId)}`);
  const id = toIdOrNull(reservationId);
  if (id === null) notFound();
  const order = await findOrder(caller.userId, id);
  if (!order) notFound();

  const { event, currency } = order;
  const live = order.status === "active" && order.expire_in_seconds > 0;
  const totals = <OrderTotals ticketCount={order.tickets.length} subtotal={order.subtotal} fees={order.fees} total={order.total} currency={currency} />;

  return (
    <div className="mx-auto max-w-5xl px-4 pb-12 sm:px-6 lg:px-8" data-testid="checkout-page" data-status={live ? "active" : order.status === "active" ? "expired" : order.status}>
      <nav aria-label="Breadcrumb" className="pt-6 text-sm">
        <Link href={`/events/${encodeURIComponent(event.event_id)}`} className="rounded text-zinc-600 hover:text-zinc-900 focus-visible:outline-2 focus-visible:outline-brand-500 dark:text-zinc-400 dark:hover:text-zinc-100">
          ← Back to seats
        </Link>
      </nav>
      <h1 className="mt-4 text-2xl font-bold tracking-tight sm:text-3xl">{live ? "Review your order" : "Your order"}</h1>

      <div className="mt-8 grid grid-cols-1 gap-8 lg:grid-cols-[minmax(0,7fr)_minmax(0,5fr)]">
        <div className="space-y-6">
          <section className="rounded-2xl border border-zinc-200 p-5 dark:border-zinc-800">
            <OrderEvent event={event} />
          </section>

          {order.tickets.length > 0 && (
            <section aria-labelledby="tickets-heading" className="rounded-2xl border border-zinc-200 p-5 dark:border-zinc-800">
              <div className="flex items-baseline justify-between gap-2">
                <h2 id="tickets-heading" className="font-semibold">
                  Your seats
                </h2>
                <span className="text-xs text-zinc-500 dark:text-zinc-400" data-testid="fee-per-ticket">
                  Service fee {formatMoney(order.tickets[0]!.fee, currency)} per ticket
                </span>
              </div>
              <div className="mt-2 overflow-x-auto">
                <OrderTickets tickets={order.tickets} />
              </div>
            </section>
          )}

          <section aria-labelledby="refund-heading" className="rounded-2xl border border-zinc-200 p-5 dark:border-zinc-800">
            <h2 id="refund-heading" className="font-semibold">
              Refund policy
            </h2>
            <p className="mt-1 text-sm text-zinc-700 dark:text-zinc-300" data-testid="refund-policy">
              {order.refund_policy}
            </p>
          </section>
        </div>

        <aside className="space-y-4 lg:sticky lg:top-4 lg:self-start" aria-label="Order total and payment">
          {live ? (
            <CheckoutPanel reservationId={order.reservation_id} eventId={event.event_id} expireInSeconds={order.expire_in_seconds} totalLabel={formatMoney(order.total, currency)}>
              {totals}
            </CheckoutPanel>
          ) : (
            <>
              <HoldEndedNotice status={order.status === "active" ? "expired" : order.status} eventId={event.event_id} />
              {order.tickets.length > 0 && <div className="rounded-2xl border border-zinc-200 p-5 dark:border-zinc-800">{totals}</div>}
            </>
          )}
        </aside>
      </div>
    </div>
  );
}
