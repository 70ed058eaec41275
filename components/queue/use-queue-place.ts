"use client";
// The fan's own place in an event's waiting room: read (GET) and, on the waiting-room page, joined
// when not in line yet (POST, idempotent: a second tab gets the same place); read again when the
// page asks, i.e. when the fan's number comes up (to receive the admission and its cookie) or right
// after the on-sale draw.
import { useCallback, useEffect, useRef, useState } from "react";
import { requestJson } from "@/components/lib/api-client";
import type { QueueStatus } from "@/lib/queue/types";
import { prequeueOpensAt } from "./waiting-room-view";

export type QueuePlaceState =
  | { status: "loading" }
  /** `startThrough`: admitted_through when this browser first saw the fan's number (the progress bar's start). */
  | { status: "ready"; place: QueueStatus; startThrough: number | null }
  /** The session ended (401): the page offers to sign in again. */
  | { status: "signed_out" }
  /** Joining was refused because the event's pre-queue is not open yet; `opensAt` is when it opens (ISO). */
  | { status: "not_open"; opensAt: string }
  | { status: "error"; message: string };

type FetchResult = { ok: true; place: QueueStatus } | { ok: false; status: number; message: string; opensAt: string | null };

async function callQueue(url: string, method: "GET" | "POST", signal?: AbortSignal): Promise<FetchResult> {
  const r = await requestJson<QueueStatus | null>(url, {
    method,
    signal,
    cache: "no-store",
    networkMessage: "We couldn't reach OpenSeat. Check your connection; your place in line is kept.",
  });
  if (r.ok && r.data) return { ok: true, place: r.data };
  if (r.ok) return { ok: false, status: r.status, message: `Something went wrong (${r.status})`, opensAt: null };
  return { ok: false, status: r.error.status, message: r.error.message, opensAt: prequeueOpensAt(r.error) };
}

/**
 * Where the progress bar starts: admitted_through when this browser first saw the fan's number,
 * kept in localStorage so that a reload (or a second tab) does not restart the bar.
 */
function rememberStart(eventId: string, place: QueueStatus): number | null {
  if (place.position === null) return null;
  const key = `openseat.queue.${eventId}`;
  try {
    const saved = JSON.parse(window.localStorage.getItem(key) ?? "null") as { position?: unknown; through?: unknown } | null;
    if (saved && saved.position === place.position && typeof saved.through === "number") return saved.through;
    window.localStorage.setItem(key, JSON.stringify({ position: place.position, through: place.admitted_through }));
  } catch {
    // Storage off or full: the bar starts from here.
  }
  return place.admitted_through;
}

export type UseQueuePlaceOptions = {
  eventId: string;
  /** Join on load when not in line yet (POST after the GET), else only look. */
  join: boolean;
};

export type QueuePlace = {
  state: QueuePlaceState;
  /** Reads the fan's place again (GET). */
  refresh: () => Promise<void>;
  /** Joins (again): POST. */
  rejoin: () => Promise<void>;
  busy: boolean;
};

export function useQueuePlace({ eventId, join }: UseQueuePlaceOptions): QueuePlace {
  const url = `/api/events/${encodeURIComponent(eventId)}/queue`;
  const [state, setState] = useState<QueuePlaceState>({ status: "loading" });
  const [busy, setBusy] = useState(false);
  const inFlight = useRef(false);

  const apply = useCallback((r: FetchResult, keepOnError: boolean) => {
    if (r.ok) return setState({ status: "ready", place: r.place, startThrough: rememberStart(eventId, r.place) });
    if (r.status === 401) return setState({ status: "signed_out" });
    if (r.opensAt !== null) return setState({ status: "not_open", opensAt: r.opensAt });
    // A failed re-read keeps the place on screen; the caller's next trigger tries again.
    setState((s) => (keepOnError && s.status === "ready" ? s : { status: "error", message: r.message }));
  }, [eventId]);

  useEffect(() => {
    const ac = new AbortController();
    void (async () => {
      // Look first: a fan already in line (a reload, a second tab) keeps their place, and one whose
      // turn has passed is told so and rejoins by choice, not silently at the back of the line.
      let r = await callQueue(url, "GET", ac.signal);
      if (join && r.ok && r.place.state === "not_joined" && !ac.signal.aborted) r = await callQueue(url, "POST", ac.signal);
      if (!ac.signal.aborted) apply(r, false);
    })();
    return () => ac.abort();
  }, [url, join, apply]);

  const run = useCallback(
    async (method: "GET" | "POST", keepOnError: boolean) => {
      if (inFlight.current) return;
      inFlight.current = true;
      setBusy(true);
      try {
        let r = await callQueue(url, method);
        // Not in line on a re-read, though this page joined: the server lost the place (Redis lost
        // the queue within the few hundred ms before the place was written to PostgreSQL; see
        // lib/queue/queue-journal.ts). Rejoin, which gives the place back if it was recovered and a
        // new one at the back otherwise, rather than showing "no waiting room".
        if (join && method === "GET" && r.ok && r.place.state === "not_joined") r = await callQueue(url, "POST");
        apply(r, keepOnError);
      } finally {
        inFlight.current = false;
        setBusy(false);
      }
    },
    [url, join, apply],
  );

  const refresh = useCallback(() => run("GET", true), [run]);
  const rejoin = useCallback(() => run("POST", false), [run]);
  return { state, refresh, rejoin, busy };
}
