// The waiting room's live feed over Server-Sent Events, at O(1) cost per instance: however many fans
// wait for an event, this process runs one ticker for it that makes one queue call a second
// (getQueueProgress, which also moves N along) and writes the same small `progress` event to every
// connection, encoded once. Nothing in it is per fan: the browser knows its own position and
// computes people-ahead from admitted_through. The ticker stops when the event's last listener
// leaves. Modelled on lib/events/availability-stream.ts.
//
// Per process on purpose: every instance reads the same Redis state, so a thousand instances cost
// Redis a thousand calls a second per event on sale, not one per fan.
import { getQueueProgress } from "./get-queue-progress";
import type { QueueProgress } from "./types";
import { logger } from "@/lib/log/logger";

const log = logger("queue-stream");

export type QueueStreamMessage = { type: "progress"; data: QueueProgress } | { type: "ping" };
export type QueueStreamListener = (message: QueueStreamMessage, encoded: Uint8Array) => void;

export type QueueProgressStreamOptions = {
  load?: (eventId: number) => Promise<QueueProgress>;
  intervalMs?: number;
  pingIntervalMs?: number;
  onError?: (eventId: number, error: unknown) => void;
};

type Subscriber = { listener: QueueStreamListener };

type Channel = {
  eventId: number;
  subscribers: Set<Subscriber>;
  /** The last progress event, encoded, for newcomers. */
  latest: { message: QueueStreamMessage; encoded: Uint8Array } | null;
  timer: ReturnType<typeof setInterval>;
  loading: boolean;
  lastPingAt: number;
};

export type QueueProgressStreams = {
  subscribe(eventId: number, listener: QueueStreamListener): () => void;
  stats(): { events: number; subscribers: number };
};

const encoder = new TextEncoder();

/** One message in the text/event-stream format. */
export function formatQueueEvent(message: QueueStreamMessage): string {
  if (message.type === "ping") return ": ping\n\n";
  return `event: progress\ndata: ${JSON.stringify(message.data)}\n\n`;
}

const PING: QueueStreamMessage = { type: "ping" };
const PING_BYTES = encoder.encode(formatQueueEvent(PING));

export function createQueueProgressStreams(options: QueueProgressStreamOptions = {}): QueueProgressStreams {
  const load = options.load ?? ((eventId: number) => getQueueProgress({ eventId }));
  const intervalMs = options.intervalMs ?? 1000;
  const pingIntervalMs = options.pingIntervalMs ?? 15_000;
  const onError = options.onError ?? ((eventId, e) => log.warn(`event ${eventId}: ${e instanceof Error ? e.message : String(e)}`));
  const channels = new Map<number, Channel>();

  function send(sub: Subscriber, message: QueueStreamMessage, encoded: Uint8Array) {
    try {
      sub.listener(message, encoded);
    } catch (e) {
      // One broken connection must not stop the others.
      onError(-1, e);
    }
  }

  async function tick(channel: Channel) {
    const now = Date.now();
    // Keep-alives go out on their own clock, so a failing read never lets proxies drop the stream.
    if (now - channel.lastPingAt >= pingIntervalMs) {
      channel.lastPingAt = now;
      for (const sub of [...channel.subscribers]) send(sub, PING, PING_BYTES);
    }
    if (channel.loading) return; // a slow read is still running: skip rather than pile up
    channel.loading = true;
    let progress: QueueProgress;
    try {
      progress = await load(channel.eventId);
    } catch (e) {
      onError(channel.eventId, e);
      return;
    } finally {
      channel.loading = false;
    }
    if (channels.get(channel.eventId) !== channel) return; // everyone left while we read
    const message: QueueStreamMessage = { type: "progress", data: progress };
    const encoded = encoder.encode(formatQueueEvent(message));
    channel.latest = { message, encoded };
    for (const sub of [...channel.subscribers]) send(sub, message, encoded);
  }

  function open(eventId: number): Channel {
    const channel: Channel = {
      eventId,
      subscribers: new Set(),
      latest: null,
      timer: setInterval(() => void tick(channel), intervalMs),
      loading: false,
      lastPingAt: Date.now(),
    };
    channels.set(eventId, channel);
    void tick(channel);
    return channel;
  }

  return {
    subscribe(eventId, listener) {
      const channel = channels.get(eventId) ?? open(eventId);
      const sub: Subscriber = { listener };
      channel.subscribers.add(sub);
      // A running ticker already knows the state: the newcomer gets it now, not at the next tick.
      const latest = channel.latest;
      if (latest) {
        queueMicrotask(() => {
          if (channel.subscribers.has(sub)) send(sub, latest.message, latest.encoded);
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

// One registry per process; on globalThis so dev-mode module reloads do not start a second set of tickers.
const globalForStreams = globalThis as typeof globalThis & { __openseatQueueStreams?: QueueProgressStreams };

export function getQueueProgressStreams(): QueueProgressStreams {
  globalForStreams.__openseatQueueStreams ??= createQueueProgressStreams();
  return globalForStreams.__openseatQueueStreams;
}

/** Unread messages a client may fall behind before its stream is dropped. */
const MAX_BACKLOG = 64;

/**
 * The SSE body for one client: a `retry:` hint, then `progress` about once a second and `: ping`
 * comments. Subscribes on start; unsubscribes when the client goes away. Check that the event
 * exists first: once started, the stream cannot answer 404.
 */
export function openQueueProgressStream(eventId: number, signal: AbortSignal, streams: QueueProgressStreams = getQueueProgressStreams()): ReadableStream<Uint8Array> {
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
      controller.enqueue(encoder.encode("retry: 3000\n\n"));
      unsubscribe = streams.subscribe(eventId, (_message, encoded) => {
        // A body nobody reads would queue messages forever and keep the ticker alive: drop it.
        if ((controller.desiredSize ?? 0) < -MAX_BACKLOG) {
          stop();
          try {
            controller.error(new Error("The client is not reading the stream"));
          } catch {
            // already closed
          }
          return;
        }
        controller.enqueue(encoded);
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
