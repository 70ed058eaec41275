// A list of seats with their class and price, shared by the selection and the hold panels.
import { formatMoney } from "@/components/format/format-money";

export type SeatLine = { key: string; label: string; className: string | null; price: string | null; currency: string };

export function SeatLines({ seats, onRemove, testId }: { seats: SeatLine[]; onRemove?: (key: string) => void; testId: string }) {
  return (
    <ul className="divide-y divide-zinc-200 text-sm dark:divide-zinc-800" data-testid={testId}>
      {seats.map((s) => (
        <li key={s.key} className="flex items-center gap-3 py-2" data-ticket-id={s.key}>
          <div className="min-w-0 flex-1">
            <p className="break-words font-medium">{s.label}</p>
            {s.className && <p className="text-xs text-zinc-500 dark:text-zinc-400">{s.className}</p>}
          </div>
          {s.price !== null && <span className="tabular-nums">{formatMoney(s.price, s.currency)}</span>}
          {onRemove && (
            <button
              type="button"
              onClick={() => onRemove(s.key)}
              aria-label={`Remove ${s.label}`}
              className="flex size-7 items-center justify-center rounded-md text-zinc-500 hover:bg-zinc-100 hover:text-zinc-900 focus-visible:outline-2 focus-visible:outline-brand-500 dark:hover:bg-zinc-800 dark:hover:text-zinc-100"
            >
              <svg viewBox="0 0 20 20" className="size-4" fill="none" stroke="currentColor" strokeWidth={2} strokeLinecap="round" aria-hidden="true">
                <path d="M5 5l10 10M15 5L5 15" />
              </svg>
            </button>
          )}
        </li>
      ))}
    </ul>
  );
}
