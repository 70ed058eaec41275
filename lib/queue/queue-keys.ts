// Redis keys of an event's waiting room. Every key embeds the event's hash tag ({event_42}), so
// all of them (and ticket_count:{event_42}) share one Redis Cluster / Upstash slot and one Lua
// script can touch them together.
import { cacheKey, eventHashTag, ticketCountKey } from "@/lib/redis";

export type QueueKeys = {
  /** Hash: drawn, seed, participants, drawn_at, members_digest, recorded, through, advanced_at, next_position. */
  state: string;
  /** Sorted set of the user ids that joined before the draw, all with score 0 (so ordered by id as bytes). */
  prequeue: string;
  /** Hash user id -> position, for fans numbered after the draw (and drawn fans once admitted). */
  positions: string;
  /** Hash user id -> first admission (epoch ms): the window runs from here. */
  admitted: string;
  /** Set for 30 s by whoever records the draw in PostgreSQL, so only one caller does. */
  recordLock: string;
  /**
   * Exists while Redis holds the queue as rebuilt from (or started next to) PostgreSQL; missing
   * after a Redis loss, which makes the queue script refuse until restore-queue.ts rebuilds it.
   */
  restored: string;
  /** Set by the one caller rebuilding the queue after a loss (restore-queue.ts). */
  restoreLock: string;
  /** The event's queue settings, cached from PostgreSQL (a cache entry: safe to drop). */
  settings: string;
  /** The available-ticket counter of lib/inventory/ticket-counts (sold out when 0). */
  ticketCount: string;
};

export function queueKeys(eventId: number): QueueKeys {
  const tag = eventHashTag(eventId);
  return {
    state: `queue:${tag}:state`,
    prequeue: `queue:${tag}:prequeue`,
    positions: `queue:${tag}:positions`,
    admitted: `queue:${tag}:admitted`,
    recordLock: `queue:${tag}:record_lock`,
    restored: `queue:${tag}:restored`,
    restoreLock: `queue:${tag}:restore_lock`,
    settings: cacheKey("queue_settings", tag),
    ticketCount: ticketCountKey(eventId),
  };
}
