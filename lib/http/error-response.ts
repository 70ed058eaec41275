// The one place where errors become HTTP: every API error body is {"error": {"code", "message"}}.
// Domain errors keep their code; anything unexpected is logged and answered without internals.
import { AppError, isAppError, type ErrorCode } from "@/lib/errors/app-error";
import { logger } from "@/lib/log/logger";

const log = logger("api");

export type ErrorBody = { error: { code: string; message: string; [key: string]: unknown } };

export function jsonError(code: ErrorCode | string, message: string, status: number, extra?: Record<string, unknown>, headers?: HeadersInit): Response {
  const body: ErrorBody = { error: { code, message, ...extra } };
  return Response.json(body, { status, headers });
}

// A dependency that is down, overloaded or too slow is the client's cue to come back shortly (503 +
// Retry-After), not a bug (500). What that looks like, by layer:
// - sockets: refused, reset, timed out, name lookup failed;
// - pg and its pool: "timeout exceeded when trying to connect" (DATABASE_CONNECT_TIMEOUT_MS: no free
//   connection in time), "Connection terminated due to connection timeout" (the server did not
//   answer the handshake), "Query read timeout" (query_timeout: the server stopped answering);
// - PostgreSQL SQLSTATEs: 57014 query_canceled (statement_timeout), 55P03 lock_not_available,
//   25P03 idle_in_transaction_session_timeout, 53300 too_many_connections, 57P01-57P03 shutdown
//   or starting up, class 08 connection exceptions;
// - Prisma: P1001/P1002 unreachable, P1008 timed out, P1017 connection closed, P2024 pool timeout,
//   P2028 an interactive transaction that could not start or ran out of time; a driver error
//   (P2010, P2039, ...) is judged by the PostgreSQL code inside it (meta.driverAdapterError);
// - Redis (RedisStoreError): a command timed out (REDIS_COMMAND_TIMEOUT_MS), the connection is
//   closed or offline, the Upstash request was aborted or could not be sent.
const UNAVAILABLE_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EPIPE",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "UND_ERR_CONNECT_TIMEOUT",
  "UND_ERR_SOCKET",
  "P1001",
  "P1002",
  "P1008",
  "P1017",
  "P2024",
  "P2028",
  "57014",
  "55P03",
  "25P03",
  "53300",
  "57P01",
  "57P02",
  "57P03",
  "08000",
  "08001",
  "08003",
  "08004",
  "08006",
]);
const UNAVAILABLE_KINDS = new Set(["DatabaseNotReachable", "ConnectionClosed", "SocketTimeout", "TooManyConnections"]);
// By class where the library has one: AbortSignal.timeout's DOMException (the Upstash client's
// command timeout), ioredis' MaxRetriesPerRequestError.
const UNAVAILABLE_NAMES = new Set(["TimeoutError", "MaxRetriesPerRequestError"]);
// By text only where the library gives neither code nor class: pg and pg-pool ("timeout exceeded when
// trying to connect", "Connection terminated ...", "Query read timeout", "... not queryable"), ioredis
// ("Connection is closed", "Command timed out", "Stream isn't writeable", and the max-retries text when
// the class was lost in a wrapper), Prisma's message when its code was dropped, undici's "fetch failed".
const UNAVAILABLE_MESSAGE =
  /Can't reach database server|Connection terminated|timeout exceeded when trying to connect|Query read timeout|not queryable|connect ECONNREFUSED|Connection is closed|Command timed out|Stream isn't writeable|max retries per request|fetch failed/i;

/** True for a dependency (PostgreSQL, Redis) that is unreachable, overloaded or too slow; see above. */
export function isUnavailable(error: unknown): boolean {
  const seen = new Set<unknown>();
  const queue: unknown[] = [error];
  while (queue.length > 0 && seen.size < 12) {
    const e = queue.shift() as { code?: unknown; originalCode?: unknown; errorCode?: unknown; kind?: unknown; name?: unknown; message?: unknown; cause?: unknown; meta?: unknown } | null;
    if (!e || typeof e !== "object" || seen.has(e)) continue;
    seen.add(e);
    // errorCode: Prisma's initialization errors (P1001 and friends) carry their code there.
    for (const code of [e.code, e.originalCode, e.errorCode]) if (typeof code === "string" && UNAVAILABLE_CODES.has(code)) return true;
    if (typeof e.kind === "string" && UNAVAILABLE_KINDS.has(e.kind)) return true;
    if (typeof e.name === "string" && UNAVAILABLE_NAMES.has(e.name)) return true;
    if (typeof e.message === "string" && UNAVAILABLE_MESSAGE.test(e.message)) return true;
    queue.push(e.cause, (e.meta as { driverAdapterError?: unknown } | undefined)?.driverAdapterError);
  }
  return false;
}

/** Seconds a client is asked to wait after a 503 for an unavailable dependency. */
const UNAVAILABLE_RETRY_AFTER_SECONDS = 5;

export function toErrorResponse(error: unknown): Response {
  if (isAppError(error)) {
    const headers: Record<string, string> = {};
    const details: Record<string, unknown> = Object.fromEntries(Object.entries(error.details ?? {}).filter(([key]) => key !== "retryAfterSeconds"));
    const retryAfter = error.details?.retryAfterSeconds;
    if (typeof retryAfter === "number") {
      // The header for HTTP clients and proxies, the field for scripts that only read the body.
      headers["Retry-After"] = String(Math.ceil(retryAfter));
      details.retry_after_seconds = Math.ceil(retryAfter);
    }
    // RFC 6750: a 401 names the scheme the API accepts.
    if (error.code === "unauthorized") headers["WWW-Authenticate"] = 'Bearer realm="openseat"';
    return jsonError(error.code, error.message, error.status, details, headers);
  }
  if (isUnavailable(error)) {
    reportUnavailable(error);
    return jsonError(
      "unavailable",
      "The service is temporarily unavailable, please retry shortly",
      503,
      { retry_after_seconds: UNAVAILABLE_RETRY_AFTER_SECONDS },
      { "Retry-After": String(UNAVAILABLE_RETRY_AFTER_SECONDS) },
    );
  }
  log.error("unexpected error", { err: error });
  return jsonError("internal_error", "Something went wrong on our side", 500);
}

// During an outage every request fails the same way: one line per 5 s, with how many were folded in.
function reportUnavailable(error: unknown): void {
  log.errorEvery("unavailable", 5_000, (folded) => {
    const more = folded > 0 ? ` (and ${folded} more since the last report)` : "";
    // Prisma's messages start with the call site and a code frame; the last line says what happened.
    const message = error instanceof Error ? error.message : String(error);
    const summary = message.split("\n").map((l) => l.trim()).filter(Boolean).at(-1) ?? message;
    return `dependency unavailable, answered 503${more}: ${summary}`;
  });
}

export { AppError };
