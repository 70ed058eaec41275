"use client";
// mm:ss until the hold ends, ticking once a second; urgent (red) under two minutes. Screen readers
// hear the two-minute warning once, not every tick.
import { useEffect, useState } from "react";

export const URGENT_SECONDS = 120;

export function secondsLeft(expiresAt: number, now: number): number {
  return Math.max(0, Math.ceil((expiresAt - now) / 1000));
}

export function formatCountdown(seconds: number): string {
  const m = Math.floor(seconds / 60);
  const s = seconds % 60;
  return `${String(m).padStart(2, "0")}:${String(s).padStart(2, "0")}`;
}

export function HoldCountdown({ expiresAt }: { expiresAt: number }) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = window.setInterval(() => setNow(Date.now()), 1000);
    return () => window.clearInterval(t);
  }, [expiresAt]);
  const left = secondsLeft(expiresAt, now);
  const urgent = left < URGENT_SECONDS;
  return (
    <div
      className={`flex items-center justify-between rounded-lg px-3 py-2 ${urgent ? "bg-red-50 text-red-800 dark:bg-red-500/10 dark:text-red-300" : "bg-zinc-100 text-zinc-700 dark:bg-zinc-800 dark:text-zinc-200"}`}
      data-testid="hold-countdown"
      data-urgent={urgent ? "true" : "false"}
    >
      <span className="text-sm">{left === 0 ? "Hold expired" : "Seats held for"}</span>
      <span role="timer" aria-label={`${Math.floor(left / 60)} minutes ${left % 60} seconds left`} className={`font-mono text-lg font-semibold tabular-nums ${urgent ? "animate-pulse" : ""}`}>
        {formatCountdown(left)}
      </span>
      <span className="sr-only" aria-live="assertive">
        {urgent && left > 0 ? "Less than two minutes left on your hold." : ""}
      </span>
    </div>
  );
}
