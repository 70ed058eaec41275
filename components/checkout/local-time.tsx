"use client";
// A clock time ("14:05") in the fan's own time zone. The server cannot know that zone, so it
// renders the time in UTC, labelled; the browser replaces it with local time after hydration.
import { useSyncExternalStore } from "react";

const noSubscription = () => () => {};

function formatTime(iso: string, timeZone?: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return new Intl.DateTimeFormat(timeZone ? "en-GB" : undefined, { hour: "2-digit", minute: "2-digit", timeZone }).format(d);
}

export function LocalTime({ iso }: { iso: string }) {
  const text = useSyncExternalStore(
    noSubscription,
    () => formatTime(iso),
    () => `${formatTime(iso, "UTC")} UTC`,
  );
  return (
    <time dateTime={iso} data-testid="local-time">
      {text}
    </time>
  );
}
