// startStripeEmulator: a local, Stripe-compatible server for the calls OpenSeat makes. Point the
// real SDK at it (`new Stripe(key, { host, port, protocol: "http" })`), send browsers to the
// session's `url` (the hosted page here), and receive signed webhooks.
//
//   const emulator = await startStripeEmulator({ port: 0, webhookSecret: "whsec_test", webhookTarget: handler });
//   const stripe = new Stripe("sk_test_x", { host: "127.0.0.1", port: emulator.port, protocol: "http" });
//
// See README.md for what it covers and where it differs from Stripe.
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { createRequestHandler } from "./api";
import {
  DEFAULT_API_VERSION,
  EmulatorState,
  NO_REQUEST,
  type EmulatorEvent,
  type PayInput,
  type PayResult,
  type SerializedState,
  type Session,
} from "./state";
import { WebhookDispatcher, type DeliveryAttempt, type DeliveryStatus, type WebhookTarget } from "./webhooks";

export type { DeliveryAttempt, DeliveryStatus, EmulatorEvent, PayInput, PayResult, Session, WebhookTarget };
export { signatureHeader } from "./webhooks";
export { TEST_CARDS, DEFAULT_API_VERSION } from "./state";

export interface StripeEmulatorOptions {
  /** 0 = a free port. Default 0. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Base of `session.url` (what browsers open). Default http://localhost:<port>. */
  publicUrl?: string;
  /** The endpoint signing secret (whsec_…) the app verifies webhooks with. */
  webhookSecret: string;
  /** Where events are POSTed: a URL, or a function taking a WHATWG Request (e.g. a Next.js route handler). */
  webhookTarget?: WebhookTarget;
  /** Delays before each retry of a failed delivery. Default 1 s, 2 s, 4 s, … 64 s (8 attempts in all). */
  retryDelaysMs?: number[];
  /** Give up on a delivery attempt after this long. Default 10 000 ms. */
  webhookTimeoutMs?: number;
  /** Automatic deliveries in flight at once. Default 1 (events arrive in order unless shuffled). */
  webhookConcurrency?: number;
  /** JSON file to keep state across restarts (loaded at start, written 250 ms after changes and on close). */
  stateFile?: string;
  /** Stripe-Version of the events. Default: the version of the installed SDK (stripe 23.1.0). */
  apiVersion?: string;
  /** Expiry sweep period. Default 1000 ms. */
  sweepIntervalMs?: number;
  /**
   * Runs `sweep` every `intervalMs` until the returned function is called. Default: setInterval
   * (unref'd). Tests inject their own to run the sweep exactly when they choose.
   */
  scheduleSweep?: (sweep: () => void, intervalMs: number) => () => void;
  /** The wall clock (ms) under the emulator's clock. Default Date.now; tests inject one to move time by hand. */
  wallClockMs?: () => number;
  log?: (line: string) => void;
}

export interface StripeEmulator {
  /** Base URL of the API (e.g. http://127.0.0.1:12111): STRIPE_API_URL for the app. */
  readonly url: string;
  readonly port: number;
  readonly publicUrl: string;
  close(): Promise<void>;
  setWebhookTarget(target: WebhookTarget | null): void;
  pauseWebhooks(): void;
  /** Delivers what was held while paused, in event order or shuffled. */
  resumeWebhooks(opts?: { shuffle?: boolean }): void;
  /** Deliver-nothing mode: events are recorded, never sent. */
  setDeliverNothing(on: boolean): void;
  /** Sends an event again `times` times (each one attempt, no retries), all at once when `concurrent`. */
  redeliver(eventId: string, opts?: { times?: number; concurrent?: boolean }): Promise<DeliveryAttempt[]>;
  /** Events in creation order (oldest first), optionally of one type. */
  events(type?: string): EmulatorEvent[];
  deliveryStatus(eventId: string): DeliveryStatus | null;
  /** Every delivery attempt so far (optionally for one event), oldest first. */
  deliveries(eventId?: string): DeliveryAttempt[];
  /** Resolves when no webhook is in flight, ready, or waiting for a retry (events held by a pause do not count). */
  waitForIdle(timeoutMs?: number): Promise<void>;
  /** Pays a session as the hosted page would (no redirect). `card` e.g. "4242 4242 4242 4242". */
  pay(sessionId: string, card: string, opts?: Omit<PayInput, "card">): PayResult;
  /** Settles a payment made with `{ async: "pending" }`. */
  completeAsync(sessionId: string, outcome: "succeeded" | "failed"): Session;
  /** Moves the emulator's clock forward and expires what is due; returns the new now (unix seconds). */
  advanceClock(seconds: number): number;
  /** The emulator's now (unix seconds). */
  now(): number;
  /** Expires an open session at once (as POST /v1/checkout/sessions/:id/expire). */
  expireNow(sessionId: string): Session;
  /** All sessions, oldest first. */
  sessions(): Session[];
  /** Forgets every object, event, delivery and idempotency key; the clock goes back to real time. */
  reset(): void;
}

function everyInterval(run: () => void, intervalMs: number): () => void {
  const timer = setInterval(run, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}

const DEFAULT_RETRY_DELAYS_MS = [1000, 2000, 4000, 8000, 16000, 32000, 64000];

export async function startStripeEmulator(options: StripeEmulatorOptions): Promise<StripeEmulator> {
  if (!options.webhookSecret) throw new Error("startStripeEmulator: webhookSecret is required");
  const log = options.log ?? (() => {});
  const host = options.host ?? "127.0.0.1";
  const apiVersion = options.apiVersion ?? DEFAULT_API_VERSION;
  let publicUrl = options.publicUrl?.replace(/\/+$/, "") ?? "";
  let persistTimer: NodeJS.Timeout | null = null;
  let closed = false;

  const webhooks = new WebhookDispatcher({
    secret: options.webhookSecret,
    target: options.webhookTarget ?? null,
    retryDelaysMs: options.retryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS,
    timeoutMs: options.webhookTimeoutMs ?? 10_000,
    concurrency: options.webhookConcurrency ?? 1,
    log,
  });

  const persistNow = () => {
    if (!options.stateFile) return;
    if (persistTimer) clearTimeout(persistTimer);
    persistTimer = null;
    const data = { ...state.serialize(), undelivered: webhooks.undelivered() };
    mkdirSync(path.dirname(options.stateFile), { recursive: true });
    const tmp = `${options.stateFile}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(data));
    renameSync(tmp, options.stateFile);
  };
  const schedulePersist = () => {
    if (!options.stateFile || persistTimer || closed) return;
    persistTimer = setTimeout(() => {
      persistTimer = null;
      try {
        persistNow();
      } catch (error) {
        log(`could not write ${options.stateFile}: ${String(error)}`);
      }
    }, 250);
  };

  const state: EmulatorState = new EmulatorState({
    onEvent: (event) => webhooks.enqueue(event),
    onChange: schedulePersist,
    webhookEndpoints: () => (webhooks.hasTarget() ? 1 : 0),
    pendingWebhooks: (eventId) => webhooks.pendingWebhooks(eventId),
    publicUrl: () => publicUrl,
    apiVersion,
    wallClockMs: options.wallClockMs,
  });

  if (options.stateFile && existsSync(options.stateFile)) {
    const data = JSON.parse(readFileSync(options.stateFile, "utf8")) as SerializedState & { undelivered?: string[] };
    state.load(data);
    const undelivered = new Set(data.undelivered ?? []);
    for (const event of data.events ?? []) webhooks.restore(event, undelivered.has(event.id));
    log(`loaded ${data.sessions?.length ?? 0} sessions and ${data.events?.length ?? 0} events from ${options.stateFile}${undelivered.size ? ` (${undelivered.size} webhooks to send)` : ""}`);
  }

  const advanceClock = (seconds: number) => {
    const now = state.clock.advance(seconds);
    state.sweepExpired();
    schedulePersist();
    return now;
  };
  const reset = () => {
    state.reset();
    webhooks.reset();
    api.clearIdempotencyKeys();
    schedulePersist();
  };

  const api = createRequestHandler({
    state,
    webhooks,
    apiVersion,
    log,
    admin: { advanceClock, reset, setWebhookTarget: (url) => webhooks.setTarget(url) },
  });
  const server: Server = createServer(api.handler);
  server.keepAliveTimeout = 5000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const urlHost = host === "0.0.0.0" || host === "::" ? "127.0.0.1" : host.includes(":") ? `[${host}]` : host;
  const url = `http://${urlHost}:${port}`;
  if (!publicUrl) publicUrl = `http://localhost:${port}`;

  const stopSweep = (options.scheduleSweep ?? everyInterval)(() => {
    try {
      state.sweepExpired();
    } catch (error) {
      log(`expiry sweep failed: ${String(error)}`);
    }
  }, options.sweepIntervalMs ?? 1000);
  log(`listening on ${url} (hosted checkout pages at ${publicUrl}/c/pay/…)`);

  return {
    url,
    port,
    publicUrl,
    async close() {
      if (closed) return;
      closed = true;
      stopSweep();
      webhooks.close();
      try {
        persistNow();
      } catch (error) {
        log(`could not write ${options.stateFile}: ${String(error)}`);
      }
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
    setWebhookTarget: (target) => webhooks.setTarget(target),
    pauseWebhooks: () => webhooks.pause(),
    resumeWebhooks: (opts) => webhooks.resume(opts),
    setDeliverNothing: (on) => webhooks.setDeliverNothing(on),
    redeliver: (eventId, opts) => webhooks.redeliver(eventId, opts),
    events: (type) => state.allEvents(type).map((e) => ({ ...e, pending_webhooks: webhooks.pendingWebhooks(e.id) })),
    deliveryStatus: (eventId) => webhooks.status(eventId),
    deliveries: (eventId) => webhooks.deliveries(eventId),
    waitForIdle: (timeoutMs) => webhooks.waitForIdle(timeoutMs),
    pay: (sessionId, card, opts = {}) => state.pay(sessionId, { ...opts, card }),
    completeAsync: (sessionId, outcome) => state.completeAsync(sessionId, outcome),
    advanceClock,
    now: () => state.clock.now(),
    expireNow: (sessionId) => state.expireSession(sessionId, NO_REQUEST),
    sessions: () => state.allSessions(),
    reset,
  };
}
