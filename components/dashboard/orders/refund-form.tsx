"use client";
// Refund an order: tick tickets (refunded in full, seats back on sale) or give an amount (tickets
// kept), with a reason. One Idempotency-Key per intended refund: it is made when the form opens and
// renewed only after a refund went through, so a double click or a retry after a lost answer
// refunds once (the server replays the first request).
import { useRouter } from "next/navigation";
import { useState } from "react";
import { requestJson } from "@/components/lib/api-client";
import { formatMoney } from "@/components/format/format-money";

type Ticket = { id: string; label: string; amount: string };

export function RefundForm({ orderId, currency, refundable, tickets }: { orderId: string; currency: string; refundable: string; tickets: Ticket[] }) {
  const router = useRouter();
  const [key, setKey] = useState(() => crypto.randomUUID());
  const [mode, setMode] = useState<"tickets" | "amount">("tickets");
  const [picked, setPicked] = useState<Set<string>>(new Set());
  const [amount, setAmount] = useState("");
  const [reason, setReason] = useState("");
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  if (Number(refundable) <= 0) return <p className="text-sm text-zinc-500">Nothing left to refund on this order.</p>;

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    if (busy) return;
    setBusy(true);
    setMessage(null);
    const body = mode === "tickets" ? { order_item_ids: [...picked], reason } : { amount, reason };
    const res = await requestJson<{ amount: string; refund: { status: string } }>(`/api/admin/orders/${orderId}/refund`, { method: "POST", body, headers: { "Idempotency-Key": key } });
    setBusy(false);
    if (!res.ok) {
      setMessage({ ok: false, text: res.error.message });
      return;
    }
    setMessage({ ok: true, text: `Refunded ${formatMoney(res.data.amount, currency)}${res.data.refund.status === "pending" ? " (the payment service will be retried)" : ""}.` });
    setKey(crypto.randomUUID());
    setPicked(new Set());
    setAmount("");
    router.refresh();
  }

  return (
    <form onSubmit={submit} className="flex max-w-xl flex-col gap-3 rounded-xl border border-zinc-200 p-4 dark:border-zinc-800" data-testid="refund-form">
      <h2 className="font-semibold">Refund</h2>
      <p className="text-xs text-zinc-500">Up to {formatMoney(refundable, currency)} can still be refunded.</p>
      <div className="flex gap-4 text-sm">
        <label className="flex items-center gap-1">
          <input type="radio" name="mode" checked={mode === "tickets"} onChange={() => setMode("tickets")} /> Tickets (full price, seat released)
        </label>
        <label className="flex items-center gap-1">
          <input type="radio" name="mode" checked={mode === "amount"} onChange={() => setMode("amount")} /> An amount (tickets kept)
        </label>
      </div>
      {mode === "tickets" ? (
        tickets.length === 0 ? (
          <p className="text-sm text-zinc-500">No ticket of this order can be refunded (all cancelled or used).</p>
        ) : (
          <fieldset className="flex flex-col gap-1 text-sm">
            <legend className="sr-only">Tickets to refund</legend>
            {tickets.map((t) => (
              <label key={t.id} className="flex items-center gap-2">
                <input
                  type="checkbox"
                  data-testid={`refund-ticket-${t.id}`}
                  checked={picked.has(t.id)}
                  onChange={(e) => {
                    const next = new Set(picked);
                    if (e.target.checked) next.add(t.id);
                    else next.delete(t.id);
                    setPicked(next);
                  }}
                />
                {t.label} · {formatMoney(t.amount, currency)}
              </label>
            ))}
          </fieldset>
        )
      ) : (
        <label className="flex flex-col text-sm">
          Amount ({currency})
          <input inputMode="decimal" value={amount} onChange={(e) => setAmount(e.target.value)} placeholder="10.00" className="w-40 rounded-lg border border-zinc-300 px-3 py-2 dark:border-zinc-700 dark:bg-zinc-900" />
        </label>
      )}
      <label className="flex flex-col text-sm">
        Reason
        <input
          required
          minLength={3}
          maxLength={500}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          className="rounded-lg border border-zinc-300 px-3 py-2 dark:border-zinc-700 dark:bg-zinc-900"
          data-testid="refund-reason"
        />
      </label>
      <button
        type="submit"
        disabled={busy || (mode === "tickets" && picked.size === 0)}
        className="self-start rounded-lg bg-red-600 px-4 py-2 text-sm font-semibold text-white hover:bg-red-700 disabled:opacity-50"
        data-testid="refund-submit"
      >
        {busy ? "Refunding…" : "Refund"}
      </button>
      {message ? (
        <p role="status" className={message.ok ? "text-sm text-green-700" : "text-sm text-red-600"} data-testid="refund-message">
          {message.text}
        </p>
      ) : null}
    </form>
  );
}
