// Event search for the home page and GET /api/events: filters, free text over title and
// performers, sorting and paging. A page of results is cached for a few seconds per query
// (cache-keys.ts; an event edit retires every cached page at once), and its available counts are
// laid over it on every request from the live ticket counters (get-available-counts.ts), so the
// counts are as fresh as the counters while the list itself costs PostgreSQL nothing.
import { createHash } from "node:crypto";
import { getDb } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import { eventListCacheKey, eventListCachePolicy, getEventListGeneration } from "@/lib/events/cache-keys";
import { getAvailableCounts } from "@/lib/events/get-available-counts";
import { getTicketStats } from "@/lib/events/ticket-stats";
import { eventSummaryInclude, toEventSummary } from "@/lib/events/to-event-summary";
import type { EventSearchResult } from "@/lib/events/types";
import { getRedis } from "@/lib/redis";
import { cachedEntry, isCacheEnabled } from "@/lib/redis/cached";
import type { EventSearchQuery } from "@/lib/validations/events";

/**
 * A word as a literal ILIKE fragment. Prisma's `contains` puts the value between `%...%` without
 * escaping it, so `%` and `_` in a fan's search acted as wildcards (`q=_` matched every event).
 * (Its case-insensitive `equals` is an ILIKE as well.) Backslash is PostgreSQL's default LIKE escape character: escape it first, then the wildcards.
 */
export function escapeLikePattern(word: string): string {
  return word.replace(/[\\%_]/g, (c) => `\\${c}`);
}

function buildWhere(query: EventSearchQuery, now: Date): Prisma.EventWhereInput {
  // Drafts (published_datetime null) are the organizer's; the public never sees them.
  const and: Prisma.EventWhereInput[] = [{ publishedAt: { not: null } }];
  // On PostgreSQL, Prisma's case-insensitive `equals` is an ILIKE too: escaped the same way.
  if (query.type) and.push({ type: { type: { equals: escapeLikePattern(query.type), mode: "insensitive" } } });
  if (query.location) and.push({ location: { equals: escapeLikePattern(query.location), mode: "insensitive" } });
  // Without a start date a fan sees what is still to come, not last year's shows.
  const from = query.date_from ?? (query.date_to && query.date_to < now ? undefined : now);
  if (from || query.date_to) and.push({ datetime: { gte: from, lte: query.date_to } });
  if (query.q) {
    const words = query.q.split(/\s+/).filter(Boolean).slice(0, 8);
    for (const raw of words) {
      const word = escapeLikePattern(raw);
      and.push({
        OR: [
          { title: { contains: word, mode: "insensitive" } },
          { performers: { some: { performer: { name: { contains: word, mode: "insensitive" } } } } },
          { venue: { name: { contains: word, mode: "insensitive" } } },
        ],
      });
    }
  }
  return { AND: and };
}

function buildOrderBy(query: EventSearchQuery): Prisma.EventOrderByWithRelationInput[] {
  const dir = query.order;
  const primary: Prisma.EventOrderByWithRelationInput =
    query.sort_by === "event_name" ? { title: dir } : query.sort_by === "location" ? { location: dir } : { datetime: dir };
  // A stable tiebreak keeps paging from skipping or repeating events.
  const secondary: Prisma.EventOrderByWithRelationInput[] = query.sort_by === "date" ? [] : [{ datetime: "asc" }];
  return [primary, ...secondary, { id: "asc" }];
}

/** One page of results from PostgreSQL, with the ticket stats of its events as of now. */
export async function buildEventSearch(query: EventSearchQuery, now: Date = new Date()): Promise<EventSearchResult> {
  const db = getDb();
  const where = buildWhere(query, now);
  const [total, events] = await Promise.all([
    db.event.count({ where }),
    db.event.findMany({
      where,
      include: eventSummaryInclude,
      orderBy: buildOrderBy(query),
      skip: (query.page - 1) * query.size,
      take: query.size,
    }),
  ]);
  const stats = await getTicketStats(events.map((e) => e.id));
  return {
    events: events.map((e) => toEventSummary(e, stats.get(e.id))),
    page: query.page,
    size: query.size,
    total,
    total_pages: Math.ceil(total / query.size),
  };
}

/** A stable name for a query: the same search, however its parameters were spelled, gets one entry. */
function queryHash(query: EventSearchQuery): string {
  const canonical = [query.q, query.type, query.location, query.date_from?.toISOString(), query.date_to?.toISOString(), query.sort_by, query.order, query.page, query.size];
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
