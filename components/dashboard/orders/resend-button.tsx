"use client";
// "Resend tickets" on an order page: asks the server to mail the buyer their e-tickets again.
// Clicks within a minute are one mail (the server decides); the button says which happened.
import { useRouter } from "next/navigation";
import { useState } from "react";
import { requestJson } from "@/components/lib/api-client";

export function ResendTicketsButton({ orderId }: { orderId: string }) {
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);

  async function resend() {
    if (busy) return;
    setBusy(true);
    setMessage(null);
    const res = await requestJson<{ queued: boolean }>(`/api/admin/orders/${orderId}/resend`, { method: "POST" });
    setBusy(false);
    if (!res.ok) {
      setMessage({ ok: false, text: res.error.message });
      return;
    }
    setMessage({ ok: true, text: res.data.queued ? "The tickets are on their way to the buyer." : "Already sent a moment ago." });
    router.refresh();
  }

  return (
    <div className="flex items-center gap-3">
      <button
        type="button"
        onClick={resend}
        disabled={busy}
        className="rounded-lg border border-zinc-300 px-3 py-1.5 text-sm font-medium hover:bg-zinc-50 disabled:opacity-50 dark:border-zinc-700 dark:hover:bg-zinc-800"
      >
        {busy ? "Sending…" : "Resend tickets"}
      </button>
      {message ? (
        <p role="status" className={`text-sm ${message.ok ? "text-green-700 dark:text-green-400" : "text-red-700 dark:text-red-400"}`}>
          {message.text}
        </p>
      ) : null}
    </div>
  );
}
