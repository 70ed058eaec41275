// The event types with descriptions, for the search filters and GET /api/events/types: they change
// with a deploy or an admin edit, so they are cached for minutes (cache-keys.ts).
import { getDb } from "@/lib/db";
import { eventTypesCacheKey, eventTypesCachePolicy } from "@/lib/events/cache-keys";
import type { EventTypeInfo } from "@/lib/events/types";
import { getRedis } from "@/lib/redis";
import { cachedEntry } from "@/lib/redis/cached";

async function buildEventTypes(): Promise<EventTypeInfo[]> {
  return getDb().eventType.findMany({ orderBy: { type: "asc" }, select: { type: true, description: true } });
}

/** Shared between readers: do not change the array. */
export async function listEventTypes(): Promise<EventTypeInfo[]> {
  return (await cachedEntry(getRedis(), eventTypesCacheKey(), eventTypesCachePolicy, buildEventTypes)).value;
}
