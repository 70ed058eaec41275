// The live sales page's feed over Server-Sent Events, at O(1) cost per instance: however many
// organizers watch an event, this process runs one ticker for it (the per-event ticker machinery the
// fans' streams use, lib/http/event-tickers.ts) that reads the event's figures once a second through
// the same 1 s Redis cache GET /api/admin/events/:id/sales uses, so PostgreSQL computes them at most
// once a second per event across every instance and viewer. A figure set is sent only when it
// changed (a newcomer gets the latest at once); a `ping` event every 15 s keeps proxies from
// closing a quiet stream and tells the page the stream is alive.
//
// Authorization is checked once, when a viewer opens the stream (the route calls getEventSales
// first); the ticker itself reads without a caller. A stream ends by itself after
// SSE_STREAM_LIFETIME_MS and the browser reconnects through the check again, so an organizer whose
// grant was revoked stops receiving within minutes (their polling fallback is refused at once).
import { createEventTickers, openSubscriberStream } from "@/lib/http/event-tickers";
import { logger } from "@/lib/log/logger";
import { getRedis } from "@/lib/redis";
import { cachedEntry } from "@/lib/redis/cached";
import { computeEventSales, salesCacheKey, salesCachePolicy, type EventSales } from "./sales";

const log = logger("sales-stream");

export type SalesStreamMessage = { type: "sales"; data: EventSales } | { type: "ping" };

type Subscriber = { send: (bytes: Uint8Array) => void };
type State = { latest: Uint8Array | null; fingerprint: string | null; lastPingAt: number };

export type SalesStreamOptions = {
  load?: (eventId: number) => Promise<EventSales>;
  intervalMs?: number;
  pingIntervalMs?: number;
  onError?: (eventId: number, error: unknown) => void;
};

export type SalesStreams = {
  subscribe(eventId: number, send: (bytes: Uint8Array) => void): () => void;
  stats(): { events: number; subscribers: number };
};

const encoder = new TextEncoder();

/** One message in the text/event-stream format. */
export function formatSalesEvent(message: SalesStreamMessage): string {
  // A named event rather than a comment: the page tells a quiet stream from a dead one by it.
  if (message.type === "ping") return "event: ping\ndata: {}\n\n";
  return `event: sales\ndata: ${JSON.stringify(message.data)}\n\n`;
}

const PING = encoder.encode(formatSalesEvent({ type: "ping" }));

/** The figures without their computation time: two reads that differ only in it are the same news. */
function fingerprint(sales: EventSales): string {
  return JSON.stringify({ ...sales, computed_at: null });
}

/** The shared, cached figures (no authorization: the route checked the viewer). */
async function loadCachedSales(eventId: number): Promise<EventSales> {
  return (await cachedEntry<EventSales>(getRedis(), salesCacheKey(eventId), salesCachePolicy, () => computeEventSales(eventId))).value;
}

export function createSalesStreams(options: SalesStreamOptions = {}): SalesStreams {
  const pingIntervalMs = options.pingIntervalMs ?? 15_000;
  const tickers = createEventTickers<EventSales, Subscriber, State>({
    load: options.load ?? loadCachedSales,
    intervalMs: options.intervalMs ?? 1000,
    onError: options.onError ?? ((eventId, e) => log.warn(`event ${eventId}: ${e instanceof Error ? e.message : String(e)}`)),
    initialState: () => ({ latest: null, fingerprint: null, lastPingAt: Date.now() }),
    beforeRead(channel, deliver) {
      const now = Date.now();
      if (now - channel.state.lastPingAt < pingIntervalMs) return;
      channel.state.lastPingAt = now;
      for (const sub of [...channel.subscribers]) deliver(sub, (s) => s.send(PING));
    },
    afterRead(channel, sales, deliver) {
      const print = fingerprint(sales);
      if (print === channel.state.fingerprint) return;
      const encoded = encoder.encode(formatSalesEvent({ type: "sales", data: sales }));
      channel.state.fingerprint = print;
      channel.state.latest = encoded;
      for (const sub of [...channel.subscribers]) deliver(sub, (s) => s.send(encoded));
    },
    onJoin(channel) {
      const latest = channel.state.latest;
      return latest ? (s) => s.send(latest) : null;
    },
  });
  return {
    subscribe: (eventId, send) => tickers.subscribe(eventId, { send }),
    stats: () => tickers.stats(),
  };
}

// One registry per process; on globalThis so dev-mode module reloads do not start a second set of tickers.
const globalForStreams = globalThis as typeof globalThis & { __openseatSalesStreams?: SalesStreams };

export function getSalesStreams(): SalesStreams {
  globalForStreams.__openseatSalesStreams ??= createSalesStreams();
  return globalForStreams.__openseatSalesStreams;
}

/** The SSE body for one viewer whose access was checked: subscribes on start, leaves when the client goes away. */
export function openSalesStream(eventId: number, signal: AbortSignal, streams: SalesStreams = getSalesStreams()): ReadableStream<Uint8Array> {
  return openSubscriberStream({ signal, retryMs: 2000, subscribe: (send) => streams.subscribe(eventId, send) });
}
