"use client";
// General admission: for each GA area of the event (a standing floor, a lawn), pick how many
// tickets and add them to the hold. No seat is chosen: the server takes that many free places of the
// area, all or nothing, through the same arbiter as seats (POST /api/events/ticket/reserve with
// {event_id, section_id, quantity}).
import { useRouter } from "next/navigation";
import { useId, useState } from "react";
import { formatMoney } from "@/components/format/format-money";
import type { GaArea } from "@/lib/inventory/list-ga-areas";

type GaPickerProps = {
  areas: GaArea[];
  maxTicketsPerOrder: number;
  /** Tickets the fan already holds (the server counts them against the order limit). */
  heldCount: number;
  /** A hold or release is in flight. */
  busy: boolean;
  onHold: (sectionId: string, quantity: number) => Promise<boolean>;
};

const selectClass =
  "h-9 w-16 rounded-lg border border-zinc-300 bg-white px-2 text-sm text-zinc-900 focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-brand-500 disabled:opacity-60 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100";

export function GaPicker({ areas, maxTicketsPerOrder, heldCount, busy, onHold }: GaPickerProps) {
  const id = useId();
  const router = useRouter();
  const [quantities, setQuantities] = useState<Record<string, number>>({});
  const [holding, setHolding] = useState<string | null>(null);
  if (areas.length === 0) return null;
  const room = Math.max(0, maxTicketsPerOrder - heldCount);

  async function hold(area: GaArea, quantity: number) {
    if (busy || holding) return;
    setHolding(area.section_id);
    try {
      // Held: the page's counts ("N left") are read again from the server.
      if (await onHold(area.section_id, quantity)) router.refresh();
    } finally {
      setHolding(null);
    }
  }

  return (
    <section aria-labelledby={`${id}-heading`} className="rounded-xl border border-zinc-200 bg-white p-4 dark:border-zinc-800 dark:bg-zinc-900" data-testid="ga-picker">
      <h3 id={`${id}-heading`} className="font-semibold">
        General admission
      </h3>
      <p className="mt-1 text-xs text-zinc-500 dark:text-zinc-400">No assigned seat: choose how many tickets for the area.</p>
      <ul className="mt-3 space-y-3">
        {areas.map((area) => {
          const most = Math.min(room, area.available, 50);
          const quantity = Math.min(quantities[area.section_id] ?? 1, Math.max(1, most));
          const soldOut = area.available === 0;
          return (
            <li key={area.section_id} className="flex flex-wrap items-end gap-2" data-testid="ga-area" data-section-id={area.section_id}>
              <div className="min-w-0 flex-1">
                <p className="font-medium">{area.label || area.name}</p>
                <p className="text-xs text-zinc-500 dark:text-zinc-400">
                  {formatMoney(area.price, area.currency)} · {area.class} · {soldOut ? "sold out" : `${area.available} left`}
                </p>
              </div>
              <div>
                <label htmlFor={`${id}-${area.section_id}`} className="block text-xs font-medium text-zinc-600 dark:text-zinc-400">
                  Tickets
                </label>
                <select
                  id={`${id}-${area.section_id}`}
                  value={quantity}
                  disabled={busy || soldOut || most === 0}
                  onChange={(e) => setQuantities((q) => ({ ...q, [area.section_id]: Number(e.target.value) }))}
                  className={`mt-1 ${selectClass}`}
                  data-testid="ga-quantity"
                >
                  {Array.from({ length: Math.max(1, most) }, (_, i) => i + 1).map((n) => (
                    <option key={n} value={n}>
                      {n}
                    </option>
                  ))}
                </select>
              </div>
              <button
                type="button"
                onClick={() => void hold(area, quantity)}
                disabled={busy || holding !== null || soldOut || most === 0}
                className="inline-flex h-9 items-center justify-center rounded-lg bg-brand-600 px-3 text-sm font-semibold text-white hover:bg-brand-700 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-500 disabled:opacity-60"
                data-testid="ga-hold"
              >
                {holding === area.section_id ? "Holding…" : "Add to hold"}
              </button>
            </li>
          );
        })}
      </ul>
      {room === 0 && <p className="mt-2 text-xs text-zinc-500 dark:text-zinc-400">Limit of {maxTicketsPerOrder} reached</p>}
    </section>
  );
}
