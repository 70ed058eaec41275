// The facets beside the results: for the current search, how many events fall in each category,
// city, date range and price range. Every value is a link that adds (or, when chosen, removes) that
// filter in the URL, so facets work without JavaScript and a filtered search stays linkable.
import Link from "next/link";
import type { SearchFacets } from "@/lib/search/search-backend";
import { searchHref, type SearchParamValues } from "@/components/search/search-href";

const nf = new Intl.NumberFormat("en-US");

type Group = { key: keyof SearchFacets; title: string };
const GROUPS: Group[] = [
  { key: "type", title: "Category" },
  { key: "city", title: "City" },
  { key: "date", title: "Date" },
  { key: "price", title: "Price from" },
];

/** The URL params a facet value sets; null clears them. */
function paramsFor(key: keyof SearchFacets, value: string | null): SearchParamValues {
  if (key === "type") return { type: value ?? "" };
  if (key === "city") return { location: value ?? "" };
  if (key === "price") return { price: value ?? "" };
  const [from, to] = (value ?? ":").split(":");
  return { date_from: from ?? "", date_to: to ?? "" };
}

function isChosen(key: keyof SearchFacets, value: string, values: SearchParamValues): boolean {
  if (key === "type") return values.type?.toLowerCase() === value.toLowerCase();
  if (key === "city") return values.location?.toLowerCase() === value.toLowerCase();
  if (key === "price") return values.price === value;
  const [from, to] = value.split(":");
  return (values.date_from ?? "") === from && (values.date_to ?? "") === to;
}

export function SearchFacetList({ facets, values }: { facets: SearchFacets; values: SearchParamValues }) {
  return (
    <nav aria-label="Refine results" className="space-y-6" data-testid="search-facets">
      {GROUPS.filter((g) => facets[g.key].length > 0).map((g) => (
        <section key={g.key} aria-labelledby={`facet-${g.key}`}>
          <h3 id={`facet-${g.key}`} className="text-xs font-semibold uppercase tracking-wide text-zinc-500 dark:text-zinc-400">
            {g.title}
          </h3>
          <ul className="mt-2 space-y-1 text-sm">
            {facets[g.key].map((b) => {
              const chosen = isChosen(g.key, b.value, values);
              const href = searchHref(values, { ...paramsFor(g.key, chosen ? null : b.value), page: "" });
              return (
                <li key={b.value}>
                  <Link
                    href={href}
                    aria-current={chosen ? "true" : undefined}
                    className={`flex items-center justify-between gap-2 rounded-md px-2 py-1 hover:bg-zinc-100 focus-visible:outline-2 focus-visible:outline-brand-500 dark:hover:bg-zinc-800 ${chosen ? "font-semibold text-brand-700 dark:text-brand-300" : "text-zinc-700 dark:text-zinc-300"}`}
                  >
                    <span className="capitalize">
                      {chosen && <span aria-hidden="true">✓ </span>}
                      {b.label}
                      {chosen && <span className="sr-only"> (chosen; select to remove)</span>}
                    </span>
                    <span className="tabular-nums text-zinc-500 dark:text-zinc-400">{nf.format(b.count)}</span>
                  </Link>
                </li>
              );
            })}
          </ul>
        </section>
      ))}
    </nav>
  );
}
