// Search URLs: the filters live in the query string, so results are linkable and work without JS.

export const SEARCH_PARAM_KEYS = ["q", "type", "location", "date_from", "date_to", "price", "lat", "lng", "radius_km", "sort_by", "order", "page", "size"] as const;
export type SearchParamKey = (typeof SEARCH_PARAM_KEYS)[number];
export type SearchParamValues = Partial<Record<SearchParamKey, string>>;

/** The search's own params from Next's searchParams, first value of each, blanks dropped. */
export function pickSearchParams(raw: Record<string, string | string[] | undefined>): SearchParamValues {
  const out: SearchParamValues = {};
  for (const key of SEARCH_PARAM_KEYS) {
    const v = raw[key];
    const first = Array.isArray(v) ? v[0] : v;
    if (typeof first === "string" && first.trim() !== "") out[key] = first.trim();
  }
  return out;
}

/** "/?q=...&page=2", leaving out empty values, the default sort and page 1. */
export function searchHref(values: SearchParamValues, overrides: SearchParamValues = {}): string {
  const merged: SearchParamValues = { ...values, ...overrides };
  const qs = new URLSearchParams();
  for (const key of SEARCH_PARAM_KEYS) {
    const v = merged[key];
    if (!v) continue;
    if (key === "page" && v === "1") continue;
    // The default order: best match for a keyword search, date otherwise (lib/validations/events.ts).
    if (key === "sort_by" && v === (merged.q ? "relevance" : "date")) continue;
    if (key === "order" && v === "asc") continue;
    qs.set(key, v);
  }
  const s = qs.toString();
  return s ? `/?${s}` : "/";
}
