// Redis key names. The spec's keys (`reserved_ticket:...`, `ticket_count:...`) carry the event as a
// Redis Cluster hash tag, `{event_42}`, so every key of one event lands in one slot: a Lua script
// may then touch all of an event's seats at once on Redis Cluster and on Upstash.
export type KeyId = string | number;

// An id becomes part of a key; a brace or colon in it would move the hash tag or the key's shape.
const SAFE_ID = /^[A-Za-z0-9_-]+$/;

function keyId(what: string, id: KeyId): string {
  const s = String(id);
  if (!SAFE_ID.test(s)) throw new Error(`${what} ${JSON.stringify(s)} cannot be used in a Redis key`);
  return s;
}

/** `{event_42}`: the hash tag every per-event key embeds. */
export function eventHashTag(eventId: KeyId): string {
  return `{event_${keyId("event id", eventId)}}`;
}

/** `reserved_ticket:{event_42}:ticket_123`: a seat's hold claim, with the hold's TTL. */
export function reservedTicketKey(eventId: KeyId, ticketId: KeyId): string {
  return `reserved_ticket:${eventHashTag(eventId)}:ticket_${keyId("ticket id", ticketId)}`;
}

/** `ticket_count:{event_42}`: the cached available-ticket count. */
export function ticketCountKey(eventId: KeyId): string {
  return `ticket_count:${eventHashTag(eventId)}`;
}

/**
 * `cache:events:list:page_2`: a read-through cache entry (see cached.ts). The `cache:` prefix keeps
 * disposable entries apart from state (holds, counters, queues), so they can be scanned and dropped.
 */
export function cacheKey(...parts: KeyId[]): string {
  if (parts.length === 0) throw new Error("cacheKey needs at least one part");
  for (const part of parts) {
    if (String(part) === "") throw new Error("cacheKey parts must not be empty");
  }
  return `cache:${parts.join(":")}`;
}
