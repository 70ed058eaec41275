"use client";
// "Cancel and refund" for one confirmed ticket: asks first (with an optional reason), then posts
// {ticket_ids: [ticket_id], status: "confirmed", cancel_reason} to POST /api/events/ticket/cancel,
// shows the API's error message when it refuses, and refreshes the page when it succeeds.
import { useId, useState, useTransition } from "react";
import { useRouter } from "next/navigation";
import { requestJson } from "@/components/lib/api-client";

type CancelTicketButtonProps = {
  /** The ticket row of the seat (order item's ticketId), which the cancel endpoint takes. */
  ticketId: number;
  /** Printable seat, for the question and the accessible names. */
  seat: string;
};

const CANCEL_ENDPOINT = "/api/events/ticket/cancel";

export function CancelTicketButton({ ticketId, seat }: CancelTicketButtonProps) {
  const router = useRouter();
  const reasonId = useId();
  const [confirming, setConfirming] = useState(false);
  const [sending, setSending] = useState(false);
  const [refreshing, startRefresh] = useTransition();
  const [reason, setReason] = useState("");
  const [error, setError] = useState<string | null>(null);
  const busy = sending || refreshing;

  async function cancel() {
    setSending(true);
    setError(null);
    const r = await requestJson(CANCEL_ENDPOINT, {
      method: "POST",
      body: { ticket_ids: [ticketId], status: "confirmed", cancel_reason: reason.trim() || undefined },
      networkMessage: "The network failed. Check your connection and try again.",
      fallbackMessage: (status) => `The ticket could not be cancelled (HTTP ${status}). Please try again.`,
    });
    setSending(false);
    // A success answer that is not JSON still cancelled the ticket.
    if (!r.ok && r.error.code !== "bad_response") {
      setError(r.error.message);
      return;
    }
    setConfirming(false);
    startRefresh(() => router.refresh());
  }

  if (!confirming) {
    return (
      <button
        type="button"
        onClick={() => setConfirming(true)}
        aria-label={`Cancel and refund seat ${seat}`}
        className="inline-flex h-8 items-center rounded-lg border border-zinc-300 px-3 text-xs font-semibold text-red-700 hover:bg-red-50 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-500 dark:border-zinc-700 dark:text-red-300 dark:hover:bg-red-500/10 print:hidden"
        data-testid="cancel-ticket"
      >
        Cancel and refund
      </button>
    );
  }

  return (
    <div className="w-full max-w-sm rounded-lg border border-red-200 bg-red-50/60 p-3 text-sm dark:border-red-500/30 dark:bg-red-500/5 print:hidden" data-testid="cancel-ticket-confirm">
      <p className="font-medium">Cancel seat {seat} and refund it? This cannot be undone.</p>
      <label htmlFor={reasonId} className="mt-2 block text-xs text-zinc-600 dark:text-zinc-400">
        Reason (optional)
      </label>
      <input
        id={reasonId}
        type="text"
        maxLength={500}
        value={reason}
        onChange={(e) => setReason(e.target.value)}
        disabled={busy}
        className="mt-1 block h-9 w-full rounded-lg border border-zinc-300 bg-white px-2 text-sm dark:border-zinc-700 dark:bg-zinc-900"
      />
      {error ? (
        <p role="alert" className="mt-2 text-sm text-red-700 dark:text-red-300" data-testid="cancel-ticket-error">
          {error}
        </p>
      ) : null}
      <div className="mt-3 flex flex-wrap gap-2">
        <button
          type="button"
          onClick={cancel}
          disabled={busy}
          className="inline-flex h-8 items-center rounded-lg bg-red-600 px-3 text-xs font-semibold text-white hover:bg-red-700 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-red-500 disabled:cursor-wait disabled:opacity-70"
          data-testid="cancel-ticket-submit"
        >
          {busy ? "Cancelling…" : "Cancel and refund"}
        </button>
        <button
          type="button"
          onClick={() => {
            setConfirming(false);
            setError(null);
          }}
          disabled={busy}
          className="inline-flex h-8 items-center rounded-lg border border-zinc-300 bg-white px-3 text-xs font-semibold text-zinc-800 hover:bg-zinc-50 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-500 disabled:opacity-60 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100 dark:hover:bg-zinc-800"
        >
          Keep ticket
        </button>
      </div>
    </div>
  );
}
