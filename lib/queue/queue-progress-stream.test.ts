// The queue's SSE feed: one ticker per event per process whatever the number of listeners, the same
// encoded bytes for everyone, pings on their own clock, and nothing left running when the last
// listener leaves.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createQueueProgressStreams, formatQueueEvent, openQueueProgressStream, type QueueStreamMessage } from "./queue-progress-stream";
import type { QueueProgress } from "./types";

function fakeSource() {
  let through = 0;
  const load = vi.fn(
    async (eventId: number): Promise<QueueProgress> => ({
      event_id: String(eventId),
      queue_enabled: true,
      admitted_through: through,
      sold_out: false,
      drawn: true,
      onsale_datetime: null,
      rate_per_minute: 60,
      queue_length: 100,
      server_time: new Date().toISOString(),
    }),
  );
  return { load, advance: (n: number) => (through += n) };
}

const collect = () => {
  const messages: QueueStreamMessage[] = [];
  const chunks: Uint8Array[] = [];
  return { messages, chunks, listener: (m: QueueStreamMessage, encoded: Uint8Array) => (messages.push(m), chunks.push(encoded)) };
};

describe("queue progress streams", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("shares one ticker and one encoding between the listeners of an event", async () => {
    const source = fakeSource();
    const streams = createQueueProgressStreams({ load: source.load, intervalMs: 1000 });
    const listeners = Array.from({ length: 50 }, collect);
    const offs = listeners.map((l) => streams.subscribe(7, l.listener));
    await vi.advanceTimersByTimeAsync(0);
    source.advance(3);
    await vi.advanceTimersByTimeAsync(5000);
    expect(source.load).toHaveBeenCalledTimes(6);
    expect(streams.stats()).toEqual({ events: 1, subscribers: 50 });
    for (const l of listeners) {
      expect(l.messages.filter((m) => m.type === "progress")).toHaveLength(6);
      expect(l.messages.at(-1)).toEqual({ type: "progress", data: expect.objectContaining({ admitted_through: 3 }) });
      expect(l.chunks.at(-1)).toBe(listeners[0]!.chunks.at(-1)); // the same bytes, encoded once
    }
    for (const off of offs) off();
    expect(streams.stats()).toEqual({ events: 0, subscribers: 0 });
    expect(vi.getTimerCount()).toBe(0);
  });

  it("gives a newcomer the latest progress at once, pings on its own clock and survives a failed read", async () => {
    const source = fakeSource();
    const errors: unknown[] = [];
    const streams = createQueueProgressStreams({ load: source.load, intervalMs: 1000, pingIntervalMs: 3000, onError: (_id, e) => errors.push(e) });
    const a = collect();
    const offA = streams.subscribe(7, a.listener);
    await vi.advanceTimersByTimeAsync(1000);
    const b = collect();
    const offB = streams.subscribe(7, b.listener);
    await vi.advanceTimersByTimeAsync(0);
    expect(b.messages).toEqual([{ type: "progress", data: expect.objectContaining({ event_id: "7" }) }]);
    source.load.mockRejectedValue(new Error("redis down"));
    await vi.advanceTimersByTimeAsync(3000);
    expect(errors.length).toBeGreaterThan(0);
    expect(b.messages.filter((m) => m.type === "ping")).toHaveLength(1);
    offA();
    offB();
  });

  it("keeps one ticker per event", async () => {
    const source = fakeSource();
    const streams = createQueueProgressStreams({ load: source.load, intervalMs: 1000 });
    const offs = [streams.subscribe(1, () => {}), streams.subscribe(1, () => {}), streams.subscribe(2, () => {})];
    await vi.advanceTimersByTimeAsync(3000);
    expect(source.load.mock.calls.filter(([id]) => id === 1)).toHaveLength(4);
    expect(source.load.mock.calls.filter(([id]) => id === 2)).toHaveLength(4);
    for (const off of offs) off();
  });
});

describe("openQueueProgressStream", () => {
  it("writes a retry hint and progress events, and unsubscribes on abort", async () => {
    const source = fakeSource();
    const streams = createQueueProgressStreams({ load: source.load, intervalMs: 20 });
    const ac = new AbortController();
    const reader = openQueueProgressStream(3, ac.signal, streams).getReader();
    const decoder = new TextDecoder();
    let text = "";
    while ((text.match(/event: progress/g) ?? []).length < 2) text += decoder.decode((await reader.read()).value, { stream: true });
    expect(text).toMatch(/^retry: 3000\n\nevent: progress\ndata: \{"event_id":"3","queue_enabled":true,"admitted_through":0,/);
    expect(streams.stats().subscribers).toBe(1);
    ac.abort();
    expect(streams.stats()).toEqual({ events: 0, subscribers: 0 });
    expect((await reader.read()).done).toBe(true);
  });

  it("formats a ping as a comment", () => {
    expect(formatQueueEvent({ type: "ping" })).toBe(": ping\n\n");
  });
});
