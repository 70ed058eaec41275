// The seats of an order as a table: where each seat is, its class, its price and the per-ticket
// service fee, so the fee is visible before anyone pays.
import { formatMoney } from "@/components/format/format-money";

export type OrderTicketLine = {
  ticket_id: string;
  section: string;
  row: string;
  seat_number: number;
  general_admission?: boolean;
  class: string;
  price: string;
  fee: string;
  currency: string;
};

export function OrderTickets({ tickets }: { tickets: OrderTicketLine[] }) {
  return (
    <table className="w-full text-left text-sm" data-testid="order-tickets">
      <thead className="text-xs uppercase text-zinc-500 dark:text-zinc-400">
        <tr>
          <th scope="col" className="py-2 pr-3 font-medium">Seat</th>
          <th scope="col" className="py-2 pr-3 font-medium">Class</th>
          <th scope="col" className="py-2 pr-3 text-right font-medium">Price</th>
          <th scope="col" className="py-2 text-right font-medium">Service fee</th>
        </tr>
      </thead>
      <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800">
        {tickets.map((t) => (
          <tr key={t.ticket_id} data-ticket-id={t.ticket_id} data-testid="order-ticket">
            <td className="py-2.5 pr-3">
              <span className="font-medium">{t.section}</span>
              <span className="block text-zinc-600 dark:text-zinc-400">
                {t.general_admission ? "General admission" : `Row ${t.row} · Seat ${t.seat_number}`}
              </span>
            </td>
            <td className="py-2.5 pr-3">{t.class}</td>
            <td className="py-2.5 pr-3 text-right tabular-nums">{formatMoney(t.price, t.currency)}</td>
            <td className="py-2.5 text-right tabular-nums text-zinc-600 dark:text-zinc-400">{formatMoney(t.fee, t.currency)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
