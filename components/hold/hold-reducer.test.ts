import { describe, expect, it } from "vitest";
import { heldTicketIds, holdReducer, initialHoldState, lostSeatsMessage, totalOf, type HoldState, type SelectedSeat } from "@/components/hold/hold-reducer";
import { formatCountdown, secondsLeft } from "@/components/hold/hold-countdown";
import type { ReserveResult } from "@/lib/inventory/types";

const seat = (ticketId: number, price = "120.00"): SelectedSeat => ({ ticketId, label: `Seat ${ticketId}`, className: "Gold", price, currency: "USD" });

function reserveResult(ids: number[], expireIn = 600): ReserveResult {
  return {
    expire_datetime: new Date(Date.now() + expireIn * 1000).toISOString(),
    expire_in_seconds: expireIn,
    reservation_id: "9",
    event_id: "1",
    tickets: ids.map((id) => ({ ticket_id: String(id), seat: `112-F-${id}`, section: "Section 112", row: "F", seat_number: id, class: "Gold", price: "120.00", currency: "USD", status: "reserved" as const })),
    total: totalOf(ids.map(() => "120.00")),
    currency: "USD",
  };
}

const select = (state: HoldState, ...ids: number[]) => ids.reduce((s, id) => holdReducer(s, { type: "toggle", seat: seat(id), maxTickets: 4 }), state);

describe("holdReducer", () => {
  it("toggles seats in and out of the selection", () => {
    let s = select(initialHoldState, 1, 2, 3);
    expect(s.selection.map((x) => x.ticketId)).toEqual([1, 2, 3]);
    s = select(s, 2);
    expect(s.selection.map((x) => x.ticketId)).toEqual([1, 3]);
    s = holdReducer(s, { type: "deselect", ticketId: 1 });
    expect(s.selection.map((x) => x.ticketId)).toEqual([3]);
  });

  it("enforces the order limit, counting seats already held", () => {
    let s = select(initialHoldState, 1, 2, 3, 4, 5);
    expect(s.selection).toHaveLength(4);
    expect(s.notice).toEqual({ kind: "limit", message: "You can hold up to 4 tickets per order for this event" });
    // Freeing a place clears the message.
    s = select(s, 4);
    expect(s.notice).toBeNull();

    s = holdReducer(initialHoldState, { type: "held", result: reserveResult([10, 11, 12]), now: 0 });
    s = select(s, 1, 2);
    expect(s.selection.map((x) => x.ticketId)).toEqual([1]);
    expect(s.notice?.kind).toBe("limit");
    // A held seat cannot be toggled from the chart.
    expect(select(s, 10).selection.map((x) => x.ticketId)).toEqual([1]);
  });

  it("moves held seats out of the selection and keeps the deadline from expire_in_seconds", () => {
    let s = select(initialHoldState, 1, 2, 3);
    s = holdReducer(s, { type: "hold_started" });
    expect(s.pending).toBe("hold");
    s = holdReducer(s, { type: "held", result: reserveResult([1, 2, 3], 300), now: 1_000 });
    expect(s.pending).toBeNull();
    expect(s.selection).toEqual([]);
    expect(heldTicketIds(s)).toEqual([1, 2, 3]);
    expect(s.hold?.expiresAt).toBe(301_000);
  });

  it("drops lost seats, highlights them and keeps the rest selected", () => {
    let s = select(initialHoldState, 1, 2, 3);
    s = holdReducer(s, { type: "hold_started" });
    s = holdReducer(s, { type: "lost", unavailableTicketIds: [1, 3] });
    expect(s.selection.map((x) => x.ticketId)).toEqual([2]);
    expect(s.lostTicketIds).toEqual([1, 3]);
    expect(s.notice).toEqual({ kind: "lost", message: "2 seats were just taken by someone else" });
    expect(s.pending).toBeNull();
    s = holdReducer(s, { type: "clear_lost" });
    expect(s.lostTicketIds).toEqual([]);
    expect(lostSeatsMessage(1)).toBe("1 seat was just taken by someone else");
  });

  it("releases and expires the hold", () => {
    let s = holdReducer(initialHoldState, { type: "held", result: reserveResult([1, 2]), now: 0 });
    s = holdReducer(s, { type: "release_started" });
    s = holdReducer(s, { type: "released" });
    expect(s.hold).toBeNull();
    expect(s.notice?.kind).toBe("released");

    s = holdReducer(initialHoldState, { type: "held", result: reserveResult([1, 2]), now: 0 });
    s = holdReducer(s, { type: "expired" });
    expect(s.hold).toBeNull();
    expect(heldTicketIds(s)).toEqual([]);
    expect(s.notice).toEqual({ kind: "expired", message: "Your hold expired and the seats were released." });
    expect(holdReducer(s, { type: "expired" })).toBe(s);
  });

  it("restores a live hold and ignores an empty or finished one", () => {
    const s = holdReducer(initialHoldState, { type: "restored", result: reserveResult([7], 90), now: 5_000 });
    expect(heldTicketIds(s)).toEqual([7]);
    expect(s.hold?.expiresAt).toBe(95_000);
    expect(holdReducer(initialHoldState, { type: "restored", result: null, now: 0 }).hold).toBeNull();
    expect(holdReducer(initialHoldState, { type: "restored", result: reserveResult([7], 0), now: 0 }).hold).toBeNull();
  });

  it("asks to sign in on 401", () => {
    const s = holdReducer(holdReducer(select(initialHoldState, 1), { type: "hold_started" }), { type: "unauthorized" });
    expect(s.signInRequired).toBe(true);
    expect(s.pending).toBeNull();
  });
});

describe("hold helpers", () => {
  it("adds prices in cents", () => {
    expect(totalOf(["0.10", "0.20"])).toBe("0.30");
    expect(totalOf(["120.00", "120.00", null])).toBe("240.00");
  });
  it("formats the countdown", () => {
    expect(formatCountdown(0)).toBe("00:00");
    expect(formatCountdown(119)).toBe("01:59");
    expect(formatCountdown(1800)).toBe("30:00");
    expect(secondsLeft(10_500, 10_000)).toBe(1);
    expect(secondsLeft(9_000, 10_000)).toBe(0);
  });
});
