// Event search for the home page and GET /api/events: filters, free text over title and
// performers, sorting and paging, with availability counted from the tickets themselves.
import { getDb } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import { getTicketStats } from "@/lib/events/ticket-stats";
import { eventSummaryInclude, toEventSummary } from "@/lib/events/to-event-summary";
import type { EventSearchResult } from "@/lib/events/types";
import type { EventSearchQuery } from "@/lib/validations/events";

function buildWhere(query: EventSearchQuery, now: Date): Prisma.EventWhereInput {
  const and: Prisma.EventWhereInput[] = [];
  if (query.type) and.push({ type: { type: { equals: query.type, mode: "insensitive" } } });
  if (query.location) and.push({ location: { equals: query.location, mode: "insensitive" } });
  // Without a start date a fan sees what is still to come, not last year's shows.
  const from = query.date_from ?? (query.date_to && query.date_to < now ? undefined : now);
  if (from || query.date_to) and.push({ datetime: { gte: from, lte: query.date_to } });
  if (query.q) {
    const words = query.q.split(/\s+/).filter(Boolean).slice(0, 8);
    for (const word of words) {
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

export async function searchEvents(query: EventSearchQuery, now: Date = new Date()): Promise<EventSearchResult> {
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
