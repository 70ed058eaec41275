import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import {
  createAvailabilityStreams,
  diffUnavailable,
  formatServerSentEvent,
  openAvailabilityStream,
  type AvailabilityMessage,
} from "@/lib/events/availability-stream";
import type { EventAvailability } from "@/lib/events/types";

/** A fake availability source: the test sets which ids are unavailable, the registry reads it. */
function fakeSource(initial: number[] = []) {
  let unavailable = initial;
  const calls: number[] = [];
  const load = vi.fn(async (eventId: number): Promise<EventAvailability> => {
    calls.push(eventId);
    return {
      event_id: String(eventId),
      total_ticket_cnt: 100,
      available_ticket_cnt: 100 - unavailable.length,
      unavailable_ticket_ids: [...unavailable],
      as_of: new Date().toISOString(),
    };
  });
  return { load, calls, set: (ids: number[]) => (unavailable = ids) };
}

function collect() {
  const messages: AvailabilityMessage[] = [];
  return { messages, listener: (m: AvailabilityMessage) => messages.push(m) };
}

describe("diffUnavailable", () => {
  it("reports newly taken and newly freed ids", () => {
    expect(diffUnavailable(new Set([1, 2, 3]), new Set([2, 3, 4, 5]))).toEqual({ taken: [4, 5], freed: [1] });
    expect(diffUnavailable(new Set([1]), new Set([1]))).toEqual({ taken: [], freed: [] });
    expect(diffUnavailable(new Set(), new Set([7]))).toEqual({ taken: [7], freed: [] });
  });
});

describe("availability streams", () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("shares one ticker between the subscribers of an event", async () => {
    const source = fakeSource([1, 2]);
    const streams = createAvailabilityStreams({ load: source.load, intervalMs: 1000 });
    const a = collect();
    const b = collect();
    const offA = streams.subscribe(7, a.listener);
    const offB = streams.subscribe(7, b.listener);
    await vi.advanceTimersByTimeAsync(0);
    expect(source.load).toHaveBeenCalledTimes(1);

    await vi.advanceTimersByTimeAsync(5000);
    // One read per interval for the event, whatever the number of subscribers.
    expect(source.load).toHaveBeenCalledTimes(6);
    expect(streams.stats()).toEqual({ events: 1, subscribers: 2 });

    // Both got the snapshot first, and nothing else while nothing changed.
    for (const c of [a, b]) {
      expect(c.messages).toEqual([{ type: "snapshot", data: expect.objectContaining({ unavailable_ticket_ids: [1, 2], available_ticket_cnt: 98 }) }]);
    }
    offA();
    offB();
  });

  it("sends the diff to every subscriber and a snapshot to a late one", async () => {
    const source = fakeSource([1, 2]);
    const streams = createAvailabilityStreams({ load: source.load, intervalMs: 1000 });
    const a = collect();
    const offA = streams.subscribe(7, a.listener);
    await vi.advanceTimersByTimeAsync(0);

    source.set([2, 3, 4]);
    await vi.advanceTimersByTimeAsync(1000);
    expect(a.messages[1]).toEqual({ type: "changes", data: expect.objectContaining({ taken: [3, 4], freed: [1], available_ticket_cnt: 97 }) });

    // A newcomer gets the current state at once (no extra read), then only changes.
    const b = collect();
    const offB = streams.subscribe(7, b.listener);
    await vi.advanceTimersByTimeAsync(0);
    expect(source.load).toHaveBeenCalledTimes(2);
    expect(b.messages).toEqual([{ type: "snapshot", data: expect.objectContaining({ unavailable_ticket_ids: [2, 3, 4] }) }]);

    source.set([3, 4]);
    await vi.advanceTimersByTimeAsync(1000);
    for (const c of [a, b]) expect(c.messages.at(-1)).toEqual({ type: "changes", data: expect.objectContaining({ taken: [], freed: [2], available_ticket_cnt: 98 }) });
    offA();
    offB();
  });

  it("keeps one ticker per event", async () => {
    const source = fakeSource();
    const streams = createAvailabilityStreams({ load: source.load, intervalMs: 1000 });
    const offs = [streams.subscribe(1, () => {}), streams.subscribe(1, () => {}), streams.subscribe(2, () => {})];
    await vi.advanceTimersByTimeAsync(3000);
    expect(source.calls.filter((id) => id === 1)).toHaveLength(4);
    expect(source.calls.filter((id) => id === 2)).toHaveLength(4);
    for (const off of offs) off();
  });

  it("stops the ticker when the last subscriber leaves", async () => {
    const source = fakeSource();
    const streams = createAvailabilityStreams({ load: source.load, intervalMs: 1000 });
    const offA = streams.subscribe(7, () => {});
    const offB = streams.subscribe(7, () => {});
    await vi.advanceTimersByTimeAsync(2000);
    offA();
    await vi.advanceTimersByTimeAsync(1000);
    expect(source.load).toHaveBeenCalledTimes(4); // still running for B
    offB();
    offB(); // idempotent
    const before = source.load.mock.calls.length;
    await vi.advanceTimersByTimeAsync(10_000);
    expect(source.load).toHaveBeenCalledTimes(before);
    expect(streams.stats()).toEqual({ events: 0, subscribers: 0 });
    expect(vi.getTimerCount()).toBe(0);
  });

  it("pings idle subscribers and survives a failed read", async () => {
    const source = fakeSource([5]);
    const errors: unknown[] = [];
    const streams = createAvailabilityStreams({ load: source.load, intervalMs: 1000, pingIntervalMs: 3000, onError: (_id, e) => errors.push(e) });
    const a = collect();
    const off = streams.subscribe(7, a.listener);
    await vi.advanceTimersByTimeAsync(0);
    source.load.mockRejectedValueOnce(new Error("redis down"));
    await vi.advanceTimersByTimeAsync(3000);
    expect(errors).toHaveLength(1);
    expect(a.messages.filter((m) => m.type === "ping")).toHaveLength(1);
    source.set([]);
    await vi.advanceTimersByTimeAsync(1000);
    expect(a.messages.at(-1)).toEqual({ type: "changes", data: expect.objectContaining({ taken: [], freed: [5] }) });
    off();
  });
});

describe("openAvailabilityStream", () => {
  it("writes snapshot and changes as server-sent events and unsubscribes on abort", async () => {
    const source = fakeSource([1]);
    const streams = createAvailabilityStreams({ load: source.load, intervalMs: 20 });
    const ac = new AbortController();
    const reader = openAvailabilityStream(3, ac.signal, streams).getReader();
    const decoder = new TextDecoder();
    const readText = async () => decoder.decode((await reader.read()).value ?? new Uint8Array(), { stream: true });
    let text = "";
    while (!text.includes("event: snapshot")) text += await readText();
    expect(text).toContain("retry: 2000");
    expect(text).toContain('data: {"unavailable_ticket_ids":[1],"available_ticket_cnt":99');
    source.set([1, 2]);
    while (!text.includes("event: changes")) text += await readText();
    expect(text).toMatch(/event: changes\ndata: \{"taken":\[2\],"freed":\[\],"available_ticket_cnt":98,"as_of":"[^"]+"\}\n\n/);
    expect(streams.stats().subscribers).toBe(1);
    ac.abort();
    expect(streams.stats()).toEqual({ events: 0, subscribers: 0 });
    expect((await reader.read()).done).toBe(true);
  });

  it("drops a client that does not read", async () => {
    vi.useFakeTimers();
    try {
      const source = fakeSource([1]);
      const streams = createAvailabilityStreams({ load: source.load, intervalMs: 10 });
      const stream = openAvailabilityStream(3, new AbortController().signal, streams);
      for (let i = 0; i < 80; i++) {
        source.set(i % 2 ? [1] : [1, 2]);
        await vi.advanceTimersByTimeAsync(10);
      }
      expect(streams.stats()).toEqual({ events: 0, subscribers: 0 });
      expect(vi.getTimerCount()).toBe(0);
      void stream;
    } finally {
      vi.useRealTimers();
    }
  });

  it("formats a ping as a comment", () => {
    expect(formatServerSentEvent({ type: "ping" })).toBe(": ping\n\n");
  });
});
