"use client";
// "Pay with Stripe": asks our API for the reservation's Stripe Checkout Session and sends the browser
// to Stripe's hosted page. One request per press, whatever the clicking: the ref closes the gap
// between the click and the re-render that disables the button (the server is idempotent anyway).
import Link from "next/link";
import { useEffect, useRef, useState } from "react";
import { requestJson } from "@/components/lib/api-client";

/** POST /api/checkout -> 200. */
type CheckoutSessionResponse = { checkout_url: string; session_id: string; expires_at: string; reservation_id: string };

type Failure = { status: number; code: string; message: string };

async function createCheckoutSession(reservationId: string): Promise<{ ok: true; data: CheckoutSessionResponse } | { ok: false; error: Failure }> {
  const r = await requestJson<Partial<CheckoutSessionResponse> | null>("/api/checkout", {
    method: "POST",
    body: { reservation_id: reservationId },
    fallbackMessage: (status) => `Something went wrong (${status}). Please try again.`,
  });
  if (r.ok) {
    const data = r.data;
    if (typeof data?.checkout_url === "string" && data.checkout_url) return { ok: true, data: data as CheckoutSessionResponse };
    return { ok: false, error: { status: r.status, code: "bad_response", message: "The payment page could not be opened. Please try again." } };
  }
  const { status, code, message } = r.error;
  if (code === "bad_response") return { ok: false, error: { status, code, message: "The payment page could not be opened. Please try again." } };
  return { ok: false, error: { status, code, message } };
}

type PayWithStripeButtonProps = {
  reservationId: string;
  /** "$254.50": the amount on the button, so the fan knows what Stripe will ask for. */
  totalLabel: string;
  /** Disabled from outside, e.g. when the hold ran out on this page. */
  disabled?: boolean;
};

export function PayWithStripeButton({ reservationId, totalLabel, disabled = false }: PayWithStripeButtonProps) {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<Failure | null>(null);
  const inFlight = useRef(false);

  // Back from Stripe with the browser's back button, the page may come from the back/forward
  // cache with the button still saying "Opening Stripe…": make it usable again.
  useEffect(() => {
    const onPageShow = (e: PageTransitionEvent) => {
      if (!e.persisted) return;
      inFlight.current = false;
      setPending(false);
    };
    window.addEventListener("pageshow", onPageShow);
    return () => window.removeEventListener("pageshow", onPageShow);
  }, []);

  async function pay() {
    if (inFlight.current || disabled) return;
    inFlight.current = true;
    setPending(true);
    setError(null);
    const r = await createCheckoutSession(reservationId);
    if (r.ok) {
      // Stay "pending" while the browser leaves for Stripe.
      window.location.assign(r.data.checkout_url);
      return;
    }
    inFlight.current = false;
    setPending(false);
    setError(r.error);
  }

  const signInAgain = `/signin?${new URLSearchParams({ callbackUrl: `/checkout/${encodeURIComponent(reservationId)}` })}`;
  return (
    <div>
      <button
        type="button"
        onClick={() => void pay()}
        disabled={pending || disabled}
        aria-busy={pending}
        className="inline-flex h-12 w-full items-center justify-center gap-2 rounded-lg bg-brand-600 px-5 text-base font-semibold text-white shadow-sm hover:bg-brand-700 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-500 disabled:cursor-not-allowed disabled:opacity-60"
        data-testid="pay-with-stripe"
      >
        {pending ? (
          <>
            <Spinner />
            Opening Stripe…
          </>
        ) : (
          "Pay with Stripe"
        )}
      </button>
      <p className="mt-2 text-center text-xs text-zinc-500 dark:text-zinc-400">
        You pay {totalLabel} on Stripe&apos;s secure page. OpenSeat never sees your card.
      </p>
      {error && (
        <div role="alert" className="mt-3 rounded-lg border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800 dark:border-red-500/30 dark:bg-red-500/10 dark:text-red-300" data-testid="checkout-error" data-code={error.code}>
          <p>{error.message}</p>
          {error.status === 401 && (
            <Link href={signInAgain} className="mt-1 inline-block font-semibold underline underline-offset-2">
              Sign in again
            </Link>
          )}
        </div>
      )}
    </div>
  );
}

function Spinner() {
  return (
    <svg viewBox="0 0 24 24" className="size-4 animate-spin" fill="none" aria-hidden="true">
      <circle cx="12" cy="12" r="9" stroke="currentColor" strokeOpacity="0.3" strokeWidth="3" />
      <path d="M21 12a9 9 0 0 0-9-9" stroke="currentColor" strokeWidth="3" strokeLinecap="round" />
    </svg>
  );
}
