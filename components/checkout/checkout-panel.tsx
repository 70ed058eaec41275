"use client";
// The checkout page's side panel while the hold is live: the countdown, the totals (rendered by the
// server and passed in), "Pay with Stripe" and "Back to seats". When the timer runs out on this
// page, the pay button gives way to a note that the seats are free again.
import Link from "next/link";
import { useEffect, useState, type ReactNode } from "react";
import { HoldCountdown } from "@/components/hold/hold-countdown";
import { PayWithStripeButton } from "@/components/checkout/pay-with-stripe-button";

type CheckoutPanelProps = {
  reservationId: string;
  eventId: string;
  /** Seconds left on the hold when the server read it; counted on the browser's own clock. */
  expireInSeconds: number;
  totalLabel: string;
  children: ReactNode;
};

export function CheckoutPanel({ reservationId, eventId, expireInSeconds, totalLabel, children }: CheckoutPanelProps) {
  // Relative, not expire_datetime: a browser clock that is a few minutes off must not end the hold early.
  const [expiresAt] = useState(() => Date.now() + Math.max(0, expireInSeconds) * 1000);
  const [expired, setExpired] = useState(expireInSeconds <= 0);

  useEffect(() => {
    const t = window.setTimeout(() => setExpired(true), Math.max(0, expiresAt - Date.now()));
    return () => window.clearTimeout(t);
  }, [expiresAt]);

  return (
    <section aria-labelledby="pay-heading" className="rounded-2xl border border-zinc-200 bg-white p-5 shadow-sm dark:border-zinc-800 dark:bg-zinc-900" data-testid="checkout-panel">
      <h2 id="pay-heading" className="sr-only">
        Payment
      </h2>
      <HoldCountdown expiresAt={expiresAt} />
      <div className="mt-4">{children}</div>
      <div className="mt-5">
        {expired ? (
          <div role="alert" className="rounded-lg border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900 dark:border-amber-500/30 dark:bg-amber-500/10 dark:text-amber-200" data-testid="checkout-expired">
            <p className="font-semibold">Your hold has expired</p>
            <p className="mt-1">These seats are free for anyone again. Pick seats again to check out.</p>
          </div>
        ) : (
          <PayWithStripeButton reservationId={reservationId} totalLabel={totalLabel} />
        )}
      </div>
      <Link
        href={`/events/${encodeURIComponent(eventId)}`}
        className="mt-3 inline-flex h-10 w-full items-center justify-center rounded-lg border border-zinc-300 bg-white px-4 text-sm font-semibold text-zinc-800 hover:bg-zinc-50 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-500 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100 dark:hover:bg-zinc-800"
      >
        {expired ? "Pick seats again" : "Back to seats"}
      </Link>
    </section>
  );
}
