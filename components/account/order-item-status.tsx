// A ticket's state as a small badge: valid, checked in at the door, cancelled or refunded.
import type { OrderItemView } from "@/lib/tickets/types";

const STYLES = {
  issued: "bg-emerald-50 text-emerald-800 ring-emerald-600/20 dark:bg-emerald-500/10 dark:text-emerald-300 dark:ring-emerald-500/30",
  checkedIn: "bg-sky-50 text-sky-800 ring-sky-600/20 dark:bg-sky-500/10 dark:text-sky-300 dark:ring-sky-500/30",
  cancelled: "bg-zinc-100 text-zinc-700 ring-zinc-500/20 dark:bg-zinc-800 dark:text-zinc-300 dark:ring-zinc-500/30",
  refunded: "bg-amber-50 text-amber-800 ring-amber-600/20 dark:bg-amber-500/10 dark:text-amber-300 dark:ring-amber-500/30",
} as const;

const LABELS = { issued: "Valid", checkedIn: "Checked in", cancelled: "Cancelled", refunded: "Refunded" } as const;

export function OrderItemStatus({ item }: { item: Pick<OrderItemView, "status" | "checkedInAt"> }) {
  const key = item.status === "issued" && item.checkedInAt ? "checkedIn" : item.status;
  return (
    <span
      className={`inline-flex items-center rounded-full px-2 py-0.5 text-xs font-semibold ring-1 ring-inset print:ring-black ${STYLES[key]}`}
      data-testid="ticket-status"
    >
      {LABELS[key]}
    </span>
  );
}
