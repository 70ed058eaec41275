// Wall-clock times in a venue's time zone <-> UTC instants, with the platform's Intl data (no
// library). Organizers type "2027-03-14T20:00" meaning eight in the evening where the venue is; the
// database stores the UTC instant. A time that does not exist there (the hour skipped when clocks go
// forward) is refused rather than silently moved; an ambiguous one (the hour repeated when clocks go
// back) takes the earlier instant.

export const LOCAL_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/;

const formatters = new Map<string, Intl.DateTimeFormat>();

const make = (timeZone: string) =>
  new Intl.DateTimeFormat("en-US", { timeZone, hourCycle: "h23", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit" });

/** Whether the platform knows this IANA zone. */
export function isKnownTimeZone(timeZone: string): boolean {
  try {
    make(timeZone);
    return true;
  } catch {
    return false;
  }
}

// A venue whose zone this platform does not know is read as UTC rather than failing every page of
// its events (the venue editor is where a zone is checked).
function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = isKnownTimeZone(timeZone) ? make(timeZone) : make("UTC");
    formatters.set(timeZone, f);
  }
  return f;
}

/** "YYYY-MM-DDTHH:mm" of the instant as a clock in `timeZone` shows it. */
export function utcToLocal(instant: Date, timeZone: string): string {
  const parts = Object.fromEntries(formatter(timeZone).formatToParts(instant).map((p) => [p.type, p.value]));
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}`;
}

/** Minutes the zone is ahead of UTC at `instant`. */
function offsetMinutes(instant: number, timeZone: string): number {
  const parts = Object.fromEntries(formatter(timeZone).formatToParts(new Date(instant)).map((p) => [p.type, p.value]));
  const asUtc = Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), Number(parts.hour), Number(parts.minute), Number(parts.second));
  return Math.round((asUtc - Math.floor(instant / 1000) * 1000) / 60_000);
}

/**
 * The UTC instant of a wall-clock time in `timeZone`, or null when the text is not a real
 * "YYYY-MM-DDTHH:mm" or the time does not exist in that zone (a daylight-saving gap).
 */
export function localToUtc(local: string, timeZone: string): Date | null {
  const m = LOCAL_DATE_TIME.exec(local);
  if (!m) return null;
  const [y, mo, d, h, mi] = m.slice(1).map(Number) as [number, number, number, number, number];
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59) return null;
  const wall = Date.UTC(y, mo - 1, d, h, mi);
  if (new Date(wall).getUTCDate() !== d) return null; // 31 April rolls over: not a real date
  // Two candidate offsets (before and after a possible transition around this wall time); the
  // earlier instant that shows this wall time wins.
  const candidates = [offsetMinutes(wall - 86_400_000, timeZone), offsetMinutes(wall + 86_400_000, timeZone)]
    .map((off) => wall - off * 60_000)
    .sort((a, b) => a - b);
  for (const at of candidates) {
    if (utcToLocal(new Date(at), timeZone) === local) return new Date(at);
  }
  return null;
}
