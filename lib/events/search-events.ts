// Event search for the home page and GET /api/events: filters, ranked full-text with typo tolerance
// (the search backend, lib/search), sorting and paging. A page of results is cached for a few seconds per query
// (cache-keys.ts; an event edit retires every cached page at once), and its available counts are
// laid over it on every request from the live ticket counters (get-available-counts.ts), so the
// counts are as fresh as the counters while the list itself costs PostgreSQL nothing.
import { createHash } from "node:crypto";
import { getDb } from "@/lib/db";
import { eventListCacheKey, eventListCachePolicy, getEventListGeneration } from "@/lib/events/cache-keys";
import { getAvailableCounts } from "@/lib/events/get-available-counts";
import { getTicketStats } from "@/lib/events/ticket-stats";
import { eventSummaryInclude, toEventSummary } from "@/lib/events/to-event-summary";
import type { EventSearchResult } from "@/lib/events/types";
import { getRedis } from "@/lib/redis";
import { cachedEntry, isCacheEnabled } from "@/lib/redis/cached";
import { getSearchBackend } from "@/lib/search/search-backend";
import type { EventSearchQuery } from "@/lib/validations/events";

export { escapeLikePattern } from "@/lib/search/postgres/event-filters";

/** One page of results from PostgreSQL, with the ticket stats of its events as of now. */
export async function buildEventSearch(query: EventSearchQuery, now: Date = new Date()): Promise<EventSearchResult> {
  // The backend decides which events and in what order; the events themselves always come from
  // PostgreSQL, so a result never shows a stale title, price or status.
  const backend = getSearchBackend();
  // The facets are counted beside the matching, not after it: they depend on it only when the
  // words matched nothing and close spellings answered (rare), and are counted again then.
  const exactFacets = query.facets ? backend.countFacets(query, now, false) : undefined;
  exactFacets?.catch(() => undefined); // awaited below unless discarded; never an unhandled rejection
  const matches = await backend.findEvents(query, now);
  const facets = query.facets && matches.fuzzy ? backend.countFacets(query, now, true) : exactFacets;
  const rows = matches.ids.length === 0 ? [] : await getDb().event.findMany({ where: { id: { in: matches.ids } }, include: eventSummaryInclude });
  const byId = new Map(rows.map((e) => [e.id, e]));
  const events = matches.ids.flatMap((id) => byId.get(id) ?? []);
  const stats = await getTicketStats(events.map((e) => e.id));
  return {
    events: events.map((e) => toEventSummary(e, stats.get(e.id))),
    page: query.page,
    size: query.size,
    total: matches.total,
    total_pages: Math.ceil(matches.total / query.size),
    fuzzy: matches.fuzzy,
    total_capped: matches.totalCapped,
    ...(facets ? { facets: await facets } : {}),
  };
}

/** A stable name for a query: the same search, however its parameters were spelled, gets one entry. */
function queryHash(query: EventSearchQuery): string {
  const canonical = [query.q, query.type, query.location, query.date_from?.toISOString(), query.date_to?.toISOString(), query.price, query.facets, query.lat, query.lng, query.radius_km, query.sort_by, query.order, query.page, query.size];
  return createHash("sha1").update(JSON.stringify(canonical)).digest("base64url").slice(0, 22);
}

/**
 * The page of results for `query`: cached (upcoming-only searches may include an event that
 * started up to the list's TTL ago), with live available counts.
 */
export async function searchEvents(query: EventSearchQuery): Promise<EventSearchResult> {
  if (!isCacheEnabled()) return buildEventSearch(query);
  const generation = await getEventListGeneration();
  const entry = await cachedEntry(getRedis(), eventListCacheKey(generation, queryHash(query)), eventListCachePolicy, () => buildEventSearch(query));
  const cachedResult = entry.value as EventSearchResult;
  const counts = await getAvailableCounts(cachedResult.events.map((e) => Number(e.event_id)));
  return {
    ...cachedResult,
    events: cachedResult.events.map((e) => ({ ...e, available_ticket_cnt: counts.get(Number(e.event_id)) ?? e.available_ticket_cnt })),
  };
}
