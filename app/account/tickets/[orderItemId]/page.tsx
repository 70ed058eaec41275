// One printable e-ticket: a big QR code, the event, the seat and the order. Only its buyer (or an
// admin) sees it; anyone else gets the same 404 as for a ticket that does not exist. A cancelled or
// refunded ticket shows its state and reason instead of a code.
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { OrderItemStatus } from "@/components/account/order-item-status";
import { PrintButton } from "@/components/account/print-button";
import { TicketQr } from "@/components/account/ticket-qr";
import { TransferTicketForm } from "@/components/account/transfer-ticket-form";
import { formatEventDateTime } from "@/components/format/format-event-datetime";
import { formatMoney } from "@/components/format/format-money";
import { requirePageUser } from "@/lib/auth/require-page-user";
import { qrLabel } from "@/lib/tickets/describe-seat";
import { getUserTicket } from "@/lib/tickets/get-user-ticket";
import { toIdOrNull } from "@/lib/validations/events";

export const metadata: Metadata = { title: "Your e-ticket", robots: { index: false } };

type PageProps = { params: Promise<{ orderItemId: string }> };

const secondaryButton =
  "inline-flex h-10 items-center rounded-lg border border-zinc-300 bg-white px-4 text-sm font-semibold text-zinc-800 hover:bg-zinc-50 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-500 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100 dark:hover:bg-zinc-800";

export default async function TicketPage({ params }: PageProps) {
  const { orderItemId: raw } = await params;
  const caller = await requirePageUser(`/account/tickets/${encodeURIComponent(raw)}`);
  const orderItemId = toIdOrNull(raw);
  const ticket = orderItemId === null ? null : await getUserTicket({ orderItemId, caller });
  if (!ticket) notFound();
  const { order, item } = ticket;
  const { event } = order;
  const when = formatEventDateTime(event.datetime.toISOString(), event.timezone);
  // The same conditions the transfer endpoint checks (lib/tickets/transfer-ticket.ts); only the
  // holder may send it (an admin looking at someone's ticket may not).
  // eslint-disable-next-line react-hooks/purity -- a server component rendered per request: "now" is the request's time
  const transferable = item.token !== null && item.checkedInAt === null && event.status === "scheduled" && event.datetime.getTime() > Date.now() && order.holder === caller.username;

  return (
    <div className="mx-auto max-w-2xl px-4 py-10 sm:px-6 lg:px-8 print:max-w-none print:p-0">
      <Link href="/account/tickets" className="text-sm font-semibold text-brand-700 hover:underline dark:text-brand-300 print:hidden">
        ← My tickets
      </Link>

      <article
        aria-labelledby="ticket-heading"
        className="mt-4 rounded-2xl border border-zinc-200 p-6 dark:border-zinc-800 print:mt-0 print:border-2 print:border-black print:text-black"
        data-testid="e-ticket"
      >
        <p className="text-xs font-semibold uppercase tracking-wide text-zinc-500 dark:text-zinc-400 print:text-black">OpenSeat e-ticket</p>
        <h1 id="ticket-heading" className="mt-1 text-2xl font-bold tracking-tight">
          {event.title}
        </h1>
        <p className="mt-1 text-zinc-700 dark:text-zinc-300 print:text-black">{when}</p>
        <p className="text-zinc-700 dark:text-zinc-300 print:text-black">
          {event.venue}, {event.location}
        </p>
        {event.status !== "scheduled" ? (
          <p className="mt-1 font-semibold uppercase text-amber-700 dark:text-amber-300 print:text-black">{event.status}</p>
        ) : null}

        <div className="mt-6 flex flex-col items-center gap-6 sm:flex-row sm:items-start print:flex-row print:items-start">
          {item.token ? (
            <TicketQr token={item.token} label={qrLabel(item, event.title)} className="size-64 print:size-72" testId="ticket-qr-large" />
          ) : (
            <div
              className="flex size-64 shrink-0 items-center justify-center rounded-lg border-2 border-dashed border-zinc-300 p-6 text-center text-sm text-zinc-600 dark:border-zinc-700 dark:text-zinc-400"
              data-testid="ticket-no-qr"
            >
              This ticket was {item.status} and no longer admits anyone.
            </div>
          )}

          <dl className="grid w-full grid-cols-[auto_1fr] gap-x-4 gap-y-2 text-sm">
            <dt className="text-zinc-500 dark:text-zinc-400 print:text-black">Status</dt>
            <dd>
              <OrderItemStatus item={item} />
            </dd>
            {item.section !== null && item.generalAdmission ? (
              <>
                <dt className="text-zinc-500 dark:text-zinc-400 print:text-black">Section</dt>
                <dd className="font-semibold">{item.section}</dd>
                <dt className="text-zinc-500 dark:text-zinc-400 print:text-black">Entry</dt>
                <dd className="font-semibold" data-testid="ticket-general-admission">General admission</dd>
              </>
            ) : item.section !== null ? (
              <>
                <dt className="text-zinc-500 dark:text-zinc-400 print:text-black">Section</dt>
                <dd className="font-semibold">{item.section}</dd>
                <dt className="text-zinc-500 dark:text-zinc-400 print:text-black">Row</dt>
                <dd className="font-semibold">{item.row}</dd>
                <dt className="text-zinc-500 dark:text-zinc-400 print:text-black">Seat</dt>
                <dd className="font-semibold">{item.number}</dd>
              </>
            ) : null}
            <dt className="text-zinc-500 dark:text-zinc-400 print:text-black">Seat code</dt>
            <dd className="font-mono" data-testid="ticket-seat">{item.seat}</dd>
            <dt className="text-zinc-500 dark:text-zinc-400 print:text-black">Class</dt>
            <dd>{item.className}</dd>
            <dt className="text-zinc-500 dark:text-zinc-400 print:text-black">Price</dt>
            <dd className="tabular-nums">
              {formatMoney(item.price, item.currency)}
              {Number(item.fee) > 0 ? ` + ${formatMoney(item.fee, item.currency)} fee` : ""}
            </dd>
            <dt className="text-zinc-500 dark:text-zinc-400 print:text-black">Order</dt>
            <dd data-testid="ticket-order-number">#{order.orderId}</dd>
            <dt className="text-zinc-500 dark:text-zinc-400 print:text-black">Ticket</dt>
            <dd>#{item.orderItemId}</dd>
            <dt className="text-zinc-500 dark:text-zinc-400 print:text-black">Holder</dt>
            <dd>{order.holder}</dd>
            {item.checkedInAt ? (
              <>
                <dt className="text-zinc-500 dark:text-zinc-400 print:text-black">Checked in</dt>
                <dd>{formatEventDateTime(item.checkedInAt.toISOString(), event.timezone)}</dd>
              </>
            ) : null}
            {item.status !== "issued" ? (
              <>
                <dt className="text-zinc-500 dark:text-zinc-400 print:text-black">{item.status === "cancelled" ? "Cancelled" : "Refunded"}</dt>
                <dd data-testid="ticket-cancel-reason">
                  {item.cancelledAt ? formatEventDateTime(item.cancelledAt.toISOString(), event.timezone) : ""}
                  {item.cancelReason ? `${item.cancelledAt ? ": " : ""}${item.cancelReason}` : ""}
                </dd>
              </>
            ) : null}
          </dl>
        </div>

        {item.token ? (
          <p className="mt-6 text-xs text-zinc-500 dark:text-zinc-400 print:text-black">
            Show this code at the entrance, on screen or printed. It admits one person once; keep it private.
          </p>
        ) : null}
      </article>

      {item.token ? (
        <div className="mt-6 flex flex-wrap gap-3 print:hidden">
          <PrintButton
            label="Print"
            className="inline-flex h-10 items-center rounded-lg bg-brand-600 px-4 text-sm font-semibold text-white hover:bg-brand-700 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-500"
          />
          <a href={`/api/tickets/${item.orderItemId}/qr.svg`} download={`openseat-ticket-${item.orderItemId}.svg`} className={secondaryButton} data-testid="ticket-download">
            Download QR code
          </a>
          {event.status !== "cancelled" ? (
            <a href={`/api/tickets/${item.orderItemId}/calendar.ics`} download={`openseat-ticket-${item.orderItemId}.ics`} className={secondaryButton} data-testid="ticket-calendar">
              Add to calendar
            </a>
          ) : null}
          {transferable ? <TransferTicketForm orderItemId={item.orderItemId} seat={item.seat} /> : null}
        </div>
      ) : null}
    </div>
  );
}
