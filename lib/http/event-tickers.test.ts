import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { currentRequestId, withRequestContext } from "@/lib/log/request-context";
import { createEventTickers } from "./event-tickers";

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
