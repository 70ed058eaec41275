// One event for the event page and GET /api/events/:event_id, read through the cache
// (cache-keys.ts, shared through Redis): the spec's full payload with every ticket (what the API
// serves with live availability laid over it: get-event-detail-body.ts; its own availability
// fields are as of its build, up to two minutes old), and the page's version without tickets (a few
// seconds old); the seating chart takes live availability from get-event-availability.ts.
import { AppError } from "@/lib/errors/app-error";
import { buildEventDetail } from "@/lib/events/build-event-detail";
import { eventDetailCacheKey, eventDetailCachePolicy, eventPageCacheKey, eventTicketsCachePolicy } from "@/lib/events/cache-keys";
import type { EventDetail } from "@/lib/events/types";
import { getRedis } from "@/lib/redis";
import { cachedEntry, type Cached } from "@/lib/redis/cached";
import { toIdOrNull } from "@/lib/validations/events";

export async function getEventDetail(eventId: string | number, opts: { includeTickets?: boolean } = {}): Promise<Cached<EventDetail>> {
  const id = toIdOrNull(String(eventId));
  if (id === null) throw new AppError("not_found", `Event ${eventId} was not found`);
  const includeTickets = opts.includeTickets !== false;
  const key = includeTickets ? eventDetailCacheKey(id) : eventPageCacheKey(id);
  // A missing event is cached too (as null), so a flood of requests for it costs one query.
  const entry = await cachedEntry(getRedis(), key, includeTickets ? eventTicketsCachePolicy : eventDetailCachePolicy, () => buildEventDetail(id, { includeTickets }));
  if (entry.json === "null") throw new AppError("not_found", `Event ${eventId} was not found`);
  return entry as Cached<EventDetail>;
}
