// One reader of the waiting room's shared progress for every virtual fan: GET
// /api/events/:id/queue/progress four times a second, standing in for the CDN (or the single SSE
// ticker) that serves the same tiny payload to every browser. A fan waits on a predicate over
// the progress ("admitted_through >= my position") and costs no request while it waits.
//
// If admitted_through goes backwards (the queue's Redis state was lost), `epoch` moves on and
// every waiter wakes up to ask for its own status again, spread over a few seconds.
import type { HttpClient } from "./http-client";

/** What the lab reads of GET /queue/progress (lib/queue/types.ts QueueProgress). */
export type Progress = { admitted_through: number; sold_out: boolean; drawn: boolean; queue_length: number; queue_enabled: boolean };

type Waiter = { predicate: (p: Progress) => boolean; epoch: number; resolve: (woken: "ready" | "reset" | "stopped" | "timeout") => void; timer?: NodeJS.Timeout };

export class QueueWatch {
  latest: Progress | null = null;
  epoch = 0;
  polls = 0;
  regressions = 0;
  private waiters = new Set<Waiter>();
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;

  constructor(
    private readonly client: HttpClient,
    private readonly eventId: number,
    private readonly periodMs = 250,
  ) {}

  start(): void {
    const tick = async () => {
      if (this.stopped) return;
      const answer = await this.client.request("queue_progress", "GET", `/api/events/${this.eventId}/queue/progress`, { timeoutMs: 10_000 });
      this.polls++;
      if (answer.status === 200 && answer.json) {
        const p = answer.json as Progress;
        if (this.latest && p.admitted_through < this.latest.admitted_through) {
          this.regressions++;
          this.epoch++;
        }
        this.latest = p;
        this.notify();
      }
      if (!this.stopped) this.timer = setTimeout(tick, this.periodMs);
    };
    void tick();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    for (const w of this.waiters) this.wake(w, "stopped");
  }

  /** Resolves when the predicate holds, the queue state was reset, the watch stops, or after maxMs. */
  waitFor(predicate: (p: Progress) => boolean, maxMs: number): Promise<"ready" | "reset" | "stopped" | "timeout"> {
    if (this.stopped) return Promise.resolve("stopped");
    if (this.latest && predicate(this.latest)) return Promise.resolve("ready");
    return new Promise((resolve) => {
      const waiter: Waiter = { predicate, epoch: this.epoch, resolve };
      waiter.timer = setTimeout(() => this.wake(waiter, "timeout"), maxMs);
      this.waiters.add(waiter);
    });
  }

  private wake(waiter: Waiter, why: "ready" | "reset" | "stopped" | "timeout"): void {
    if (!this.waiters.delete(waiter)) return;
    if (waiter.timer) clearTimeout(waiter.timer);
    waiter.resolve(why);
  }

  private notify(): void {
    const p = this.latest;
    if (!p) return;
    for (const w of this.waiters) {
      if (w.epoch !== this.epoch) this.wake(w, "reset");
      else if (w.predicate(p)) this.wake(w, "ready");
    }
  }
}
