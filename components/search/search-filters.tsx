"use client";
// The filter bar: a plain GET form to "/" that works without JavaScript. With JavaScript it
// navigates client-side, drops empty fields from the URL, and applies a select as soon as it changes.
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useTransition, type FormEvent } from "react";
import type { EventTypeInfo } from "@/lib/events/types";
import { searchHref, SEARCH_PARAM_KEYS, type SearchParamValues } from "@/components/search/search-href";

export type SearchFiltersProps = {
  values: SearchParamValues;
  types: EventTypeInfo[];
  locations: string[];
};

const field =
  "h-10 w-full rounded-lg border border-zinc-300 bg-white px-3 text-sm text-zinc-900 shadow-sm outline-none transition focus:border-brand-500 focus:ring-2 focus:ring-brand-500/30 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100";
const label = "mb-1 block text-xs font-medium text-zinc-600 dark:text-zinc-400";

export function SearchFilters({ values, types, locations }: SearchFiltersProps) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();

  function navigate(form: HTMLFormElement) {
    const data = new FormData(form);
    const next: SearchParamValues = {};
    for (const key of SEARCH_PARAM_KEYS) {
      const v = data.get(key);
      if (typeof v === "string" && v.trim() !== "") next[key] = v.trim();
    }
    startTransition(() => router.push(searchHref(next)));
  }

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    navigate(e.currentTarget);
  }

  // The location list holds cities with upcoming events; keep a chosen city selectable even if the
  // list no longer contains it.
  const locationOptions = values.location && !locations.some((l) => l.toLowerCase() === values.location?.toLowerCase()) ? [values.location, ...locations] : locations;
  const typeOptions = values.type && !types.some((t) => t.type.toLowerCase() === values.type?.toLowerCase()) ? [{ type: values.type, description: values.type }, ...types] : types;

  return (
    <form
      action="/"
      method="get"
      role="search"
      aria-label="Filter events"
      onSubmit={onSubmit}
      className="grid grid-cols-2 gap-3 rounded-xl border border-zinc-200 bg-white p-4 shadow-sm sm:grid-cols-4 lg:grid-cols-12 dark:border-zinc-800 dark:bg-zinc-900"
      data-testid="search-filters"
    >
      <div className="col-span-2 sm:col-span-4 lg:col-span-4">
        <label htmlFor="filter-q" className={label}>
          Keyword
        </label>
        <input id="filter-q" name="q" type="search" defaultValue={values.q ?? ""} placeholder="Artist, team, event or venue" maxLength={100} className={field} />
      </div>
      <div className="col-span-1 sm:col-span-2 lg:col-span-2">
        <label htmlFor="filter-type" className={label}>
          Category
        </label>
        <select id="filter-type" name="type" defaultValue={values.type ?? ""} className={field} onChange={(e) => navigate(e.currentTarget.form!)}>
          <option value="">All categories</option>
          {typeOptions.map((t) => (
            <option key={t.type} value={t.type}>
              {t.type.charAt(0).toUpperCase() + t.type.slice(1)}
            </option>
          ))}
        </select>
      </div>
      <div className="col-span-1 sm:col-span-2 lg:col-span-2">
        <label htmlFor="filter-location" className={label}>
          City
        </label>
        <select id="filter-location" name="location" defaultValue={values.location ?? ""} className={field} onChange={(e) => navigate(e.currentTarget.form!)}>
          <option value="">All cities</option>
          {locationOptions.map((l) => (
            <option key={l} value={l}>
              {l}
            </option>
          ))}
        </select>
      </div>
      <div className="col-span-1 sm:col-span-2 lg:col-span-2">
        <label htmlFor="filter-date-from" className={label}>
          From
        </label>
        <input id="filter-date-from" name="date_from" type="date" defaultValue={values.date_from?.slice(0, 10) ?? ""} className={field} />
      </div>
      <div className="col-span-1 sm:col-span-2 lg:col-span-2">
        <label htmlFor="filter-date-to" className={label}>
          To
        </label>
        <input id="filter-date-to" name="date_to" type="date" defaultValue={values.date_to?.slice(0, 10) ?? ""} className={field} />
      </div>
      <div className="col-span-1 sm:col-span-1 lg:col-span-3">
        <label htmlFor="filter-sort" className={label}>
          Sort by
        </label>
        <select id="filter-sort" name="sort_by" defaultValue={values.sort_by ?? (values.q ? "relevance" : "date")} className={field} onChange={(e) => navigate(e.currentTarget.form!)}>
          {values.q && <option value="relevance">Best match</option>}
          <option value="date">Date</option>
          <option value="event_name">Event name</option>
          <option value="location">City</option>
          {values.lat && <option value="distance">Distance</option>}
        </select>
      </div>
      <div className="col-span-1 sm:col-span-1 lg:col-span-3">
        <label htmlFor="filter-order" className={label}>
          Order
        </label>
        <select id="filter-order" name="order" defaultValue={values.order ?? "asc"} className={field} onChange={(e) => navigate(e.currentTarget.form!)}>
          <option value="asc">Ascending</option>
          <option value="desc">Descending</option>
        </select>
      </div>
      {values.size && <input type="hidden" name="size" value={values.size} />}
      {/* Facet and "near me" choices the form has no field for carry over a resubmit. */}
      {(["price", "lat", "lng", "radius_km"] as const).map((k) => values[k] && <input key={k} type="hidden" name={k} value={values[k]} />)}
      <div className="col-span-2 flex items-end gap-2 sm:col-span-2 lg:col-span-6 lg:justify-end">
        <Link
          href="/"
          className="inline-flex h-10 items-center rounded-lg px-4 text-sm font-medium text-zinc-700 hover:bg-zinc-100 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-500 dark:text-zinc-300 dark:hover:bg-zinc-800"
        >
          Clear filters
        </Link>
        <button
          type="submit"
          className="inline-flex h-10 min-w-28 items-center justify-center gap-2 rounded-lg bg-brand-600 px-5 text-sm font-semibold text-white shadow-sm hover:bg-brand-700 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-500 disabled:opacity-70"
          aria-busy={pending}
        >
          {pending && <span className="size-4 animate-spin rounded-full border-2 border-white/40 border-t-white" aria-hidden="true" />}
          {pending ? "Searching…" : "Search"}
        </button>
      </div>
    </form>
  );
}
