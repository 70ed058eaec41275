// Home: event search. Every filter lives in the URL, so a search is a link and the filter form
// works as a plain GET form. Rendered per request (searchParams), never prerendered; the data comes
// from the read caches of lib/events (a few seconds old, live available counts).
import Link from "next/link";
import { isAppError } from "@/lib/errors/app-error";
import { listEventTypes } from "@/lib/events/list-event-types";
import { listLocations } from "@/lib/events/list-locations";
import { searchEvents } from "@/lib/events/search-events";
import { parseEventSearchQuery, type EventSearchQuery } from "@/lib/validations/events";
import { EventCard } from "@/components/events/event-card";
import { Pagination } from "@/components/search/pagination";
import { NearMe } from "@/components/search/near-me";
import { SearchFacetList } from "@/components/search/search-facets";
import { SearchFilters } from "@/components/search/search-filters";
import { pickSearchParams } from "@/components/search/search-href";

type HomeProps = { searchParams: Promise<Record<string, string | string[] | undefined>> };

const nf = new Intl.NumberFormat("en-US");

function parseOrDefault(raw: Record<string, string | string[] | undefined>): { query: EventSearchQuery; problem: string | null } {
  try {
    return { query: parseEventSearchQuery(raw), problem: null };
  } catch (e) {
    if (isAppError(e) && e.code === "validation_error") return { query: parseEventSearchQuery({}), problem: e.message };
    throw e;
  }
}

export default async function HomePage({ searchParams }: HomeProps) {
  const raw = await searchParams;
  const values = pickSearchParams(raw);
  const { query, problem } = parseOrDefault(raw);

  const [types, locations, result] = await Promise.all([listEventTypes(), listLocations(), searchEvents({ ...query, facets: true })]);
  const first = result.total === 0 ? 0 : (result.page - 1) * result.size + 1;
  const last = Math.min(result.total, result.page * result.size);
  const filtered = Boolean(query.q || query.type || query.location || query.date_from || query.date_to || query.price || query.lat !== undefined);

  return (
    <div className="mx-auto max-w-7xl px-4 pb-8 sm:px-6 lg:px-8">
      <section className="pb-6 pt-10 sm:pt-14">
        <h1 className="text-3xl font-bold tracking-tight sm:text-4xl">{query.q ? <>Results for &ldquo;{query.q}&rdquo;</> : "Find your next live event"}</h1>
        <p className="mt-2 text-zinc-600 dark:text-zinc-400">Concerts, sports, theater and more. Pick your exact seats on the map.</p>
      </section>

      <SearchFilters values={values} types={types} locations={locations} />
      <div className="mt-3">
        <NearMe values={values} />
      </div>

      {problem && (
        <div role="alert" className="mt-4 rounded-lg border border-amber-300 bg-amber-50 px-4 py-3 text-sm text-amber-900 dark:border-amber-500/40 dark:bg-amber-500/10 dark:text-amber-200" data-testid="search-error">
          <p>
            <span className="font-semibold">We couldn&apos;t apply your filters:</span> {problem}. Showing all upcoming events instead.
          </p>
        </div>
      )}

      <div className="mt-8 lg:grid lg:grid-cols-[14rem_1fr] lg:gap-8">
      <aside className="mb-6 lg:mb-0">{result.facets && <SearchFacetList facets={result.facets} values={values} />}</aside>
      <div>
      {result.fuzzy && (
        <p className="mb-4 rounded-lg bg-zinc-100 px-4 py-2 text-sm text-zinc-700 dark:bg-zinc-800 dark:text-zinc-300" data-testid="fuzzy-notice">
          No events match &ldquo;{query.q}&rdquo; exactly; showing close matches.
        </p>
      )}
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h2 className="text-lg font-semibold" data-testid="result-count">
          {nf.format(result.total)} {result.total === 1 ? "event" : "events"}
        </h2>
        {/* Past the last page (?page=99) there is nothing to count from: the empty state says so. */}
        {result.events.length > 0 && (
          <p className="text-sm text-zinc-500 dark:text-zinc-400">
            Showing {nf.format(first)}–{nf.format(last)} of {nf.format(result.total)}
          </p>
        )}
      </div>

      {result.events.length > 0 ? (
        <ul className="mt-4 grid grid-cols-1 gap-6 sm:grid-cols-2 lg:grid-cols-3" data-testid="event-results">
          {result.events.map((event, i) => (
            <li key={event.event_id} className="flex min-w-0">
              <EventCard event={event} priority={i < 3} />
            </li>
          ))}
        </ul>
      ) : (
        <div className="mt-4 flex flex-col items-center rounded-xl border border-dashed border-zinc-300 px-6 py-16 text-center dark:border-zinc-700" data-testid="empty-results">
          <svg viewBox="0 0 48 48" className="size-12 text-zinc-400" aria-hidden="true">
            <path fill="none" stroke="currentColor" strokeWidth="2.5" strokeLinecap="round" d="M8 14h32v6a4 4 0 0 0 0 8v6H8v-6a4 4 0 0 0 0-8z M20 14v20" strokeDasharray="0" />
          </svg>
          <h3 className="mt-4 text-base font-semibold">
            {result.total > 0 ? "No events on this page" : filtered ? "No events match your search" : "No upcoming events yet"}
          </h3>
          <p className="mt-1 max-w-md text-sm text-zinc-600 dark:text-zinc-400">
            {result.total > 0
              ? "This page is past the end of the results."
              : filtered
                ? "Try a different keyword, widen the dates, or choose another city or category."
                : "Check back soon: new events go on sale every week."}
          </p>
          {(filtered || result.total > 0) && (
            <Link href="/" className="mt-6 inline-flex h-10 items-center rounded-lg bg-brand-600 px-5 text-sm font-semibold text-white hover:bg-brand-700 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-500">
              See all events
            </Link>
          )}
        </div>
      )}

      <Pagination page={result.page} totalPages={result.total_pages} params={values} />
      </div>
      </div>
    </div>
  );
}
