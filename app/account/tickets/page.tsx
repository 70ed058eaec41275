// My tickets: the signed-in fan's orders, upcoming events first, each ticket with its state and,
// while it is valid, its e-ticket QR code (drawn on the server) and a printable ticket page.
import type { Metadata } from "next";
import Link from "next/link";
import { CancelTicketButton } from "@/components/account/cancel-ticket-button";
import { OrderCard } from "@/components/account/order-card";
import { requirePageUser } from "@/lib/auth/require-page-user";
import { listUserOrders } from "@/lib/tickets/list-user-orders";
import type { OrderItemView } from "@/lib/tickets/types";

export const metadata: Metadata = { title: "My tickets", robots: { index: false } };

// Cancel and refund: the slot of each issued ticket of an upcoming event still before its refund
// cutoff. The button posts to POST /api/events/ticket/cancel with status "confirmed".
const cancelAction = (item: OrderItemView) => (item.cancellable ? <CancelTicketButton ticketId={item.ticketId} seat={item.seat} /> : null);

export default async function MyTicketsPage() {
  const caller = await requirePageUser("/account/tickets");
  const { upcoming, past } = await listUserOrders({ userId: caller.userId });
  return (
    <div className="mx-auto max-w-4xl px-4 py-10 sm:px-6 lg:px-8">
      <h1 className="text-2xl font-bold tracking-tight sm:text-3xl">My tickets</h1>
      {upcoming.length + past.length === 0 ? (
        <div className="mt-10 rounded-2xl border border-dashed border-zinc-300 p-10 text-center dark:border-zinc-700" data-testid="tickets-empty">
          <p className="font-semibold">No tickets yet</p>
          <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">Tickets you buy appear here, with a QR code to show at the door.</p>
          <Link
            href="/"
            className="mt-6 inline-flex h-10 items-center rounded-lg bg-brand-600 px-5 text-sm font-semibold text-white hover:bg-brand-700 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-500"
          >
            Browse events
          </Link>
        </div>
      ) : (
        <>
          {upcoming.length > 0 ? (
            <section aria-labelledby="upcoming-heading" className="mt-8" data-testid="orders-upcoming">
              <h2 id="upcoming-heading" className="text-lg font-semibold">Upcoming</h2>
              <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">Show a ticket&apos;s QR code at the door, on your phone or printed.</p>
              <ul className="mt-4 space-y-4">
                {upcoming.map((order) => (
                  <OrderCard key={order.orderId} order={order} past={false} itemAction={cancelAction} />
                ))}
              </ul>
            </section>
          ) : null}
          {past.length > 0 ? (
            <section aria-labelledby="past-heading" className="mt-10" data-testid="orders-past">
              <h2 id="past-heading" className="text-lg font-semibold">Past events</h2>
              <ul className="mt-4 space-y-4">
                {past.map((order) => (
                  <OrderCard key={order.orderId} order={order} past />
                ))}
              </ul>
            </section>
          ) : null}
        </>
      )}
    </div>
  );
}
