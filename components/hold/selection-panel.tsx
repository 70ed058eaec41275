"use client";
// The seats the fan has picked but not yet held: list, total (price x count), the order limit and
// "Hold seats".
import type { SelectedSeat } from "@/components/hold/hold-reducer";
import { totalOf } from "@/components/hold/hold-reducer";
import { SeatLines } from "@/components/hold/seat-lines";
import { formatMoney } from "@/components/format/format-money";

type SelectionPanelProps = {
  selection: SelectedSeat[];
  heldCount: number;
  maxTicketsPerOrder: number;
  currency: string;
  holding: boolean;
  onRemove: (ticketId: number) => void;
  onClear: () => void;
  onHold: () => void;
};

export function SelectionPanel({ selection, heldCount, maxTicketsPerOrder, currency, holding, onRemove, onClear, onHold }: SelectionPanelProps) {
  const count = selection.length;
  const total = totalOf(selection.map((s) => s.price));
  const samePrice = count > 0 && selection.every((s) => s.price === selection[0]!.price);
  const left = Math.max(0, maxTicketsPerOrder - heldCount - count);
  return (
    <section aria-labelledby="selection-heading" className="rounded-xl border border-zinc-200 bg-white p-4 dark:border-zinc-800 dark:bg-zinc-900" data-testid="selection-panel">
      <div className="flex items-baseline justify-between gap-2">
        <h3 id="selection-heading" className="font-semibold">
          {heldCount > 0 ? "Add more seats" : "Your seats"}
        </h3>
        <span className="text-xs text-zinc-500 dark:text-zinc-400" data-testid="selection-limit">
          {left === 0 ? `Limit of ${maxTicketsPerOrder} reached` : `Up to ${left} more`}
        </span>
      </div>
      {count === 0 ? (
        <p className="mt-2 text-sm text-zinc-600 dark:text-zinc-400">Select seats on the chart: click a seat, or focus the chart and use the arrow keys and Space.</p>
      ) : (
        <>
          <SeatLines testId="selected-seats" seats={selection.map((s) => ({ ...s, key: String(s.ticketId) }))} onRemove={(key) => onRemove(Number(key))} />
          <div className="mt-2 flex items-baseline justify-between border-t border-zinc-200 pt-3 dark:border-zinc-800">
            <span className="text-sm text-zinc-600 dark:text-zinc-400">
              {samePrice && selection[0]!.price !== null ? `${count} × ${formatMoney(selection[0]!.price, currency)}` : `${count} ${count === 1 ? "seat" : "seats"}`}
            </span>
            <span className="text-lg font-semibold tabular-nums" data-testid="selection-total">
              {formatMoney(total, currency)}
            </span>
          </div>
          <div className="mt-4 flex gap-2">
            <button
              type="button"
              onClick={onHold}
              disabled={holding}
              className="inline-flex h-9 flex-1 items-center justify-center rounded-lg bg-brand-600 px-4 text-sm font-semibold text-white hover:bg-brand-700 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-500 disabled:opacity-60"
            >
              {holding ? "Holding…" : heldCount > 0 ? `Add ${count} to hold` : "Hold seats"}
            </button>
            <button
              type="button"
              onClick={onClear}
              disabled={holding}
              className="inline-flex h-9 items-center rounded-lg px-3 text-sm font-medium text-zinc-600 hover:bg-zinc-100 focus-visible:outline-2 focus-visible:outline-brand-500 disabled:opacity-60 dark:text-zinc-300 dark:hover:bg-zinc-800"
            >
              Clear
            </button>
          </div>
        </>
      )}
    </section>
  );
}
