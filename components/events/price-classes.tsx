// Prices by class on the event page: colour (as on the chart), name, price range, seats left.
// Prices are all-in: the ticket's price plus the service fee per ticket, as checkout charges.
import type { PriceClassSummary } from "@/lib/events/types";
import { addMoney } from "@/components/format/add-money";
import { formatMoney, formatPriceRange } from "@/components/format/format-money";

const nf = new Intl.NumberFormat("en-US");

export function PriceClasses({ classes, serviceFee = "0.00" }: { classes: PriceClassSummary[]; serviceFee?: string }) {
  if (classes.length === 0) return <p className="text-sm text-zinc-600 dark:text-zinc-400">Prices will be announced when tickets are released.</p>;
  return (
    <div className="overflow-hidden rounded-xl border border-zinc-200 dark:border-zinc-800">
      <table className="w-full text-left text-sm" data-testid="price-classes">
        <thead className="bg-zinc-50 text-xs uppercase tracking-wide text-zinc-500 dark:bg-zinc-900 dark:text-zinc-400">
          <tr>
            <th scope="col" className="px-4 py-2.5 font-medium">
              Ticket type
            </th>
            <th scope="col" className="px-4 py-2.5 font-medium">
              Price
            </th>
            <th scope="col" className="px-4 py-2.5 text-right font-medium">
              Available
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-zinc-200 dark:divide-zinc-800">
          {classes.map((c) => (
            <tr key={c.class_id} data-class-id={c.class_id}>
              <td className="px-4 py-3">
                <div className="flex items-start gap-3">
                  <span className="mt-1 size-3 shrink-0 rounded-full ring-1 ring-black/10 dark:ring-white/10" style={{ backgroundColor: c.color }} aria-hidden="true" />
                  <div>
                    <p className="font-medium">{c.name}</p>
                    {c.description && <p className="text-xs text-zinc-500 dark:text-zinc-400">{c.description}</p>}
                  </div>
                </div>
              </td>
              <td className="whitespace-nowrap px-4 py-3 font-medium tabular-nums">{formatPriceRange(addMoney(c.min_price, serviceFee), addMoney(c.max_price, serviceFee), c.currency)}</td>
              <td className="whitespace-nowrap px-4 py-3 text-right tabular-nums">
                {c.available_ticket_cnt === 0 ? (
                  <span className="text-zinc-500 dark:text-zinc-400">Sold out</span>
                ) : (
                  <>
                    {nf.format(c.available_ticket_cnt)}
                    <span className="text-zinc-500 dark:text-zinc-400"> of {nf.format(c.total_ticket_cnt)}</span>
                  </>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {Number(serviceFee) > 0 && classes[0] && (
        <p className="border-t border-zinc-200 px-4 py-2.5 text-xs text-zinc-600 dark:border-zinc-800 dark:text-zinc-400" data-testid="all-in-note">
          Prices include the service fee of {formatMoney(serviceFee, classes[0].currency)} per ticket.
        </p>
      )}
    </div>
  );
}
