"use client";
// The fan's live hold: the held seats, the total, the countdown, "Checkout" and "Release seats".
import Link from "next/link";
import { HoldCountdown } from "@/components/hold/hold-countdown";
import type { LiveHold } from "@/components/hold/hold-reducer";
import { SeatLines } from "@/components/hold/seat-lines";
import { addMoney } from "@/components/format/add-money";
import { formatMoney } from "@/components/format/format-money";

type HoldPanelProps = {
  hold: LiveHold;
  /** The service fee per ticket: prices and the total are shown all-in. */
  serviceFee?: string;
  /** Chart labels by ticket id; seats without one show the API's seat code. */
  releasing: boolean;
  onRelease: () => void;
};

export function HoldPanel({ hold, serviceFee = "0.00", releasing, onRelease }: HoldPanelProps) {
  const { result } = hold;
  const count = result.tickets.length;
  const total = result.tickets.reduce((sum) => addMoney(sum, serviceFee), result.total);
  return (
    <section aria-labelledby="hold-heading" className="rounded-xl border border-emerald-300 bg-emerald-50/50 p-4 dark:border-emerald-500/40 dark:bg-emerald-500/5" data-testid="hold-panel">
      <div className="flex items-baseline justify-between gap-2">
        <h3 id="hold-heading" className="font-semibold">
          {count === 1 ? "1 seat held for you" : `${count} seats held for you`}
        </h3>
      </div>
      <div className="mt-3">
        <HoldCountdown expiresAt={hold.expiresAt} />
      </div>
      <SeatLines
        testId="held-seats"
        seats={result.tickets.map((t) => ({ key: t.ticket_id, label: t.general_admission ? `${t.section} · General admission` : `${t.section} · Row ${t.row} · Seat ${t.seat_number}`, className: t.class, price: addMoney(t.price, serviceFee), currency: t.currency }))}
      />
      <div className="mt-2 flex items-baseline justify-between border-t border-zinc-200 pt-3 dark:border-zinc-800">
        <span className="text-sm text-zinc-600 dark:text-zinc-400">Total</span>
        <span className="text-lg font-semibold tabular-nums" data-testid="hold-total">
          {formatMoney(total, result.currency)}
        </span>
      </div>
      <p className="mt-2 text-xs text-zinc-500 dark:text-zinc-400">Until the timer runs out, nobody else can take these seats. Prices include the service fee.</p>
      <Link
        href={`/checkout/${encodeURIComponent(result.reservation_id)}`}
        className="mt-4 inline-flex h-11 w-full items-center justify-center rounded-lg bg-brand-600 px-4 text-base font-semibold text-white shadow-sm hover:bg-brand-700 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-500"
        data-testid="hold-checkout"
      >
        Checkout
      </Link>
      <button
        type="button"
        onClick={onRelease}
        disabled={releasing}
        className="mt-2 inline-flex h-9 w-full items-center justify-center rounded-lg border border-zinc-300 bg-white px-4 text-sm font-semibold text-zinc-800 hover:bg-zinc-50 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-500 disabled:opacity-60 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100 dark:hover:bg-zinc-800"
      >
        {releasing ? "Releasing…" : "Release seats"}
      </button>
    </section>
  );
}
