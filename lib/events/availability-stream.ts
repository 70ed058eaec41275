// Live seat availability for the event page, pushed over Server-Sent Events at O(1) cost per
// instance: however many fans watch an event, this process runs one ticker for it that reads the
// shared availability (getEventAvailability, cached in Redis for a second) about once a second,
// diffs it against the previous read and fans the small diff out to every subscriber. A new
// subscriber gets the full snapshot first. The ticker stops when the event's last subscriber leaves.
//
// State is per process on purpose and needs no coordination: every instance reads the same Redis
// entry, so a thousand instances cost Redis a thousand reads a second per watched event, not one
// per fan.
import { getEventAvailability } from "@/lib/events/get-event-availability";
import type { EventAvailability } from "@/lib/events/types";
import { logger } from "@/lib/log/logger";
import { setting } from "@/lib/config/env";

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

type Channel = {
  eventId: number;
  subscribers: Set<Subscriber>;
  /** The last read, as a set for diffing; null before the first read finished. */
  unavailable: Set<number> | null;
  snapshot: AvailabilitySnapshot | null;
  timer: ReturnType<typeof setInterval>;
  loading: boolean;
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
  const load = options.load ?? (async (eventId: number) => (await getEventAvailability(eventId)).value);
  const intervalMs = options.intervalMs ?? 1000;
  const pingIntervalMs = options.pingIntervalMs ?? 15_000;
  const onError = options.onError ?? ((eventId, e) => log.warn(`event ${eventId}: ${e instanceof Error ? e.message : String(e)}`));
  const channels = new Map<number, Channel>();
  const debug = setting("DEBUG_AVAILABILITY_STREAM") ? (line: string) => log.info(line) : () => {};

  function send(sub: Subscriber, message: AvailabilityMessage) {
    try {
      sub.listener(message);
    } catch (e) {
      // One broken connection must not stop the others.
      onError(-1, e);
    }
  }

  async function tick(channel: Channel) {
    if (channel.loading) return; // a slow read is still running: skip rather than pile up
    channel.loading = true;
    let availability: EventAvailability;
    try {
      availability = await load(channel.eventId);
    } catch (e) {
      onError(channel.eventId, e);
      return;
    } finally {
      channel.loading = false;
    }
    if (channels.get(channel.eventId) !== channel) return; // everyone left while we read

    const next = new Set(availability.unavailable_ticket_ids);
    const snapshot: AvailabilitySnapshot = {
      unavailable_ticket_ids: availability.unavailable_ticket_ids,
      available_ticket_cnt: availability.available_ticket_cnt,
      as_of: availability.as_of,
    };
    const prev = channel.unavailable;
    channel.unavailable = next;
    channel.snapshot = snapshot;
    const diff = prev ? diffUnavailable(prev, next) : null;
    const changed = diff !== null && (diff.taken.length > 0 || diff.freed.length > 0);
    const changes: AvailabilityMessage | null = changed
      ? { type: "changes", data: { ...diff, available_ticket_cnt: availability.available_ticket_cnt, as_of: availability.as_of } }
      : null;

    const now = Date.now();
    const ping = now - channel.lastPingAt >= pingIntervalMs;
    if (ping) channel.lastPingAt = now;
    for (const sub of [...channel.subscribers]) {
      if (!sub.primed) {
        sub.primed = true;
        send(sub, { type: "snapshot", data: snapshot });
      } else if (changes) send(sub, changes);
      else if (ping) send(sub, { type: "ping" });
    }
  }

  function open(eventId: number): Channel {
    const channel: Channel = {
      eventId,
      subscribers: new Set(),
      unavailable: null,
      snapshot: null,
      timer: setInterval(() => void tick(channel), intervalMs),
      loading: false,
      lastPingAt: Date.now(),
    };
    channels.set(eventId, channel);
    debug(`event ${eventId}: ticker started`);
    void tick(channel);
    return channel;
  }

  return {
    subscribe(eventId, listener) {
      const channel = channels.get(eventId) ?? open(eventId);
      const sub: Subscriber = { listener, primed: false };
      channel.subscribers.add(sub);
      debug(`event ${eventId}: ${channel.subscribers.size} subscriber(s)`);
      // A running ticker already knows the state: the newcomer gets it now, not at the next tick.
      if (channel.snapshot) {
        sub.primed = true;
        const snapshot = channel.snapshot;
        queueMicrotask(() => {
          if (channel.subscribers.has(sub)) send(sub, { type: "snapshot", data: snapshot });
        });
      }
      let done = false;
      return () => {
        if (done) return;
        done = true;
        channel.subscribers.delete(sub);
        if (channel.subscribers.size === 0 && channels.get(eventId) === channel) {
          clearInterval(channel.timer);
          channels.delete(eventId);
          debug(`event ${eventId}: ticker stopped`);
        }
      };
    },
    stats() {
      let subscribers = 0;
      for (const c of channels.values()) subscribers += c.subscribers.size;
      return { events: channels.size, subscribers };
    },
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
/** Unread messages a client may fall behind before its stream is dropped. */
const MAX_BACKLOG = 64;

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
  let unsubscribe: (() => void) | null = null;
  const stop = () => {
    unsubscribe?.();
    unsubscribe = null;
  };
  return new ReadableStream<Uint8Array>({
    start(controller) {
      if (signal.aborted) {
        controller.close();
        return;
      }
      // Tell EventSource to reconnect quickly if the connection drops.
      controller.enqueue(encoder.encode("retry: 2000\n\n"));
      unsubscribe = streams.subscribe(eventId, (message) => {
        // A body nobody reads (a HEAD request, a stuck proxy) would queue messages forever and keep
        // the ticker alive: past a backlog, give up on it.
        if ((controller.desiredSize ?? 0) < -MAX_BACKLOG) {
          stop();
          try {
            controller.error(new Error("The client is not reading the stream"));
          } catch {
            // already closed
          }
          return;
        }
        controller.enqueue(encoder.encode(formatServerSentEvent(message)));
      });
      signal.addEventListener(
        "abort",
        () => {
          stop();
          try {
            controller.close();
          } catch {
            // already closed or errored
          }
        },
        { once: true },
      );
    },
    cancel() {
      stop();
    },
  });
}
