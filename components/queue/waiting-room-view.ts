// What the waiting room shows, derived from the fan's last status (their fixed place, read once)
// and the shared progress (admitted_through, pushed to everyone about once a second). The browser
// does the per-fan arithmetic, so the server never runs a per-fan query on a tick.
//
// Times from the server are turned into the browser's clock with `clockOffsetMs` (server minus
// browser), so a browser clock that is minutes off neither ends a window early nor late.
import type { QueueProgress, QueueStatus } from "@/lib/queue/types";

export type WaitingRoomView =
  | { kind: "not_queued" }
  | { kind: "not_joined" }
  /** Joined before the on-sale; `drawn`: the lottery has run and this fan's place is waiting to be read. */
  | { kind: "pre_queue"; onsaleAt: number | null; drawn: boolean }
  | {
      kind: "queued";
      position: number;
      /** Admissions to go until this fan's, counting the fan (the API's people_ahead). */
      admissionsToGo: number;
      /** Fans in line in front of this one. */
      peopleAhead: number;
      waitSeconds: number | null;
      ratePerMinute: number;
      /** 0..1: how far the line has moved from where it was when this fan got their number. */
      fraction: number;
    }
  /** The fan's number has come up; their admission is being fetched. */
  | { kind: "calling"; position: number }
  | { kind: "admitted"; expiresAt: number; windowSeconds: number }
  | { kind: "expired" }
  | { kind: "sold_out"; position: number | null };

export type ViewInput = {
  status: QueueStatus;
  progress: QueueProgress | null;
  /** Server clock minus browser clock, in ms. */
  clockOffsetMs: number;
  /** Browser clock, in ms. */
  now: number;
  /** admitted_through when this fan first saw their number (the start of the progress bar). */
  startThrough?: number | null;
};

/** A server timestamp on the browser's clock; null for a missing or garbled one. */
export function toLocalTime(iso: string | null | undefined, clockOffsetMs: number): number | null {
  if (!iso) return null;
  const t = Date.parse(iso);
  return Number.isNaN(t) ? null : t - clockOffsetMs;
}

/**
 * The pre-queue refusal (POST /api/events/:id/queue before the event's pre-queue opens: 409
 * not_on_sale with `opens_at`) as the time it opens (ISO); null for any other failure.
 */
export function prequeueOpensAt(failure: { status: number; code: string; details: Record<string, unknown> }): string | null {
  if (failure.status !== 409 || failure.code !== "not_on_sale") return null;
  const at = failure.details.opens_at;
  return typeof at === "string" && !Number.isNaN(Date.parse(at)) ? at : null;
}

/** The same formula as the server's people_ahead: admissions to go, counting the fan. */
export function admissionsToGo(position: number, admittedThrough: number): number {
  return Math.max(0, position - admittedThrough);
}

/** The same formula as the server's estimated_wait_seconds; null while nobody is being admitted. */
export function estimateWaitSeconds(toGo: number, ratePerMinute: number): number | null {
  if (ratePerMinute <= 0) return null;
  return Math.ceil((toGo / ratePerMinute) * 60);
}

/** The newer of the two readings: progress when it is at least as recent as the status. */
function fresher(status: QueueStatus, progress: QueueProgress | null): { admittedThrough: number; soldOut: boolean; ratePerMinute: number } {
  const fromStatus = { admittedThrough: status.admitted_through, soldOut: status.sold_out, ratePerMinute: status.rate_per_minute };
  if (!progress) return fromStatus;
  const progressNewer = Date.parse(progress.server_time) >= Date.parse(status.server_time);
  const newer = progressNewer ? { admittedThrough: progress.admitted_through, soldOut: progress.sold_out, ratePerMinute: progress.rate_per_minute } : fromStatus;
  // The line only moves forward: a stale reading from another instance never moves a fan back.
  return { ...newer, admittedThrough: Math.max(status.admitted_through, progress.admitted_through) };
}

export function deriveWaitingRoomView({ status, progress, clockOffsetMs, now, startThrough }: ViewInput): WaitingRoomView {
  switch (status.state) {
    case "not_queued":
    case "not_joined":
    case "expired":
      return { kind: status.state };
    case "admitted": {
      const expiresAt = toLocalTime(status.admission_expires_at, clockOffsetMs);
      if (expiresAt === null || expiresAt <= now) return { kind: "expired" };
      return { kind: "admitted", expiresAt, windowSeconds: status.window_seconds };
    }
    case "pre_queue":
      return { kind: "pre_queue", onsaleAt: toLocalTime(progress?.onsale_datetime ?? status.onsale_datetime, clockOffsetMs), drawn: progress?.drawn === true };
    case "queued":
    case "sold_out": {
      const position = status.position;
      const live = fresher(status, progress);
      if (position === null) return live.soldOut ? { kind: "sold_out", position: null } : { kind: "pre_queue", onsaleAt: null, drawn: true };
      if (live.soldOut) return { kind: "sold_out", position };
      const toGo = admissionsToGo(position, live.admittedThrough);
      if (toGo === 0) return { kind: "calling", position };
      const start = Math.min(startThrough ?? status.admitted_through, live.admittedThrough);
      const span = position - start;
      const fraction = span <= 0 ? 1 : Math.min(1, Math.max(0, (live.admittedThrough - start) / span));
      return {
        kind: "queued",
        position,
        admissionsToGo: toGo,
        peopleAhead: toGo - 1,
        waitSeconds: estimateWaitSeconds(toGo, live.ratePerMinute),
        ratePerMinute: live.ratePerMinute,
        fraction,
      };
    }
  }
}

/** "12:05" for under an hour, "1:02:05" above, "2 d 03:04:05" above a day. */
export function formatDuration(totalSeconds: number): string {
  const s = Math.max(0, Math.floor(totalSeconds));
  const days = Math.floor(s / 86_400);
  const h = Math.floor((s % 86_400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  const mmss = `${String(m).padStart(2, "0")}:${String(sec).padStart(2, "0")}`;
  if (days > 0) return `${days} d ${String(h).padStart(2, "0")}:${mmss}`;
  if (h > 0) return `${h}:${mmss}`;
  return mmss;
}

/** The estimated wait in words: "less than a minute", "about 4 minutes", "about 2 hours 5 minutes". */
export function describeWait(seconds: number | null): string {
  if (seconds === null) return "not known yet";
  if (seconds < 60) return "less than a minute";
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `about ${minutes} minute${minutes === 1 ? "" : "s"}`;
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return `about ${h} hour${h === 1 ? "" : "s"}${m > 0 ? ` ${m} minute${m === 1 ? "" : "s"}` : ""}`;
}

/**
 * How long to wait before reading one's own place after the draw: everyone in the pre-queue learns
 * of the draw in the same second, so the reads are spread over a window that grows with the line
 * (about 5,000 reads a second at most), instead of arriving all at once.
 */
export function drawJitterMs(queueLength: number, random: number): number {
  const spreadMs = Math.min(30_000, 1000 + (Math.max(0, queueLength) / 5000) * 1000);
  return Math.floor(random * spreadMs);
}
