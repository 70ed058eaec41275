"use client";
// The event page's waitlist: on a sold-out event a signed-in fan joins (party size, classes, together),
// sees their place, changes or leaves; an open offer shows its seats, its countdown and the way to
// checkout (the offer is an ordinary hold). The state comes from GET /api/events/:id/waitlist,
// re-read every few seconds while the fan is on the list, so an offer appears without a reload.
import Link from "next/link";
import { useCallback, useEffect, useState } from "react";
import { HoldCountdown } from "@/components/hold/hold-countdown";
import { signInHrefFor } from "@/components/hold/sign-in-prompt";
import { requestJson } from "@/components/lib/api-client";
import { PushOptIn } from "@/components/notifications/push-opt-in";
import type { WaitlistStatus } from "@/lib/waitlist/get-waitlist-status";

const POLL_MS = 4000;

type ClassOption = { class_id: string; name: string };

export type WaitlistPanelProps = {
  eventId: string;
  signedIn: boolean;
  soldOut: boolean;
  maxTicketsPerOrder: number;
  classes: ClassOption[];
};

const button =
  "inline-flex h-9 items-center rounded-lg px-4 text-sm font-semibold focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-500 disabled:opacity-50";
const primary = `${button} bg-brand-600 text-white hover:bg-brand-700`;
const secondary = `${button} border border-zinc-300 bg-white text-zinc-800 hover:bg-zinc-50 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100`;
const box = "rounded-xl border border-zinc-200 bg-white p-4 dark:border-zinc-800 dark:bg-zinc-900";

export function WaitlistPanel({ eventId, signedIn, soldOut, maxTicketsPerOrder, classes }: WaitlistPanelProps) {
  const url = `/api/events/${eventId}/waitlist`;
  const [state, setState] = useState<WaitlistStatus | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [editing, setEditing] = useState(false);

  const refresh = useCallback(async () => {
    const res = await requestJson<WaitlistStatus>(url, { cache: "no-store" });
    if (res.ok) setState(res.data);
  }, [url]);

  const live = state?.entry?.status === "waiting" || state?.entry?.status === "offered";
  useEffect(() => {
    if (!signedIn) return;
    // The first read, then a re-read every few seconds while the fan is on the list.
    const first = window.setTimeout(() => void refresh(), 0);
    const timer = live ? window.setInterval(() => void refresh(), POLL_MS) : undefined;
    return () => {
      window.clearTimeout(first);
      if (timer) window.clearInterval(timer);
    };
  }, [signedIn, live, refresh]);

  async function act(method: "POST" | "PATCH" | "DELETE", body?: unknown, path = url) {
    setBusy(true);
    setError(null);
    const res = await requestJson<WaitlistStatus>(path, { method, body });
    setBusy(false);
    if (res.ok) {
      setState(res.data);
      setEditing(false);
    } else {
      setError(res.error.message);
    }
  }

  if (!signedIn) {
    if (!soldOut) return null;
    return (
      <div className={box} data-testid="waitlist-panel">
        <p className="font-semibold">Sold out: join the waitlist</p>
        <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">When seats come back they are held for the first fans on the list whose request they fit.</p>
        <Link href={signInHrefFor(eventId)} className={`mt-3 ${primary}`}>
          Sign in to join the waitlist
        </Link>
      </div>
    );
  }
  if (state === null) return null;
  const entry = state.entry;
  const offer = state.offer;

  if (entry && entry.status === "offered" && offer && offer.status === "offered") {
    return (
      <div className={`${box} border-emerald-300 dark:border-emerald-700`} data-testid="waitlist-offer" aria-live="polite">
        <p className="font-semibold">Seats are waiting for you</p>
        <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">These seats are held in your name until the countdown ends. Pay for them as for any hold, or decline to pass them to the next fan.</p>
        {offer.hold && (
          <ul className="mt-3 space-y-1 text-sm" data-testid="waitlist-offer-seats">
            {offer.hold.tickets.map((t) => (
              <li key={t.ticket_id}>
                {t.section}, row {t.row}, seat {t.seat_number} · {t.class}
              </li>
            ))}
          </ul>
        )}
        <div className="mt-3">
          <HoldCountdown expiresAt={Date.parse(offer.expire_datetime)} />
        </div>
        <div className="mt-3 flex flex-wrap gap-2">
          <Link href={offer.checkout_path} className={primary} data-testid="waitlist-checkout">
            Check out
          </Link>
          <button type="button" className={secondary} disabled={busy} onClick={() => void act("POST", undefined, `${url}/offer/decline`)}>
            Decline
          </button>
        </div>
        {error && <p className="mt-2 text-sm text-red-700 dark:text-red-400" role="alert">{error}</p>}
      </div>
    );
  }

  if (entry && entry.status === "waiting") {
    return (
      <div className={box} data-testid="waitlist-entry">
        <p className="font-semibold" data-testid="waitlist-position">
          You are number {entry.position} on the waitlist
        </p>
        <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">
          For {entry.party_size} {entry.party_size === 1 ? "seat" : "seats"}
          {entry.together && entry.party_size > 1 ? " together" : ""}
          {entry.class_ids.length > 0 ? ` in ${classes.filter((c) => entry.class_ids.includes(c.class_id)).map((c) => c.name).join(", ")}` : ", any class"}. {entry.list_length}{" "}
          {entry.list_length === 1 ? "fan is" : "fans are"} on the list. We hold seats for you as soon as some that fit come back.
        </p>
        {editing ? (
          <WishForm
            maxTicketsPerOrder={maxTicketsPerOrder}
            classes={classes}
            initial={{ partySize: entry.party_size, classIds: entry.class_ids, together: entry.together }}
            busy={busy}
            submitLabel="Save"
            onSubmit={(wish) => void act("PATCH", wish)}
            onCancel={() => setEditing(false)}
          />
        ) : (
          <div className="mt-3 flex flex-wrap gap-2">
            <button type="button" className={secondary} onClick={() => setEditing(true)}>
              Change
            </button>
            <button type="button" className={secondary} disabled={busy} onClick={() => void act("DELETE")}>
              Leave the waitlist
            </button>
          </div>
        )}
        <PushOptIn
          label="Notify me on this device if seats come back"
          doneLabel="This device will get a notification when seats are held for you."
          testId="waitlist-push-opt-in"
          onSubscribed={async () => (await requestJson("/api/me/notifications", { method: "PUT", body: { kind: "waitlist_offer", channel: "push", enabled: true } })).ok}
        />
        {error && <p className="mt-2 text-sm text-red-700 dark:text-red-400" role="alert">{error}</p>}
      </div>
    );
  }

  if (!soldOut) return null;
  const past =
    entry?.status === "expired"
      ? "Your last offer ended before it was paid for. You can join again."
      : entry?.status === "converted"
        ? "You bought the seats you were offered."
        : null;
  return (
    <div className={box} data-testid="waitlist-panel">
      <p className="font-semibold">Sold out: join the waitlist</p>
      <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">When seats come back they are held for the first fans on the list whose request they fit.</p>
      {past && <p className="mt-2 text-sm text-zinc-700 dark:text-zinc-300">{past}</p>}
      <WishForm maxTicketsPerOrder={maxTicketsPerOrder} classes={classes} initial={{ partySize: 2, classIds: [], together: true }} busy={busy} submitLabel="Join the waitlist" onSubmit={(wish) => void act("POST", wish)} />
      {error && <p className="mt-2 text-sm text-red-700 dark:text-red-400" role="alert">{error}</p>}
    </div>
  );
}

type Wish = { partySize: number; classIds: string[]; together: boolean };

function WishForm({
  maxTicketsPerOrder,
  classes,
  initial,
  busy,
  submitLabel,
  onSubmit,
  onCancel,
}: {
  maxTicketsPerOrder: number;
  classes: ClassOption[];
  initial: Wish;
  busy: boolean;
  submitLabel: string;
  onSubmit: (body: { party_size: number; class_ids: string[]; together: boolean }) => void;
  onCancel?: () => void;
}) {
  const [partySize, setPartySize] = useState(Math.min(initial.partySize, maxTicketsPerOrder));
  const [classIds, setClassIds] = useState<string[]>(initial.classIds);
  const [together, setTogether] = useState(initial.together);
  return (
    <form
      className="mt-3 space-y-3 text-sm"
      data-testid="waitlist-form"
      onSubmit={(e) => {
        e.preventDefault();
        onSubmit({ party_size: partySize, class_ids: classIds, together });
      }}
    >
      <label className="flex items-center gap-2">
        <span>Seats</span>
        <select className="rounded-md border border-zinc-300 bg-white px-2 py-1 dark:border-zinc-700 dark:bg-zinc-900" value={partySize} onChange={(e) => setPartySize(Number(e.target.value))} name="party_size">
          {Array.from({ length: maxTicketsPerOrder }, (_, i) => i + 1).map((n) => (
            <option key={n} value={n}>
              {n}
            </option>
          ))}
        </select>
      </label>
      {classes.length > 1 && (
        <fieldset>
          <legend className="text-zinc-600 dark:text-zinc-400">Classes you accept (none ticked: any)</legend>
          <div className="mt-1 flex flex-wrap gap-3">
            {classes.map((c) => (
              <label key={c.class_id} className="flex items-center gap-1">
                <input type="checkbox" checked={classIds.includes(c.class_id)} onChange={(e) => setClassIds((ids) => (e.target.checked ? [...ids, c.class_id] : ids.filter((id) => id !== c.class_id)))} />
                {c.name}
              </label>
            ))}
          </div>
        </fieldset>
      )}
      <label className="flex items-center gap-2">
        <input type="checkbox" checked={together} onChange={(e) => setTogether(e.target.checked)} name="together" />
        Seats must be together
      </label>
      <div className="flex gap-2">
        <button type="submit" className={primary} disabled={busy}>
          {submitLabel}
        </button>
        {onCancel && (
          <button type="button" className={secondary} onClick={onCancel}>
            Cancel
          </button>
        )}
      </div>
    </form>
  );
}
