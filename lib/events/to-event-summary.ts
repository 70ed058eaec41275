// Maps an event row (with type, venue and performers) and its ticket stats to the API shape.
import type { Prisma } from "@/lib/generated/prisma/client";
import type { EventSummary } from "@/lib/events/types";
import type { TicketStats } from "@/lib/events/ticket-stats";

export const eventSummaryInclude = {
  type: { select: { type: true } },
  venue: { select: { id: true, name: true, timezone: true } },
  performers: { select: { performer: { select: { name: true } } }, orderBy: [{ billing: "asc" }, { performerId: "asc" }] },
} satisfies Prisma.EventInclude;

export type EventWithSummaryRelations = Prisma.EventGetPayload<{ include: typeof eventSummaryInclude }>;

export function toEventSummary(event: EventWithSummaryRelations, stats: TicketStats | undefined): EventSummary {
  const performers = event.performers.map((p) => p.performer.name);
  return {
    event_id: String(event.id),
    title: event.title,
    type: event.type.type,
    venue: event.venue.name,
    venue_id: String(event.venue.id),
    location: event.location,
    venue_timezone: event.venue.timezone,
    performer: performers.join(", "),
    performers,
    detail: event.description,
    datetime: event.datetime.toISOString(),
    image_path: event.imagePath,
    status: event.status,
    total_ticket_cnt: stats?.total ?? 0,
    available_ticket_cnt: stats?.available ?? 0,
    min_price: stats?.minPrice ?? null,
    currency: event.currency,
  };
}
