// Shapes of the waiting-room API (snake_case, like the rest of the API), returned by lib/queue and
// serialised as they are by app/api/events/[event_id]/queue/**.

/**
 * Where a fan stands:
 * - not_queued: the event has no waiting room (reserve as usual);
 * - not_joined: the event has one and the caller has not joined it (GET only);
 * - pre_queue: joined before the on-sale; the place is drawn by lottery at the on-sale instant;
 * - queued: waiting with a fixed position;
 * - admitted: may reserve until admission_expires_at (admission_token, also set as a cookie);
 * - expired: the admission window is over (POST joins again, at the back);
 * - sold_out: still waiting, but nothing is left to buy; admission resumes if seats come back.
 */
export type QueueState = "not_queued" | "not_joined" | "pre_queue" | "queued" | "admitted" | "expired" | "sold_out";

/** POST/GET /api/events/:event_id/queue. */
export type QueueStatus = {
  event_id: string;
  event_title: string;
  state: QueueState;
  /** The fan's fixed number in line (1-based); null before the draw and when not in the queue. */
  position: number | null;
  /** Everyone with position <= admitted_through is admitted. */
  admitted_through: number;
  /**
   * Admissions to go until this fan's, counting the fan: position - admitted_through (0 once
   * admitted); null without a position. The browser recomputes it from the stream's
   * admitted_through with the same formula.
   */
  people_ahead: number | null;
  /** ceil(people_ahead / rate_per_minute * 60); null without a position or while the rate is 0. */
  estimated_wait_seconds: number | null;
  rate_per_minute: number;
  /** ISO 8601; null when the event has no on-sale time (the queue runs in arrival order). */
  onsale_datetime: string | null;
  /** How long an admission lasts, from the first time it was handed out. */
  window_seconds: number;
  /** Fans in line in all: the pre-queue's size before the draw, the highest position after. */
  queue_length: number;
  sold_out: boolean;
  server_time: string;
  /** Only when admitted: send as `X-Admission-Token` (API clients); browsers get the cookie. */
  admission_token?: string;
  admission_expires_at?: string;
};

/** GET /api/events/:event_id/queue/progress and the stream's `progress` event: one payload for every fan. */
export type QueueProgress = {
  event_id: string;
  queue_enabled: boolean;
  admitted_through: number;
  sold_out: boolean;
  /** True once the on-sale lottery has run (positions exist). */
  drawn: boolean;
  onsale_datetime: string | null;
  rate_per_minute: number;
  queue_length: number;
  server_time: string;
};
