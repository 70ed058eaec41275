// The waiting room's live feed over Server-Sent Events, at O(1) cost per instance: however many fans
// wait for an event, this process runs one ticker for it that makes one queue call a second
// (getQueueProgress, which also moves N along) and writes the same small `progress` event to every
// connection, encoded once. Nothing in it is per fan: the browser knows its own position and
// computes people-ahead from admitted_through. The ticker stops when the event's last listener
// leaves (the per-event ticker machinery, shared with the availability stream: lib/http/event-tickers.ts).
//
// Per process on purpose: every instance reads the same Redis state, so a thousand instances cost
// Redis a thousand calls a second per event on sale, not one per fan.
import { getQueueProgress } from "./get-queue-progress";
import type { QueueProgress } from "./types";
import { createEventTickers, openSubscriberStream } from "@/lib/http/event-tickers";
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

type State = {
  /** The last progress event, encoded, for newcomers. */
  latest: { message: QueueStreamMessage; encoded: Uint8Array } | null;
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
  const pingIntervalMs = options.pingIntervalMs ?? 15_000;
  const send = (message: QueueStreamMessage, encoded: Uint8Array) => (sub: Subscriber) => sub.listener(message, encoded);
  const tickers = createEventTickers<QueueProgress, Subscriber, State>({
    load: options.load ?? ((eventId: number) => getQueueProgress({ eventId })),
    intervalMs: options.intervalMs ?? 1000,
    onError: options.onError ?? ((eventId, e) => log.warn(`event ${eventId}: ${e instanceof Error ? e.message : String(e)}`)),
    initialState: () => ({ latest: null, lastPingAt: Date.now() }),
    beforeRead(channel, deliver) {
      // Keep-alives go out on their own clock, so a failing read never lets proxies drop the stream.
      const now = Date.now();
      if (now - channel.state.lastPingAt < pingIntervalMs) return;
      channel.state.lastPingAt = now;
      for (const sub of [...channel.subscribers]) deliver(sub, send(PING, PING_BYTES));
    },
    afterRead(channel, progress, deliver) {
      const message: QueueStreamMessage = { type: "progress", data: progress };
      const encoded = encoder.encode(formatQueueEvent(message));
      channel.state.latest = { message, encoded };
      for (const sub of [...channel.subscribers]) deliver(sub, send(message, encoded));
    },
    onJoin(channel) {
      const latest = channel.state.latest;
      return latest ? send(latest.message, latest.encoded) : null;
    },
  });

  return {
    subscribe: (eventId, listener) => tickers.subscribe(eventId, { listener }),
    stats: () => tickers.stats(),
  };
}

// One registry per process; on globalThis so dev-mode module reloads do not start a second set of tickers.
const globalForStreams = globalThis as typeof globalThis & { __openseatQueueStreams?: QueueProgressStreams };

export function getQueueProgressStreams(): QueueProgressStreams {
  globalForStreams.__openseatQueueStreams ??= createQueueProgressStreams();
  return globalForStreams.__openseatQueueStreams;
}


/**
 * The SSE body for one client: a `retry:` hint, then `progress` about once a second and `: ping`
 * comments. Subscribes on start; unsubscribes when the client goes away. Check that the event
 * exists first: once started, the stream cannot answer 404.
 */
export function openQueueProgressStream(eventId: number, signal: AbortSignal, streams: QueueProgressStreams = getQueueProgressStreams()): ReadableStream<Uint8Array> {
  return openSubscriberStream({ signal, retryMs: 3000, subscribe: (send) => streams.subscribe(eventId, (_message, encoded) => send(encoded)) });
}
