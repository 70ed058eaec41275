// One order (/dashboard/orders/:id): tickets with their state and check-in, the payment, the refunds
// made, and the refund form (whole order, some tickets, or an amount; POST /api/admin/orders/:id/refund).
// Resending tickets is not offered: there is no notification outbox on main yet to send them through.
import Link from "next/link";
import { notFound } from "next/navigation";
import { RefundForm } from "@/components/dashboard/orders/refund-form";
import { ResendTicketsButton } from "@/components/dashboard/orders/resend-button";
import { formatMoney } from "@/components/format/format-money";
import { requireDashboardUser } from "@/lib/admin/dashboard-user";
import { getOrder } from "@/lib/admin/orders";
import { isAppError } from "@/lib/errors/app-error";
import { toIdOrNull } from "@/lib/validations/events";

export const metadata = { title: "Order" };
export const dynamic = "force-dynamic";

const when = (iso: string | null) => (iso ? new Date(iso).toLocaleString("en-US", { dateStyle: "medium", timeStyle: "short" }) : "–");

export default async function OrderPage({ params }: { params: Promise<{ orderId: string }> }) {
  const { orderId: raw } = await params;
  const caller = await requireDashboardUser(`/dashboard/orders/${raw}`, ["admin", "venue_admin"]);
  const orderId = toIdOrNull(raw);
  if (orderId === null) notFound();
  const order = await getOrder(caller, orderId).catch((e: unknown) => {
    if (isAppError(e) && (e.code === "not_found" || e.code === "forbidden")) notFound();
    throw e;
  });
  const money = (v: string) => formatMoney(v, order.currency);
  return (
    <section className="flex flex-col gap-6">
      <header>
        <p className="text-sm">
          <Link className="text-brand-700 hover:underline dark:text-brand-300" href={`/dashboard/orders?event_id=${order.event.event_id}`}>
            ← Orders of {order.event.title}
          </Link>
        </p>
        <h1 className="text-2xl font-bold tracking-tight">Order #{order.order_id}</h1>
        <p className="text-sm text-zinc-600 dark:text-zinc-400" data-testid="order-status">
          {order.status.replace("_", " ")} · paid {when(order.paid_at)} · {money(order.total)} (fees {money(order.fees)}) · refunded {money(order.refunded)}
        </p>
        <p className="text-sm">
          {order.buyer.username} · {order.buyer.email}
        </p>
      </header>

      <div className="overflow-x-auto">
        <h2 className="mb-2 font-semibold">Tickets</h2>
        <table className="w-full text-sm" data-testid="order-tickets">
          <thead className="text-left text-xs uppercase text-zinc-500">
            <tr>
              <th className="px-2 py-1">Seat</th>
              <th className="px-2">Class</th>
              <th className="px-2">Price</th>
              <th className="px-2">Status</th>
              <th className="px-2">Checked in</th>
            </tr>
          </thead>
          <tbody>
            {order.tickets.map((t) => (
              <tr key={t.order_item_id} className="border-t border-zinc-100 dark:border-zinc-800" data-testid={`order-ticket-${t.order_item_id}`}>
                <td className="px-2 py-1 font-medium">{t.seat}</td>
                <td className="px-2">{t.class}</td>
                <td className="px-2 tabular-nums">
                  {money(t.price)} + {money(t.fee)}
                </td>
                <td className="px-2">
                  {t.status}
                  {t.cancel_reason ? <span className="block text-xs text-zinc-500">{t.cancel_reason}</span> : null}
                </td>
                <td className="px-2">{t.checked_in_at ? `${when(t.checked_in_at)} by ${t.checked_in_by}` : "–"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      <div>
        <h2 className="mb-2 font-semibold">Payment</h2>
        <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
          <dt className="text-zinc-500">Method</dt>
          <dd>{order.payment.method}</dd>
          <dt className="text-zinc-500">Stripe payment</dt>
          <dd className="font-mono text-xs">{order.payment.transaction_id}</dd>
          {order.payment.note ? (
            <>
              <dt className="text-zinc-500">Note</dt>
              <dd>{order.payment.note}</dd>
            </>
          ) : null}
        </dl>
      </div>

      <div>
        <h2 className="mb-2 font-semibold">Refunds</h2>
        {order.refunds.length === 0 ? (
          <p className="text-sm text-zinc-500">None.</p>
        ) : (
          <ul className="text-sm" data-testid="order-refunds">
            {order.refunds.map((r) => (
              <li key={r.refund_id}>
                {when(r.created_at)}: {money(r.amount)} ({r.status}) — {r.reason}
              </li>
            ))}
          </ul>
        )}
      </div>

      <div>
        <h2 className="mb-2 font-semibold">Messages to the buyer</h2>
        {order.notifications.length === 0 ? (
          <p className="text-sm text-zinc-500">None yet.</p>
        ) : (
          <ul className="text-sm" data-testid="order-notifications">
            {order.notifications.map((n) => (
              <li key={n.id}>
                {when(n.created_at)}: {n.kind.replaceAll("_", " ")} by {n.channel}, {n.status}
                {n.sent_at ? ` at ${when(n.sent_at)}` : ""}
                {n.last_error && n.status !== "sent" ? <span className="block text-xs text-zinc-500">{n.last_error}</span> : null}
              </li>
            ))}
          </ul>
        )}
        {order.tickets.some((t) => t.status === "issued") ? (
          <div className="mt-2">
            <ResendTicketsButton orderId={order.order_id} />
          </div>
        ) : null}
      </div>

      <RefundForm
        orderId={order.order_id}
        currency={order.currency}
        refundable={order.refundable}
        tickets={order.tickets.filter((t) => t.status === "issued" && !t.checked_in_at).map((t) => ({ id: t.order_item_id, label: `${t.seat} (${t.class})`, amount: (Number(t.price) + Number(t.fee)).toFixed(2) }))}
      />
    </section>
  );
}
