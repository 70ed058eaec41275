"use client";
// The waiting room for one event: joins on load (a reload or a second tab keeps the same place),
// then follows the shared progress live and shows the fan's state in words: before the on-sale, in
// line (number, people ahead, estimated wait, progress bar), their turn (with the window's
// countdown and "Choose your seats"), sold out, or turn passed ("Join again").
//
// People ahead and the wait are computed here from the fan's fixed number and the stream's
// "admitted through N"; the fan's own status is read again only when the number comes up (to get
// the admission cookie) or right after the on-sale draw.
import { TurnAlert } from "./turn-alert";
import Link from "next/link";
import { useEffect, useRef, useState } from "react";
import { useQueuePlace } from "@/components/queue/use-queue-place";
import { useQueueProgress, type QueueLiveMode } from "@/components/queue/use-queue-progress";
import { useNow } from "@/components/queue/use-now";
import { describeWait, deriveWaitingRoomView, drawJitterMs, formatDuration, type WaitingRoomView } from "@/components/queue/waiting-room-view";

export type WaitingRoomProps = {
  eventId: string;
  /** Polling interval of the shared progress while the live stream is down. */
  pollIntervalMs?: number;
};

/** How often a fan whose number came up asks again while the admission is not there yet. */
const CALLING_RETRY_MS = 3000;
/** Screen readers hear the line's movement at most this often (state changes at once). */
const ANNOUNCE_EVERY_MS = 30_000;

const primaryButton =
  "inline-flex h-11 items-center justify-center rounded-lg bg-brand-600 px-5 text-base font-semibold text-white shadow-sm hover:bg-brand-700 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-500 disabled:opacity-60";
function queueHref(eventId: string) {
  return `/events/${encodeURIComponent(eventId)}/queue`;
}

/** "14:05", with the day when it is not today ("Tue, Dec 1, 14:05"), in the fan's own zone. */
function formatSaleStart(iso: string | null): string | null {
  if (!iso) return null;
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return null;
  const time = new Intl.DateTimeFormat(undefined, { hour: "2-digit", minute: "2-digit" }).format(d);
  if (d.toDateString() === new Date().toDateString()) return time;
  const day = new Intl.DateTimeFormat(undefined, { weekday: "short", month: "short", day: "numeric" }).format(d);
  return `${time} on ${day}`;
}

/** What a screen reader should hear about the view (empty: nothing new). */
function spokenText(view: WaitingRoomView | null): string {
  if (!view) return "";
  switch (view.kind) {
    case "pre_queue":
      return view.drawn ? "The sale has started. Your place in line is being drawn." : "You are in the waiting room. Your place in line is drawn when the sale starts.";
    case "queued":
      return `You are number ${view.position} in line. ${view.peopleAhead === 0 ? "You are next." : `${view.peopleAhead.toLocaleString()} ${view.peopleAhead === 1 ? "person" : "people"} ahead of you.`} Estimated wait ${describeWait(view.waitSeconds)}.`;
    case "calling":
      return "Your number has come up. Getting your admission.";
    case "admitted":
      return "It's your turn. Choose your seats before the timer runs out.";
    case "expired":
      return "Your turn has passed. You can join the line again.";
    case "sold_out":
      return "Sold out. Every seat is taken or held right now.";
    case "not_queued":
      return "This sale has no waiting room. You can choose your seats now.";
    case "not_joined":
      return "";
  }
}

/** The live region's text: a new state is said at once, the line's movement at most every 30 s. */
function useAnnouncement(text: string, kind: string): string {
  const [spoken, setSpoken] = useState("");
  const last = useRef<{ kind: string; at: number } | null>(null);
  useEffect(() => {
    if (!text) return;
    const prev = last.current;
    const delay = !prev || prev.kind !== kind ? 0 : Math.max(0, prev.at + ANNOUNCE_EVERY_MS - Date.now());
    const t = window.setTimeout(() => {
      last.current = { kind, at: Date.now() };
      setSpoken(text);
    }, delay);
    return () => window.clearTimeout(t);
  }, [text, kind]);
  return spoken;
}

export function WaitingRoom({ eventId, pollIntervalMs = 2500 }: WaitingRoomProps) {
  const place = useQueuePlace({ eventId, join: true });
  const ready = place.state.status === "ready" ? place.state : null;
  const queueOn = ready !== null && ready.place.state !== "not_queued";
  const { progress, live, clockOffsetMs } = useQueueProgress({ eventId, enabled: queueOn, pollIntervalMs });
  const now = useNow(1000);

  const view = ready ? deriveWaitingRoomView({ status: ready.place, progress, clockOffsetMs, now, startThrough: ready.startThrough }) : null;
  const kind = view?.kind ?? place.state.status;
  const { refresh } = place;

  // The fan's number came up: read the status, which hands out the admission (and its cookie).
  const calling = view?.kind === "calling";
  useEffect(() => {
    if (!calling) return;
    const first = window.setTimeout(() => void refresh(), 0);
    const again = window.setInterval(() => void refresh(), CALLING_RETRY_MS);
    return () => {
      window.clearTimeout(first);
      window.clearInterval(again);
    };
  }, [calling, refresh]);

  // The draw has run: read this fan's place, spread out so the whole pre-queue does not ask at once.
  const drawnWhileWaiting = view?.kind === "pre_queue" && view.drawn;
  const queueLength = progress?.queue_length ?? ready?.place.queue_length ?? 0;
  useEffect(() => {
    if (!drawnWhileWaiting) return;
    const t = window.setTimeout(() => void refresh(), drawJitterMs(queueLength, Math.random()));
    return () => window.clearTimeout(t);
  }, [drawnWhileWaiting, queueLength, refresh]);

  const announcement = useAnnouncement(spokenText(view), kind);

  return (
    <section
      aria-labelledby="waiting-room-heading"
      className="rounded-2xl border border-zinc-200 bg-white p-6 shadow-sm sm:p-8 dark:border-zinc-800 dark:bg-zinc-900"
      data-testid="waiting-room"
      data-state={kind}
      data-live={queueOn ? live : undefined}
    >
      <p className="sr-only" aria-live="polite" aria-atomic="true" data-testid="waiting-room-announcement">
        {announcement}
      </p>
      {place.state.status === "loading" && <Heading>Finding your place in line…</Heading>}
      {place.state.status === "signed_out" && (
        <>
          <Heading>Your session has ended</Heading>
          <p className="mt-2 text-zinc-600 dark:text-zinc-400">Sign in again to see your place in line. Your place is kept.</p>
          <Link href={`/signin?${new URLSearchParams({ callbackUrl: queueHref(eventId) })}`} className={`mt-5 ${primaryButton}`}>
            Sign in
          </Link>
        </>
      )}
      {place.state.status === "not_open" && (
        <>
          <Heading>The waiting room opens at {formatSaleStart(place.state.opensAt)}</Heading>
          <p className="mt-2 text-zinc-600 dark:text-zinc-400" role="status">Come back then to join the line.</p>
          <button type="button" onClick={() => void place.rejoin()} disabled={place.busy} className={`mt-5 ${primaryButton}`}>
            Join the line
          </button>
        </>
      )}
      {place.state.status === "error" && (
        <>
          <Heading>We couldn&apos;t get your place in line</Heading>
          <p className="mt-2 text-zinc-600 dark:text-zinc-400" role="alert">
            {place.state.message}
          </p>
          <button type="button" onClick={() => void place.rejoin()} disabled={place.busy} className={`mt-5 ${primaryButton}`}>
            Try again
          </button>
        </>
      )}
      {view && ready && <ViewBody view={view} eventId={eventId} now={now} live={live} onsaleIso={progress?.onsale_datetime ?? ready.place.onsale_datetime} busy={place.busy} onRejoin={() => void place.rejoin()} />}
    </section>
  );
}

function Heading({ children }: { children: React.ReactNode }) {
  return (
    <h2 id="waiting-room-heading" className="text-2xl font-bold tracking-tight">
      {children}
    </h2>
  );
}

type ViewBodyProps = {
  view: WaitingRoomView;
  eventId: string;
  now: number;
  live: QueueLiveMode;
  onsaleIso: string | null;
  busy: boolean;
  onRejoin: () => void;
};

function ViewBody({ view, eventId, now, live, onsaleIso, busy, onRejoin }: ViewBodyProps) {
  const eventHref = `/events/${encodeURIComponent(eventId)}`;
  switch (view.kind) {
    case "pre_queue": {
      const startsAt = formatSaleStart(onsaleIso);
      const left = view.onsaleAt === null ? null : Math.ceil((view.onsaleAt - now) / 1000);
      return (
        <>
          <Heading>You&apos;re in the waiting room</Heading>
          {view.drawn || (left !== null && left <= 0) ? (
            <p className="mt-2 text-zinc-700 dark:text-zinc-300" data-testid="queue-drawing">
              The sale is starting: places in line are being drawn. Yours appears here in a moment.
            </p>
          ) : (
            <>
              <p className="mt-2 text-zinc-700 dark:text-zinc-300">
                {startsAt ? `The sale starts at ${startsAt}; ` : "The sale starts soon; "}
                everyone who is here before then gets a random place in line at that moment. Arriving earlier does not put you further ahead.
              </p>
              {left !== null && (
                <Countdown label="Sale starts in" seconds={left} testId="queue-onsale-countdown" />
              )}
            </>
          )}
          <KeepOpenNote live={live} />
          <TurnAlert eventId={eventId} />
        </>
      );
    }
    case "queued": {
      const percent = Math.round(view.fraction * 100);
      return (
        <>
          <Heading>You&apos;re in line</Heading>
          <dl className="mt-5 grid grid-cols-1 gap-4 sm:grid-cols-3">
            <Stat label="Your number" value={`#${view.position.toLocaleString()}`} testId="queue-position" />
            <Stat label="People ahead of you" value={view.peopleAhead.toLocaleString()} testId="queue-people-ahead" />
            <Stat label="Estimated wait" value={describeWait(view.waitSeconds)} testId="queue-wait" />
          </dl>
          <div className="mt-6">
            <div className="flex items-baseline justify-between text-sm text-zinc-600 dark:text-zinc-400">
              <span id="queue-progress-label">Your progress through the line</span>
              <span className="tabular-nums">{percent}%</span>
            </div>
            <div
              role="progressbar"
              aria-labelledby="queue-progress-label"
              aria-valuemin={0}
              aria-valuemax={100}
              aria-valuenow={percent}
              className="mt-2 h-3 overflow-hidden rounded-full bg-zinc-100 dark:bg-zinc-800"
              data-testid="queue-progress"
            >
              <div className="h-full rounded-full bg-brand-600 transition-[width] duration-700 ease-out motion-reduce:transition-none" style={{ width: `${Math.max(2, percent)}%` }} />
            </div>
          </div>
          {view.peopleAhead === 0 && <p className="mt-4 font-medium text-brand-700 dark:text-brand-300">You&apos;re next.</p>}
          <KeepOpenNote live={live} />
          <TurnAlert eventId={eventId} />
        </>
      );
    }
    case "calling":
      return (
        <>
          <Heading>It&apos;s almost your turn</Heading>
          <p className="mt-2 text-zinc-700 dark:text-zinc-300">Your number has come up. Letting you in…</p>
        </>
      );
    case "admitted": {
      const left = Math.max(0, Math.ceil((view.expiresAt - now) / 1000));
      return (
        <>
          <Heading>It&apos;s your turn</Heading>
          <p className="mt-2 text-zinc-700 dark:text-zinc-300">
            Choose your seats now. Once you hold seats, you have the usual time to check out; after the timer below runs out, new seats can no longer be picked without queuing again.
          </p>
          <Countdown label="Time left to choose" seconds={left} testId="queue-window-countdown" urgent={left < 60} />
          <Link href={eventHref} className={`mt-6 w-full sm:w-auto ${primaryButton}`} data-testid="queue-choose-seats">
            Choose your seats
          </Link>
        </>
      );
    }
    case "expired":
      return (
        <>
          <Heading>Your turn has passed</Heading>
          <p className="mt-2 text-zinc-700 dark:text-zinc-300">The time to choose seats ran out. You can join the line again; you start at the back.</p>
          <button type="button" onClick={onRejoin} disabled={busy} className={`mt-5 ${primaryButton}`}>
            {busy ? "Joining…" : "Join again"}
          </button>
        </>
      );
    case "sold_out":
      return (
        <>
          <Heading>Sold out</Heading>
          <p className="mt-2 text-zinc-700 dark:text-zinc-300">
            Every seat is taken or held right now. Seats can come back when holds run out: {view.position !== null ? `you keep your place (#${view.position.toLocaleString()}) and ` : ""}the line moves again if they do.
          </p>
          <p className="mt-2 text-sm text-zinc-500 dark:text-zinc-400">A waitlist that tells you when seats free up is coming soon.</p>
          <KeepOpenNote live={live} />
          <TurnAlert eventId={eventId} />
        </>
      );
    case "not_queued":
    case "not_joined":
      return (
        <>
          <Heading>No waiting room for this sale</Heading>
          <p className="mt-2 text-zinc-700 dark:text-zinc-300">You can choose your seats right away.</p>
          <Link href={eventHref} className={`mt-5 ${primaryButton}`}>
            Choose your seats
          </Link>
        </>
      );
  }
}

function Stat({ label, value, testId }: { label: string; value: string; testId: string }) {
  return (
    <div className="rounded-xl bg-zinc-50 px-4 py-3 dark:bg-zinc-800/60">
      <dt className="text-sm text-zinc-600 dark:text-zinc-400">{label}</dt>
      <dd className="mt-1 text-2xl font-semibold tabular-nums" data-testid={testId}>
        {value}
      </dd>
    </div>
  );
}

function Countdown({ label, seconds, testId, urgent = false }: { label: string; seconds: number; testId: string; urgent?: boolean }) {
  const s = Math.max(0, seconds);
  return (
    <div
      className={`mt-5 flex items-center justify-between gap-4 rounded-lg px-4 py-3 ${urgent ? "bg-red-50 text-red-800 dark:bg-red-500/10 dark:text-red-300" : "bg-zinc-100 text-zinc-700 dark:bg-zinc-800 dark:text-zinc-200"}`}
      data-testid={testId}
    >
      <span className="text-sm">{label}</span>
      {/* role=timer is not announced on every tick (its live region is off by default). */}
      <span role="timer" aria-label={`${label}: ${formatDuration(s)}`} className="font-mono text-xl font-semibold tabular-nums">
        {formatDuration(s)}
      </span>
    </div>
  );
}

function KeepOpenNote({ live }: { live: QueueLiveMode }) {
  return (
    <p className="mt-6 flex items-center gap-2 text-sm text-zinc-500 dark:text-zinc-400">
      <span className={`inline-block size-2 rounded-full ${live === "live" ? "bg-emerald-500" : "bg-amber-500"}`} aria-hidden="true" />
      <span>
        {live === "live" ? "Live." : "Updating every few seconds."} Keep this page open; leaving and coming back keeps your place.
      </span>
    </p>
  );
}
