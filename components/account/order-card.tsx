// One order on "My tickets": the event, each ticket with its state (and QR code while it is valid
// for an upcoming event), and what was paid and refunded. A server component: the QR codes are
// drawn on the server. `itemAction` is the slot for a per-ticket action (the page puts the
// "Cancel and refund" button there for tickets that can still be cancelled).
import type { ReactNode } from "react";
import Link from "next/link";
import { formatEventDateTime } from "@/components/format/format-event-datetime";
import { formatMoney } from "@/components/format/format-money";
import { describeSeat, qrLabel } from "@/lib/tickets/describe-seat";
import type { OrderItemView, UserOrder } from "@/lib/tickets/types";
import { OrderItemStatus } from "./order-item-status";
import { TicketQr } from "./ticket-qr";

type OrderCardProps = {
  order: UserOrder;
  past: boolean;
  /** Rendered under each ticket (e.g. a cancel button); return null for none. */
  itemAction?: (item: OrderItemView, order: UserOrder) => ReactNode;
};

const PAYMENT_LABEL = { refunded: "Refunded", partially_refunded: "Partly refunded" } as const;

function ItemRow({ item, order, past, action }: { item: OrderItemView; order: UserOrder; past: boolean; action: ReactNode }) {
  const { event } = order;
  const showQr = item.token !== null && !past && !item.checkedInAt;
  return (
    <li className="flex flex-wrap gap-4 py-4 first:pt-0 last:pb-0" data-testid="order-item" data-order-item-id={item.orderItemId}>
      {showQr ? <TicketQr token={item.token!} label={qrLabel(item, event.title)} className="size-28" /> : null}
      <div className="min-w-0 flex-1 text-sm">
        <div className="flex flex-wrap items-center gap-2">
          <span className="font-semibold">{describeSeat(item)}</span>
          <OrderItemStatus item={item} />
        </div>
        <p className="mt-1 inline-flex items-center gap-1.5 text-zinc-600 dark:text-zinc-400">
          {item.classColor ? <span aria-hidden className="size-2.5 rounded-full" style={{ backgroundColor: item.classColor }} /> : null}
          {item.className} · {formatMoney(item.price, item.currency)}
          {Number(item.fee) > 0 ? ` + ${formatMoney(item.fee, item.currency)} fee` : ""}
        </p>
        {item.checkedInAt ? (
          <p className="mt-1 text-zinc-600 dark:text-zinc-400">Checked in {formatEventDateTime(item.checkedInAt.toISOString(), event.timezone)}</p>
        ) : null}
        {item.status !== "issued" ? (
          <p className="mt-1 text-zinc-600 dark:text-zinc-400" data-testid="ticket-cancel-reason">
            {item.status === "cancelled" ? "Cancelled" : "Refunded"}
            {item.cancelledAt ? ` ${formatEventDateTime(item.cancelledAt.toISOString(), event.timezone)}` : ""}
            {item.cancelReason ? `: ${item.cancelReason}` : ""}
          </p>
        ) : null}
        <div className="mt-2 flex flex-wrap items-center gap-3">
          <Link
            href={`/account/tickets/${item.orderItemId}`}
            className="text-sm font-semibold text-brand-700 hover:underline focus-visible:outline-2 focus-visible:outline-brand-500 dark:text-brand-300"
          >
            {/* The seat in hidden text rather than an aria-label, so the accessible name starts with what is shown. */}
            {item.token ? "View and print ticket" : "View ticket"}
            <span className="sr-only"> for seat {item.seat}</span>
          </Link>
          {action}
        </div>
      </div>
    </li>
  );
}

export function OrderCard({ order, past, itemAction }: OrderCardProps) {
  const { event, items } = order;
  const headingId = `order-${order.orderId}-heading`;
  const paymentLabel = order.status === "approved" ? null : PAYMENT_LABEL[order.status as keyof typeof PAYMENT_LABEL];
  return (
    <li>
      <article aria-labelledby={headingId} className="rounded-2xl border border-zinc-200 p-5 dark:border-zinc-800" data-testid="order" data-order-id={order.orderId}>
        <div className="flex flex-wrap items-baseline justify-between gap-2">
          <h3 id={headingId} className="text-base font-semibold">
            <Link href={`/events/${event.id}`} className="hover:underline">
              {event.title}
            </Link>
          </h3>
          <span className="text-sm text-zinc-600 dark:text-zinc-400">
            Order #{order.orderId} · {items.length} {items.length === 1 ? "ticket" : "tickets"}
          </span>
        </div>
        <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">
          {formatEventDateTime(event.datetime.toISOString(), event.timezone)} · {event.venue}, {event.location}
          {event.status !== "scheduled" ? <span className="ml-2 font-semibold uppercase text-amber-700 dark:text-amber-300">{event.status}</span> : null}
          {past ? <span className="ml-2 text-zinc-500">(past)</span> : null}
        </p>
        {order.note && !order.receivedFrom ? (
          <p className="mt-3 rounded-lg bg-amber-50 px-3 py-2 text-sm text-amber-900 dark:bg-amber-500/10 dark:text-amber-200" data-testid="order-note">
            {order.note}
          </p>
        ) : null}

        <ul className="mt-4 divide-y divide-zinc-100 dark:divide-zinc-800" aria-label={`Tickets of order ${order.orderId}`}>
          {items.map((item) => (
            <ItemRow key={item.orderItemId} item={item} order={order} past={past} action={itemAction?.(item, order) ?? null} />
          ))}
        </ul>

        {order.receivedFrom ? (
          // A ticket sent by a friend: what they paid and its refunds stay theirs.
          <p className="mt-3 border-t border-zinc-200 pt-3 text-sm text-zinc-600 dark:border-zinc-800 dark:text-zinc-400" data-testid="order-received-from">
            Sent to you by {order.receivedFrom}. Only they can have it refunded.
          </p>
        ) : null}

        {!past && !order.receivedFrom ? (
          <p className="mt-3 text-xs text-zinc-500 dark:text-zinc-400" data-testid="order-refund-policy">
            {order.refundPolicy}
          </p>
        ) : null}

        {order.receivedFrom ? null : (
        <dl className="mt-4 grid grid-cols-[1fr_auto] gap-x-4 gap-y-1 border-t border-zinc-200 pt-3 text-sm dark:border-zinc-800" data-testid="order-totals">
          <dt className="text-zinc-600 dark:text-zinc-400">Tickets</dt>
          <dd className="text-right tabular-nums">{formatMoney(order.subtotal, order.currency)}</dd>
          {Number(order.fees) > 0 ? (
            <>
              <dt className="text-zinc-600 dark:text-zinc-400">Fees</dt>
              <dd className="text-right tabular-nums">{formatMoney(order.fees, order.currency)}</dd>
            </>
          ) : null}
          <dt className="font-semibold">Total paid</dt>
          <dd className="text-right font-semibold tabular-nums">{formatMoney(order.total, order.currency)}</dd>
          {Number(order.refundedAmount) > 0 ? (
            <>
              <dt className="text-zinc-600 dark:text-zinc-400">Refunded{paymentLabel ? ` (${paymentLabel.toLowerCase()})` : ""}</dt>
              <dd className="text-right tabular-nums" data-testid="order-refunded">
                −{formatMoney(order.refundedAmount, order.currency)}
              </dd>
            </>
          ) : null}
        </dl>
        )}
      </article>
    </li>
  );
}
