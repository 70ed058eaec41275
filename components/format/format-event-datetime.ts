// Event dates in the venue's time zone, with an explicit locale and zone so the server renders the
// same text wherever it runs (no dependence on the host's TZ or locale).

export type EventDateParts = {
  /** "Sat, May 16, 2026" */
  date: string;
  /** "8:00 PM" */
  time: string;
  /** "CDT", or "UTC" when the zone is unknown. */
  zone: string;
  /** "MAY" */
  month: string;
  /** "16" */
  day: string;
  /** "Sat" */
  weekday: string;
  year: string;
};

const cache = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = cache.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone,
      weekday: "short",
      year: "numeric",
      month: "short",
      day: "numeric",
      hour: "numeric",
      minute: "2-digit",
      timeZoneName: "short",
    });
    cache.set(timeZone, f);
  }
  return f;
}

function validZone(timeZone: string | null | undefined): string {
  if (!timeZone) return "UTC";
  try {
    new Intl.DateTimeFormat("en-US", { timeZone });
    return timeZone;
  } catch {
    return "UTC";
  }
}

export function eventDateParts(iso: string, timeZone?: string | null): EventDateParts {
  const d = new Date(iso);
  const parts = formatterFor(validZone(timeZone)).formatToParts(d);
  const get = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? "";
  const month = get("month");
  const day = get("day");
  const weekday = get("weekday");
  const year = get("year");
  return {
    date: `${weekday}, ${month} ${day}, ${year}`,
    time: `${get("hour")}:${get("minute")} ${get("dayPeriod")}`,
    zone: get("timeZoneName"),
    month: month.toUpperCase(),
    day,
    weekday,
    year,
  };
}

/** "Sat, May 16, 2026 · 8:00 PM CDT" */
export function formatEventDateTime(iso: string, timeZone?: string | null): string {
  const p = eventDateParts(iso, timeZone);
  return `${p.date} · ${p.time} ${p.zone}`;
}
