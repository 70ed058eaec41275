// The live sales stream: one read a second per event whatever the number of viewers, a figure set
// sent only when it changed, the latest at once to a newcomer, pings on their own clock.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { SSE_MAX_DURATION_SECONDS } from "@/lib/http/event-tickers";
import type { EventSales } from "./sales";
import { createSalesStreams, openSalesStream } from "./sales-stream";

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

function sales(sold: number, computedAt: string): EventSales {
  return {
    event: { event_id: "7", title: "T", datetime: "2027-01-01T20:00:00.000Z", venue_id: "1", venue: "V", timezone: "UTC", currency: "USD", status: "scheduled", onsale_at: null },
    computed_at: computedAt,
    totals: { sold, held: 0, free: 10 - sold, other: 0, total: 10 },
    by_class: [],
    by_section: [],
    money: { currency: "USD", orders: sold, gross: "0.00", fees: "0.00", refunds: "0.00", net: "0.00" },
    over_time: { granularity: "day", points: [] },
    waiting_room: { enabled: false, joined: 0, waiting: 0, admitted: 0, admission_per_minute: 0, admitted_last_minute: 0, abandoned: 0, abandonment_rate: null },
    check_in: { issued: sold, checked_in: 0, rate: null },
  };
}

const decode = (chunks: Uint8Array[]) => chunks.map((c) => new TextDecoder().decode(c));
const soldIn = (text: string) => (JSON.parse(text.split("data: ")[1]!) as EventSales).totals.sold;

describe("live sales stream", () => {
  it("reads once a second for fifty viewers, sends only changes, primes a newcomer and pings", async () => {
    let reads = 0;
    let sold = 0;
    const streams = createSalesStreams({ load: async () => sales(sold, new Date(Date.now() + ++reads).toISOString()), pingIntervalMs: 10_000 });
    const viewers = Array.from({ length: 50 }, () => [] as Uint8Array[]);
    const offs = viewers.map((got) => streams.subscribe(7, (b) => void got.push(b)));
    await vi.advanceTimersByTimeAsync(3000);
    expect(reads).toBe(4);
    // Four reads, one change (the first): computed_at alone differing is not news.
    expect(viewers.every((v) => v.length === 1)).toBe(true);
    sold = 2;
    await vi.advanceTimersByTimeAsync(1000);
    expect(reads).toBe(5);
    expect(viewers.every((v) => v.length === 2 && soldIn(decode(v)[1]!) === 2)).toBe(true);
    const late: Uint8Array[] = [];
    const offLate = streams.subscribe(7, (b) => void late.push(b));
    await vi.advanceTimersByTimeAsync(0);
    expect(decode(late).map(soldIn)).toEqual([2]);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(decode(late).slice(1)).toEqual(["event: ping\ndata: {}\n\n"]);
    offs.forEach((off) => off());
    offLate();
    const before = reads;
    await vi.advanceTimersByTimeAsync(5000);
    expect(reads).toBe(before);
    expect(streams.stats()).toEqual({ events: 0, subscribers: 0 });
  });

  it("a viewer's SSE body opens with a retry hint, then the figures; hanging up unsubscribes", async () => {
    const streams = createSalesStreams({ load: async () => sales(3, new Date().toISOString()) });
    const ac = new AbortController();
    const reader = openSalesStream(7, ac.signal, streams).getReader();
    expect(new TextDecoder().decode((await reader.read()).value)).toBe("retry: 2000\n\n");
    const next = reader.read();
    await vi.advanceTimersByTimeAsync(0);
    const text = new TextDecoder().decode((await next).value);
    expect(text.startsWith("event: sales\ndata: ")).toBe(true);
    expect(soldIn(text)).toBe(3);
    ac.abort();
    await vi.advanceTimersByTimeAsync(0);
    expect(streams.stats()).toEqual({ events: 0, subscribers: 0 });
  });

  it("the route exports SSE_MAX_DURATION_SECONDS as maxDuration (Next.js needs it written out)", async () => {
    const route = await import("@/app/api/admin/events/[event_id]/sales/stream/route");
    expect(route.maxDuration).toBe(SSE_MAX_DURATION_SECONDS);
  });
});
