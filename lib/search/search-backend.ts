// The search engine behind GET /api/events, the search page and the header's suggestions. Today it
// is PostgreSQL itself (lib/search/postgres/): full-text with a weighted tsvector, pg_trgm for typos
// and prefixes. A deployment that outgrows one PostgreSQL for search implements this interface on
// OpenSearch or Meilisearch (docs/search.md) and returns it from getSearchBackend(): the callers only
// ever see event ids in order, counts and suggestions, and read the events themselves from
// PostgreSQL, so an index that lags by a second never shows a stale price or a cancelled show as live.
import type { EventSearchQuery } from "@/lib/validations/events";
import { countFacetsInPostgres } from "@/lib/search/postgres/count-facets";
import { findEventsInPostgres, indexedTextMatchOf } from "@/lib/search/postgres/find-events";
import { suggestFromPostgres } from "@/lib/search/postgres/suggest";

export type FacetBucket = { value: string; label: string; count: number };

export type SearchFacets = {
  type: FacetBucket[];
  city: FacetBucket[];
  date: FacetBucket[];
  price: FacetBucket[];
};

export type EventMatches = {
  /** The page's event ids, in result order. */
  ids: number[];
  /** How many published events match in all, or the count's cap when there are more. */
  total: number;
  /** True when more events match than the backend counts exactly (`total` is then a lower bound). */
  totalCapped: boolean;
  /** True when no event matched the words as typed and these are close spellings instead. */
  fuzzy: boolean;
};

export type SuggestionKind = "performer" | "venue" | "event";

export type Suggestion = {
  kind: SuggestionKind;
  id: string;
  label: string;
  /** A second line: the venue and date of an event, the city of a venue. */
  detail: string | null;
  /** Where picking it goes. */
  href: string;
};

export interface SearchBackend {
  /** One page of published events matching `query`, ranked by relevance when it has words. */
  findEvents(query: EventSearchQuery, now: Date): Promise<EventMatches>;
  /**
   * How many of the events `query` finds fall in each type, city, date range and price range.
   * `fuzzy`: findEvents answered with close spellings, so count those.
   */
  countFacets(query: EventSearchQuery, now: Date, fuzzy: boolean): Promise<SearchFacets>;
  /** Performers, venues and events for what a fan has typed so far (prefixes and typos). */
  suggest(text: string, limit: number, now: Date): Promise<Suggestion[]>;
}

const postgresBackend: SearchBackend = {
  findEvents: findEventsInPostgres,
  countFacets: async (query, now, fuzzy) => {
    const match = await indexedTextMatchOf(query);
    return countFacetsInPostgres(query, now, fuzzy && match.mode === "words" ? { mode: "close", text: match.text } : match);
  },
  suggest: suggestFromPostgres,
};

export function getSearchBackend(): SearchBackend {
  return postgresBackend;
}
