import type { EventDetail } from "@/lib/events/types";
import { formatEventDateTime } from "@/components/format/format-event-datetime";
import { saleWindowState } from "@/lib/events/sale-window";

export type SaleStatus = {
  label: string;
  detail?: string;
  tone: "positive" | "neutral" | "warning" | "negative";
  /** Inside the sale window: seats can be held (a sold-out event can free seats at any moment). */
  open?: boolean;
};

/**
 * Whether fans can buy now, in words; `now` comes from the request. Open exactly when reserve
 * accepts a hold (the one rule, lib/events/sale-window.ts); the rest is wording.
 */
export function saleStatus(e: EventDetail, now: Date): SaleStatus {
  const window = saleWindowState({ status: e.status, datetime: e.datetime, onsaleAt: e.onsale_datetime, offsaleAt: e.offsale_datetime }, now);
  if (!window.open) {
    switch (window.reason) {
      case "not_scheduled":
        return e.status === "cancelled"
          ? { label: "Cancelled", detail: "This event has been cancelled. Ticket holders will be refunded.", tone: "negative" }
          : { label: "Postponed", detail: "A new date will be announced. Your tickets remain valid.", tone: "warning" };
      case "started":
        return { label: "Event has ended", tone: "neutral" };
      case "not_yet":
        return { label: "On sale soon", detail: `Tickets go on sale ${formatEventDateTime(e.onsale_datetime!, e.venue_timezone)}.`, tone: "neutral" };
      case "ended":
        return { label: "Sales have ended", detail: "Online ticket sales for this event are closed.", tone: "neutral" };
    }
  }
  if (e.total_ticket_cnt === 0) return { label: "Not on sale yet", detail: "Tickets for this event have not been released.", tone: "neutral" };
  if (e.available_ticket_cnt === 0) return { label: "Sold out", detail: "Seats can free up when holds expire, so check back later.", tone: "warning", open: true };
  return { label: "On sale now", tone: "positive", open: true };
}
