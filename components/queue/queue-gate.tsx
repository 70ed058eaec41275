"use client";
// The event page's seat picker behind the waiting room. For an event with the queue on, a fan sees
// the picker only while admitted (with a banner counting down their window); everyone else gets a
// card that leads to the waiting room. Events without a queue show the picker as before. This is
// the browser's side only: reserve refuses a fan without a valid admission anyway.
//
// Signed in, one GET of the fan's own status decides (it also renews the admission cookie); signed
// out, the public progress payload says whether the queue is on. A fan whose window has passed but
// who still holds seats keeps the picker, so the hold can still be checked out.
import Link from "next/link";
import { useEffect, useState, type ReactNode } from "react";
import { formatDuration, toLocalTime } from "@/components/queue/waiting-room-view";
import { useNow } from "@/components/queue/use-now";
import { requestJson } from "@/components/lib/api-client";
import type { QueueProgress, QueueStatus } from "@/lib/queue/types";

export type QueueGateProps = {
  eventId: string;
  signedIn: boolean;
  /** The seat picker. */
  children: ReactNode;
};

type Gate =
  | { kind: "checking" }
  /** No waiting room (or it cannot be asked about): the picker as usual. */
  | { kind: "open" }
  /** Admitted until `expiresAt` (the browser's clock). */
  | { kind: "admitted"; expiresAt: number }
  /** The window has passed, but the fan still holds seats: the picker, to check them out. */
  | { kind: "holding_after_window" }
  | { kind: "waiting"; status: QueueStatus | null };

async function getJson<T>(url: string, signal: AbortSignal): Promise<{ ok: true; data: T } | { ok: false; status: number }> {
  const r = await requestJson<T>(url, { signal, cache: "no-store" });
  return r.ok ? { ok: true, data: r.data } : { ok: false, status: r.error.status };
}

async function decide(eventId: string, signedIn: boolean, signal: AbortSignal): Promise<Gate> {
  const base = `/api/events/${encodeURIComponent(eventId)}`;
  if (signedIn) {
    const r = await getJson<QueueStatus>(`${base}/queue`, signal);
    if (r.ok) {
      const status = r.data;
      if (status.state === "not_queued") return { kind: "open" };
      if (status.state === "admitted") {
        const offset = Date.parse(status.server_time) - Date.now();
        const expiresAt = toLocalTime(status.admission_expires_at, Number.isNaN(offset) ? 0 : offset);
        if (expiresAt !== null && expiresAt > Date.now()) return { kind: "admitted", expiresAt };
      }
      if (status.state === "admitted" || status.state === "expired") {
        const hold = await getJson<unknown>(`${base}/hold`, signal);
        if (hold.ok && hold.data) return { kind: "holding_after_window" };
      }
      return { kind: "waiting", status };
    }
    // A session that ended (401) falls through to the public answer; the picker then asks to sign in.
    if (r.status !== 401) return { kind: "open" };
  }
  const p = await getJson<QueueProgress>(`${base}/queue/progress`, signal);
  return p.ok && p.data.queue_enabled ? { kind: "waiting", status: null } : { kind: "open" };
}

export function QueueGate({ eventId, signedIn, children }: QueueGateProps) {
  const [gate, setGate] = useState<Gate>({ kind: "checking" });

  useEffect(() => {
    const ac = new AbortController();
    decide(eventId, signedIn, ac.signal).then(
      (g) => {
        if (!ac.signal.aborted) setGate(g);
      },
      () => {
        // Offline or a server error: show the picker; reserve still checks admission on the server.
        if (!ac.signal.aborted) setGate({ kind: "open" });
      },
    );
    return () => ac.abort();
  }, [eventId, signedIn]);

  switch (gate.kind) {
    case "checking":
      return (
        <div className="mt-4 flex h-48 items-center justify-center rounded-2xl border border-zinc-200 text-sm text-zinc-500 dark:border-zinc-800 dark:text-zinc-400" data-testid="queue-gate-checking">
          Loading seats…
        </div>
      );
    case "open":
      return <>{children}</>;
    case "admitted":
      return (
        <>
          <AdmissionBanner eventId={eventId} expiresAt={gate.expiresAt} />
          {children}
        </>
      );
    case "holding_after_window":
      return (
        <>
          <div className="mt-4 rounded-xl border border-amber-200 bg-amber-50 px-4 py-3 text-sm text-amber-900 dark:border-amber-500/30 dark:bg-amber-500/10 dark:text-amber-200" data-testid="admission-banner" data-state="expired">
            Your turn to choose seats has passed. You can still check out the seats you hold; to pick others,{" "}
            <Link href={`/events/${encodeURIComponent(eventId)}/queue`} className="font-semibold underline underline-offset-2">
              join the waiting room again
            </Link>
            .
          </div>
          {children}
        </>
      );
    case "waiting":
      return <WaitingRoomCard eventId={eventId} status={gate.status} />;
  }
}

/** The admitted fan's window, counting down above the picker; when it runs out, the way back to the line. */
function AdmissionBanner({ eventId, expiresAt }: { eventId: string; expiresAt: number }) {
  const now = useNow(1000);
  const left = Math.max(0, Math.ceil((expiresAt - now) / 1000));
  if (left === 0) {
    return (
      <div role="status" className="mt-4 rounded-xl border border-amber-200 bg-amber-50 px-4 py-3 text-sm text-amber-900 dark:border-amber-500/30 dark:bg-amber-500/10 dark:text-amber-200" data-testid="admission-banner" data-state="expired">
        Your turn to choose seats has passed. Seats you already hold stay yours until their timer runs out; to pick others,{" "}
        <Link href={`/events/${encodeURIComponent(eventId)}/queue`} className="font-semibold underline underline-offset-2">
          join the waiting room again
        </Link>
        .
      </div>
    );
  }
  const urgent = left < 60;
  return (
    <div
      className={`mt-4 flex flex-wrap items-center justify-between gap-2 rounded-xl border px-4 py-3 text-sm ${urgent ? "border-red-200 bg-red-50 text-red-800 dark:border-red-500/30 dark:bg-red-500/10 dark:text-red-300" : "border-emerald-200 bg-emerald-50 text-emerald-900 dark:border-emerald-500/30 dark:bg-emerald-500/10 dark:text-emerald-200"}`}
      data-testid="admission-banner"
      data-state="admitted"
    >
      <span>
        <span className="font-semibold">It&apos;s your turn.</span> This sale uses a waiting room, and you have been let in: hold your seats before the timer runs out.
      </span>
      <span role="timer" aria-label={`Time left to choose seats: ${formatDuration(left)}`} className="font-mono text-base font-semibold tabular-nums" data-testid="admission-countdown">
        {formatDuration(left)}
      </span>
    </div>
  );
}

/** What a fan who is not admitted sees instead of the picker. */
function WaitingRoomCard({ eventId, status }: { eventId: string; status: QueueStatus | null }) {
  const inLine = status !== null && (status.state === "queued" || status.state === "pre_queue" || status.state === "sold_out");
  const expired = status?.state === "expired";
  return (
    <div className="mt-4 rounded-2xl border border-brand-200 bg-brand-50/60 p-6 dark:border-brand-500/30 dark:bg-brand-500/10" data-testid="waiting-room-card">
      <h3 className="text-lg font-semibold">This sale uses a waiting room</h3>
      <p className="mt-2 max-w-2xl text-sm text-zinc-700 dark:text-zinc-300">
        {expired
          ? "Your turn to choose seats has passed. Join the waiting room again to get a new place in line."
          : inLine
            ? status.position !== null
              ? `You're in line at number ${status.position.toLocaleString()}. Seats open up for you when it's your turn.`
              : "You're in the waiting room. Seats open up for you when it's your turn."
            : "To keep the sale fair and the site fast, fans choose seats in turn. Fans who arrive before the sale starts get a random place in line; after that, it's first come, first served."}
      </p>
      <Link
        href={`/events/${encodeURIComponent(eventId)}/queue`}
        className="mt-4 inline-flex h-11 items-center justify-center rounded-lg bg-brand-600 px-5 text-base font-semibold text-white shadow-sm hover:bg-brand-700 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-500"
        data-testid="join-waiting-room"
      >
        {inLine ? "Back to the waiting room" : "Join the waiting room"}
      </Link>
    </div>
  );
}
