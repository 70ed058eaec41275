// One virtual fan, from arrival to tickets (or not), over HTTP only, as a browser or an API client
// would: join the waiting room -> wait (on the shared progress, no request of its own) -> fetch
// the admission -> pick seats (the best ones, anywhere, or the server's best-available) -> hold
// with the admission token -> open checkout -> pay on the Stripe emulator (or decline, or walk
// away) -> confirm.
//
// Politeness: a 409 on seats teaches which seats are taken and the fan picks others; a 429 or a
// 503 waits Retry-After; a refused connection or a timeout (a server restart) backs off and
// retries the same call (a join finds its place again, a re-reserve of held seats answers the same
// hold, checkout reuses the session, confirm is idempotent; best-available is not: a retry after a
// lost answer can add a second block to the hold, counted as hold_larger_than_asked).
import { SKIPPED, errorCode, retryAfterSeconds, type HttpAnswer, type HttpClient, type RequestOptions } from "./http-client";
import type { QueueWatch } from "./queue-watch";
import type { Random, SeatView } from "./seat-picker";
import type { Timeline } from "./stats";

export const GOOD_CARD = "4242424242424242";
export const DECLINED_CARD = "4000000000000002";

export type FanMode = "contention" | "best_available" | "spread";
export type FanPayment = "pay" | "decline_then_pay" | "decline" | "abandon";

export type FanPlan = {
  userId: number;
  token: string;
  mode: FanMode;
  quantity: number;
  payment: FanPayment;
  skipConfirm: boolean;
  arrivalMs: number;
  thinkMs: number;
};

export type FanOutcome =
  | "bought"
  | "bought_partly_refunded"
  | "refunded"
  | "paid_unconfirmed"
  | "declined"
  | "abandoned"
  | "sold_out"
  | "gave_up"
  | "stopped"
  | "error";

export type FanResult = {
  userId: number;
  mode: FanMode;
  payment: FanPayment;
  skipConfirm: boolean;
  outcome: FanOutcome;
  position: number | null;
  /** The position the first join answered (a rejoin after an expired admission goes to the back). */
  joinPosition: number | null;
  /** Times in ms since the fans' origin: the first join request left, and its answer came back. */
  joinSentAtMs: number | null;
  joinedAtMs: number | null;
  /** The answer that admitted the fan came back. */
  admittedAtMs: number | null;
  /** When the shared progress first showed admitted_through >= the fan's position (its turn came). */
  eligibleAtMs: number | null;
  /** The latest status request, sent while the fan had a position, that was told "queued" (wait). */
  lastToldToWaitSentAtMs: number | null;
  /** admitted_through in the answer that admitted the fan (must be >= position). */
  admittedThrough: number | null;
  positionChanged: boolean;
  holdAttempts: number;
  holds: number;
  sessionIds: string[];
  paidSessionId: string | null;
  confirmedTicketIds: number[];
  refundedTicketIds: number[];
  errors: string[];
};

/** What every fan shares: the clients, the views, the clock and the counters. */
export type World = {
  eventId: number;
  app: HttpClient;
  emulator: HttpClient;
  view: SeatView;
  queue: QueueWatch | null;
  random: Random;
  /** performance.now() at the start; result times are relative to it. */
  origin: number;
  /** performance.now() past which fans stop. */
  deadline: number;
  /** Seconds a fan keeps waiting for seats to come back when none are free. */
  soldOutPatienceMs: number;
  isOver: () => boolean;
  counters: Record<string, number>;
  holdsTimeline: Timeline;
  reserveTimeline: Timeline;
};

type QueueStatusBody = {
  state: string;
  position: number | null;
  admitted_through: number;
  admission_token?: string;
  admission_expires_at?: string;
};

type HoldBody = { reservation_id: string; tickets: Array<{ ticket_id: string }>; expire_in_seconds: number };

type Stop = { stop: "sold_out" | "stopped" | "gave_up" | "error" | "readmit" | "retry" };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const isStop = (v: unknown): v is Stop => typeof v === "object" && v !== null && "stop" in v;

export class Fan {
  private readonly result: FanResult;
  private admission: string | null = null;
  /** Set once the fan holds seats: from then on only the deadline stops it, not the end of the sale. */
  private committed = false;

  constructor(
    private readonly plan: FanPlan,
    private readonly world: World,
  ) {
    this.result = {
      userId: plan.userId,
      mode: plan.mode,
      payment: plan.payment,
      skipConfirm: plan.skipConfirm,
      outcome: "stopped",
      position: null,
      joinPosition: null,
      joinSentAtMs: null,
      joinedAtMs: null,
      admittedAtMs: null,
      eligibleAtMs: null,
      lastToldToWaitSentAtMs: null,
      admittedThrough: null,
      positionChanged: false,
      holdAttempts: 0,
      holds: 0,
      sessionIds: [],
      paidSessionId: null,
      confirmedTicketIds: [],
      refundedTicketIds: [],
      errors: [],
    };
  }

  private count(name: string, by = 1): void {
    this.world.counters[name] = (this.world.counters[name] ?? 0) + by;
  }

  private note(error: string): void {
    this.count(`error:${error}`);
    if (this.result.errors.length < 5) this.result.errors.push(error);
  }

  private get stopped(): boolean {
    return performance.now() > this.world.deadline || (!this.committed && this.world.isOver());
  }

  async run(): Promise<FanResult> {
    await sleep(this.plan.arrivalMs);
    this.count("arrived");
    try {
      this.result.outcome = await this.buy();
    } catch (e) {
      this.note(`exception: ${(e as Error).message}`);
      this.result.outcome = "error";
    }
    this.count(`outcome:${this.result.outcome}`);
    this.count(`outcome:${this.result.outcome}:${this.plan.mode}`);
    return this.result;
  }

  private async buy(): Promise<FanOutcome> {
    // A fan goes round again when the hold was lost (admission over, hold or session expired).
    for (let round = 0; round < 4; round++) {
      this.committed = false;
      if (this.stopped) return this.world.isOver() ? "sold_out" : "stopped";
      const admitted = await this.admit();
      if (isStop(admitted)) return admitted.stop === "readmit" || admitted.stop === "retry" ? "gave_up" : admitted.stop;
      const hold = await this.hold();
      if (isStop(hold)) {
        if (hold.stop === "readmit") {
          this.admission = null;
          this.count("readmit");
          continue;
        }
        return hold.stop === "retry" ? "gave_up" : hold.stop;
      }
      const sessionId = await this.checkout(hold);
      if (isStop(sessionId)) {
        if (sessionId.stop === "retry") continue;
        return sessionId.stop === "readmit" ? "gave_up" : sessionId.stop;
      }
      const paid = await this.pay(sessionId);
      if (paid === "retry") continue;
      if (paid !== "paid") return paid;
      if (this.plan.skipConfirm) {
        this.count("confirm_skipped");
        return "paid_unconfirmed";
      }
      return this.confirm(sessionId, hold.tickets.map((t) => Number(t.ticket_id)));
    }
    return "gave_up";
  }

  /**
   * One request with the fan's patience: 429 and 503 wait Retry-After, no answer or a timeout backs
   * off; everything else is the caller's to judge. Null when the sale is over meanwhile.
   */
  private async call(client: HttpClient, endpoint: string, method: string, path: string, options: RequestOptions = {}): Promise<HttpAnswer | null> {
    let backoff = 250;
    // A retry sends the same body: `prepare` runs once, at the first send.
    let prepared: { body: unknown } | null = null;
    const prepare = options.prepare;
    const once = prepare ? () => (prepared ??= { body: prepare() }).body : undefined;
    for (;;) {
      if (this.stopped) return null;
      const answer = await client.request(endpoint, method, path, { token: this.plan.token, ...options, prepare: once });
      if (answer.status === SKIPPED) return answer;
      if (answer.error === "stopped") return null;
      if (answer.status === 429) {
        this.count("http_429");
        await sleep(retryAfterSeconds(answer) * 1000 + this.world.random() * 250);
        continue;
      }
      if (answer.status === 503) {
        this.count("http_503");
        await sleep(Math.min(retryAfterSeconds(answer, 1), 5) * 1000 * (0.5 + this.world.random()));
        continue;
      }
      if (answer.status <= 0 || answer.status >= 500) {
        this.count(answer.status <= 0 ? `no_answer:${answer.error ?? "?"}` : `http_${answer.status}`);
        await sleep(backoff * (0.5 + this.world.random()));
        backoff = Math.min(backoff * 2, 3000);
        continue;
      }
      return answer;
    }
  }

  // ------------------------------------------------------------------ waiting room

  private async queueCall(method: "POST" | "GET"): Promise<QueueStatusBody | null> {
    const answer = await this.call(this.world.app, method === "POST" ? "queue_join" : "queue_status", method, `/api/events/${this.world.eventId}/queue`);
    if (!answer) return null;
    if (answer.status !== 200) {
      this.note(`queue ${method} ${answer.status} ${errorCode(answer) ?? ""}`.trim());
      return null;
    }
    const body = answer.json as QueueStatusBody;
    const at = (t: number) => t - this.world.origin;
    if (method === "POST" && this.result.joinedAtMs === null) {
      this.result.joinSentAtMs = at(answer.sentAt);
      this.result.joinedAtMs = at(answer.sentAt + answer.ms);
      this.result.joinPosition = body.position ?? null;
      this.count("joined");
    }
    if (body.position !== null && body.position !== undefined) {
      if (this.result.position !== null && this.result.position !== body.position) this.result.positionChanged = true;
      this.result.position = body.position;
      if (body.state === "queued") this.result.lastToldToWaitSentAtMs = at(answer.sentAt);
    }
    if (body.state === "admitted" && this.result.admittedAtMs === null) this.result.admittedAtMs = at(answer.sentAt + answer.ms);
    return body;
  }

  private async admit(): Promise<true | Stop> {
    const queue = this.world.queue;
    if (!queue || this.admission) return true;
    let status = await this.queueCall("POST");
    for (let steps = 0; steps < 200; steps++) {
      if (!status) return { stop: this.stopped ? "stopped" : "error" };
      switch (status.state) {
        case "not_queued":
          return true;
        case "admitted": {
          if (!status.admission_token) return { stop: "error" };
          this.admission = status.admission_token;
          if (this.result.admittedThrough === null) {
            this.result.eligibleAtMs ??= this.result.admittedAtMs;
            this.result.admittedThrough = status.admitted_through;
            if (status.position !== null && status.position > status.admitted_through) this.count("admitted_ahead_of_turn");
            this.count("admitted");
          }
          return true;
        }
        case "pre_queue":
        case "queued":
        case "sold_out": {
          const { position, state } = status;
          const woke = await queue.waitFor(
            (p) => (state === "pre_queue" ? p.drawn : position !== null && p.admitted_through >= position && !p.sold_out),
            // A fan looks at its own status now and then anyway, as a page would on focus (rarely:
            // waiting must cost O(1), and a reset of the queue wakes every waiter anyway).
            90_000 + this.world.random() * 60_000,
          );
          if (woke === "stopped" || this.stopped) return { stop: this.world.isOver() ? "sold_out" : "stopped" };
          if (woke === "ready" && state !== "pre_queue" && this.result.eligibleAtMs === null) this.result.eligibleAtMs = performance.now() - this.world.origin;
          if (woke === "reset") await sleep(this.world.random() * 5000);
          status = await this.queueCall("GET");
          break;
        }
        case "expired":
        case "not_joined":
          this.count(`queue_${status.state}`);
          status = await this.queueCall("POST");
          break;
        default:
          this.note(`queue state ${status.state}`);
          return { stop: "error" };
      }
    }
    return { stop: "gave_up" };
  }

  // ------------------------------------------------------------------ seats

  private admissionHeaders(): Record<string, string> | undefined {
    return this.admission ? { "x-admission-token": this.admission } : undefined;
  }

  /**
   * Waits for seats to come back (expired or released holds): until the view shows more than
   * `moreThan` free seats; false when the patience ran out.
   */
  private async waitForSeats(moreThan = 0): Promise<boolean> {
    const until = performance.now() + this.world.soldOutPatienceMs;
    while (performance.now() < until && !this.stopped) {
      await sleep(1000 + this.world.random() * 1000);
      if (this.world.view.freeCount() > moreThan) return true;
    }
    return false;
  }

  private async hold(): Promise<HoldBody | Stop> {
    const { view, random, eventId } = this.world;
    const avoid = new Set<number>();
    const avoidClasses = new Set<string>();
    let quantity = this.plan.quantity;
    let conflicts = 0;
    let patience = 3;
    for (let attempt = 0; ; attempt++) {
      if (attempt >= 16) {
        // Nothing that suits is free now (the last seats are scattered or held): wait for seats to
        // come back, as fans refreshing a sold-out page do, a few times.
        if (patience-- === 0 || !(await this.waitForSeats(view.freeCount()))) return { stop: "gave_up" };
        this.count("waited_for_returned_seats");
        attempt = 0;
        conflicts = 0;
        avoid.clear();
        avoidClasses.clear();
      }
      if (this.stopped) return { stop: this.world.isOver() ? "sold_out" : "stopped" };
      let answer: HttpAnswer | null;
      let classId: string | null = null;
      if (this.plan.mode === "best_available") {
        const picked = view.pickClass(random, avoidClasses);
        if (!picked) {
          avoidClasses.clear();
          if (!(await this.waitForSeats())) return { stop: "sold_out" };
          continue;
        }
        classId = picked.classId;
        this.result.holdAttempts++;
        this.world.reserveTimeline.mark();
        answer = await this.call(this.world.app, "best_available", "POST", `/api/events/${eventId}/best-available`, {
          body: { class_id: classId, quantity },
          headers: this.admissionHeaders(),
        });
      } else {
        // Seats are picked when the request goes out, from the freshest view.
        const pick = (): { ticket_ids: number[] } | null => {
          // A contending fan goes for the best seats; after losing them a few times, for any seats.
          const wantsBest = this.plan.mode === "contention" && conflicts < 3;
          let ids = wantsBest ? view.pickBest(quantity, avoid, random) : view.pickSpread(quantity, avoid, random);
          // Near the end no block of N seats is left: take fewer, as a fan would.
          while (!ids && quantity > 1) {
            quantity--;
            this.count("took_fewer_seats");
            ids = view.pickSpread(quantity, avoid, random);
          }
          if (!ids) return null;
          this.result.holdAttempts++;
          this.world.reserveTimeline.mark();
          return { ticket_ids: ids };
        };
        answer = await this.call(this.world.app, "reserve", "POST", "/api/events/ticket/reserve", { prepare: pick, headers: this.admissionHeaders() });
        if (answer?.status === SKIPPED) {
          avoid.clear();
          if (!(await this.waitForSeats())) return { stop: "sold_out" };
          continue;
        }
      }
      if (!answer) return { stop: this.world.isOver() ? "sold_out" : "stopped" };
      const code = errorCode(answer);
      if (answer.status === 200) {
        this.result.holds++;
        this.committed = true;
        this.count("holds");
        this.world.holdsTimeline.mark();
        const hold = answer.json as HoldBody;
        if (hold.tickets.length > quantity) {
          // More seats than asked for: an earlier attempt went through although its answer was lost,
          // and this one added seats to the same hold.
          this.count(`hold_larger_than_asked:${this.plan.mode}`);
          this.note(`${this.plan.mode} hold ${hold.reservation_id} has ${hold.tickets.length} seats, asked ${quantity}`);
        }
        return hold;
      }
      if (answer.status === 409 && code === "seats_unavailable") {
        this.count("http_409");
        this.count(`conflict:${this.plan.mode}`);
        conflicts++;
        const details = (answer.json as { error?: { unavailable_ticket_ids?: Array<string | number> } }).error;
        const taken = (details?.unavailable_ticket_ids ?? []).map(Number);
        view.learnTaken(taken);
        for (const id of taken) avoid.add(id);
        if (classId) {
          // Best-available has no block of this size left in the class: another class, or fewer seats.
          avoidClasses.add(classId);
          if (avoidClasses.size >= view.classes.length && quantity > 1) {
            quantity--;
            avoidClasses.clear();
          }
        }
        // A person looks at the chart again before the next click (and the next snapshot arrives).
        await sleep(100 + this.world.random() * 400);
        continue;
      }
      if (answer.status === 409 && code === "not_on_sale") {
        this.count("not_on_sale");
        await sleep(1000);
        continue;
      }
      if (answer.status === 403 && (code === "admission_required" || code === "admission_invalid")) {
        this.count(`http_403_${code}`);
        return { stop: "readmit" };
      }
      if (answer.status === 400 && code === "order_limit_exceeded") {
        quantity = Math.max(1, quantity - 1);
        continue;
      }
      this.note(`hold ${answer.status} ${code ?? ""}`.trim());
      await sleep(500);
    }
  }

  // ------------------------------------------------------------------ payment

  private async checkout(hold: HoldBody): Promise<string | Stop> {
    const answer = await this.call(this.world.app, "checkout", "POST", "/api/checkout", { body: { reservation_id: hold.reservation_id } });
    if (!answer) return { stop: "stopped" };
    if (answer.status === 200) {
      const sessionId = (answer.json as { session_id: string }).session_id;
      this.result.sessionIds.push(sessionId);
      this.count("checkouts");
      return sessionId;
    }
    const code = errorCode(answer);
    if (answer.status === 409 && code === "not_held") {
      this.count("checkout_not_held");
      return { stop: "retry" };
    }
    this.note(`checkout ${answer.status} ${code ?? ""}`.trim());
    return { stop: "error" };
  }

  private async payWith(sessionId: string, card: string): Promise<HttpAnswer | null> {
    return this.call(this.world.emulator, card === GOOD_CARD ? "emulator_pay" : "emulator_pay_declined", "POST", `/_emulator/checkout/sessions/${sessionId}/pay`, {
      body: { card, email: `fan${this.plan.userId}@example.com` },
    });
  }

  private async pay(sessionId: string): Promise<"paid" | "retry" | FanOutcome> {
    await sleep(this.plan.thinkMs);
    if (this.plan.payment === "abandon") {
      this.count("abandoned");
      return "abandoned";
    }
    if (this.plan.payment === "decline" || this.plan.payment === "decline_then_pay") {
      const declined = await this.payWith(sessionId, DECLINED_CARD);
      if (!declined) return "stopped";
      this.count(declined.status === 402 ? "declines" : `decline_answer_${declined.status}`);
      if (this.plan.payment === "decline") return "declined";
      await sleep(500 + this.world.random() * 1500);
    }
    const paid = await this.payWith(sessionId, GOOD_CARD);
    if (!paid) return "stopped";
    if (paid.status === 200) {
      this.result.paidSessionId = sessionId;
      this.count("paid");
      return "paid";
    }
    if (paid.status === 409) {
      // The session was expired (the hold ended first): pick seats again.
      this.count("session_closed_before_pay");
      return "retry";
    }
    this.note(`pay ${paid.status}`);
    return "error";
  }

  private async confirm(sessionId: string, ticketIds: number[]): Promise<FanOutcome> {
    for (let tries = 0; tries < 30; tries++) {
      const answer = await this.call(this.world.app, "confirm", "POST", "/api/events/ticket/confirm", {
        body: { ticket_ids: ticketIds, payment_info: { payment_id: sessionId } },
      });
      if (!answer) return "stopped";
      if (answer.status === 200) {
        const body = answer.json as { status: string; confirmed_tickets: Array<{ ticket_id: string }>; refunded_tickets?: Array<{ ticket_id: string }> };
        this.result.confirmedTicketIds = body.confirmed_tickets.map((t) => Number(t.ticket_id));
        this.result.refundedTicketIds = (body.refunded_tickets ?? []).map((t) => Number(t.ticket_id));
        this.count("tickets_confirmed", this.result.confirmedTicketIds.length);
        this.count("tickets_refunded", this.result.refundedTicketIds.length);
        if (body.status !== "success") return "refunded";
        this.count("bought");
        return this.result.refundedTicketIds.length > 0 ? "bought_partly_refunded" : "bought";
      }
      const code = errorCode(answer);
      if (answer.status === 402) {
        // Stripe does not say paid yet (it will): ask again shortly.
        await sleep(500);
        continue;
      }
      this.note(`confirm ${answer.status} ${code ?? ""}`.trim());
      return "error";
    }
    this.note("confirm never completed");
    return "error";
  }
}
