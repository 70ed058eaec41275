// The fans' process: forked by the lab (main.ts) so that the load is generated apart from the
// lab's own work (the Stripe emulator, the fault injector, PostgreSQL polling). It receives the
// fans (user ids and access tokens) and the settings over IPC, runs every virtual fan with one
// bound on requests in flight, reports its counters every second, and sends its summary at the end.
//
// Shared reads (the seat map and layout once; availability once a second; the waiting room's
// progress four times a second) stand in for the CDN and the single SSE stream that serve the same
// payloads to every browser: this lab measures the buying path, bench:read measures the reads.
import type { EventAvailability, EventSeatLayout, SeatMap } from "@/lib/events/types";
import type { LabConfig } from "./config";
import { Fan, type FanOutcome, type FanPayment, type FanPlan, type FanResult, type World } from "./fan";
import { HttpClient, Limiter } from "./http-client";
import { QueueWatch } from "./queue-watch";
import { SeatView, seededRandom, type Random } from "./seat-picker";
import type { FloorResult } from "./report";
import { EndpointStats, Timeline, percentile, round, type EndpointSummary, type WaitSummary } from "./stats";

export type FansStart = {
  type: "start";
  config: LabConfig;
  eventId: number;
  appUrl: string;
  emulatorUrl: string;
  fans: Array<{ userId: number; token: string }>;
};

/** Messages from the lab: start (load the seat map, measure the floor, answer ready), go, sale-over, stop. */
export type ToFans = FansStart | { type: "go" } | { type: "sale-over" } | { type: "stop" };

export type AdmissionReport = {
  /** Fans who were admitted with a known position. */
  admitted: number;
  /** Admitted while their position was beyond admitted_through (must be 0). */
  aheadOfTurn: number;
  /**
   * Fans told to wait ("queued") by a status request sent after a fan behind them (a larger
   * position) already had its admission: admitted out of position order (must be 0). Exact, no
   * tolerance: only requests that did not overlap in time are compared.
   */
  outOfOrder: number;
  /** From the turn coming (progress shows admitted_through >= position) to holding the token. */
  lagP50Ms: number;
  lagP95Ms: number;
  /** Fans whose first join left after the on-sale instant (arrival order, FIFO). */
  joinedAfterOnsale: number;
  /**
   * Of those, fans numbered behind someone whose join was sent after their own join had been
   * answered: arrival order not kept (must be 0). Exact, as above.
   */
  fifoInversions: number;
  /** Fans whose position changed between two answers (after a Redis loss: a place not yet written to PostgreSQL, numbered again at the back). */
  positionChanged: number;
  /** Times the shared admitted_through went backwards. */
  progressRegressions: number;
};

export type FansReport = {
  /** Date.now() when the fans started; timelines count seconds from here. */
  startedAtEpochMs: number;
  endedAtEpochMs: number;
  endpoints: Record<string, EndpointSummary>;
  /** How long fans' requests waited for a slot of the load client (--concurrency) before being sent. */
  clientWait: WaitSummary;
  counters: Record<string, number>;
  outcomes: Partial<Record<FanOutcome, number>>;
  plans: { modes: Record<string, number>; payments: Partial<Record<FanPayment, number>>; skipConfirm: number };
  holdsPerSecond: number[];
  reserveAttemptsPerSecond: number[];
  admission: AdmissionReport;
  /** Tickets that confirm answered as confirmed to two different fans. */
  confirmedToTwoFans: Array<{ ticketId: number; userIds: number[] }>;
  /** Sessions a fan paid with the good card (the emulator's view must agree). */
  paidSessions: number;
  sampleErrors: string[];
};

/** Progress sent to the lab every second. */
export type FansProgress = { type: "progress"; counters: Record<string, number>; admittedThrough: number | null };

export type FromFans = FansProgress | { type: "ready"; floor: FloorResult | null } | { type: "report"; report: FansReport } | { type: "failed"; message: string };

const send = (message: FromFans) => process.send?.(message);

function makePlans(config: LabConfig, fans: FansStart["fans"], random: Random): FanPlan[] {
  const { shares } = config;
  return fans.map((fan, i) => {
    const r = random();
    const mode = r < shares.contention ? "contention" : r < shares.contention + shares.bestAvailable ? "best_available" : "spread";
    const p = random();
    const payment: FanPayment =
      p < shares.decline ? (random() < shares.declineRetry ? "decline_then_pay" : "decline") : p < shares.decline + shares.abandon ? "abandon" : "pay";
    const quantity = config.quantityMin + Math.floor(random() * (config.quantityMax - config.quantityMin + 1));
    // Arrivals spread evenly over the arrival window, with jitter.
    const arrivalMs = ((i + random()) / fans.length) * config.arrivalSeconds * 1000;
    const thinkMs = config.thinkMsMin + random() * (config.thinkMsMax - config.thinkMsMin);
    const skipConfirm = payment !== "abandon" && payment !== "decline" && random() < shares.skipConfirm;
    return { userId: fan.userId, token: fan.token, mode, quantity, payment, skipConfirm, arrivalMs, thinkMs };
  });
}

async function getJson<T>(client: HttpClient, endpoint: string, path: string): Promise<T> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const answer = await client.request(endpoint, "GET", path);
    if (answer.status === 200) return answer.json as T;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`GET ${path} did not answer 200`);
}

/**
 * Counts members of `sorted` (ascending by key) that some later member (a larger key) beats: a
 * later member's `done` time is before this member's `start` time.
 */
function overtaken<T>(sorted: T[], start: (t: T) => number, done: (t: T) => number): number {
  let earliestLaterDone = Infinity;
  let n = 0;
  for (let i = sorted.length - 1; i >= 0; i--) {
    const t = sorted[i]!;
    if (earliestLaterDone < start(t)) n++;
    earliestLaterDone = Math.min(earliestLaterDone, done(t));
  }
  return n;
}

function admissionReport(results: FanResult[], watch: QueueWatch | null, onsaleMs: number): AdmissionReport {
  const admitted = results.filter((r) => r.position !== null && r.admittedAtMs !== null).sort((a, b) => a.position! - b.position!);
  const placed = results.filter((r) => r.position !== null).sort((a, b) => a.position! - b.position!);
  // A fan told to wait at t, although someone behind had been admitted before t.
  const outOfOrder = overtaken(
    placed,
    (r) => r.lastToldToWaitSentAtMs ?? -Infinity,
    (r) => r.admittedAtMs ?? Infinity,
  );
  // FIFO after the on-sale: a join sent after another join was answered must get a larger number.
  const fifo = results
    .filter((r) => r.joinPosition !== null && r.joinSentAtMs !== null && r.joinSentAtMs > onsaleMs + 500)
    .sort((a, b) => a.joinPosition! - b.joinPosition!);
  const fifoInversions = overtaken(
    fifo,
    (r) => r.joinSentAtMs!,
    (r) => r.joinedAtMs!,
  );
  const lags = admitted.map((r) => r.admittedAtMs! - (r.eligibleAtMs ?? r.admittedAtMs!)).sort((a, b) => a - b);
  return {
    admitted: admitted.length,
    aheadOfTurn: admitted.filter((r) => r.admittedThrough !== null && r.position! > r.admittedThrough).length,
    outOfOrder,
    lagP50Ms: round(percentile(lags, 50)),
    lagP95Ms: round(percentile(lags, 95)),
    joinedAfterOnsale: fifo.length,
    fifoInversions,
    positionChanged: results.filter((r) => r.positionChanged).length,
    progressRegressions: watch?.regressions ?? 0,
  };
}

/**
 * The framework floor: GET /api/health (touches neither database) at the sale's concurrency, from
 * this same process, after a warm-up. Holds/s is reported as a share of it.
 */
async function measureFloor(appUrl: string, concurrency: number, requests: number): Promise<FloorResult | null> {
  if (requests <= 0) return null;
  const stats = new EndpointStats();
  const client = new HttpClient(appUrl, stats, new Limiter(concurrency), concurrency);
  const burst = async (n: number) => {
    let next = 0;
    const ms: number[] = [];
    const statuses: Record<string, number> = {};
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next++ < n) {
          const a = await client.request("health", "GET", "/api/health");
          ms.push(a.ms);
          statuses[String(a.status)] = (statuses[String(a.status)] ?? 0) + 1;
        }
      }),
    );
    return { ms, statuses };
  };
  await burst(Math.min(500, requests));
  const started = performance.now();
  const { ms, statuses } = await burst(requests);
  const seconds = (performance.now() - started) / 1000;
  client.close();
  ms.sort((a, b) => a - b);
  return { requests, seconds: round(seconds, 2), rps: round(requests / seconds), p50: round(percentile(ms, 50)), p95: round(percentile(ms, 95)), p99: round(percentile(ms, 99)), statuses };
}

let go: () => void = () => {};
let stopLimiter: () => void = () => {};
const goSignal = new Promise<void>((resolve) => (go = resolve));

async function runFans(start: FansStart, signals: { saleOver: boolean; stop: boolean }): Promise<FansReport> {
  const { config, eventId } = start;
  const stats = new EndpointStats();
  const limiter = new Limiter(config.concurrency);
  stopLimiter = () => limiter.stop();
  const app = new HttpClient(start.appUrl, stats, limiter, config.concurrency);
  const emulator = new HttpClient(start.emulatorUrl, stats, limiter, Math.max(4, Math.ceil(config.concurrency / 4)));
  // The shared readers stand in for the CDN and the SSE stream, not for fans: they have their own
  // connections and never wait behind the fans' requests (a stale view would make fans pick taken seats).
  const sharedStats = new EndpointStats();
  const shared = new HttpClient(start.appUrl, sharedStats, new Limiter(2), 2);
  const random = seededRandom(config.seed);

  const layout = await getJson<EventSeatLayout>(app, "seats_layout", `/api/events/${eventId}/seats`);
  const map = await getJson<SeatMap>(app, "seat_map", `/api/venues/${layout.venue_id}/seat-map?v=${layout.seat_map_version}`);
  const view = new SeatView(map, layout);
  send({ type: "ready", floor: await measureFloor(start.appUrl, config.concurrency, config.floorRequests) });
  await goSignal;

  const origin = performance.now();
  const startedAtEpochMs = Date.now();
  const deadline = origin + config.maxSeconds * 1000;
  // Past the deadline nothing queued in the load client is sent any more (a backlog behind a slow
  // server would otherwise keep the fans going long after).
  const deadlineTimer = setTimeout(() => limiter.stop(), config.maxSeconds * 1000);
  const counters: Record<string, number> = {};
  const queue = config.queue ? new QueueWatch(shared, eventId) : null;
  queue?.start();

  let pollAvailability = true;
  const availabilityLoop = (async () => {
    while (pollAvailability) {
      const answer = await shared.request("availability", "GET", `/api/events/${eventId}/availability`, { timeoutMs: 10_000 });
      if (answer.status === 200) view.update(answer.json as EventAvailability);
      await new Promise((r) => setTimeout(r, 1000));
    }
  })();

  const world: World = {
    eventId,
    app,
    emulator,
    view,
    queue,
    random,
    origin,
    deadline,
    soldOutPatienceMs: (config.holdSeconds + 20) * 1000,
    isOver: () => signals.saleOver || signals.stop,
    counters,
    holdsTimeline: new Timeline(origin),
    reserveTimeline: new Timeline(origin),
  };
  const plans = makePlans(config, start.fans, random);
  const ticker = setInterval(() => send({ type: "progress", counters: { ...counters }, admittedThrough: queue?.latest?.admitted_through ?? null }), 1000);
  const results = await Promise.all(plans.map((plan) => new Fan(plan, world).run()));
  clearInterval(ticker);
  clearTimeout(deadlineTimer);
  pollAvailability = false;
  queue?.stop();
  await availabilityLoop;
  send({ type: "progress", counters: { ...counters }, admittedThrough: queue?.latest?.admitted_through ?? null });
  app.close();
  emulator.close();
  shared.close();

  const outcomes: Partial<Record<FanOutcome, number>> = {};
  for (const r of results) outcomes[r.outcome] = (outcomes[r.outcome] ?? 0) + 1;
  const owners = new Map<number, Set<number>>();
  for (const r of results) {
    for (const id of r.confirmedTicketIds) {
      let set = owners.get(id);
      if (!set) owners.set(id, (set = new Set()));
      set.add(r.userId);
    }
  }
  const modes: Record<string, number> = {};
  const payments: Partial<Record<FanPayment, number>> = {};
  for (const p of plans) {
    modes[p.mode] = (modes[p.mode] ?? 0) + 1;
    payments[p.payment] = (payments[p.payment] ?? 0) + 1;
  }
  const errorCounts = new Map<string, number>();
  for (const r of results) for (const e of r.errors) errorCounts.set(e, (errorCounts.get(e) ?? 0) + 1);
  return {
    startedAtEpochMs,
    endedAtEpochMs: Date.now(),
    endpoints: { ...stats.summary(), ...sharedStats.summary() },
    clientWait: stats.waitSummary(),
    counters,
    outcomes,
    plans: { modes, payments, skipConfirm: plans.filter((p) => p.skipConfirm).length },
    holdsPerSecond: world.holdsTimeline.perSecond,
    reserveAttemptsPerSecond: world.reserveTimeline.perSecond,
    admission: admissionReport(results, queue, config.onsaleInSeconds * 1000),
    confirmedToTwoFans: [...owners].filter(([, set]) => set.size > 1).map(([ticketId, set]) => ({ ticketId, userIds: [...set] })),
    paidSessions: results.filter((r) => r.paidSessionId !== null).length,
    sampleErrors: [...errorCounts].sort((a, b) => b[1] - a[1]).slice(0, 12).map(([e, n]) => `${n} x ${e}`),
  };
}

const signals = { saleOver: false, stop: false };
process.on("message", (message: ToFans) => {
  if (message.type === "go") go();
  else if (message.type === "sale-over") signals.saleOver = true;
  else if (message.type === "stop") {
    signals.stop = true;
    stopLimiter();
  }
  else if (message.type === "start") {
    runFans(message, signals)
      .then((report) => send({ type: "report", report }))
      .catch((e: unknown) => send({ type: "failed", message: e instanceof Error ? (e.stack ?? e.message) : String(e) }))
      .finally(() => process.disconnect?.());
  }
});
