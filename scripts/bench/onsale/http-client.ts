// The load client: node:http over keep-alive connections on loopback, with one bound on requests in
// flight shared by every virtual fan (a waiting fan holds no slot). Every answer, refused connection
// and timeout is recorded per endpoint. Never throws for a network failure: status 0 (no answer)
// or -1 (timed out) lets the fan decide to retry.
import http from "node:http";
import type { EndpointStats } from "./stats";

export type HttpAnswer = {
  status: number;
  ms: number;
  /** performance.now() when the request left (after waiting for a slot). */
  sentAt: number;
  /** Parsed JSON, or null when the body is not JSON. */
  json: unknown;
  headers: http.IncomingHttpHeaders;
  /** ECONNREFUSED, ECONNRESET, timeout, ... when there was no answer. */
  error?: string;
};

export type RequestOptions = {
  token?: string;
  body?: unknown;
  /**
   * Makes the body once a slot is free, right before sending (a fan picks seats when it clicks, not
   * while its request waits for the client); null skips the request (status SKIPPED).
   */
  prepare?: () => unknown;
  headers?: Record<string, string>;
  timeoutMs?: number;
};

/** The status of a request whose `prepare` decided not to send it. */
export const SKIPPED = -2;

/** A counting semaphore: at most `limit` holders at once, served in arrival order. */
export class Limiter {
  private active = 0;
  private readonly waiting: Array<() => void> = [];
  /** Once set, requests still waiting for a slot are answered "stopped" without being sent. */
  stopped = false;
  constructor(private readonly limit: number) {}

  /** The fans are done (deadline or stop): drop the queue at once instead of sending it. */
  stop(): void {
    this.stopped = true;
  }

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.active >= this.limit) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.active++;
    try {
      return await task();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.active--;
    }
  }
}

export class HttpClient {
  private readonly agent: http.Agent;
  private readonly url: URL;

  constructor(
    baseUrl: string,
    private readonly stats: EndpointStats,
    private readonly limiter: Limiter,
    maxSockets: number,
    private readonly defaultTimeoutMs = 30_000,
  ) {
    this.url = new URL(baseUrl);
    this.agent = new http.Agent({ keepAlive: true, maxSockets, maxFreeSockets: maxSockets });
  }

  /** `endpoint` names the row of the report ("reserve", "queue_join", ...). */
  request(endpoint: string, method: string, path: string, options: RequestOptions = {}): Promise<HttpAnswer> {
    const queued = performance.now();
    return this.limiter.run(async () => {
      // Time spent waiting for a free slot of the load client: when it grows, fans are waiting on
      // the client's bound rather than on the server (the server's latency is what follows).
      this.stats.recordWait(performance.now() - queued);
      if (this.limiter.stopped) return { status: 0, ms: 0, sentAt: performance.now(), json: null, headers: {}, error: "stopped" };
      if (options.prepare) {
        const body = options.prepare();
        if (body === null) return { status: SKIPPED, ms: 0, sentAt: performance.now(), json: null, headers: {} };
        return this.send(endpoint, method, path, { ...options, body });
      }
      return this.send(endpoint, method, path, options);
    });
  }

  close(): void {
    this.agent.destroy();
  }

  private send(endpoint: string, method: string, path: string, { token, body, headers, timeoutMs = this.defaultTimeoutMs }: RequestOptions): Promise<HttpAnswer> {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const started = performance.now();
    return new Promise((resolve) => {
      let settled = false;
      const finish = (answer: Omit<HttpAnswer, "ms" | "sentAt">) => {
        if (settled) return;
        settled = true;
        const ms = performance.now() - started;
        this.stats.record(endpoint, answer.status, ms);
        resolve({ ...answer, ms, sentAt: started });
      };
      const req = http.request(
        {
          host: this.url.hostname,
          port: this.url.port,
          path,
          method,
          agent: this.agent,
          headers: {
            accept: "application/json",
            ...(payload === undefined ? {} : { "content-type": "application/json", "content-length": Buffer.byteLength(payload) }),
            ...(token ? { authorization: `Bearer ${token}` } : {}),
            ...headers,
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (c: Buffer) => chunks.push(c));
          res.on("error", (e: NodeJS.ErrnoException) => finish({ status: 0, json: null, headers: {}, error: e.code ?? e.message }));
          res.on("end", () => {
            const text = Buffer.concat(chunks).toString("utf8");
            let json: unknown = null;
            try {
              json = text ? JSON.parse(text) : null;
            } catch {
              json = null;
            }
            finish({ status: res.statusCode ?? 0, json, headers: res.headers });
          });
        },
      );
      req.setTimeout(timeoutMs, () => {
        req.destroy();
        finish({ status: -1, json: null, headers: {}, error: "timeout" });
      });
      req.on("error", (e: NodeJS.ErrnoException) => finish({ status: 0, json: null, headers: {}, error: e.code ?? e.message }));
      req.end(payload);
    });
  }
}

/** Seconds from a 429's Retry-After (default 1). */
export function retryAfterSeconds(answer: HttpAnswer, fallback = 1): number {
  const raw = answer.headers["retry-after"];
  const n = Number(Array.isArray(raw) ? raw[0] : raw);
  return Number.isFinite(n) && n >= 0 ? Math.min(n, 60) : fallback;
}

/** The API's error code ({"error": {"code"}}), if any. */
export function errorCode(answer: HttpAnswer): string | null {
  const body = answer.json as { error?: { code?: unknown } } | null;
  return typeof body?.error?.code === "string" ? body.error.code : null;
}
