import { describe, expect, it } from "vitest";
import { boxOfSeats, buildChartAvailability, buildChartLayout, chartSeat, seatFeatures, seatRefusal, summarizeSections } from "./chart-model";
import { describeSeat } from "./describe-seat";
import type { EventSeatLayout, SeatMap } from "@/lib/events/types";

// Two sections of three seats in a row, 10 units apart; seat 6 has no ticket.
const map: SeatMap = {
  venue_id: "1",
  version: 1,
  width: 200,
  height: 100,
  stage: { x: 0, y: 0, width: 0, height: 0, label: "" },
  sections: [
    { id: "1", name: "A", label: "Section A", kind: "seated", label_x: 20, label_y: 10, outline: null },
    { id: "2", name: "B", label: "Section B", kind: "seated", label_x: 120, label_y: 10, outline: null },
  ],
  seat_ids: [1, 2, 3, 4, 5, 6],
  seat_section: [0, 0, 0, 1, 1, 1],
  seat_row: ["1", "1", "1", "1", "1", "1"],
  seat_number: [1, 2, 3, 1, 2, 3],
  seat_x: [10, 20, 30, 110, 120, 130],
  seat_y: [50, 50, 50, 60, 60, 60],
};

const seats: EventSeatLayout = {
  event_id: "9",
  venue_id: "1",
  seat_map_version: 1,
  ticket_ids: [101, 102, 103, 104, 105],
  seat_ids: [1, 2, 3, 4, 5],
  class_index: [0, 0, 0, 1, 1],
  price_index: [0, 1, 0, 2, 2],
  prices: ["40.00", "55.50", "20.00"],
  classes: [
    { class_id: "1", name: "Gold", color: "#e69f00" },
    { class_id: "2", name: "Silver", color: "#56b4e9" },
  ],
  currency: "USD",
};

describe("summarizeSections", () => {
  it("gives each section its seats' box, the price range of its free seats and how many are free", () => {
    const layout = buildChartLayout(map, seats);
    const availability = buildChartAvailability(layout, { event_id: "9", total_ticket_cnt: 5, available_ticket_cnt: 3, unavailable_ticket_ids: [102, 104], as_of: "" });
    const [a, b] = summarizeSections(layout, availability);
    expect(a).toMatchObject({ name: "A", total: 3, available: 2, minPrice: "40.00", maxPrice: "40.00" });
    expect(b).toMatchObject({ name: "B", total: 2, available: 1, minPrice: "20.00", maxPrice: "20.00" });
    // The box holds every seat of the section (padded), sold or not, and none of the other's.
    const pad = layout.seatRadius * 2;
    expect(a!.box).toEqual({ x: 10 - pad, y: 50 - pad, w: 20 + 2 * pad, h: 2 * pad });
    expect(b!.box!.x).toBeGreaterThan(30);
  });

  it("reports a sold-out section with no price", () => {
    const layout = buildChartLayout(map, seats);
    const availability = buildChartAvailability(layout, { event_id: "9", total_ticket_cnt: 5, available_ticket_cnt: 3, unavailable_ticket_ids: [104, 105], as_of: "" });
    expect(summarizeSections(layout, availability)[1]).toMatchObject({ available: 0, minPrice: null, maxPrice: null, total: 2 });
  });
});

describe("boxOfSeats", () => {
  it("is null for no seats and surrounds the given seats otherwise", () => {
    const layout = buildChartLayout(map, seats);
    expect(boxOfSeats(layout, [])).toBeNull();
    const box = boxOfSeats(layout, [0, 4])!;
    expect(box.x).toBeLessThan(10);
    expect(box.x + box.w).toBeGreaterThan(120);
    expect(box.y).toBeLessThan(50);
    expect(box.y + box.h).toBeGreaterThan(60);
  });
});

describe("accessible seats", () => {
  // Seat 2 is a wheelchair space, seat 3 its companion seat, seat 5 has a restricted view; seat 99
  // is not on this chart version and is ignored.
  const flagged: SeatMap = { ...map, wheelchair_seat_ids: [2, 99], companion_seat_ids: [3], restricted_view_seat_ids: [5] };
  const none = { event_id: "9", total_ticket_cnt: 5, available_ticket_cnt: 5, unavailable_ticket_ids: [], as_of: "" };
  const plain = { selected: false, held: false, showAccessible: false };

  it("reads the sparse id lists into per-seat flags and names the seats' features", () => {
    const layout = buildChartLayout(flagged, seats);
    expect(Array.from(layout.access)).toEqual([0, 1, 2, 0, 0, 0]);
    expect(Array.from(layout.restrictedView)).toEqual([0, 0, 0, 0, 1, 0]);
    expect(layout.accessibleSeats).toEqual([1, 2]);
    const availability = buildChartAvailability(layout, none);
    expect(chartSeat(layout, availability, 1)).toMatchObject({ access: "wheelchair", restrictedView: false });
    expect(seatFeatures(chartSeat(layout, availability, 1))).toEqual(["Wheelchair space"]);
    expect(seatFeatures(chartSeat(layout, availability, 2))).toEqual(["Companion seat"]);
    expect(seatFeatures(chartSeat(layout, availability, 4))).toEqual(["Restricted view"]);
    expect(seatFeatures(chartSeat(layout, availability, 0))).toEqual([]);
    expect(describeSeat(chartSeat(layout, availability, 1))).toBe("Section A, row 1, seat 2, Gold, $55.50, Wheelchair space, available");
  });

  it("treats a payload without the flags as plain seats", () => {
    const layout = buildChartLayout(map, seats);
    expect(layout.accessibleSeats).toEqual([]);
    expect(chartSeat(layout, buildChartAvailability(layout, none), 1)).toMatchObject({ access: null, restrictedView: false });
  });

  it("refuses a plain click on a wheelchair space or companion seat until 'Show accessible seating' is on", () => {
    const layout = buildChartLayout(flagged, seats);
    const availability = buildChartAvailability(layout, none);
    expect(seatRefusal(layout, availability, 1, plain)).toBe("accessible");
    expect(seatRefusal(layout, availability, 2, plain)).toBe("accessible");
    expect(seatRefusal(layout, availability, 1, { ...plain, showAccessible: true })).toBeNull();
    expect(seatRefusal(layout, availability, 2, { ...plain, showAccessible: true })).toBeNull();
    // A restricted-view seat is an ordinary seat to pick; a selected accessible seat can be dropped.
    expect(seatRefusal(layout, availability, 4, plain)).toBeNull();
    expect(seatRefusal(layout, availability, 1, { ...plain, selected: true })).toBeNull();
  });

  it("still refuses taken, held and not-on-sale seats with the toggle on", () => {
    const layout = buildChartLayout(flagged, seats);
    const availability = buildChartAvailability(layout, { ...none, unavailable_ticket_ids: [102] });
    const on = { ...plain, showAccessible: true };
    expect(seatRefusal(layout, availability, 1, on)).toBe("unavailable");
    expect(seatRefusal(layout, availability, 2, { ...on, held: true })).toBe("held");
    expect(seatRefusal(layout, availability, 5, on)).toBe("not_on_sale");
  });
});
