// Live seat availability for the event page, pushed over Server-Sent Events at O(1) cost per
// instance: however many fans watch an event, this process runs one ticker for it that reads the
// shared availability (getEventAvailability, cached in Redis for a second) twice a second, diffs it
// against the previous read and fans the small diff out to every subscriber. A new subscriber gets
// the full snapshot first. The ticker reads Redis, not this process's copy of the entry (which may
// be a second old): a change made on another instance drops the Redis entry, so a viewer sees it
// within one tick plus a rebuild (bench:queue --viewers, 500 viewers: seat-update lag p99 2.0 s
// with the local copy and a 1 s tick, 0.6 s this way; docs/performance.md). The ticker stops when the event's last subscriber leaves
// (the per-event ticker machinery: lib/http/event-tickers.ts).
//
// State is per process on purpose and needs no coordination: every instance reads the same Redis
// entry, so a thousand instances cost Redis a thousand reads a second per watched event, not one
// per fan.
import { availabilityCacheKey } from "@/lib/events/cache-keys";
import { getEventAvailability } from "@/lib/events/get-event-availability";
import { getRedis } from "@/lib/redis";
import { dropCachedLocally } from "@/lib/redis/cached";
import type { EventAvailability } from "@/lib/events/types";
import { logger } from "@/lib/log/logger";
import { setting } from "@/lib/config/env";
import { createEventTickers, openSubscriberStream } from "@/lib/http/event-tickers";

const log = logger("availability-stream");

export type AvailabilitySnapshot = {
  unavailable_ticket_ids: number[];
  available_ticket_cnt: number;
  as_of: string;
};

export type AvailabilityChanges = {
  /** Tickets that became unavailable since the previous message. */
  taken: number[];
  /** Tickets that became available again (released, expired, cancelled). */
  freed: number[];
  available_ticket_cnt: number;
  as_of: string;
};

export type AvailabilityMessage =
  | { type: "snapshot"; data: AvailabilitySnapshot }
  | { type: "changes"; data: AvailabilityChanges }
  | { type: "ping" };

export type AvailabilityListener = (message: AvailabilityMessage) => void;

export type AvailabilityStreamOptions = {
  load?: (eventId: number) => Promise<EventAvailability>;
  /** Time between reads of an event's availability while someone watches it. */
  intervalMs?: number;
  /** Time between keep-alive pings (proxies close idle connections). */
  pingIntervalMs?: number;
  onError?: (eventId: number, error: unknown) => void;
};

type Subscriber = { listener: AvailabilityListener; primed: boolean };

type State = {
  /** The last read, as a set for diffing; null before the first read finished. */
  unavailable: Set<number> | null;
  snapshot: AvailabilitySnapshot | null;
  lastPingAt: number;
};

/** The ids in `next` that are not in `prev` (sorted as `next` is). */
function missingFrom(prev: Set<number>, next: Iterable<number>): number[] {
  const out: number[] = [];
  for (const id of next) if (!prev.has(id)) out.push(id);
  return out;
}

/** What changed between two reads of the unavailable ids. */
export function diffUnavailable(prev: Set<number>, next: Set<number>): { taken: number[]; freed: number[] } {
  return { taken: missingFrom(prev, next), freed: missingFrom(next, prev) };
}

export type AvailabilityStreams = {
  /** Starts watching an event for `listener`; returns the unsubscribe function. */
  subscribe(eventId: number, listener: AvailabilityListener): () => void;
  /** Tickers running and subscribers in this process (for tests and metrics). */
  stats(): { events: number; subscribers: number };
};

export function createAvailabilityStreams(options: AvailabilityStreamOptions = {}): AvailabilityStreams {
  const load =
    options.load ??
    (async (eventId: number) => {
      // One Redis GET per tick per event and process; it also refreshes the copy the routes read.
      dropCachedLocally(getRedis(), [availabilityCacheKey(eventId)]);
      return (await getEventAvailability(eventId)).value;
    });
  const pingIntervalMs = options.pingIntervalMs ?? 15_000;
  const send = (message: AvailabilityMessage) => (sub: Subscriber) => sub.listener(message);
  const tickers = createEventTickers<EventAvailability, Subscriber, State>({
    load,
    intervalMs: options.intervalMs ?? 500,
    onError: options.onError ?? ((eventId, e) => log.warn(`event ${eventId}: ${e instanceof Error ? e.message : String(e)}`)),
    initialState: () => ({ unavailable: null, snapshot: null, lastPingAt: Date.now() }),
    debug: setting("DEBUG_AVAILABILITY_STREAM") ? (line: string) => log.info(line) : undefined,
    afterRead(channel, availability, deliver) {
      const next = new Set(availability.unavailable_ticket_ids);
      const snapshot: AvailabilitySnapshot = {
        unavailable_ticket_ids: availability.unavailable_ticket_ids,
        available_ticket_cnt: availability.available_ticket_cnt,
        as_of: availability.as_of,
      };
      const state = channel.state;
      const prev = state.unavailable;
      state.unavailable = next;
      state.snapshot = snapshot;
      const diff = prev ? diffUnavailable(prev, next) : null;
      const changed = diff !== null && (diff.taken.length > 0 || diff.freed.length > 0);
      const changes: AvailabilityMessage | null = changed
        ? { type: "changes", data: { ...diff, available_ticket_cnt: availability.available_ticket_cnt, as_of: availability.as_of } }
        : null;

      const now = Date.now();
      const ping = now - state.lastPingAt >= pingIntervalMs;
      if (ping) state.lastPingAt = now;
      for (const sub of [...channel.subscribers]) {
        if (!sub.primed) {
          sub.primed = true;
          deliver(sub, send({ type: "snapshot", data: snapshot }));
        } else if (changes) deliver(sub, send(changes));
        else if (ping) deliver(sub, send({ type: "ping" }));
      }
    },
    onJoin(channel, sub) {
      const snapshot = channel.state.snapshot;
      if (!snapshot) return null; // primed at the first read
      sub.primed = true;
      return send({ type: "snapshot", data: snapshot });
    },
  });

  return {
    subscribe: (eventId, listener) => tickers.subscribe(eventId, { listener, primed: false }),
    stats: () => tickers.stats(),
  };
}

// One registry per process; kept on globalThis so that dev-mode module reloads do not start a
// second set of tickers.
const globalForStreams = globalThis as typeof globalThis & { __openseatAvailabilityStreams?: AvailabilityStreams };

export function getAvailabilityStreams(): AvailabilityStreams {
  globalForStreams.__openseatAvailabilityStreams ??= createAvailabilityStreams();
  return globalForStreams.__openseatAvailabilityStreams;
}

const encoder = new TextEncoder();

/** One message in the text/event-stream format. */
export function formatServerSentEvent(message: AvailabilityMessage): string {
  if (message.type === "ping") return ": ping\n\n";
  return `event: ${message.type}\ndata: ${JSON.stringify(message.data)}\n\n`;
}

/**
 * The SSE body for one client: subscribes on start, unsubscribes when the client goes away (the
 * request's abort signal, or the stream being cancelled). Check that the event exists first: this
 * stream cannot report a 404 once it has started.
 */
export function openAvailabilityStream(eventId: number, signal: AbortSignal, streams: AvailabilityStreams = getAvailabilityStreams()): ReadableStream<Uint8Array> {
  return openSubscriberStream({
    signal,
    retryMs: 2000,
    subscribe: (send) => streams.subscribe(eventId, (message) => send(encoder.encode(formatServerSentEvent(message)))),
  });
}
