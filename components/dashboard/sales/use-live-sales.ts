"use client";
// The live sales figures: pushed over Server-Sent Events (`sales` when they change; the server checks
// about once a second) while the stream is open, polled every second from GET …/sales while it is
// not (the stream refused, dropped, or silent longer than a ping interval). EventSource reconnects
// by itself after a dropped connection; a stream the server refused (the source is closed) is opened
// again after a growing pause.
import { useEffect, useRef, useState } from "react";
import type { EventSales } from "@/lib/admin/sales";
import { usePolling } from "./use-polling";

export type SalesLiveMode = "connecting" | "stream" | "polling";

const REOPEN_MIN_MS = 2000;
const REOPEN_MAX_MS = 30_000;
/** The server pings every 15 s when nothing changes; this long without a word and polling takes over. */
const SILENCE_MS = 20_000;

export function useLiveSales(eventId: string, initial: EventSales): { data: EventSales; mode: SalesLiveMode; error: string | null; updatedAt: number | null } {
  const [streamed, setStreamed] = useState<{ data: EventSales; at: number } | null>(null);
  const [mode, setMode] = useState<SalesLiveMode>("connecting");
  const [generation, setGeneration] = useState(0);
  const failures = useRef(0);
  const base = `/api/admin/events/${encodeURIComponent(eventId)}/sales`;

  useEffect(() => {
    if (typeof EventSource === "undefined") {
      // No EventSource (an old browser): poll instead, from the next tick.
      const timer = window.setTimeout(() => setMode("polling"), 0);
      return () => window.clearTimeout(timer);
    }
    const source = new EventSource(`${base}/stream`);
    let reopen: number | undefined;
    let quiet: number | undefined;
    const watch = () => {
      window.clearTimeout(quiet);
      quiet = window.setTimeout(() => setMode("polling"), SILENCE_MS);
    };
    watch();
    const onOpen = () => {
      failures.current = 0;
      setMode("stream");
      watch();
    };
    const onSales = (e: MessageEvent<string>) => {
      try {
        const data = JSON.parse(e.data) as EventSales;
        // Out of order (a poll racing the stream) never moves the figures back.
        setStreamed((prev) => (prev && Date.parse(prev.data.computed_at) > Date.parse(data.computed_at) ? prev : { data, at: Date.now() }));
      } catch {
        return; // a garbled message: the next change replaces it
      }
      setMode("stream");
      watch();
    };
    // The server's keep-alive every 15 s is a `ping` event (not a comment), so silence can be told.
    const onPing = () => watch();
    const onError = () => {
      setMode("polling");
      if (source.readyState !== EventSource.CLOSED) return; // EventSource retries by itself
      window.clearTimeout(quiet);
      const n = ++failures.current;
      const pause = Math.min(REOPEN_MAX_MS, REOPEN_MIN_MS * 2 ** Math.min(4, n - 1));
      reopen = window.setTimeout(() => setGeneration((g) => g + 1), pause * (0.75 + Math.random() * 0.5));
    };
    source.addEventListener("open", onOpen);
    source.addEventListener("sales", onSales);
    source.addEventListener("ping", onPing);
    source.addEventListener("error", onError);
    return () => {
      window.clearTimeout(reopen);
      window.clearTimeout(quiet);
      source.close();
    };
  }, [base, generation]);

  // Polling only while the stream is not delivering (the hook's interval stays idle otherwise).
  const polled = usePolling<EventSales>(base, initial, 1000, mode === "polling");
  const usePolled = mode === "polling" && polled.data && (!streamed || Date.parse(polled.data.computed_at) >= Date.parse(streamed.data.computed_at));
  if (usePolled) return { data: polled.data!, mode, error: polled.error, updatedAt: polled.updatedAt };
  return { data: streamed?.data ?? initial, mode, error: mode === "polling" ? polled.error : null, updatedAt: streamed?.at ?? null };
}
