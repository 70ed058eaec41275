import { describe, expect, it } from "vitest";
import { checkoutCloseAheadSeconds } from "./close-checkout";

describe("checkoutCloseAheadSeconds", () => {
  it("is one sweeper interval plus 15 s: the timer's, or Vercel Cron's minute where the timer does not run", () => {
    expect(checkoutCloseAheadSeconds({})).toBe(30);
    expect(checkoutCloseAheadSeconds({ HOLD_SWEEP_INTERVAL_MS: "5000" })).toBe(20);
    expect(checkoutCloseAheadSeconds({ HOLD_SWEEP_INTERVAL_MS: "0" })).toBe(75);
    expect(checkoutCloseAheadSeconds({ VERCEL: "1" })).toBe(75);
  });
});
