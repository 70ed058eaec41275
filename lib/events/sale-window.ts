// The sale-window rule, in one place: whether seats of an event can be held at `now`. The reserve
// path enforces it (assertOnSale, lib/inventory/reserve-tickets.ts) and the event page words it
// (components/events/sale-status.ts), so the page never calls "on sale" what reserve refuses.
// Pure and import-free: safe in client components as well as on the server.

/** What the rule looks at, with the dates as Date or as the API's ISO strings. */
export type SaleWindow = {
  status: string;
  datetime: Date | string;
  onsaleAt: Date | string | null;
  offsaleAt: Date | string | null;
};

export type SaleWindowState =
  | { open: true }
  /**
   * not_scheduled: cancelled or postponed; started: the event has begun (sales stop at its start);
   * not_yet: before the on-sale time; ended: at or after the off-sale time.
   */
  | { open: false; reason: "not_scheduled" | "started" | "not_yet" | "ended" };

const time = (d: Date | string) => (typeof d === "string" ? Date.parse(d) : d.getTime());

/** Whether the event's seats can be held at `now`, and if not, why (checked in this order). */
export function saleWindowState(event: SaleWindow, now: Date): SaleWindowState {
  const at = now.getTime();
  if (event.status !== "scheduled") return { open: false, reason: "not_scheduled" };
  if (time(event.datetime) <= at) return { open: false, reason: "started" };
  if (event.onsaleAt !== null && time(event.onsaleAt) > at) return { open: false, reason: "not_yet" };
  if (event.offsaleAt !== null && time(event.offsaleAt) <= at) return { open: false, reason: "ended" };
  return { open: true };
}
