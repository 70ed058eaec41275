import { describe, expect, it } from "vitest";
import { nextClockOffset } from "@/components/queue/use-queue-progress";
import { admissionsToGo, describeWait, deriveWaitingRoomView, drawJitterMs, estimateWaitSeconds, formatDuration, prequeueOpensAt } from "@/components/queue/waiting-room-view";
import { estimateWaitSeconds as serverEstimate } from "@/lib/queue/get-queue-status";
import type { QueueProgress, QueueStatus } from "@/lib/queue/types";

const T0 = Date.parse("2026-12-01T18:00:00.000Z");

function status(fields: Partial<QueueStatus> = {}): QueueStatus {
  return {
    event_id: "7",
    event_title: "Hot Show",
    state: "queued",
    position: 50,
    admitted_through: 10,
    people_ahead: 40,
    estimated_wait_seconds: 40,
    rate_per_minute: 60,
    onsale_datetime: new Date(T0 - 60_000).toISOString(),
    window_seconds: 300,
    queue_length: 100,
    sold_out: false,
    server_time: new Date(T0).toISOString(),
    ...fields,
  };
}

function progress(fields: Partial<QueueProgress> = {}): QueueProgress {
  return {
    event_id: "7",
    queue_enabled: true,
    admitted_through: 10,
    sold_out: false,
    drawn: true,
    onsale_datetime: new Date(T0 - 60_000).toISOString(),
    rate_per_minute: 60,
    queue_length: 100,
    server_time: new Date(T0 + 1000).toISOString(),
    ...fields,
  };
}

describe("deriveWaitingRoomView", () => {
  it("counts people ahead from the fan's number and the shared admitted_through", () => {
    const view = deriveWaitingRoomView({ status: status(), progress: progress({ admitted_through: 30 }), clockOffsetMs: 0, now: T0, startThrough: 10 });
    expect(view).toMatchObject({ kind: "queued", position: 50, admissionsToGo: 20, peopleAhead: 19, waitSeconds: 20, fraction: 0.5 });
  });

  it("computes the same wait as the server", () => {
    for (const [position, through, rate] of [[50, 10, 60], [1000, 3, 7], [12, 11, 600]] as const) {
      expect(estimateWaitSeconds(admissionsToGo(position, through), rate)).toBe(serverEstimate(position, through, rate));
    }
  });

  it("never moves the line back for an older progress reading", () => {
    const view = deriveWaitingRoomView({ status: status({ admitted_through: 40 }), progress: progress({ admitted_through: 20 }), clockOffsetMs: 0, now: T0 });
    expect(view).toMatchObject({ kind: "queued", admissionsToGo: 10 });
  });

  it("is calling once the number has come up, until the status says admitted", () => {
    expect(deriveWaitingRoomView({ status: status(), progress: progress({ admitted_through: 50 }), clockOffsetMs: 0, now: T0 })).toEqual({ kind: "calling", position: 50 });
  });

  it("follows sold out both ways from the fresher reading", () => {
    expect(deriveWaitingRoomView({ status: status(), progress: progress({ sold_out: true }), clockOffsetMs: 0, now: T0 })).toEqual({ kind: "sold_out", position: 50 });
    const back = deriveWaitingRoomView({ status: status({ state: "sold_out", sold_out: true }), progress: progress({ sold_out: false }), clockOffsetMs: 0, now: T0 });
    expect(back.kind).toBe("queued");
  });

  it("runs the admission window on server time", () => {
    const admitted = status({ state: "admitted", admission_expires_at: new Date(T0 + 300_000).toISOString(), admission_token: "t" });
    // The browser's clock is 2 minutes behind the server's.
    const offset = 120_000;
    const view = deriveWaitingRoomView({ status: admitted, progress: null, clockOffsetMs: offset, now: T0 - offset + 1000 });
    expect(view).toEqual({ kind: "admitted", expiresAt: T0 + 300_000 - offset, windowSeconds: 300 });
    expect(deriveWaitingRoomView({ status: admitted, progress: null, clockOffsetMs: offset, now: T0 + 300_000 - offset }).kind).toBe("expired");
  });

  it("shows the pre-queue until the draw, then asks for the place", () => {
    const pre = status({ state: "pre_queue", position: null, onsale_datetime: new Date(T0 + 60_000).toISOString() });
    expect(deriveWaitingRoomView({ status: pre, progress: progress({ drawn: false, onsale_datetime: new Date(T0 + 60_000).toISOString() }), clockOffsetMs: 0, now: T0 })).toEqual({
      kind: "pre_queue",
      onsaleAt: T0 + 60_000,
      drawn: false,
    });
    expect(deriveWaitingRoomView({ status: pre, progress: progress({ drawn: true }), clockOffsetMs: 0, now: T0 })).toMatchObject({ kind: "pre_queue", drawn: true });
  });
});

describe("formatting", () => {
  it("formats durations and waits", () => {
    expect(formatDuration(65)).toBe("01:05");
    expect(formatDuration(3725)).toBe("1:02:05");
    expect(formatDuration(2 * 86_400 + 3 * 3600 + 4 * 60 + 5)).toBe("2 d 03:04:05");
    expect(describeWait(null)).toBe("not known yet");
    expect(describeWait(30)).toBe("less than a minute");
    expect(describeWait(90)).toBe("about 2 minutes");
    expect(describeWait(60 * 125)).toBe("about 2 hours 5 minutes");
  });

  it("spreads the reads after the draw over a window that grows with the line", () => {
    expect(drawJitterMs(0, 0.999)).toBeLessThan(1000);
    expect(drawJitterMs(50_000, 0.999)).toBeLessThan(11_000);
    expect(drawJitterMs(10_000_000, 0.999)).toBeLessThan(30_000);
  });
});

describe("nextClockOffset", () => {
  it("keeps the least-delayed sample and follows a clock jump", () => {
    const server = new Date(T0).toISOString();
    let o = nextClockOffset(null, server, T0 - 100); // browser 100 ms behind, minus latency
    expect(o).toBe(100);
    o = nextClockOffset(o, new Date(T0 + 1000).toISOString(), T0 + 1000 - 150);
    expect(o).toBe(150);
    o = nextClockOffset(o, new Date(T0 + 2000).toISOString(), T0 + 2000 - 120);
    expect(o).toBe(150);
    o = nextClockOffset(o, new Date(T0 + 3000).toISOString(), T0 + 3000 + 60_000);
    expect(o).toBe(-60_000);
  });
});

describe("the pre-queue refusal", () => {
  const opensAt = new Date(T0 + 3_600_000).toISOString();

  it("is read from a 409 not_on_sale that says when the waiting room opens", () => {
    expect(prequeueOpensAt({ status: 409, code: "not_on_sale", details: { opens_at: opensAt } })).toBe(opensAt);
  });

  it("is no other failure: those keep the generic message", () => {
    // Sales closed (not_on_sale without opens_at), another 409, a garbled time, a network failure.
    expect(prequeueOpensAt({ status: 409, code: "not_on_sale", details: {} })).toBeNull();
    expect(prequeueOpensAt({ status: 409, code: "conflict", details: { opens_at: opensAt } })).toBeNull();
    expect(prequeueOpensAt({ status: 409, code: "not_on_sale", details: { opens_at: "soon" } })).toBeNull();
    expect(prequeueOpensAt({ status: 409, code: "not_on_sale", details: { opens_at: 12 } })).toBeNull();
    expect(prequeueOpensAt({ status: 0, code: "network", details: {} })).toBeNull();
  });
});
