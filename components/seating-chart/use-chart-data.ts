"use client";
// Fetches the three chart payloads in parallel: venue geometry (long-cacheable, keyed by chart
// version), the event's seat layout (class and price per seat) and availability, which is
// kept live: pushed over Server-Sent Events (snapshot, then small diffs) while the stream is open,
// and polled on an interval (and when the tab becomes visible again) only while it is not.
import { useCallback, useEffect, useState } from "react";
import { requestJson } from "@/components/lib/api-client";
import type { AvailabilityChanges, AvailabilitySnapshot } from "@/lib/events/availability-stream";
import type { EventAvailability, EventSeatLayout, SeatMap } from "@/lib/events/types";

export type ChartPayloads = {
  map: SeatMap;
  seats: EventSeatLayout;
  availability: EventAvailability;
  /** performance.now() when the payloads arrived: the start of the render measurement. */
  receivedAt: number;
};

export type ChartDataState =
  | { status: "loading" }
  | { status: "error"; message: string }
  | { status: "ready"; data: ChartPayloads };

async function getJson<T>(url: string, signal: AbortSignal, init?: { cache?: RequestCache }): Promise<T> {
  const r = await requestJson<T>(url, {
    signal,
    cache: init?.cache,
    networkMessage: (error) => (error instanceof Error ? error.message : String(error)),
    fallbackMessage: (status, statusText) => `${status} ${statusText}`.trim(),
  });
  if (!r.ok) throw new Error(r.error.message);
  return r.data;
}

/** Same set of ids: an unchanged refresh keeps the old object, so the seat layer does not re-render. */
function sameIds(a: number[], b: number[]): boolean {
  if (a.length !== b.length) return false;
  const set = new Set(a);
  return b.every((id) => set.has(id));
}

/** The availability after a pushed diff: only the changed ids are touched. */
export function applyAvailabilityChanges(a: EventAvailability, c: AvailabilityChanges): EventAvailability {
  if (c.taken.length === 0 && c.freed.length === 0) return a;
  const ids = new Set(a.unavailable_ticket_ids);
  for (const id of c.taken) ids.add(id);
  for (const id of c.freed) ids.delete(id);
  return { ...a, unavailable_ticket_ids: [...ids], available_ticket_cnt: c.available_ticket_cnt, as_of: c.as_of };
}

export type ChartDataUrls = {
  seatMapUrl: string;
  seatsUrl: string;
  availabilityUrl: string;
  /** Server-Sent Events of availability; null turns the stream off (polling only). */
  streamUrl: string | null;
  /** Polling interval while the stream is not open; 0 turns polling off. */
  refreshIntervalMs: number;
};

export type LiveMode = "connecting" | "live" | "polling";

export function useChartData({ seatMapUrl, seatsUrl, availabilityUrl, streamUrl, refreshIntervalMs }: ChartDataUrls) {
  const [attempt, setAttempt] = useState(0);
  const [state, setState] = useState<ChartDataState>({ status: "loading" });
  const [live, setLive] = useState<LiveMode>(streamUrl ? "connecting" : "polling");

  useEffect(() => {
    const ac = new AbortController();
    Promise.all([
      getJson<SeatMap>(seatMapUrl, ac.signal),
      getJson<EventSeatLayout>(seatsUrl, ac.signal),
      getJson<EventAvailability>(availabilityUrl, ac.signal, { cache: "no-store" }),
    ]).then(
      ([map, seats, availability]) => {
        setState({ status: "ready", data: { map, seats, availability, receivedAt: performance.now() } });
      },
      (e: unknown) => {
        if (ac.signal.aborted) return;
        setState({ status: "error", message: e instanceof Error ? e.message : "The seating chart could not be loaded" });
      },
    );
    return () => ac.abort();
  }, [seatMapUrl, seatsUrl, availabilityUrl, attempt]);

  const ready = state.status === "ready";

  useEffect(() => {
    if (!ready || !streamUrl || typeof EventSource === "undefined") return;
    const source = new EventSource(streamUrl);
    const update = (next: (a: EventAvailability) => EventAvailability) =>
      setState((s) => {
        if (s.status !== "ready") return s;
        const availability = next(s.data.availability);
        return availability === s.data.availability ? s : { status: "ready", data: { ...s.data, availability } };
      });
    const onSnapshot = (e: MessageEvent<string>) => {
      const snap = JSON.parse(e.data) as AvailabilitySnapshot;
      setLive("live");
      update((a) =>
        sameIds(a.unavailable_ticket_ids, snap.unavailable_ticket_ids)
          ? a
          : { ...a, unavailable_ticket_ids: snap.unavailable_ticket_ids, available_ticket_cnt: snap.available_ticket_cnt, as_of: snap.as_of },
      );
    };
    const onChanges = (e: MessageEvent<string>) => {
      const changes = JSON.parse(e.data) as AvailabilityChanges;
      update((a) => applyAvailabilityChanges(a, changes));
    };
    // While EventSource reconnects (it does so by itself, and the server sends a fresh snapshot),
    // polling covers the gap; a closed source (the server refused the stream) stays on polling.
    const onError = () => setLive("polling");
    source.addEventListener("snapshot", onSnapshot);
    source.addEventListener("changes", onChanges);
    source.addEventListener("error", onError);
    return () => {
      source.close();
      source.removeEventListener("snapshot", onSnapshot);
      source.removeEventListener("changes", onChanges);
      source.removeEventListener("error", onError);
    };
  }, [ready, streamUrl]);

  const polling = live !== "live";
  useEffect(() => {
    if (!ready || !polling) return;
    let ac: AbortController | null = null;
    const refresh = () => {
      if (document.visibilityState !== "visible") return;
      ac?.abort();
      const mine = new AbortController();
      ac = mine;
      getJson<EventAvailability>(availabilityUrl, mine.signal, { cache: "no-store" }).then(
        (availability) =>
          setState((s) =>
            s.status === "ready" && !sameIds(s.data.availability.unavailable_ticket_ids, availability.unavailable_ticket_ids)
              ? { status: "ready", data: { ...s.data, availability } }
              : s,
          ),
        () => {
          // A failed refresh keeps the last known availability; the next tick tries again.
        },
      );
    };
    const timer = refreshIntervalMs > 0 ? window.setInterval(refresh, refreshIntervalMs) : undefined;
    document.addEventListener("visibilitychange", refresh);
    return () => {
      window.clearInterval(timer);
      document.removeEventListener("visibilitychange", refresh);
      ac?.abort();
    };
  }, [ready, polling, availabilityUrl, refreshIntervalMs]);

  const retry = useCallback(() => {
    setState({ status: "loading" });
    setAttempt((a) => a + 1);
  }, []);

  return { state, retry, live };
}
