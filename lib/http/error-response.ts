// The one place where errors become HTTP: every API error body is {"error": {"code", "message"}}.
// Domain errors keep their code; anything unexpected is logged and answered without internals.
import { AppError, isAppError, type ErrorCode } from "@/lib/errors/app-error";

export type ErrorBody = { error: { code: string; message: string; [key: string]: unknown } };

export function jsonError(code: ErrorCode | string, message: string, status: number, extra?: Record<string, unknown>, headers?: HeadersInit): Response {
  const body: ErrorBody = { error: { code, message, ...extra } };
  return Response.json(body, { status, headers });
}

/** True for connection failures to PostgreSQL (pg errors, Prisma adapter errors) or Redis. */
function isUnavailable(error: unknown): boolean {
  const e = error as { code?: unknown; name?: unknown; message?: unknown } | null;
  const code = typeof e?.code === "string" ? e.code : "";
  const message = typeof e?.message === "string" ? e.message : "";
  return (
    ["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "P1001", "P1017", "P2024", "57P01", "57P03", "53300"].includes(code) ||
    /Can't reach database server|Connection terminated|connect ECONNREFUSED|Connection is closed/i.test(message)
  );
}

export function toErrorResponse(error: unknown): Response {
  if (isAppError(error)) {
    const headers: Record<string, string> = {};
    const retryAfter = error.details?.retryAfterSeconds;
    if (typeof retryAfter === "number") headers["Retry-After"] = String(Math.ceil(retryAfter));
    // RFC 6750: a 401 names the scheme the API accepts.
    if (error.code === "unauthorized") headers["WWW-Authenticate"] = 'Bearer realm="openseat"';
    const details = Object.fromEntries(Object.entries(error.details ?? {}).filter(([key]) => key !== "retryAfterSeconds"));
    return jsonError(error.code, error.message, error.status, details, headers);
  }
  if (isUnavailable(error)) {
    console.error("[api] dependency unavailable:", (error as Error).message);
    return jsonError("unavailable", "The service is temporarily unavailable, please retry shortly", 503, undefined, { "Retry-After": "5" });
  }
  console.error("[api] unexpected error:", error);
  return jsonError("internal_error", "Something went wrong on our side", 500);
}

export { AppError };
