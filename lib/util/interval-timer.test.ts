// The background timers' shared plumbing: ticks, one timer per name, stop, and never holding the
// process open.
import { afterEach, describe, expect, it, vi } from "vitest";
import { runningIntervalTimer, startIntervalTimer } from "./interval-timer";

afterEach(() => {
  runningIntervalTimer("test-a")?.stop();
  runningIntervalTimer("test-b")?.stop();
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe("startIntervalTimer", () => {
  it("calls runOnce every interval until stopped", () => {
    vi.useFakeTimers();
    const runOnce = vi.fn();
    const timer = startIntervalTimer("test-a", 1000, { runOnce });
    vi.advanceTimersByTime(3500);
    expect(runOnce).toHaveBeenCalledTimes(3);
    timer.stop();
    vi.advanceTimersByTime(5000);
    expect(runOnce).toHaveBeenCalledTimes(3);
  });

  it("keeps one timer per name: a second start answers the running one; stop frees the name", () => {
    vi.useFakeTimers();
    const first = vi.fn();
    const second = vi.fn();
    const a = startIntervalTimer("test-a", 1000, { runOnce: first, extra: "first" });
    const again = startIntervalTimer("test-a", 10, { runOnce: second, extra: "second" });
    expect(again).toBe(a);
    expect(runningIntervalTimer<{ extra: string }>("test-a")?.extra).toBe("first");
    // Another name is another timer.
    const b = startIntervalTimer("test-b", 1000, { runOnce: second });
    expect(b).not.toBe(a);
    vi.advanceTimersByTime(1000);
    expect(first).toHaveBeenCalledTimes(1);
    expect(second).toHaveBeenCalledTimes(1);

    a.stop();
    expect(runningIntervalTimer("test-a")).toBeUndefined();
    expect(runningIntervalTimer("test-b")).toBe(b);
    const restarted = startIntervalTimer("test-a", 1000, { runOnce: second });
    expect(restarted).not.toBe(a);
    // A stale handle's stop does not remove the timer that replaced it.
    a.stop();
    expect(runningIntervalTimer("test-a")).toBe(restarted);
  });

  it("is unref'd, so it never keeps the process alive", () => {
    const spy = vi.spyOn(globalThis, "setInterval");
    startIntervalTimer("test-a", 60_000, { runOnce: () => undefined });
    const handle = spy.mock.results[0]!.value as NodeJS.Timeout;
    expect(handle.hasRef()).toBe(false);
  });
});
