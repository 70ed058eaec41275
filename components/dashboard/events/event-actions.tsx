"use client";
// Publish, unpublish and cancel an event from its dashboard page, through the admin API. Cancel
// takes two steps (a reason, then a confirmation naming what will happen) and then shows the
// refund job's progress, polled every two seconds until it is done.
import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { requestJson } from "@/components/lib/api-client";
import type { CancellationProgress } from "@/lib/admin/events-cancellation";

export type Progress = CancellationProgress;

type Props = { eventId: string; state: "draft" | "published" | "cancelled"; sold: number; initialProgress: Progress | null };

const button = "rounded-lg px-3 py-2 text-sm font-semibold disabled:opacity-60";

export function EventActions({ eventId, state, sold, initialProgress }: Props) {
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [step, setStep] = useState<"idle" | "reason" | "confirm">("idle");
  const [reason, setReason] = useState("");
  const [progress, setProgress] = useState<Progress | null>(initialProgress);

  useEffect(() => {
    if (!progress || progress.status === "done") return;
    const timer = setInterval(async () => {
      const res = await requestJson<{ cancellation: Progress | null }>(`/api/admin/events/${eventId}/cancel`, { cache: "no-store" });
      if (res.ok && res.data.cancellation) setProgress(res.data.cancellation);
    }, 2000);
    return () => clearInterval(timer);
  }, [eventId, progress]);

  async function post(path: string, body?: unknown) {
    setBusy(true);
    setError(null);
    const res = await requestJson<{ cancellation?: Progress }>(`/api/admin/events/${eventId}/${path}`, { method: "POST", body });
    setBusy(false);
    if (!res.ok) {
      setError(res.error.message);
      return false;
    }
    if (res.data.cancellation) setProgress(res.data.cancellation);
    router.refresh();
    return true;
  }

  return (
    <section className="space-y-3 rounded-xl border border-zinc-200 p-4 dark:border-zinc-800" aria-label="Publication" data-testid="event-actions">
      <div className="flex flex-wrap gap-2">
        {state === "draft" ? (
          <button type="button" disabled={busy} onClick={() => void post("publish")} className={`${button} bg-emerald-600 text-white hover:bg-emerald-700`}>
            Publish
          </button>
        ) : null}
        {state === "published" ? (
          <button type="button" disabled={busy} onClick={() => void post("unpublish")} className={`${button} border border-zinc-300 hover:bg-zinc-50 dark:border-zinc-700 dark:hover:bg-zinc-800`}>
            Back to draft
          </button>
        ) : null}
        {state !== "cancelled" && step === "idle" ? (
          <button type="button" disabled={busy} onClick={() => setStep("reason")} className={`${button} border border-red-300 text-red-700 hover:bg-red-50 dark:border-red-800 dark:text-red-300`}>
            Cancel event…
          </button>
        ) : null}
      </div>
      {step !== "idle" && state !== "cancelled" ? (
        <div className="space-y-2 rounded-lg bg-red-50 p-3 dark:bg-red-500/10" data-testid="cancel-dialog">
          <label htmlFor="cancel-reason" className="block text-sm font-medium">Why is the event cancelled? (fans are told)</label>
          <input id="cancel-reason" value={reason} onChange={(e) => setReason(e.target.value)} disabled={step === "confirm"} className="block h-10 w-full rounded-lg border border-zinc-300 bg-white px-3 text-sm dark:border-zinc-700 dark:bg-zinc-900" />
          {step === "reason" ? (
            <div className="flex gap-2">
              <button type="button" disabled={reason.trim().length < 3} onClick={() => setStep("confirm")} className={`${button} bg-red-600 text-white hover:bg-red-700`}>
                Continue
              </button>
              <button type="button" onClick={() => setStep("idle")} className={`${button} border border-zinc-300`}>
                Keep the event
              </button>
            </div>
          ) : (
            <div className="space-y-2">
              <p className="text-sm font-medium text-red-800 dark:text-red-300">
                This stops all sales now and refunds {sold > 0 ? `all ${sold} sold ticket(s)` : "every paid order"} in full. It cannot be undone.
              </p>
              <div className="flex gap-2">
                <button type="button" disabled={busy} onClick={async () => { if (await post("cancel", { reason: reason.trim() })) setStep("idle"); }} className={`${button} bg-red-600 text-white hover:bg-red-700`}>
                  Cancel the event and refund everyone
                </button>
                <button type="button" onClick={() => setStep("idle")} className={`${button} border border-zinc-300`}>
                  Keep the event
                </button>
              </div>
            </div>
          )}
        </div>
      ) : null}
      {progress ? (
        <div role="status" aria-live="polite" className="text-sm" data-testid="cancel-progress">
          <p className="font-medium">
            Cancelled: {progress.reason}. Refunds {progress.status === "done" ? "complete" : "in progress"}: {progress.orders.refunded} of {progress.orders.total} order(s) refunded.
          </p>
          <div className="mt-1 h-2 w-full max-w-md overflow-hidden rounded bg-zinc-200 dark:bg-zinc-800">
            <div className="h-full bg-emerald-600" style={{ width: `${progress.orders.total === 0 ? 100 : Math.round((100 * progress.orders.refunded) / progress.orders.total)}%` }} />
          </div>
          <p className="mt-1 text-zinc-600 dark:text-zinc-400">Cancellation mail queued for {progress.notices} fan(s).{progress.last_error ? ` Last problem (retrying): ${progress.last_error}` : ""}</p>
        </div>
      ) : null}
      {error ? (
        <p role="alert" className="text-sm text-red-700 dark:text-red-300" data-testid="actions-error">
          {error}
        </p>
      ) : null}
    </section>
  );
}
