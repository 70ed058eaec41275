import { describe, expect, it } from "vitest";
import { fromMinor, toMinor } from "./money";
import { canRefund, describeRefundPolicy, refundDeadline } from "./refund-policy";
import { parseTicketIdsMetadata, sessionExpiresAt, ticketIdsMetadata } from "./start-checkout";

describe("money", () => {
  it("converts decimal strings to minor units exactly", () => {
    expect(toMinor("12.50", "USD")).toBe(1250);
    expect(toMinor("0.1", "USD")).toBe(10);
    expect(toMinor("19.99", "eur")).toBe(1999);
    expect(toMinor("7", "USD")).toBe(700);
    expect(toMinor(0.3, "USD")).toBe(30);
    expect(toMinor("1200.00", "JPY")).toBe(1200);
    // 0.1 + 0.2 as floats is 0.30000000000000004; in minor units it is exact.
    expect(toMinor("0.10", "USD") + toMinor("0.20", "USD")).toBe(30);
    expect(() => toMinor("1.234", "USD")).toThrow();
    expect(() => toMinor("abc", "USD")).toThrow();
  });

  it("formats minor units back", () => {
    expect(fromMinor(1250, "USD")).toBe("12.50");
    expect(fromMinor(5, "USD")).toBe("0.05");
    expect(fromMinor(-450, "USD")).toBe("-4.50");
    expect(fromMinor(1200, "JPY")).toBe("1200.00");
  });
});

describe("refund policy", () => {
  const show = new Date("2026-12-31T20:00:00Z");
  it("allows refunds until the cutoff before the show", () => {
    expect(refundDeadline({ datetime: show, refundCutoffHours: 24 })?.toISOString()).toBe("2026-12-30T20:00:00.000Z");
    expect(canRefund({ datetime: show, refundCutoffHours: 24 }, new Date("2026-12-30T19:59:59Z"))).toBe(true);
    expect(canRefund({ datetime: show, refundCutoffHours: 24 }, new Date("2026-12-30T20:00:00Z"))).toBe(false);
    expect(canRefund({ datetime: show, refundCutoffHours: null }, new Date("2026-01-01T00:00:00Z"))).toBe(false);
    expect(describeRefundPolicy({ datetime: show, refundCutoffHours: 48 })).toContain("2 days");
    expect(describeRefundPolicy({ datetime: show, refundCutoffHours: 6 })).toContain("6 hours");
    expect(describeRefundPolicy({ datetime: show, refundCutoffHours: null })).toContain("cannot be refunded");
  });
});

describe("checkout session binding", () => {
  it("expires the session with the hold, but never sooner than Stripe's 30 minutes (plus margin)", () => {
    const now = new Date("2026-11-30T10:00:00Z");
    const nowS = now.getTime() / 1000;
    expect(sessionExpiresAt(new Date("2026-11-30T10:05:00Z"), now)).toBe(nowS + 32 * 60);
    expect(sessionExpiresAt(new Date("2026-11-30T11:00:00Z"), now)).toBe(nowS + 3600);
    expect(sessionExpiresAt(new Date("2026-12-05T10:00:00Z"), now)).toBe(nowS + 24 * 3600 - 120);
  });

  it("round-trips ticket ids through metadata and refuses anything else", () => {
    expect(ticketIdsMetadata([9, 3, 4])).toBe("3,4,9");
    expect(parseTicketIdsMetadata("3,4,9")).toEqual([3, 4, 9]);
    for (const bad of [undefined, "", "3,,4", "3;DROP", "-1", "a,b"]) expect(parseTicketIdsMetadata(bad)).toEqual([]);
  });
});
