"use client";
// "Transfer" for one e-ticket: asks for the friend's account email, asks again before sending (a
// transfer cannot be taken back: only the friend can send it back), then posts {email} to
// POST /api/tickets/:order_item_id/transfer. On success the ticket is no longer the sender's, so the
// panel says who has it and links back to My tickets instead of refreshing this (now 404) page.
import Link from "next/link";
import { useId, useState } from "react";
import { requestJson } from "@/components/lib/api-client";

type TransferTicketFormProps = {
  orderItemId: number;
  /** Printable seat, for the question and the accessible names. */
  seat: string;
};

type Transferred = { recipient: { username: string } };

const smallButton =
  "inline-flex h-9 items-center rounded-lg px-3 text-sm font-semibold focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-500 disabled:cursor-wait disabled:opacity-70";

export function TransferTicketForm({ orderItemId, seat }: TransferTicketFormProps) {
  const emailId = useId();
  const [step, setStep] = useState<"closed" | "email" | "confirm">("closed");
  const [email, setEmail] = useState("");
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [sentTo, setSentTo] = useState<string | null>(null);

  async function send() {
    setSending(true);
    setError(null);
    const r = await requestJson<Transferred>(`/api/tickets/${orderItemId}/transfer`, {
      method: "POST",
      body: { email: email.trim() },
      networkMessage: "The network failed. Check your connection and try again.",
      fallbackMessage: (status) => `The ticket could not be transferred (HTTP ${status}). Please try again.`,
    });
    setSending(false);
    if (!r.ok) {
      setError(r.error.message);
      setStep("email");
      return;
    }
    setSentTo(r.data.recipient.username);
  }

  if (sentTo) {
    return (
      <div role="status" className="mt-6 rounded-lg border border-emerald-300 bg-emerald-50 p-4 text-sm dark:border-emerald-500/40 dark:bg-emerald-500/10 print:hidden" data-testid="transfer-done">
        <p className="font-semibold">Seat {seat} now belongs to {sentTo}.</p>
        <p className="mt-1">They got a new QR code by email and under My tickets; the code on this page no longer admits anyone.</p>
        <Link href="/account/tickets" className="mt-2 inline-block font-semibold text-brand-700 hover:underline dark:text-brand-300">
          Back to My tickets
        </Link>
      </div>
    );
  }

  if (step === "closed") {
    return (
      <button
        type="button"
        onClick={() => setStep("email")}
        className={`${smallButton} h-10 border border-zinc-300 bg-white px-4 text-zinc-800 hover:bg-zinc-50 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100 dark:hover:bg-zinc-800 print:hidden`}
        data-testid="transfer-ticket"
      >
        Transfer
      </button>
    );
  }

  return (
    <form
      className="mt-2 w-full max-w-md rounded-lg border border-zinc-200 p-4 text-sm dark:border-zinc-800 print:hidden"
      data-testid="transfer-ticket-form"
      onSubmit={(e) => {
        e.preventDefault();
        if (step === "email") setStep("confirm");
        else void send();
      }}
    >
      <label htmlFor={emailId} className="block font-medium">
        Send seat {seat} to (their OpenSeat account email)
      </label>
      <input
        id={emailId}
        type="email"
        required
        maxLength={254}
        autoComplete="off"
        value={email}
        onChange={(e) => {
          setEmail(e.target.value);
          setStep("email");
        }}
        disabled={sending}
        className="mt-1 block h-10 w-full rounded-lg border border-zinc-300 bg-white px-2 text-sm dark:border-zinc-700 dark:bg-zinc-900"
        data-testid="transfer-email"
      />
      <p className="mt-1 text-xs text-zinc-600 dark:text-zinc-400">Your friend needs an OpenSeat account with this address. They get a new QR code; yours stops working at once.</p>
      {error ? (
        <p role="alert" className="mt-2 text-sm text-red-700 dark:text-red-300" data-testid="transfer-error">
          {error}
        </p>
      ) : null}
      {step === "confirm" ? (
        <p className="mt-3 font-medium" data-testid="transfer-confirm-question">
          Send this ticket to {email.trim()}? You cannot take it back.
        </p>
      ) : null}
      <div className="mt-3 flex flex-wrap gap-2">
        <button type="submit" disabled={sending} className={`${smallButton} bg-brand-600 text-white hover:bg-brand-700`} data-testid={step === "confirm" ? "transfer-confirm" : "transfer-next"}>
          {sending ? "Sending…" : step === "confirm" ? "Yes, send it" : "Continue"}
        </button>
        <button
          type="button"
          onClick={() => {
            setStep("closed");
            setError(null);
          }}
          disabled={sending}
          className={`${smallButton} border border-zinc-300 bg-white text-zinc-800 hover:bg-zinc-50 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100 dark:hover:bg-zinc-800`}
        >
          Keep it
        </button>
      </div>
    </form>
  );
}
