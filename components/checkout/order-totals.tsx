// Subtotal, service fees and the total of an order, all in the order's currency.
import { formatMoney } from "@/components/format/format-money";

type OrderTotalsProps = { ticketCount: number; subtotal: string; fees: string; total: string; currency: string };

export function OrderTotals({ ticketCount, subtotal, fees, total, currency }: OrderTotalsProps) {
  return (
    <dl className="space-y-2 text-sm" data-testid="order-totals">
      <div className="flex items-baseline justify-between gap-4">
        <dt className="text-zinc-600 dark:text-zinc-400">
          {ticketCount === 1 ? "1 ticket" : `${ticketCount} tickets`}
        </dt>
        <dd className="tabular-nums" data-testid="order-subtotal">
          {formatMoney(subtotal, currency)}
        </dd>
      </div>
      <div className="flex items-baseline justify-between gap-4">
        <dt className="text-zinc-600 dark:text-zinc-400">Service fees</dt>
        <dd className="tabular-nums" data-testid="order-fees">
          {formatMoney(fees, currency)}
        </dd>
      </div>
      <div className="flex items-baseline justify-between gap-4 border-t border-zinc-200 pt-3 dark:border-zinc-800">
        <dt className="font-semibold">
          Total <span className="text-xs font-normal text-zinc-500 dark:text-zinc-400">({currency})</span>
        </dt>
        <dd className="text-xl font-bold tabular-nums" data-testid="order-total">
          {formatMoney(total, currency)}
        </dd>
      </div>
    </dl>
  );
}
