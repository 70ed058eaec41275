// Stripe's cancel_url (?reservation_id=N): the fan left Stripe's page without paying. Nothing was
// charged and the hold stands until it runs out, so say until when and offer the way back.
import type { Metadata } from "next";
import Link from "next/link";
import { HoldTimer } from "@/components/checkout/hold-timer";
import { HoldEndedNotice } from "@/components/checkout/hold-ended-notice";
import { LocalTime } from "@/components/checkout/local-time";
import { OrderEvent } from "@/components/checkout/order-event";
import { requirePageUser } from "@/lib/auth/require-page-user";
import { isAppError } from "@/lib/errors/app-error";
import { getOrderSummary } from "@/lib/payments/order-summary";
import type { OrderSummary } from "@/lib/payments/types";
import { toIdOrNull } from "@/lib/validations/events";

export const metadata: Metadata = { title: "Payment cancelled", robots: { index: false } };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

async function findOrder(userId: number, reservationId: number): Promise<OrderSummary | null> {
  try {
    return await getOrderSummary({ userId, reservationId });
  } catch (e) {
    if (isAppError(e) && e.code === "not_found") return null;
    throw e;
  }
}

const primary =
  "inline-flex h-10 items-center justify-center rounded-lg bg-brand-600 px-4 text-sm font-semibold text-white hover:bg-brand-700 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-500";
const secondary =
  "inline-flex h-10 items-center justify-center rounded-lg border border-zinc-300 bg-white px-4 text-sm font-semibold text-zinc-800 hover:bg-zinc-50 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-500 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100 dark:hover:bg-zinc-800";

export default async function CheckoutCancelPage({ searchParams }: { searchParams: SearchParams }) {
  const raw = first((await searchParams).reservation_id) ?? "";
  const caller = await requirePageUser(`/checkout/cancel?${new URLSearchParams({ reservation_id: raw })}`);
  const id = toIdOrNull(raw);
  const order = id === null ? null : await findOrder(caller.userId, id);

  return (
    <div className="mx-auto max-w-2xl px-4 py-10 sm:px-6" data-testid="checkout-cancel">
      <h1 className="text-2xl font-bold tracking-tight sm:text-3xl">Payment cancelled</h1>
      {!order ? (
        <>
          <p className="mt-3 text-zinc-700 dark:text-zinc-300">You left the payment page, and nothing was charged. We couldn&apos;t find the order this link belongs to.</p>
          <div className="mt-6 flex flex-wrap gap-2">
            <Link href="/" className={primary}>
              Browse events
            </Link>
            <Link href="/account/tickets" className={secondary}>
              My tickets
            </Link>
          </div>
        </>
      ) : order.status === "active" && order.expire_in_seconds > 0 ? (
        <>
          <p className="mt-3 text-zinc-700 dark:text-zinc-300" data-testid="cancel-message">
            Nothing was charged. Your seats are still held until <LocalTime iso={order.expire_datetime} />.
          </p>
          <div className="mt-6 rounded-2xl border border-zinc-200 p-5 dark:border-zinc-800">
            <OrderEvent event={order.event} />
            <p className="mt-3 text-sm text-zinc-600 dark:text-zinc-400">
              {order.tickets.length === 1 ? "1 seat" : `${order.tickets.length} seats`} held
            </p>
            <div className="mt-3">
              <HoldTimer seconds={order.expire_in_seconds} />
            </div>
          </div>
          <div className="mt-6 flex flex-wrap gap-2">
            <Link href={`/checkout/${encodeURIComponent(order.reservation_id)}`} className={primary}>
              Back to checkout
            </Link>
            <Link href={`/events/${encodeURIComponent(order.event.event_id)}`} className={secondary}>
              Back to seats
            </Link>
          </div>
        </>
      ) : (
        <>
          <p className="mt-3 text-zinc-700 dark:text-zinc-300">You left the payment page, and nothing was charged.</p>
          <div className="mt-6">
            <HoldEndedNotice status={order.status === "active" ? "expired" : order.status} eventId={order.event.event_id} />
          </div>
        </>
      )}
    </div>
  );
}
