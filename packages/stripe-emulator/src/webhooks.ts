// Webhook delivery, the way Stripe does it: every event is POSTed as JSON to the endpoint with a
// `Stripe-Signature: t=<unix>,v1=<HMAC-SHA256 of "<t>.<payload>">` header, asynchronously (never
// inside the API request that caused it), retried with backoff on a non-2xx answer or a network
// error, each attempt recorded. Plus ways to misbehave on purpose for tests and fault injection:
// pause/resume (optionally shuffled), duplicate redeliveries (optionally concurrent), drop all.
import { createHmac } from "node:crypto";
import type { EmulatorEvent } from "./state";

/** A URL to POST to, or (in-process tests) a handler with the signature of a Next.js route handler. */
export type WebhookTarget = string | ((request: Request) => Promise<Response>);

/** The URL of the Request handed to a function target. */
export const FUNCTION_TARGET_URL = "http://localhost/api/webhooks/stripe";

export interface DeliveryAttempt {
  eventId: string;
  eventType: string;
  /** 1-based, per event, counting automatic attempts and redeliveries. */
  attempt: number;
  kind: "automatic" | "redelivery";
  target: string;
  startedAt: number;
  durationMs: number;
  /** The endpoint's HTTP status, or null when it could not be reached (or threw). */
  status: number | null;
  ok: boolean;
  error: string | null;
  /** The first 500 characters of the endpoint's answer. */
  responseBody: string | null;
}

export type DeliveryState =
  | "no_target" // no endpoint was configured when the event happened: never sent (as on Stripe)
  | "pending" // waiting for a free delivery slot
  | "queued" // held while webhooks are paused
  | "in_flight"
  | "retry_scheduled"
  | "delivered"
  | "failed" // every attempt failed
  | "dropped"; // deliver-nothing mode

export interface DeliveryStatus {
  state: DeliveryState;
  attempts: number;
  nextAttemptAt: number | null;
}

export interface DispatcherOptions {
  secret: string;
  target: WebhookTarget | null;
  /** Delay before each retry; attempts = retryDelaysMs.length + 1. */
  retryDelaysMs: number[];
  timeoutMs: number;
  /** How many automatic deliveries may be in flight at once (1 keeps them in event order). */
  concurrency: number;
  log: (line: string) => void;
}

interface Tracking {
  event: EmulatorEvent;
  state: DeliveryState;
  attempts: number;
  nextAttemptAt: number | null;
  timer: NodeJS.Timeout | null;
}

/** `t=<unix>,v1=<hex>`: what Stripe sends and `stripe.webhooks.constructEvent` verifies. */
export function signatureHeader(payload: string, secret: string, timestamp = Math.floor(Date.now() / 1000)): string {
  const signature = createHmac("sha256", secret).update(`${timestamp}.${payload}`, "utf8").digest("hex");
  return `t=${timestamp},v1=${signature}`;
}

export class WebhookDispatcher {
  private tracking = new Map<string, Tracking>();
  private ready: string[] = [];
  private attemptLog: DeliveryAttempt[] = [];
  private inFlight = 0;
  private redeliveriesInFlight = 0;
  private paused = false;
  private dropAll = false;
  private closed = false;
  private pumpScheduled = false;
  private waiters: Array<() => void> = [];

  constructor(private options: DispatcherOptions) {}

  setTarget(target: WebhookTarget | null): void {
    this.options.target = target;
  }

  hasTarget(): boolean {
    return this.options.target !== null;
  }

  get isPaused(): boolean {
    return this.paused;
  }

  get deliverNothing(): boolean {
    return this.dropAll;
  }

  /** A new event: delivered soon (after the current request has been answered). */
  enqueue(event: EmulatorEvent): void {
    if (this.closed) return;
    const track: Tracking = { event, state: "pending", attempts: 0, nextAttemptAt: null, timer: null };
    this.tracking.set(event.id, track);
    if (!this.options.target) {
      track.state = "no_target";
      return;
    }
    if (this.dropAll) {
      track.state = "dropped";
      this.options.log(`webhook ${event.type} ${event.id} dropped (deliver-nothing mode)`);
      return;
    }
    this.makeReady(track);
  }

  private makeReady(track: Tracking): void {
    track.state = this.paused ? "queued" : "pending";
    track.nextAttemptAt = null;
    this.ready.push(track.event.id);
    this.schedulePump();
  }

  private schedulePump(): void {
    if (this.pumpScheduled || this.closed) return;
    this.pumpScheduled = true;
    setImmediate(() => {
      this.pumpScheduled = false;
      this.pump();
    });
  }

  private pump(): void {
    if (this.closed || this.paused) return this.checkIdle();
    if (this.dropAll) {
      for (const id of this.ready.splice(0)) {
        const track = this.tracking.get(id);
        if (track) track.state = "dropped";
      }
      return this.checkIdle();
    }
    while (this.inFlight < Math.max(1, this.options.concurrency) && this.ready.length > 0) {
      const id = this.ready.shift() as string;
      const track = this.tracking.get(id);
      if (!track) continue;
      this.inFlight++;
      void this.deliverAutomatic(track).finally(() => {
        this.inFlight--;
        this.pump();
      });
    }
    this.checkIdle();
  }

  private async deliverAutomatic(track: Tracking): Promise<void> {
    track.state = "in_flight";
    const attempt = await this.send(track, "automatic");
    if (this.closed) return;
    if (attempt.ok) {
      track.state = "delivered";
      return;
    }
    const automaticAttempts = this.attemptLog.filter((a) => a.eventId === track.event.id && a.kind === "automatic").length;
    const delay = this.options.retryDelaysMs[automaticAttempts - 1];
    if (delay === undefined) {
      track.state = "failed";
      this.options.log(`webhook ${track.event.type} ${track.event.id} failed after ${automaticAttempts} attempts`);
      return;
    }
    track.state = "retry_scheduled";
    track.nextAttemptAt = Date.now() + delay;
    track.timer = setTimeout(() => {
      track.timer = null;
      if (this.closed) return;
      this.makeReady(track);
    }, delay);
  }

  private async send(track: Tracking, kind: DeliveryAttempt["kind"]): Promise<DeliveryAttempt> {
    const { event } = track;
    track.attempts++;
    const target = this.options.target;
    const started = Date.now();
    const attempt: DeliveryAttempt = {
      eventId: event.id,
      eventType: event.type,
      attempt: track.attempts,
      kind,
      target: typeof target === "string" ? target : target ? "function" : "none",
      startedAt: started,
      durationMs: 0,
      status: null,
      ok: false,
      error: null,
      responseBody: null,
    };
    // Stripe sends pretty-printed JSON; the receiver must verify the raw bytes, not a re-serialization.
    const payload = JSON.stringify(event, null, 2);
    const headers = {
      "content-type": "application/json; charset=utf-8",
      "stripe-signature": signatureHeader(payload, this.options.secret),
      "user-agent": "Stripe/1.0 (+https://stripe.com/docs/webhooks)",
      accept: "*/*; q=0.5, application/xml",
      "cache-control": "no-cache",
    };
    try {
      if (!target) throw new Error("no webhook target configured");
      let response: Response;
      if (typeof target === "string") {
        response = await fetch(target, {
          method: "POST",
          headers,
          body: payload,
          redirect: "manual", // Stripe does not follow redirects: a 3xx is a failed delivery
          signal: AbortSignal.timeout(this.options.timeoutMs),
        });
      } else {
        const request = new Request(FUNCTION_TARGET_URL, { method: "POST", headers, body: payload });
        response = await withTimeout(Promise.resolve().then(() => target(request)), this.options.timeoutMs);
      }
      attempt.status = response.status;
      attempt.ok = response.status >= 200 && response.status < 300;
      attempt.responseBody = (await response.text().catch(() => "")).slice(0, 500);
    } catch (error) {
      attempt.error = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    }
    attempt.durationMs = Date.now() - started;
    this.attemptLog.push(attempt);
    this.options.log(
      `webhook ${event.type} ${event.id} attempt ${attempt.attempt}${kind === "redelivery" ? " (redelivery)" : ""} → ${attempt.status ?? attempt.error}`,
    );
    return attempt;
  }

  pause(): void {
    this.paused = true;
    for (const id of this.ready) {
      const track = this.tracking.get(id);
      if (track) track.state = "queued";
    }
  }

  /** Sends what was held, in event order or shuffled. */
  resume(opts: { shuffle?: boolean } = {}): void {
    if (opts.shuffle) shuffle(this.ready);
    this.paused = false;
    for (const id of this.ready) {
      const track = this.tracking.get(id);
      if (track) track.state = "pending";
    }
    this.schedulePump();
  }

  setDeliverNothing(on: boolean): void {
    this.dropAll = on;
    if (on) this.schedulePump();
  }

  /**
   * Sends an event again, `times` times (each a single attempt, no retries), all at once when
   * `concurrent`: the duplicates a receiver must tolerate. Works while paused too.
   */
  async redeliver(eventId: string, opts: { times?: number; concurrent?: boolean } = {}): Promise<DeliveryAttempt[]> {
    const track = this.tracking.get(eventId);
    if (!track) throw new Error(`redeliver: no such event ${eventId}`);
    if (!this.options.target) throw new Error("redeliver: no webhook target configured");
    const times = Math.max(1, Math.floor(opts.times ?? 1));
    const once = async () => {
      this.redeliveriesInFlight++;
      try {
        const attempt = await this.send(track, "redelivery");
        if (attempt.ok && track.state !== "in_flight" && track.state !== "pending" && track.state !== "queued") {
          if (track.timer) clearTimeout(track.timer);
          track.timer = null;
          track.state = "delivered";
          track.nextAttemptAt = null;
        }
        return attempt;
      } finally {
        this.redeliveriesInFlight--;
        this.checkIdle();
      }
    };
    if (opts.concurrent) return Promise.all(Array.from({ length: times }, once));
    const attempts: DeliveryAttempt[] = [];
    for (let i = 0; i < times; i++) attempts.push(await once());
    return attempts;
  }

  status(eventId: string): DeliveryStatus | null {
    const track = this.tracking.get(eventId);
    if (!track) return null;
    return { state: track.state, attempts: track.attempts, nextAttemptAt: track.nextAttemptAt };
  }

  /** Stripe's `pending_webhooks`: 1 until the configured endpoint got the event, else 0. */
  pendingWebhooks(eventId: string): number {
    const state = this.tracking.get(eventId)?.state;
    return state === undefined || state === "no_target" || state === "delivered" ? 0 : 1;
  }

  deliveries(eventId?: string): DeliveryAttempt[] {
    return this.attemptLog.filter((a) => eventId === undefined || a.eventId === eventId).map((a) => ({ ...a }));
  }

  /** Event ids not yet delivered that a restart should send again. */
  undelivered(): string[] {
    return [...this.tracking.values()]
      .filter((t) => ["pending", "queued", "in_flight", "retry_scheduled"].includes(t.state))
      .map((t) => t.event.id);
  }

  /** Re-adds an event loaded from the state file with a given delivery state. */
  restore(event: EmulatorEvent, deliver: boolean): void {
    const track: Tracking = { event, state: "delivered", attempts: 0, nextAttemptAt: null, timer: null };
    this.tracking.set(event.id, track);
    if (!deliver) return;
    if (!this.options.target) track.state = "no_target";
    else this.makeReady(track);
  }

  private isIdle(): boolean {
    const readyBlocked = this.paused || this.ready.length === 0;
    const timers = [...this.tracking.values()].some((t) => t.timer !== null);
    return this.inFlight === 0 && this.redeliveriesInFlight === 0 && readyBlocked && !timers && !this.pumpScheduled;
  }

  private checkIdle(): void {
    if (!this.isIdle()) return;
    const waiters = this.waiters.splice(0);
    for (const resolve of waiters) resolve();
  }

  /**
   * Resolves when nothing is in flight, ready to send, or scheduled for a retry. Events held by
   * pauseWebhooks() do not count (they wait for resumeWebhooks()).
   */
  waitForIdle(timeoutMs = 10_000): Promise<void> {
    if (this.isIdle()) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== done);
        const retries = [...this.tracking.values()].filter((t) => t.timer !== null).length;
        reject(
          new Error(
            `waitForIdle: webhooks still busy after ${timeoutMs} ms (${this.inFlight + this.redeliveriesInFlight} in flight, ${this.ready.length} ready, ${retries} retries scheduled)`,
          ),
        );
      }, timeoutMs);
      const done = () => {
        clearTimeout(timer);
        resolve();
      };
      this.waiters.push(done);
    });
  }

  reset(): void {
    for (const track of this.tracking.values()) if (track.timer) clearTimeout(track.timer);
    this.tracking.clear();
    this.ready = [];
    this.attemptLog = [];
    this.checkIdle();
  }

  close(): void {
    this.closed = true;
    for (const track of this.tracking.values()) {
      if (track.timer) clearTimeout(track.timer);
      track.timer = null;
    }
    this.ready = [];
    const waiters = this.waiters.splice(0);
    for (const resolve of waiters) resolve();
  }
}

function shuffle<T>(items: T[]): void {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [items[i], items[j]] = [items[j] as T, items[i] as T];
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the webhook handler did not answer within ${ms} ms`)), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}
