"use client";
// The waiting room's shared progress (admitted through N, sold out, drawn), the same for every fan:
// pushed over Server-Sent Events (`progress`, about once a second) while the stream is open, and
// polled from the small cacheable `/progress` payload only while it is not. EventSource reconnects
// by itself after a dropped connection; when the server refused the stream (the source is closed)
// it is opened again after a growing pause. Also keeps the server's clock offset, so countdowns run
// on server time whatever the browser's clock says.
import { useCallback, useEffect, useRef, useState } from "react";
import { requestJson } from "@/components/lib/api-client";
import type { QueueProgress } from "@/lib/queue/types";

export type QueueLiveMode = "connecting" | "live" | "polling";

export type UseQueueProgressOptions = {
  eventId: string;
  /** Off: nothing is fetched (e.g. until the fan's place is known). */
  enabled?: boolean;
  /** Polling interval while the stream is down. */
  pollIntervalMs?: number;
};

export type QueueProgressState = {
  progress: QueueProgress | null;
  live: QueueLiveMode;
  /** Server clock minus browser clock (ms), best estimate so far; 0 before the first reading. */
  clockOffsetMs: number;
};

const REOPEN_MIN_MS = 2000;
const REOPEN_MAX_MS = 30_000;
/** The stream speaks about once a second; this long without a word and polling takes over. */
const SILENCE_MS = 5000;

/**
 * The offset from one reading: the server's time when it wrote the payload, minus the browser's when
 * it arrived. Latency only makes it smaller, so the largest sample is the best estimate; a sample far
 * above it means the browser's clock moved (or the first guess was bad) and wins.
 */
export function nextClockOffset(previous: number | null, serverTimeIso: string, receivedAt: number): number | null {
  const server = Date.parse(serverTimeIso);
  if (Number.isNaN(server)) return previous;
  const sample = server - receivedAt;
  if (previous === null) return sample;
  // A browser clock that jumped (sleep, NTP) is followed within a few seconds in either direction.
  if (Math.abs(sample - previous) > 5000) return sample;
  return Math.max(previous, sample);
}

export function useQueueProgress({ eventId, enabled = true, pollIntervalMs = 2500 }: UseQueueProgressOptions): QueueProgressState {
  const [progress, setProgress] = useState<QueueProgress | null>(null);
  const [offset, setOffset] = useState<number | null>(null);
  const [live, setLive] = useState<QueueLiveMode>("connecting");
  // Bumped to open a new EventSource after the server closed the old one.
  const [generation, setGeneration] = useState(0);
  const reopenFailures = useRef(0);
  const base = `/api/events/${encodeURIComponent(eventId)}/queue`;

  const accept = useCallback((p: QueueProgress) => {
    const receivedAt = Date.now();
    setOffset((o) => nextClockOffset(o, p.server_time, receivedAt));
    // Out-of-order readings (a poll racing the stream) never move the line back.
    setProgress((prev) => (prev && Date.parse(prev.server_time) > Date.parse(p.server_time) ? prev : p));
  }, []);

  useEffect(() => {
    if (!enabled || typeof EventSource === "undefined") return;
    const source = new EventSource(`${base}/stream`);
    let reopen: number | undefined;
    // No message for a while (a buffering proxy, a stalled connection): poll until one arrives.
    let quiet: number | undefined;
    const watch = () => {
      window.clearTimeout(quiet);
      quiet = window.setTimeout(() => setLive("polling"), SILENCE_MS);
    };
    watch();
    const onProgress = (e: MessageEvent<string>) => {
      let p: QueueProgress;
      try {
        p = JSON.parse(e.data) as QueueProgress;
      } catch {
        return; // a garbled message: the next one, a second later, replaces it
      }
      reopenFailures.current = 0;
      accept(p);
      setLive("live");
      watch();
    };
    const onError = () => {
      setLive("polling");
      if (source.readyState !== EventSource.CLOSED) return; // EventSource retries by itself
      window.clearTimeout(quiet);
      const failures = ++reopenFailures.current;
      const pause = Math.min(REOPEN_MAX_MS, REOPEN_MIN_MS * 2 ** Math.min(4, failures - 1));
      reopen = window.setTimeout(() => setGeneration((g) => g + 1), pause * (0.75 + Math.random() * 0.5));
    };
    source.addEventListener("progress", onProgress);
    source.addEventListener("error", onError);
    return () => {
      window.clearTimeout(reopen);
      window.clearTimeout(quiet);
      source.close();
      source.removeEventListener("progress", onProgress);
      source.removeEventListener("error", onError);
    };
  }, [base, enabled, generation, accept]);

  const polling = live === "polling";
  useEffect(() => {
    if (!enabled || !polling) return;
    let ac: AbortController | null = null;
    const poll = () => {
      if (document.visibilityState !== "visible") return;
      ac?.abort();
      const mine = new AbortController();
      ac = mine;
      void requestJson<QueueProgress>(`${base}/progress`, { signal: mine.signal }).then((r) => {
        // Offline, aborted or an error: keep the last reading; the next tick tries again.
        if (r.ok) accept(r.data);
      });
    };
    poll();
    const timer = window.setInterval(poll, pollIntervalMs);
    document.addEventListener("visibilitychange", poll);
    return () => {
      window.clearInterval(timer);
      document.removeEventListener("visibilitychange", poll);
      ac?.abort();
    };
  }, [base, enabled, polling, pollIntervalMs, accept]);

  return { progress, live: enabled ? live : "connecting", clockOffsetMs: offset ?? 0 };
}
