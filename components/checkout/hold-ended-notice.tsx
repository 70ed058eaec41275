// What the checkout pages show instead of "Pay" when the hold is no longer payable: it lapsed, the
// fan released it, or it is already paid (a second tab, the webhook was faster).
import Link from "next/link";
import type { OrderSummary } from "@/lib/payments/types";

type EndedStatus = Exclude<OrderSummary["status"], "active">;

const copy: Record<EndedStatus, { title: string; body: string }> = {
  expired: { title: "Your hold has expired", body: "These seats are free for anyone again. Pick seats again to check out." },
  released: { title: "These seats were released", body: "This hold was let go, so there is nothing to pay. Pick seats again to check out." },
  confirmed: { title: "This order is paid", body: "Your tickets are in My tickets, with a QR code for the door." },
};

const primary =
  "inline-flex h-10 items-center justify-center rounded-lg bg-brand-600 px-4 text-sm font-semibold text-white hover:bg-brand-700 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-500";
const secondary =
  "inline-flex h-10 items-center justify-center rounded-lg border border-zinc-300 bg-white px-4 text-sm font-semibold text-zinc-800 hover:bg-zinc-50 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-500 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100 dark:hover:bg-zinc-800";

export function HoldEndedNotice({ status, eventId }: { status: EndedStatus; eventId: string }) {
  const { title, body } = copy[status];
  const eventHref = `/events/${encodeURIComponent(eventId)}`;
  const tone =
    status === "confirmed"
      ? "border-emerald-300 bg-emerald-50 dark:border-emerald-500/40 dark:bg-emerald-500/10"
      : "border-amber-200 bg-amber-50 dark:border-amber-500/30 dark:bg-amber-500/10";
  return (
    <section role="status" className={`rounded-2xl border p-5 ${tone}`} data-testid="hold-ended" data-status={status}>
      <h2 className="font-semibold">{title}</h2>
      <p className="mt-1 text-sm text-zinc-700 dark:text-zinc-300">{body}</p>
      <div className="mt-4 flex flex-wrap gap-2">
        {status === "confirmed" ? (
          <>
            <Link href="/account/tickets" className={primary}>
              My tickets
            </Link>
            <Link href={eventHref} className={secondary}>
              Back to event
            </Link>
          </>
        ) : (
          <Link href={eventHref} className={primary}>
            Pick seats again
          </Link>
        )}
      </div>
    </section>
  );
}
