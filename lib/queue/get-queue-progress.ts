// The one payload every waiting fan shares: how far admission has got ("admitted through N"),
// whether the draw has run and whether the event is sold out. One queue script call, no per-fan
// state: the stream's ticker and the cacheable polling endpoint both serve it, and the browser
// computes its own people-ahead (position - admitted_through).
import { AppError } from "@/lib/errors/app-error";
import { journalSnapshot, recordDrawIfDue } from "./get-queue-status";
import { runQueueScript } from "./queue-script";
import type { QueueProgress } from "./types";

export async function getQueueProgress({ eventId, now = Date.now() }: { eventId: number; now?: number }): Promise<QueueProgress> {
  const snapshot = await runQueueScript({ eventId, op: "tick", now });
  if (snapshot.kind === "unknown_event") throw new AppError("not_found", `Event ${eventId} was not found`);
  if (snapshot.kind === "closed") throw new Error("unreachable: only joins are closed");
  await journalSnapshot(eventId, snapshot, now);
  await recordDrawIfDue(eventId, snapshot);
  const { settings } = snapshot;
  const on = snapshot.kind === "on" ? snapshot : null;
  return {
    event_id: String(eventId),
    queue_enabled: on !== null,
    admitted_through: on?.admittedThrough ?? 0,
    sold_out: on?.soldOut ?? false,
    drawn: on?.drawn ?? false,
    onsale_datetime: settings.onsaleAt?.toISOString() ?? null,
    rate_per_minute: settings.ratePerMinute,
    queue_length: on?.queueLength ?? 0,
    server_time: new Date(now).toISOString(),
  };
}
