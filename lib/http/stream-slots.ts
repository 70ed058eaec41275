// A cap on concurrent Server-Sent Events connections per client, for the two streams
// (/api/events/:id/stream and /api/events/:id/queue/stream). Each open stream holds a socket, a
// subscription and its buffers for as long as the client likes, so one client opening thousands
// would exhaust the instance. A browser needs one or two (a tab per event, EventSource reconnects
// after closing the old one); the default of 6 matches the per-host connection limit of HTTP/1.1
// browsers, so an honest client never meets it.
//
// Counted per client address (getClientIp) and, when the request carries a session cookie or an
// access token, per account as well (an account spread over many addresses). An unknown address
// gets no address bucket: all such callers would share one, and one client could then lock every
// other out. Counted per instance, in memory: an SSE connection is a resource of the process that
// holds it, and a counter in Redis would leak slots whenever an instance died without closing its
// streams. The cap across N instances is therefore at most N times the setting.
//
// SSE_MAX_CONNECTIONS_PER_CLIENT sets the cap (default 6; 0 turns it off).
import { setting, type Env } from "@/lib/config/env";
import { AppError } from "@/lib/errors/app-error";
import { getClientIp, UNKNOWN_IP } from "@/lib/rate-limit";

/** What a refused client is told to wait before trying again (an open stream may close by then). */
const RETRY_AFTER_SECONDS = 10;

const open = new Map<string, number>();

/** Open streams per bucket, for tests and diagnostics. */
export function openStreamCount(key: string): number {
  return open.get(key) ?? 0;
}

export function maxStreamsPerClient(env: Env = process.env): number {
  return setting("SSE_MAX_CONNECTIONS_PER_CLIENT", env);
}

function hasCredentials(request: Request): boolean {
  return /^bearer\s/i.test(request.headers.get("authorization") ?? "") || /authjs\.session-token/.test(request.headers.get("cookie") ?? "");
}

/** The buckets a request's stream counts in: its address (when known) and its account (when signed in). */
async function bucketsOf(request: Request): Promise<string[]> {
  const keys: string[] = [];
  const ip = getClientIp(request.headers);
  if (ip !== UNKNOWN_IP) keys.push(`ip:${ip}`);
  if (hasCredentials(request)) {
    try {
      // Loaded only when there is something to verify, so the public streams do not load next-auth
      // for anonymous fans.
      const { getCaller } = await import("@/lib/auth/get-caller");
      const caller = await getCaller(request);
      if (caller) keys.push(`user:${caller.userId}`);
    } catch {
      // An unreadable credential is an anonymous fan here: the stream is public.
    }
  }
  return keys;
}

/**
 * Takes a stream slot in each of the request's buckets, or throws rate_limited (429 + Retry-After)
 * when one of them is full (taking none). Returns the release function, which is idempotent.
 */
export async function acquireStreamSlot(request: Request, limit: number = maxStreamsPerClient()): Promise<() => void> {
  if (limit <= 0) return () => {};
  const keys = await bucketsOf(request);
  // Check-then-take with no await in between: Node runs this block without interleaving.
  if (keys.some((key) => (open.get(key) ?? 0) >= limit)) {
    throw new AppError("rate_limited", `Too many open live streams from this client (at most ${limit}); close one or retry later`, {
      retryAfterSeconds: RETRY_AFTER_SECONDS,
      max_streams: limit,
    });
  }
  for (const key of keys) open.set(key, (open.get(key) ?? 0) + 1);
  let released = false;
  return () => {
    if (released) return;
    released = true;
    for (const key of keys) {
      const left = (open.get(key) ?? 1) - 1;
      if (left <= 0) open.delete(key);
      else open.set(key, left);
    }
  };
}

/**
 * `stream` passed through unchanged, calling `release` once when it ends for any reason: the client
 * went away (the request is aborted or the body cancelled), the stream finished or failed.
 */
export function releasingWhenClosed(stream: ReadableStream<Uint8Array>, signal: AbortSignal, release: () => void): ReadableStream<Uint8Array> {
  if (signal.aborted) release();
  else signal.addEventListener("abort", release, { once: true });
  const reader = stream.getReader();
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        try {
          const { done, value } = await reader.read();
          if (done) {
            release();
            controller.close();
          } else {
            controller.enqueue(value);
          }
        } catch (error) {
          release();
          controller.error(error);
        }
      },
      async cancel(reason) {
        release();
        await reader.cancel(reason);
      },
    },
    // Pull only when the consumer reads, so back-pressure reaches the inner stream's backlog guard.
    { highWaterMark: 0 },
  );
}
