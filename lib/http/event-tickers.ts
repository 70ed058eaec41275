// One ticker per watched event, shared by every subscriber in this process: the machinery behind
// the live streams (lib/events/availability-stream.ts, lib/queue/queue-progress-stream.ts). However
// many fans watch an event, the process makes one read per interval for it and fans the result out;
// the ticker starts with the event's first subscriber and stops when its last one leaves.
//
// What is read and what each subscriber is sent is the stream's business (the hooks); this module
// owns the bookkeeping both got wrong in the same ways before: a slow read skips ticks instead of
// piling up, a read that finishes after everyone left sends nothing, one broken subscriber cannot
// stop the others, and a ticker belongs to no request (it outlives the one that started it, so its
// log lines carry no request id).
import { outsideRequestContext } from "@/lib/log/request-context";
import { onShutdown } from "./shutdown";

export type TickerChannel<Sub, State> = {
  readonly eventId: number;
  readonly subscribers: Set<Sub>;
  /** The stream's own state for this event (the last read, when it last pinged, ...). */
  state: State;
};

/** Calls `send(sub)`, reporting (not throwing) what a broken subscriber throws. */
export type Deliver<Sub> = (sub: Sub, send: (sub: Sub) => void) => void;

export type EventTickerHooks<Value, Sub, State> = {
  load(eventId: number): Promise<Value>;
  intervalMs: number;
  onError(eventId: number, error: unknown): void;
  initialState(): State;
  /** Every tick, before the read, even when a slow read is still running (keep-alives). */
  beforeRead?(channel: TickerChannel<Sub, State>, deliver: Deliver<Sub>): void;
  /** A read finished while someone still watches: update the state, deliver to subscribers. */
  afterRead(channel: TickerChannel<Sub, State>, value: Value, deliver: Deliver<Sub>): void;
  /** A subscriber joined a running ticker: what to send it at once (on the next microtask), if anything. */
  onJoin?(channel: TickerChannel<Sub, State>, sub: Sub): ((sub: Sub) => void) | null;
  debug?(line: string): void;
};

export type EventTickers<Sub> = {
  /** Starts watching an event for `sub`; returns the unsubscribe function (idempotent). */
  subscribe(eventId: number, sub: Sub): () => void;
  /** Tickers running and subscribers in this process (for tests and metrics). */
  stats(): { events: number; subscribers: number };
};

type Channel<Sub, State> = TickerChannel<Sub, State> & { timer: ReturnType<typeof setInterval>; loading: boolean };

export function createEventTickers<Value, Sub, State>(hooks: EventTickerHooks<Value, Sub, State>): EventTickers<Sub> {
  const channels = new Map<number, Channel<Sub, State>>();
  const debug = hooks.debug ?? (() => {});

  const deliver: Deliver<Sub> = (sub, send) => {
    try {
      send(sub);
    } catch (e) {
      // One broken connection must not stop the others.
      hooks.onError(-1, e);
    }
  };

  async function tick(channel: Channel<Sub, State>) {
    hooks.beforeRead?.(channel, deliver);
    if (channel.loading) return; // a slow read is still running: skip rather than pile up
    channel.loading = true;
    let value: Value;
    try {
      value = await hooks.load(channel.eventId);
    } catch (e) {
      hooks.onError(channel.eventId, e);
      return;
    } finally {
      channel.loading = false;
    }
    if (channels.get(channel.eventId) !== channel) return; // everyone left while we read
    hooks.afterRead(channel, value, deliver);
  }

  function open(eventId: number): Channel<Sub, State> {
    return outsideRequestContext(() => {
      const channel: Channel<Sub, State> = {
        eventId,
        subscribers: new Set(),
        state: hooks.initialState(),
        timer: setInterval(() => void tick(channel), hooks.intervalMs),
        loading: false,
      };
      channels.set(eventId, channel);
      debug(`event ${eventId}: ticker started`);
      void tick(channel);
      return channel;
    });
  }

  return {
    subscribe(eventId, sub) {
      const channel = channels.get(eventId) ?? open(eventId);
      channel.subscribers.add(sub);
      debug(`event ${eventId}: ${channel.subscribers.size} subscriber(s)`);
      // A running ticker already knows the state: the newcomer gets it now, not at the next tick.
      const greeting = hooks.onJoin?.(channel, sub);
      if (greeting) {
        queueMicrotask(() => {
          if (channel.subscribers.has(sub)) deliver(sub, greeting);
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

const sseEncoder = new TextEncoder();
/** Unread messages a client may fall behind before its stream is dropped. */
const MAX_BACKLOG = 64;

/**
 * The longest a function serving a live stream may run on Vercel: the `maxDuration` that both SSE
 * routes export (app/api/events/[event_id]/stream, .../queue/stream; Next.js needs the number
 * written out there, a test checks they agree). 300 s is the Hobby plan's ceiling.
 */
export const SSE_MAX_DURATION_SECONDS = 300;

/**
 * How long one stream lives before the server ends it: well before the platform would cut it at
 * SSE_MAX_DURATION_SECONDS, so the end is a clean close the client reconnects from (after the
 * `retry:` delay, getting a fresh snapshot) rather than a killed function. Self-hosted servers end
 * streams on the same schedule; a reconnect every few minutes costs one request.
 */
export const SSE_STREAM_LIFETIME_MS = (SSE_MAX_DURATION_SECONDS - 30) * 1000;

/**
 * The Server-Sent Events body for one client of a ticker: a `retry:` hint, then whatever
 * `subscribe` hands to `send`. Subscribes on start and unsubscribes when the client goes away (the
 * request's abort signal, or the stream being cancelled). A body nobody reads (a HEAD request, a
 * stuck proxy) would queue messages forever and keep the ticker alive, so past a backlog of unread
 * messages the stream is dropped. After `lifetimeMs` (default SSE_STREAM_LIFETIME_MS) the stream
 * says so, repeats the `retry:` hint and ends by itself: EventSource reconnects.
 */
export function openSubscriberStream(options: {
  signal: AbortSignal;
  retryMs: number;
  subscribe: (send: (bytes: Uint8Array) => void) => () => void;
  lifetimeMs?: number;
}): ReadableStream<Uint8Array> {
  const { signal, retryMs, subscribe, lifetimeMs = SSE_STREAM_LIFETIME_MS } = options;
  let unsubscribe: (() => void) | null = null;
  let lifetime: ReturnType<typeof setTimeout> | null = null;
  let leaveShutdown: (() => void) | null = null;
  let ended = false;
  const stop = () => {
    ended = true;
    if (lifetime) clearTimeout(lifetime);
    lifetime = null;
    leaveShutdown?.();
    leaveShutdown = null;
    unsubscribe?.();
    unsubscribe = null;
  };
  return new ReadableStream<Uint8Array>({
    start(controller) {
      if (signal.aborted) {
        controller.close();
        return;
      }
      // Tell EventSource how soon to reconnect if the connection drops.
      controller.enqueue(sseEncoder.encode(`retry: ${retryMs}\n\n`));
      unsubscribe = subscribe((bytes) => {
        if (ended) return; // a tick already under way when the stream ended
        if ((controller.desiredSize ?? 0) < -MAX_BACKLOG) {
          stop();
          try {
            controller.error(new Error("The client is not reading the stream"));
          } catch {
            // already closed
          }
          return;
        }
        controller.enqueue(bytes);
      });
      // Ends the stream cleanly: a comment saying why, the `retry:` hint again, then close; the
      // browser's EventSource reconnects after the hint (to another instance, when this one is
      // going away) and gets a fresh snapshot.
      const endWith = (why: string) => {
        if (ended) return;
        stop();
        try {
          controller.enqueue(sseEncoder.encode(`: ${why}, reconnect\nretry: ${retryMs}\n\n`));
          controller.close();
        } catch {
          // already closed or errored
        }
      };
      lifetime = setTimeout(() => {
        lifetime = null;
        endWith("stream lifetime reached");
      }, lifetimeMs);
      // A graceful shutdown (scripts/server.mjs on SIGTERM) would otherwise wait for every stream's
      // lifetime: end them now so the server can finish its in-flight requests and exit.
      leaveShutdown = onShutdown(() => endWith("server shutting down"));
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
