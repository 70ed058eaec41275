// A fan's place in an event's waiting room (GET), or joining it (POST, idempotent): one queue
// script call, plus one more at the moment the fan is first admitted. An admitted fan gets a signed
// admission token that expires `window_seconds` after their first admission, however often they ask.
import { AppError } from "@/lib/errors/app-error";
import { signAdmissionToken } from "./admission-token";
import { assertPrequeueOpen } from "./assert-prequeue-open";
import { drawPermutationFor } from "./draw-order";
import { DURABLE_WAIT_MS, noteFrontier, notePlace } from "./queue-journal";
import { admitFan, runQueueScript, type QueueSnapshot } from "./queue-script";
import { recordQueueDraw } from "./record-queue-draw";
import type { QueueState, QueueStatus } from "./types";
import { logger } from "@/lib/log/logger";

const log = logger("queue");

export type QueueStatusOptions = {
  eventId: number;
  userId: number;
  /** Join the queue if not in it yet (POST); GET only looks. */
  join?: boolean;
  /** Epoch ms; the clock by default (tests drive it). */
  now?: number;
};

/** ceil((position - admitted_through) / rate * 60) seconds; null when the rate is 0. */
export function estimateWaitSeconds(position: number, admittedThrough: number, ratePerMinute: number): number | null {
  const toGo = Math.max(0, position - admittedThrough);
  if (toGo === 0) return 0;
  if (!(ratePerMinute > 0)) return null;
  return Math.ceil((toGo / ratePerMinute) * 60);
}

/** How long a request waits for the audit write of a draw before answering (the write goes on). */
const RECORD_WAIT_MS = 2000;

/**
 * Records the draw in PostgreSQL for the caller that holds the lock. Never fails the caller's
 * request and holds it at most RECORD_WAIT_MS; if the write fails, the lock lapses and another
 * caller retries.
 */
export async function recordDrawIfDue(eventId: number, snapshot: QueueSnapshot): Promise<void> {
  if (snapshot.kind !== "on" || !snapshot.recordDue) return;
  const record = recordQueueDraw(eventId).then(
    () => undefined,
    (e: unknown) => log.warn(`event ${eventId}: draw not recorded in PostgreSQL yet, will retry: ${(e as Error).message}`),
  );
  await Promise.race([record, new Promise((resolve) => setTimeout(resolve, RECORD_WAIT_MS).unref?.())]);
}

/**
 * Notes what PostgreSQL must keep of this call (queue-journal.ts): how far admission has got, and
 * the fan's place if this call gave it. A new place is waited for (group commit, at most
 * DURABLE_WAIT_MS), so the fan's answer is sent once a Redis loss can no longer cost them it.
 */
export async function journalSnapshot(eventId: number, snapshot: QueueSnapshot, now: number, userId?: number): Promise<void> {
  if (snapshot.kind !== "on") return;
  if (snapshot.drawn) {
    noteFrontier({ eventId, through: snapshot.admittedThrough, lastPosition: snapshot.queueLength, rate: snapshot.settings.ratePerMinute, at: now });
  }
  if (snapshot.fresh && userId !== undefined && (snapshot.fan.kind === "pre" || snapshot.fan.kind === "pos")) {
    const position = snapshot.fan.kind === "pos" ? snapshot.fan.position : null;
    const written = notePlace({ eventId, userId, position, preQueue: snapshot.fan.kind === "pre", joinedAt: now, admittedAt: null }, true);
    let timer: ReturnType<typeof setTimeout> | undefined;
    await Promise.race([written, new Promise((resolve) => (timer = setTimeout(resolve, DURABLE_WAIT_MS)))]);
    clearTimeout(timer);
  }
}

export async function getQueueStatus(options: QueueStatusOptions): Promise<QueueStatus> {
  // Twice at most: a Redis loss between the two script calls of one status starts it over.
  for (let attempt = 0; ; attempt++) {
    const status = await queueStatusOnce(options);
    if (status !== "lost") return status;
    if (attempt >= 1) throw new AppError("unavailable", "The waiting room is being restored; try again in a moment", { retryAfterSeconds: 2 });
  }
}

async function queueStatusOnce({ eventId, userId, join = false, now = Date.now() }: QueueStatusOptions): Promise<QueueStatus | "lost"> {
  if (join) await assertPrequeueOpen(eventId, now);
  const snapshot = await runQueueScript({ eventId, op: join ? "join" : "status", userId, now });
  if (snapshot.kind === "unknown_event") throw new AppError("not_found", `Event ${eventId} was not found`);
  if (snapshot.kind === "closed") throw new AppError("not_on_sale", "Ticket sales for this event are closed");
  await journalSnapshot(eventId, snapshot, now, userId);
  await recordDrawIfDue(eventId, snapshot);

  const { settings } = snapshot;
  const base = {
    event_id: String(eventId),
    event_title: settings.title,
    rate_per_minute: settings.ratePerMinute,
    onsale_datetime: settings.onsaleAt?.toISOString() ?? null,
    window_seconds: settings.windowSeconds,
    server_time: new Date(now).toISOString(),
  };
  const answer = (state: QueueState, fields: Partial<QueueStatus> = {}): QueueStatus => ({
    ...base,
    state,
    position: null,
    admitted_through: 0,
    people_ahead: null,
    estimated_wait_seconds: null,
    queue_length: 0,
    sold_out: false,
    ...fields,
  });
  if (snapshot.kind === "off") return answer("not_queued");

  const { fan, admittedThrough, soldOut, queueLength } = snapshot;
  const common = { admitted_through: admittedThrough, queue_length: queueLength, sold_out: soldOut };
  if (fan.kind === "none") return answer("not_joined", common);
  if (fan.kind === "pre") return answer("pre_queue", common);

  // A fan drawn in the lottery is numbered from their rank in the frozen pre-queue (see draw-order.ts).
  const position = fan.kind === "rank" ? drawPermutationFor(snapshot.seed, snapshot.participants).positionOf(fan.rank) : fan.position;
  let admittedAt = snapshot.admittedAt;
  if (admittedAt === null && position <= admittedThrough) {
    const admitted = await admitFan({ eventId, userId, position, now, endsAt: settings.endsAt });
    if (admitted === "lost") return "lost";
    admittedAt = admitted;
    // The first admission (the window runs from it) is kept across a Redis loss too.
    if (admittedAt === now) notePlace({ eventId, userId, position, preQueue: fan.kind === "rank", joinedAt: now, admittedAt });
  }
  if (admittedAt !== null) {
    const expiresAt = new Date(admittedAt + settings.windowSeconds * 1000);
    const placed = { ...common, position, people_ahead: 0, estimated_wait_seconds: 0 };
    if (now >= expiresAt.getTime()) return answer("expired", { ...placed, admission_expires_at: expiresAt.toISOString() });
    const token = await signAdmissionToken({ userId, eventId, position, admittedAt: new Date(admittedAt), expiresAt });
    return answer("admitted", { ...placed, admission_token: token, admission_expires_at: expiresAt.toISOString() });
  }
  return answer(soldOut ? "sold_out" : "queued", {
    ...common,
    position,
    people_ahead: Math.max(0, position - admittedThrough),
    estimated_wait_seconds: estimateWaitSeconds(position, admittedThrough, settings.ratePerMinute),
  });
}

/** POST /api/events/:event_id/queue: join (idempotent; one place per account) and answer the status. */
export function joinQueue(options: Omit<QueueStatusOptions, "join">): Promise<QueueStatus> {
  return getQueueStatus({ ...options, join: true });
}
