// Latency and status counts per endpoint, and per-second timelines (holds, reserve attempts), kept
// by the fans' process and summarised before they cross to the lab's process.

export type EndpointSummary = {
  requests: number;
  /** Status -> count; 0 = no answer (connection refused or reset), -1 = timed out. */
  statuses: Record<string, number>;
  p50: number;
  p95: number;
  p99: number;
  max: number;
};

export const percentile = (sorted: number[], p: number): number =>
  sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

export type WaitSummary = { requests: number; p50: number; p95: number; p99: number; max: number };

export class EndpointStats {
  private readonly latencies = new Map<string, number[]>();
  private readonly statuses = new Map<string, Map<number, number>>();
  private readonly waits: number[] = [];

  /** Time a request waited for a free slot of the load client before it was sent. */
  recordWait(ms: number): void {
    this.waits.push(ms);
  }

  waitSummary(): WaitSummary {
    const sorted = [...this.waits].sort((a, b) => a - b);
    return { requests: sorted.length, p50: round(percentile(sorted, 50)), p95: round(percentile(sorted, 95)), p99: round(percentile(sorted, 99)), max: round(sorted[sorted.length - 1] ?? 0) };
  }

  record(endpoint: string, status: number, ms: number): void {
    let list = this.latencies.get(endpoint);
    if (!list) this.latencies.set(endpoint, (list = []));
    list.push(ms);
    let counts = this.statuses.get(endpoint);
    if (!counts) this.statuses.set(endpoint, (counts = new Map()));
    counts.set(status, (counts.get(status) ?? 0) + 1);
  }

  count(endpoint: string, predicate: (status: number) => boolean = () => true): number {
    let n = 0;
    for (const [status, c] of this.statuses.get(endpoint) ?? []) if (predicate(status)) n += c;
    return n;
  }


  summary(): Record<string, EndpointSummary> {
    const out: Record<string, EndpointSummary> = {};
    for (const [endpoint, list] of [...this.latencies].sort(([a], [b]) => a.localeCompare(b))) {
      const sorted = [...list].sort((a, b) => a - b);
      const statuses: Record<string, number> = {};
      for (const [s, c] of [...(this.statuses.get(endpoint) ?? [])].sort(([a], [b]) => a - b)) statuses[String(s)] = c;
      out[endpoint] = {
        requests: list.length,
        statuses,
        p50: round(percentile(sorted, 50)),
        p95: round(percentile(sorted, 95)),
        p99: round(percentile(sorted, 99)),
        max: round(sorted[sorted.length - 1] ?? 0),
      };
    }
    return out;
  }
}

/** Counts per whole second since `origin` (performance.now() ms). */
export class Timeline {
  private readonly buckets: number[] = [];
  constructor(private readonly origin: number) {}

  mark(at = performance.now()): void {
    const second = Math.max(0, Math.floor((at - this.origin) / 1000));
    while (this.buckets.length <= second) this.buckets.push(0);
    this.buckets[second]!++;
  }

  get perSecond(): number[] {
    return [...this.buckets];
  }
}

/** The best average over any `width` consecutive seconds. */
export function peakRate(perSecond: number[], width: number): number {
  if (perSecond.length === 0) return 0;
  const w = Math.min(width, perSecond.length);
  let sum = perSecond.slice(0, w).reduce((a, b) => a + b, 0);
  let best = sum;
  for (let i = w; i < perSecond.length; i++) {
    sum += perSecond[i]! - perSecond[i - w]!;
    best = Math.max(best, sum);
  }
  return best / w;
}

export const round = (n: number, digits = 1): number => Math.round(n * 10 ** digits) / 10 ** digits;
