// How many tickets are left, in the words fans expect: "Sold out", "Few left", or a count.
import type { EventSummary } from "@/lib/events/types";

export type AvailabilityLevel = "none" | "sold_out" | "few" | "plenty" | "cancelled" | "postponed";

/** Few left: at most 5% of the house or 20 tickets, whichever is larger. */
export function availabilityLevel(e: Pick<EventSummary, "status" | "total_ticket_cnt" | "available_ticket_cnt">): AvailabilityLevel {
  if (e.status === "cancelled") return "cancelled";
  if (e.status === "postponed") return "postponed";
  if (e.total_ticket_cnt === 0) return "none";
  if (e.available_ticket_cnt === 0) return "sold_out";
  if (e.available_ticket_cnt <= Math.max(20, Math.ceil(e.total_ticket_cnt * 0.05))) return "few";
  return "plenty";
}

const nf = new Intl.NumberFormat("en-US");

export function AvailabilityBadge({ event, className = "" }: { event: Pick<EventSummary, "status" | "total_ticket_cnt" | "available_ticket_cnt">; className?: string }) {
  const level = availabilityLevel(event);
  const base = "inline-flex items-center gap-1.5 rounded-full px-2.5 py-0.5 text-xs font-medium ring-1 ring-inset";
  switch (level) {
    case "cancelled":
      return <span className={`${base} bg-red-50 text-red-700 ring-red-600/20 dark:bg-red-500/10 dark:text-red-300 dark:ring-red-400/30 ${className}`}>Cancelled</span>;
    case "postponed":
      return <span className={`${base} bg-amber-50 text-amber-800 ring-amber-600/20 dark:bg-amber-500/10 dark:text-amber-300 dark:ring-amber-400/30 ${className}`}>Postponed</span>;
    case "none":
      return <span className={`${base} bg-zinc-50 text-zinc-600 ring-zinc-500/20 dark:bg-zinc-800 dark:text-zinc-300 dark:ring-zinc-600 ${className}`}>Tickets not on sale</span>;
    case "sold_out":
      return <span className={`${base} bg-zinc-100 text-zinc-700 ring-zinc-500/20 dark:bg-zinc-800 dark:text-zinc-300 dark:ring-zinc-600 ${className}`}>Sold out</span>;
    case "few":
      return (
        <span className={`${base} bg-orange-50 text-orange-800 ring-orange-600/20 dark:bg-orange-500/10 dark:text-orange-300 dark:ring-orange-400/30 ${className}`}>
          <span className="size-1.5 rounded-full bg-orange-500" aria-hidden="true" />
          Few left · {nf.format(event.available_ticket_cnt)}
        </span>
      );
    default:
      return (
        <span className={`${base} bg-emerald-50 text-emerald-800 ring-emerald-600/20 dark:bg-emerald-500/10 dark:text-emerald-300 dark:ring-emerald-400/30 ${className}`}>
          <span className="size-1.5 rounded-full bg-emerald-500" aria-hidden="true" />
          {nf.format(event.available_ticket_cnt)} available
        </span>
      );
  }
}
