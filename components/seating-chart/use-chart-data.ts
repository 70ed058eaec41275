"use client";
// Fetches the three chart payloads in parallel: venue geometry (long-cacheable, keyed by chart
// version), the event's seat layout (class and price per seat) and availability, which is
// refreshed on an interval and when the tab becomes visible again.
import { useCallback, useEffect, useState } from "react";
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

async function getJson<T>(url: string, signal: AbortSignal, init?: RequestInit): Promise<T> {
  const res = await fetch(url, { ...init, signal, headers: { accept: "application/json" } });
  if (!res.ok) {
    let message = `${res.status} ${res.statusText}`.trim();
    try {
      const body = (await res.json()) as { error?: { message?: string } };
      if (body.error?.message) message = body.error.message;
    } catch {
      // not JSON: keep the status line
    }
    throw new Error(message);
  }
  return (await res.json()) as T;
}

/** Same set of ids: an unchanged refresh keeps the old object, so the seat layer does not re-render. */
function sameIds(a: number[], b: number[]): boolean {
  if (a.length !== b.length) return false;
  const set = new Set(a);
  return b.every((id) => set.has(id));
}

export type ChartDataUrls = { seatMapUrl: string; seatsUrl: string; availabilityUrl: string; refreshIntervalMs: number };

export function useChartData({ seatMapUrl, seatsUrl, availabilityUrl, refreshIntervalMs }: ChartDataUrls) {
  const [attempt, setAttempt] = useState(0);
  const [state, setState] = useState<ChartDataState>({ status: "loading" });

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
    if (!ready) return;
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
  }, [ready, availabilityUrl, refreshIntervalMs]);

  const retry = useCallback(() => {
    setState({ status: "loading" });
    setAttempt((a) => a + 1);
  }, []);

  return { state, retry };
}
