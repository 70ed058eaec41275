"use client";
// "Best available": pick a price class and a quantity, and the server holds that many adjacent
// seats in one row of the class, closest to the stage. Classes with nothing left are not offered.
// "Accessible seating" asks for a block with a wheelchair space in it (accessible seats are never
// picked otherwise).
import { useId, useState, type FormEvent } from "react";
import { addMoney } from "@/components/format/add-money";
import { formatPriceRange } from "@/components/format/format-money";

/** The fields of the event's price classes (EventDetail.classes) this form needs. */
export type BestAvailableClass = {
  class_id: string;
  name: string;
  min_price: string;
  max_price: string;
  currency: string;
  available_ticket_cnt: number;
};

type BestAvailableFormProps = {
  classes: BestAvailableClass[];
  maxTicketsPerOrder: number;
  /** Seats already held by the fan (the server counts them against the order limit). */
  heldCount: number;
  /** A hold or release is in flight. */
  busy: boolean;
  onFind: (classId: string, quantity: number, accessible: boolean) => Promise<boolean>;
  /** The service fee per ticket: class prices are shown all-in. */
  serviceFee?: string;
};

const DEFAULT_QUANTITY = 2;

const selectClass =
  "h-9 w-full rounded-lg border border-zinc-300 bg-white px-2 text-sm text-zinc-900 focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-brand-500 disabled:opacity-60 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100";

export function BestAvailableForm({ classes, maxTicketsPerOrder, heldCount, busy, onFind, serviceFee = "0.00" }: BestAvailableFormProps) {
  const id = useId();
  const offered = classes.filter((c) => c.available_ticket_cnt > 0);
  const [classId, setClassId] = useState(offered[0]?.class_id ?? "");
  const maxQuantity = Math.max(1, maxTicketsPerOrder);
  const [quantity, setQuantity] = useState(Math.min(DEFAULT_QUANTITY, maxQuantity));
  const [finding, setFinding] = useState(false);
  const [accessible, setAccessible] = useState(false);

  if (offered.length === 0) return null;
  const selectedClassId = offered.some((c) => c.class_id === classId) ? classId : offered[0]!.class_id;
  const limitReached = heldCount >= maxTicketsPerOrder;
  const disabled = busy || finding;

  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    if (disabled || limitReached) return;
    setFinding(true);
    try {
      await onFind(selectedClassId, quantity, accessible);
    } finally {
      setFinding(false);
    }
  }

  return (
    <form
      onSubmit={(e) => void submit(e)}
      aria-labelledby={`${id}-heading`}
      className="rounded-xl border border-zinc-200 bg-white p-4 dark:border-zinc-800 dark:bg-zinc-900"
      data-testid="best-available"
    >
      <h3 id={`${id}-heading`} className="font-semibold">
        Best available
      </h3>
      <p className="mt-1 text-xs text-zinc-500 dark:text-zinc-400">Seats side by side in one row, as close to the stage as we can find.</p>
      <div className="mt-3 grid grid-cols-[minmax(0,1fr)_5rem] gap-2">
        <div>
          <label htmlFor={`${id}-class`} className="block text-xs font-medium text-zinc-600 dark:text-zinc-400">
            Price class
          </label>
          <select id={`${id}-class`} name="class_id" value={selectedClassId} onChange={(e) => setClassId(e.target.value)} disabled={disabled} className={`mt-1 ${selectClass}`}>
            {offered.map((c) => (
              <option key={c.class_id} value={c.class_id}>
                {c.name} · {formatPriceRange(addMoney(c.min_price, serviceFee), addMoney(c.max_price, serviceFee), c.currency)}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor={`${id}-quantity`} className="block text-xs font-medium text-zinc-600 dark:text-zinc-400">
            Tickets
          </label>
          <select id={`${id}-quantity`} name="quantity" value={quantity} onChange={(e) => setQuantity(Number(e.target.value))} disabled={disabled} className={`mt-1 ${selectClass}`}>
            {Array.from({ length: maxQuantity }, (_, i) => i + 1).map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
        </div>
      </div>
      <label htmlFor={`${id}-accessible`} className="mt-3 flex items-start gap-2 text-sm">
        <input id={`${id}-accessible`} type="checkbox" name="accessible" checked={accessible} onChange={(e) => setAccessible(e.target.checked)} disabled={disabled} className="mt-0.5 size-4 accent-brand-600" />
        <span>
          Accessible seating
          <span className="block text-xs text-zinc-500 dark:text-zinc-400">A wheelchair space, with companion seats beside it where there are any.</span>
        </span>
      </label>
      <button
        type="submit"
        disabled={disabled || limitReached}
        className="mt-3 inline-flex h-9 w-full items-center justify-center rounded-lg border border-brand-600 bg-white px-4 text-sm font-semibold text-brand-700 hover:bg-brand-50 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-500 disabled:opacity-60 dark:bg-zinc-900 dark:text-brand-300 dark:hover:bg-zinc-800"
      >
        {finding ? "Finding seats…" : "Find seats"}
      </button>
      {limitReached && <p className="mt-2 text-xs text-zinc-500 dark:text-zinc-400">Limit of {maxTicketsPerOrder} reached</p>}
    </form>
  );
}
