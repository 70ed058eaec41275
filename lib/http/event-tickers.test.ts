import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { currentRequestId, withRequestContext } from "@/lib/log/request-context";
import { createEventTickers, openSubscriberStream, SSE_MAX_DURATION_SECONDS, SSE_STREAM_LIFETIME_MS } from "./event-tickers";
import { beginShutdown, resetShutdownForTests } from "./shutdown";

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

type Sub = { got: number[]; broken?: boolean };

function tickers(load: (eventId: number) => Promise<number>, errors: unknown[] = []) {
  return createEventTickers<number, Sub, { last: number | null }>({
    load,
    intervalMs: 1000,
    onError: (_eventId, e) => void errors.push(e),
    initialState: () => ({ last: null }),
    afterRead(channel, value, deliver) {
      channel.state.last = value;
      for (const sub of channel.subscribers)
        deliver(sub, (s) => {
          if (s.broken) throw new Error("gone");
          s.got.push(value);
        });
    },
    onJoin: (channel) => (channel.state.last === null ? null : (s) => void s.got.push(channel.state.last!)),
  });
}

describe("createEventTickers", () => {
  it("reads once per tick per event, however many subscribe, and stops with the last one", async () => {
    let reads = 0;
    const t = tickers(async () => ++reads);
    const subs: Sub[] = Array.from({ length: 50 }, () => ({ got: [] }));
    const offs = subs.map((s) => t.subscribe(7, s));
    await vi.advanceTimersByTimeAsync(3000);
    expect(reads).toBe(4); // the first read at once, then one a second
    expect(subs.every((s) => s.got.join() === "1,2,3,4")).toBe(true);
    expect(t.stats()).toEqual({ events: 1, subscribers: 50 });
    offs.forEach((off) => off());
    offs[0]!(); // idempotent
    await vi.advanceTimersByTimeAsync(5000);
    expect(reads).toBe(4);
    expect(t.stats()).toEqual({ events: 0, subscribers: 0 });
  });

  it("skips ticks while a slow read runs, and sends nothing when everyone left during it", async () => {
    let release: (v: number) => void = () => {};
    let reads = 0;
    const t = tickers(() => {
      reads++;
      return new Promise<number>((resolve) => (release = resolve));
    });
    const sub: Sub = { got: [] };
    const off = t.subscribe(1, sub);
    await vi.advanceTimersByTimeAsync(5000);
    expect(reads).toBe(1);
    off();
    release(42);
    await vi.advanceTimersByTimeAsync(0);
    expect(sub.got).toEqual([]);
  });

  it("a broken subscriber is reported and the others still get theirs; a newcomer gets the last read at once", async () => {
    const errors: unknown[] = [];
    const t = tickers(async () => 5, errors);
    const ok: Sub = { got: [] };
    t.subscribe(1, { got: [], broken: true });
    t.subscribe(1, ok);
    await vi.advanceTimersByTimeAsync(0);
    expect(ok.got).toEqual([5]);
    expect(errors).toHaveLength(1);
    const late: Sub = { got: [] };
    t.subscribe(1, late);
    await vi.advanceTimersByTimeAsync(0);
    expect(late.got).toEqual([5]);
  });

  it("runs its reads outside the request that started it (they serve every later subscriber too)", async () => {
    const seen: (string | undefined)[] = [];
    const t = tickers(async () => {
      seen.push(currentRequestId());
      return 1;
    });
    withRequestContext({ requestId: "first-fan" }, () => t.subscribe(3, { got: [] }));
    await vi.advanceTimersByTimeAsync(2000);
    expect(seen.length).toBeGreaterThan(1);
    expect(seen.every((id) => id === undefined)).toBe(true);
  });
});

describe("openSubscriberStream", () => {
  const decoder = new TextDecoder();

  function open(lifetimeMs?: number) {
    const controller = new AbortController();
    let send: ((bytes: Uint8Array) => void) | null = null;
    let unsubscribed = 0;
    const stream = openSubscriberStream({
      signal: controller.signal,
      retryMs: 2000,
      lifetimeMs,
      subscribe: (s) => {
        send = s;
        return () => void unsubscribed++;
      },
    });
    const reader = stream.getReader();
    const read = async () => {
      const { done, value } = await reader.read();
      return done ? null : decoder.decode(value);
    };
    return { controller, read, push: (text: string) => send?.(new TextEncoder().encode(text)), unsubscribed: () => unsubscribed };
  }

  it("ends by itself after its lifetime, with a retry hint, and unsubscribes", async () => {
    const s = open(10_000);
    expect(await s.read()).toBe("retry: 2000\n\n");
    s.push("event: snapshot\ndata: {}\n\n");
    expect(await s.read()).toBe("event: snapshot\ndata: {}\n\n");
    await vi.advanceTimersByTimeAsync(9_999);
    expect(s.unsubscribed()).toBe(0);
    s.push(": ping\n\n");
    expect(await s.read()).toBe(": ping\n\n");
    await vi.advanceTimersByTimeAsync(1);
    expect(s.unsubscribed()).toBe(1);
    expect(await s.read()).toBe(": stream lifetime reached, reconnect\nretry: 2000\n\n");
    expect(await s.read()).toBeNull(); // a clean end, not an error: EventSource reconnects
    s.push(": too late\n\n"); // a tick after the end goes nowhere
    s.controller.abort(); // and the client leaving afterwards changes nothing
    expect(s.unsubscribed()).toBe(1);
  });

  it("lives SSE_STREAM_LIFETIME_MS by default, inside the routes' maxDuration", async () => {
    expect(SSE_STREAM_LIFETIME_MS).toBeLessThan(SSE_MAX_DURATION_SECONDS * 1000);
    const s = open();
    await s.read();
    await vi.advanceTimersByTimeAsync(SSE_STREAM_LIFETIME_MS - 1);
    expect(s.unsubscribed()).toBe(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(s.unsubscribed()).toBe(1);
  });

  it("a client that leaves first stops the lifetime timer", async () => {
    const s = open(10_000);
    await s.read();
    s.controller.abort();
    expect(s.unsubscribed()).toBe(1);
    expect(await s.read()).toBeNull();
    expect(vi.getTimerCount()).toBe(0);
  });

  it("a graceful shutdown ends every open stream with a retry hint and unsubscribes", async () => {
    try {
      const a = open(10_000);
      const b = open(10_000);
      await a.read();
      await b.read();
      beginShutdown();
      for (const s of [a, b]) {
        expect(await s.read()).toBe(": server shutting down, reconnect\nretry: 2000\n\n");
        expect(await s.read()).toBeNull();
        expect(s.unsubscribed()).toBe(1);
      }
      expect(vi.getTimerCount()).toBe(0);
      // A stream opened while shutting down ends at once, the same way.
      const late = open(10_000);
      expect(await late.read()).toBe("retry: 2000\n\n");
      await vi.advanceTimersByTimeAsync(0);
      expect(await late.read()).toBe(": server shutting down, reconnect\nretry: 2000\n\n");
      expect(await late.read()).toBeNull();
    } finally {
      resetShutdownForTests();
    }
  });

  it("a stream that ended leaves no shutdown listener behind", async () => {
    const listeners = () => (globalThis as unknown as Record<symbol, { listeners: Set<unknown> }>)[Symbol.for("openseat.shutdown")]!.listeners.size;
    const before = listeners();
    const s = open(10_000);
    await s.read();
    expect(listeners()).toBe(before + 1);
    s.controller.abort();
    expect(listeners()).toBe(before);
    expect(s.unsubscribed()).toBe(1);
  });

  it("the two SSE routes export SSE_MAX_DURATION_SECONDS as maxDuration (Next.js needs it written out)", async () => {
    const availability = await import("@/app/api/events/[event_id]/stream/route");
    const queue = await import("@/app/api/events/[event_id]/queue/stream/route");
    expect(availability.maxDuration).toBe(SSE_MAX_DURATION_SECONDS);
    expect(queue.maxDuration).toBe(SSE_MAX_DURATION_SECONDS);
  });
});
