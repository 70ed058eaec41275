// Price classes of the chart: colour, name, price range and how many seats are left.
import type { ChartAvailability, ChartLayout } from "@/components/seating-chart/chart-model";
import { formatPriceRange } from "@/components/format/format-money";

const nf = new Intl.NumberFormat("en-US");

export function ChartLegend({ layout, availability, selectable, showHeld = false }: { layout: ChartLayout; availability: ChartAvailability; selectable: boolean; showHeld?: boolean }) {
  const classes = layout.classes
    .filter((c) => c.total > 0)
    .sort((a, b) => Number(b.maxPrice ?? 0) - Number(a.maxPrice ?? 0) || a.name.localeCompare(b.name));
  return (
    <div data-testid="chart-legend">
      <p className="text-sm text-zinc-600 dark:text-zinc-400">
        <span className="font-semibold text-zinc-900 dark:text-zinc-100">{nf.format(availability.availableCount)}</span> of {nf.format(layout.seatCount)} seats available
      </p>
      <ul className="mt-3 flex flex-wrap gap-2">
        {classes.map((c) => {
          const left = availability.availableByClass[c.index] ?? 0;
          return (
            <li
              key={c.class_id}
              data-class-id={c.class_id}
              className="flex items-center gap-2 rounded-full border border-zinc-200 bg-white py-1 pl-2 pr-3 text-sm dark:border-zinc-700 dark:bg-zinc-900"
            >
              <span className="size-3 shrink-0 rounded-full" style={{ backgroundColor: c.color }} aria-hidden="true" />
              <span className="font-medium">{c.name}</span>
              {c.minPrice !== null && c.maxPrice !== null && <span className="text-zinc-600 dark:text-zinc-300">{formatPriceRange(c.minPrice, c.maxPrice, layout.currency)}</span>}
              <span className="text-xs text-zinc-500 dark:text-zinc-400">{left === 0 ? "Sold out" : `${nf.format(left)} left`}</span>
            </li>
          );
        })}
        <li className="flex items-center gap-2 rounded-full border border-zinc-200 py-1 pl-2 pr-3 text-sm text-zinc-600 dark:border-zinc-700 dark:text-zinc-300">
          <svg viewBox="0 0 12 12" className="size-3 shrink-0" aria-hidden="true">
            <circle cx="6" cy="6" r="3.5" className="seat-unavailable" />
          </svg>
          Unavailable
        </li>
        {layout.accessibleSeats.length > 0 && (
          <li className="flex items-center gap-2 rounded-full border border-zinc-200 py-1 pl-2 pr-3 text-sm text-zinc-600 dark:border-zinc-700 dark:text-zinc-300">
            <svg viewBox="0 0 14 14" className="size-3.5 shrink-0" aria-hidden="true">
              <rect x="1.5" y="1.5" width="11" height="11" rx="2" fill="none" strokeWidth="1.8" className="stroke-zinc-900 dark:stroke-white" />
              <text x="7" y="10" textAnchor="middle" fontSize="8" fontWeight="700" className="fill-zinc-900 dark:fill-white">W</text>
            </svg>
            Wheelchair space
          </li>
        )}
        {layout.accessibleSeats.some((i) => layout.access[i] === 2) && (
          <li className="flex items-center gap-2 rounded-full border border-zinc-200 py-1 pl-2 pr-3 text-sm text-zinc-600 dark:border-zinc-700 dark:text-zinc-300">
            <svg viewBox="0 0 14 14" className="size-3.5 shrink-0" aria-hidden="true">
              <rect x="1.5" y="1.5" width="11" height="11" rx="2" fill="none" strokeWidth="1.8" strokeDasharray="2.5 1.5" className="stroke-zinc-900 dark:stroke-white" />
              <text x="7" y="10" textAnchor="middle" fontSize="8" fontWeight="700" className="fill-zinc-900 dark:fill-white">C</text>
            </svg>
            Companion seat
          </li>
        )}
        {selectable && (
          <li className="flex items-center gap-2 rounded-full border border-zinc-200 py-1 pl-2 pr-3 text-sm text-zinc-600 dark:border-zinc-700 dark:text-zinc-300">
            <svg viewBox="0 0 14 14" className="size-3.5 shrink-0" aria-hidden="true">
              <circle cx="7" cy="7" r="5.5" strokeWidth="2.5" className="fill-zinc-400 stroke-zinc-900 dark:stroke-white" />
              <circle cx="7" cy="7" r="1.8" className="fill-white dark:fill-zinc-900" />
            </svg>
            Your selection
          </li>
        )}
        {showHeld && (
          <li className="flex items-center gap-2 rounded-full border border-zinc-400 py-1 pl-2 pr-3 text-sm font-medium text-zinc-900 dark:border-zinc-500 dark:text-zinc-100">
            <svg viewBox="0 0 14 14" className="size-3.5 shrink-0" aria-hidden="true">
              <rect x="1" y="1" width="12" height="12" rx="3" className="fill-zinc-900 dark:fill-white" />
              <path d="M4 7.2l2 2.2 4-4.6" fill="none" strokeWidth="1.8" strokeLinecap="round" strokeLinejoin="round" className="stroke-white dark:stroke-zinc-900" />
            </svg>
            Held by you
          </li>
        )}
      </ul>
    </div>
  );
}
