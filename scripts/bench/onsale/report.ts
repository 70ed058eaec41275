// The lab's result: one JSON document (bench-results/onsale-<timestamp>.json) and its printout.
import type { WaitlistPhaseResult } from "./waitlist-phase";
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { LabConfig } from "./config";
import type { FansReport } from "./fans-process";
import type { FaultStep } from "./faults";
import type { AdmissionOrderCheck, InvariantReport, StateReport } from "./invariants";
import { peakRate, round, type EndpointSummary } from "./stats";

export type FloorResult = { requests: number; seconds: number; rps: number; p50: number; p95: number; p99: number; statuses: Record<string, number> };

export type LabResult = {
  lab: "onsale";
  startedAt: string;
  finishedAt: string;
  machine: { cpus: number; node: string; postgres: string; redis: string; loadAverageAtStart: number[]; loadAverageAtEnd: number[] };
  config: LabConfig;
  passed: boolean;
  event: { eventId: number; venueId: number; seats: number; fans: number; databaseUrl: string };
  floor: FloorResult | null;
  sale: {
    onsaleAt: string | null;
    soldOutAt: string | null;
    /** From the on-sale instant until every seat was confirmed; null when it never sold out. */
    timeToSellOutSeconds: number | null;
    ticketsSold: number;
    soldShare: number;
    /** From the first arrival to the last fan done. */
    saleSeconds: number;
    holds: number;
    reserveAttempts: number;
    /** Over the seconds with reserve traffic (first to last attempt). */
    reserveAttemptsPerSecond: number;
    holdsPerSecond: number;
    peakHoldsPerSecond10s: number;
    peakReserveAttemptsPerSecond10s: number;
    /** holds/s (peak 10 s) as a share of the framework floor's requests/s. */
    peakHoldsShareOfFloor: number | null;
    /** Seconds from the on-sale until this share of the seats was confirmed ("50%", "90%", "99%", "100%"). */
    timeToSoldShareSeconds: Record<string, number>;
    /** [seconds since the on-sale, tickets confirmed], about once a second. */
    soldTimeline: Array<[number, number]>;
  };
  http: {
    endpoints: Record<string, EndpointSummary>;
    totals: { requests: number; status409: number; status429: number; status503: number; status5xx: number; noAnswer: number; timeouts: number };
  };
  fans: Pick<FansReport, "outcomes" | "plans" | "counters" | "admission" | "sampleErrors" | "paidSessions" | "clientWait"> | null;
  fault: { kind: LabConfig["fault"]; timeline: FaultStep[]; stats: Record<string, number> };
  settlement: {
    beforeSweep: Record<string, number>;
    sweep: unknown;
    webhooksIdle: boolean;
    /** Emulator deliveries passed to the app (subscribed types) and answered here (others). */
    webhookEndpoint: { forwarded: number; notSubscribed: number } | null;
  };
  invariants: InvariantReport | null;
  /** The waitlist phase after the sale (null: skipped or not reached). */
  waitlist?: WaitlistPhaseResult | null;
  /** Admission order against queue order (part of the verdict). */
  admissionOrder: AdmissionOrderCheck | null;
  state: StateReport | null;
  files: { result: string; serverLog: string; emulatorLog: string };
  error?: string;
};

function activeSpan(perSecond: number[]): number {
  const first = perSecond.findIndex((n) => n > 0);
  if (first < 0) return 0;
  let last = perSecond.length - 1;
  while (last > first && perSecond[last] === 0) last--;
  return last - first + 1;
}

export function saleRates(fans: FansReport | null): Pick<LabResult["sale"], "holds" | "reserveAttempts" | "reserveAttemptsPerSecond" | "holdsPerSecond" | "peakHoldsPerSecond10s" | "peakReserveAttemptsPerSecond10s"> {
  const holds = fans?.holdsPerSecond ?? [];
  const attempts = fans?.reserveAttemptsPerSecond ?? [];
  const total = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
  const span = activeSpan(attempts);
  return {
    holds: total(holds),
    reserveAttempts: total(attempts),
    reserveAttemptsPerSecond: span ? round(total(attempts) / span) : 0,
    holdsPerSecond: span ? round(total(holds) / span) : 0,
    peakHoldsPerSecond10s: round(peakRate(holds, 10)),
    peakReserveAttemptsPerSecond10s: round(peakRate(attempts, 10)),
  };
}

export function httpTotals(endpoints: Record<string, EndpointSummary>): LabResult["http"]["totals"] {
  const totals = { requests: 0, status409: 0, status429: 0, status503: 0, status5xx: 0, noAnswer: 0, timeouts: 0 };
  for (const e of Object.values(endpoints)) {
    totals.requests += e.requests;
    for (const [s, n] of Object.entries(e.statuses)) {
      const status = Number(s);
      if (status === 409) totals.status409 += n;
      if (status === 429) totals.status429 += n;
      if (status === 503) totals.status503 += n;
      if (status >= 500) totals.status5xx += n;
      if (status === 0) totals.noAnswer += n;
      if (status === -1) totals.timeouts += n;
    }
  }
  return totals;
}

export function writeResult(result: LabResult): void {
  mkdirSync(path.dirname(result.files.result), { recursive: true });
  writeFileSync(result.files.result, `${JSON.stringify(result, null, 2)}\n`);
}

const pad = (s: string | number, n: number) => String(s).padStart(n);

export function printResult(result: LabResult, log: (line: string) => void): void {
  const { sale, http, floor, fans, invariants } = result;
  log("");
  log(`==== on-sale lab: ${result.event.fans} fans, ${result.event.seats} seats, fault ${result.config.fault}, queue ${result.config.queue ? `${result.config.admitPerMinute}/min` : "off"}`);
  log(
    `machine: ${result.machine.cpus} cores, node ${result.machine.node}, ${result.machine.postgres}, ${result.machine.redis}; ` +
      `load average ${result.machine.loadAverageAtStart.join(" ")} at the start, ${result.machine.loadAverageAtEnd.join(" ")} at the end`,
  );
  log(
    `sold ${sale.ticketsSold}/${result.event.seats} (${round(sale.soldShare * 100)}%)` +
      (sale.timeToSellOutSeconds !== null ? `, sold out ${sale.timeToSellOutSeconds} s after the on-sale` : ", not sold out") +
      `; after the on-sale: ${Object.entries(sale.timeToSoldShareSeconds).map(([k, v]) => `${k} sold at ${v} s`).join(", ") || "-"}` +
      `; sale ${sale.saleSeconds} s`,
  );
  log(
    `reserve attempts ${sale.reserveAttempts} (${sale.reserveAttemptsPerSecond}/s, peak ${sale.peakReserveAttemptsPerSecond10s}/s), holds ${sale.holds} (${sale.holdsPerSecond}/s, peak ${sale.peakHoldsPerSecond10s}/s)` +
      (floor ? `; floor GET /api/health ${floor.rps} req/s (p50 ${floor.p50} ms) -> peak holds/s = ${sale.peakHoldsShareOfFloor === null ? "?" : `${round(sale.peakHoldsShareOfFloor * 100)}%`} of the floor` : ""),
  );
  log(`requests ${http.totals.requests}: 409 ${http.totals.status409}, 429 ${http.totals.status429}, 503 ${http.totals.status503}, 5xx ${http.totals.status5xx}, no answer ${http.totals.noAnswer}, timeouts ${http.totals.timeouts}`);
  log(`${"endpoint".padEnd(24)}${pad("requests", 9)}${pad("p50 ms", 8)}${pad("p95 ms", 8)}${pad("p99 ms", 8)}${pad("max ms", 8)}  statuses`);
  for (const [name, e] of Object.entries(http.endpoints).sort(([a], [b]) => a.localeCompare(b))) {
    const statuses = Object.entries(e.statuses).map(([s, n]) => `${s === "0" ? "none" : s === "-1" ? "timeout" : s}:${n}`).join(" ");
    log(`${name.padEnd(24)}${pad(e.requests, 9)}${pad(e.p50, 8)}${pad(e.p95, 8)}${pad(e.p99, 8)}${pad(e.max, 8)}  ${statuses}`);
  }
  if (fans) {
    const w = fans.clientWait;
    log(`waiting for a slot of the load client (${result.config.concurrency} in flight) before sending: p50 ${w.p50} ms, p95 ${w.p95} ms, p99 ${w.p99} ms`);
    log(`fans: ${Object.entries(fans.outcomes).map(([k, v]) => `${k} ${v}`).join(", ")}`);
    const a = fans.admission;
    log(
      `waiting room: ${a.admitted} admitted; ahead of their turn ${a.aheadOfTurn}; told to wait after someone behind them was admitted ${a.outOfOrder}; ` +
        `turn -> token p50 ${a.lagP50Ms} ms, p95 ${a.lagP95Ms} ms; arrival order after the on-sale not kept: ${a.fifoInversions} of ${a.joinedAfterOnsale}; ` +
        `positions changed ${a.positionChanged}; admitted_through went back ${a.progressRegressions} times`,
    );
    if (fans.sampleErrors.length > 0) log(`fan errors: ${fans.sampleErrors.join("; ")}`);
  }
  if (result.fault.timeline.length > 0) for (const s of result.fault.timeline) log(`fault +${s.atSeconds}s: ${s.what}`);
  if (Object.keys(result.fault.stats).length > 0) log(`fault stats: ${JSON.stringify(result.fault.stats)}`);
  if (result.settlement.webhookEndpoint) {
    const w = result.settlement.webhookEndpoint;
    log(`webhook deliveries: ${w.forwarded} to the app (subscribed events), ${w.notSubscribed} of other types answered by the lab's endpoint`);
  }
  log(`before the final sweep: ${JSON.stringify(result.settlement.beforeSweep)}`);
  if (result.state) {
    log(`tickets ${JSON.stringify(result.state.tickets)}; order items ${JSON.stringify(result.state.orderItems)}; payments ${JSON.stringify(result.state.payments)}; refunds ${result.state.refunds.rows}`);
    log(
      `sessions ${JSON.stringify(result.state.sessions)}; webhooks ${JSON.stringify(result.state.webhookEvents)}; available: PostgreSQL ${result.state.postgresAvailable}, Redis counter ${result.state.redisAvailableCounter ?? "none"}; ` +
        `Redis hold claims without a live hold in PostgreSQL ${result.state.orphanClaims ? `${result.state.orphanClaims.count}${result.state.orphanClaims.count ? ` e.g. tickets ${result.state.orphanClaims.examples.slice(0, 5).join(", ")}` : ""}` : "?"}`,
    );
  }
  if (result.state && result.state.paidInTimeButRefunded.payments > 0) {
    const p = result.state.paidInTimeButRefunded;
    log(`paid before the hold expired, yet seats given away and refunded: ${p.payments} payments, ${p.tickets} tickets, e.g. ${JSON.stringify(p.examples.slice(0, 2))}`);
  }
  if (invariants) {
    const line = (name: string, v: { count: number; examples: unknown[] }) => {
      log(`${v.count === 0 ? "ok  " : "FAIL"} ${name}: ${v.count}${v.count ? `  e.g. ${JSON.stringify(v.examples.slice(0, 3))}` : ""}`);
    };
    log("invariants (after the sweeper):");
    line("seats sold twice", invariants.seatsSoldTwice);
    line("paid sessions without tickets, not refunded", invariants.paidWithoutTickets);
    line("tickets confirmed without a paid session", invariants.ticketsWithoutPaidSession);
    line("holds left past expiry", invariants.holdsPastExpiry);
    if (result.admissionOrder) log(`${result.admissionOrder.count === 0 ? "ok  " : "FAIL"} admission order vs queue order: ${result.admissionOrder.count} (${result.admissionOrder.detail})`);
  }
  if (result.error) log(`ERROR: ${result.error}`);
  log(`${result.passed ? "PASS" : "FAIL"}; result in ${result.files.result}`);
}
