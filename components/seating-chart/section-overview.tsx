// The chart's first screen on any device: every section with its price range and free seats, as
// buttons that zoom the chart to the section. On a phone the whole arena is too small to aim at a
// seat, so this list (and a tap on the chart) is how a fan gets close enough to pick one.
import type { ChartSectionSummary } from "@/components/seating-chart/chart-model";
import { formatPriceRange } from "@/components/format/format-money";

const nf = new Intl.NumberFormat("en-US");

type SectionOverviewProps = {
  sections: ChartSectionSummary[];
  currency: string;
  onPick: (section: ChartSectionSummary) => void;
};

export function SectionOverview({ sections, currency, onPick }: SectionOverviewProps) {
  // Sections with free seats first (cheapest first), then the sold-out ones.
  const shown = sections
    .filter((s) => s.total > 0 && s.box !== null)
    .sort((a, b) => Number(b.available > 0) - Number(a.available > 0) || Number(a.minPrice ?? Infinity) - Number(b.minPrice ?? Infinity) || a.name.localeCompare(b.name, "en", { numeric: true }));
  if (shown.length < 2) return null;
  return (
    <nav aria-label="Sections" className="mt-3" data-testid="section-overview">
      <ul className="-mx-1 flex snap-x gap-2 overflow-x-auto px-1 pb-2">
        {shown.map((s) => (
          <li key={s.index} className="snap-start">
            <button
              type="button"
              onClick={() => onPick(s)}
              data-section={s.name}
              className="flex w-36 flex-col items-start rounded-lg border border-zinc-200 bg-white px-3 py-2 text-left text-sm hover:border-brand-500 focus-visible:outline-2 focus-visible:outline-brand-500 disabled:opacity-60 dark:border-zinc-700 dark:bg-zinc-900"
            >
              <span className="w-full truncate font-medium">{s.label}</span>
              <span className="text-zinc-700 dark:text-zinc-300">{s.minPrice !== null && s.maxPrice !== null ? formatPriceRange(s.minPrice, s.maxPrice, currency) : "—"}</span>
              <span className={`text-xs ${s.available === 0 ? "text-zinc-600 dark:text-zinc-400" : "text-emerald-800 dark:text-emerald-300"}`}>{s.available === 0 ? "Sold out" : `${nf.format(s.available)} left`}</span>
            </button>
          </li>
        ))}
      </ul>
    </nav>
  );
}
