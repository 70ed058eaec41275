// One sale-window rule: the event page's "on sale" (saleStatus) and the reserve path's assertOnSale
// agree at every moment, the edges included (the old page copy called an event on sale at the very
// instant it started, which reserve refuses).
import { describe, expect, it } from "vitest";
import { saleStatus } from "@/components/events/sale-status";
import { isAppError } from "@/lib/errors/app-error";
import { assertOnSale } from "@/lib/inventory/reserve-tickets";
import type { EventDetail } from "./types";
import { saleWindowState } from "./sale-window";

const HOUR = 3600_000;
const base = Date.UTC(2030, 5, 1, 12);
const onsale = new Date(base);
const offsale = new Date(base + 10 * HOUR);
const start = new Date(base + 20 * HOUR);

const detail = (status: EventDetail["status"], window: { onsale: Date | null; offsale: Date | null }) =>
  ({
    status,
    datetime: start.toISOString(),
    onsale_datetime: window.onsale?.toISOString() ?? null,
    offsale_datetime: window.offsale?.toISOString() ?? null,
    venue_timezone: "UTC",
    total_ticket_cnt: 10,
    available_ticket_cnt: 5,
  }) as EventDetail;

const reserveAccepts = (e: EventDetail, now: Date) => {
  try {
    assertOnSale({ status: e.status, datetime: new Date(e.datetime), onsaleAt: e.onsale_datetime ? new Date(e.onsale_datetime) : null, offsaleAt: e.offsale_datetime ? new Date(e.offsale_datetime) : null }, now);
    return true;
  } catch (error) {
    if (isAppError(error) && error.code === "not_on_sale") return false;
    throw error;
  }
};

describe("the sale window", () => {
  it("is open from the on-sale time, closed at the off-sale time and at the event's start", () => {
    const e = { status: "scheduled", datetime: start, onsaleAt: onsale, offsaleAt: offsale };
    expect(saleWindowState(e, new Date(onsale.getTime() - 1))).toEqual({ open: false, reason: "not_yet" });
    expect(saleWindowState(e, onsale)).toEqual({ open: true });
    expect(saleWindowState(e, new Date(offsale.getTime() - 1))).toEqual({ open: true });
    expect(saleWindowState(e, offsale)).toEqual({ open: false, reason: "ended" });
    expect(saleWindowState({ ...e, offsaleAt: null }, start)).toEqual({ open: false, reason: "started" });
    expect(saleWindowState({ ...e, status: "postponed" }, onsale)).toEqual({ open: false, reason: "not_scheduled" });
    // The API's ISO strings read the same as dates.
    expect(saleWindowState({ status: "scheduled", datetime: start.toISOString(), onsaleAt: onsale.toISOString(), offsaleAt: null }, onsale)).toEqual({ open: true });
  });

  it("is the same for the event page and for reserve, at every edge", () => {
    const moments = [onsale, offsale, start].flatMap((t) => [-1, 0, 1].map((d) => new Date(t.getTime() + d)));
    moments.push(new Date(base - 100 * HOUR), new Date(base + 100 * HOUR));
    for (const status of ["scheduled", "cancelled", "postponed"] as const) {
      for (const window of [{ onsale, offsale }, { onsale: null, offsale: null }, { onsale, offsale: null }]) {
        const e = detail(status, window);
        for (const now of moments) {
          expect(saleStatus(e, now).open === true, `${status} ${JSON.stringify(window)} at ${now.toISOString()}`).toBe(reserveAccepts(e, now));
        }
      }
    }
  });

  it("keeps the page's wording", () => {
    const e = detail("scheduled", { onsale, offsale });
    expect(saleStatus(e, new Date(onsale.getTime() - HOUR)).label).toBe("On sale soon");
    expect(saleStatus(e, onsale)).toMatchObject({ label: "On sale now", open: true });
    expect(saleStatus({ ...e, available_ticket_cnt: 0 }, onsale)).toMatchObject({ label: "Sold out", open: true });
    expect(saleStatus({ ...e, total_ticket_cnt: 0, available_ticket_cnt: 0 }, onsale).label).toBe("Not on sale yet");
    expect(saleStatus(e, offsale).label).toBe("Sales have ended");
    expect(saleStatus(e, new Date(start.getTime() + 1)).label).toBe("Event has ended");
    expect(saleStatus(detail("cancelled", { onsale, offsale }), onsale).label).toBe("Cancelled");
    expect(saleStatus(detail("postponed", { onsale, offsale }), onsale).label).toBe("Postponed");
  });
});
