"use client";
// Polls a JSON endpoint every `intervalMs` while the page is visible, keeping the last good answer
// (a failed poll keeps the previous figures and says so, rather than blanking the page). Off while
// `enabled` is false (the live sales page polls only while its stream is down).
import { useEffect, useState } from "react";
import { requestJson } from "@/components/lib/api-client";

export function usePolling<T>(url: string, initial: T | null, intervalMs: number, enabled = true): { data: T | null; error: string | null; updatedAt: number | null } {
  const [state, setState] = useState<{ data: T | null; error: string | null; updatedAt: number | null }>({ data: initial, error: null, updatedAt: null });
  useEffect(() => {
    if (!enabled) return;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const tick = async () => {
      if (document.visibilityState === "visible") {
        const res = await requestJson<T>(url, { cache: "no-store" });
        if (stopped) return;
        setState((s) => (res.ok ? { data: res.data, error: null, updatedAt: Date.now() } : { ...s, error: res.error.message }));
      }
      if (!stopped) timer = setTimeout(tick, intervalMs);
    };
    timer = setTimeout(tick, initial ? intervalMs : 0);
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [url, intervalMs, initial, enabled]);
  return state;
}
