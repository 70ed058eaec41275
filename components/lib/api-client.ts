// The browser's one way to call the OpenSeat API: same-origin fetch with the session cookie, JSON in
// and out, and every failure (no network, an error answer, a body that is not JSON) turned into one
// typed result instead of a throw, carrying the API's coded error ({"error":{"code","message",...}}).
// Callers word their own messages for the cases the API gives no message for. No server imports:
// client components use it.

/** A failed call. status 0: the request never got an answer (offline, aborted). */
export type ApiFailure = {
  status: number;
  /** The API's error code, or "network" (no answer), "bad_response" (not JSON), "error" (no code given). */
  code: string;
  message: string;
  /** The rest of the API's error object (unavailable_ticket_ids, retry_after_seconds, ...). */
  details: Record<string, unknown>;
};

export type ApiResult<T> = { ok: true; status: number; data: T } | { ok: false; error: ApiFailure };

export type ApiRequest = {
  method?: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  /** Sent as JSON. */
  body?: unknown;
  signal?: AbortSignal;
  cache?: RequestCache;
  /** Extra request headers (an Idempotency-Key, say). */
  headers?: Record<string, string>;
  /** The message when no answer came (the fetch itself failed). */
  networkMessage?: string | ((error: unknown) => string);
  /** The message for an error answer that carries none of its own. */
  fallbackMessage?: (status: number, statusText: string) => string;
};

export const NETWORK_MESSAGE = "We couldn't reach OpenSeat. Check your connection and try again.";

const defaultFallback = (status: number) => `Something went wrong (${status})`;

/** Calls the API and answers its JSON body, or the failure; never throws. */
export async function requestJson<T>(url: string, request: ApiRequest = {}): Promise<ApiResult<T>> {
  const headers: Record<string, string> = { ...request.headers, accept: "application/json" };
  const init: RequestInit = { method: request.method ?? "GET", credentials: "same-origin", headers, signal: request.signal };
  if (request.cache) init.cache = request.cache;
  if (request.body !== undefined) {
    headers["content-type"] = "application/json";
    init.body = JSON.stringify(request.body);
  }
  let res: Response;
  try {
    res = await fetch(url, init);
  } catch (error) {
    const network = request.networkMessage ?? NETWORK_MESSAGE;
    return { ok: false, error: { status: 0, code: "network", message: typeof network === "function" ? network(error) : network, details: {} } };
  }
  const fallback = (request.fallbackMessage ?? defaultFallback)(res.status, res.statusText);
  let json: unknown;
  try {
    json = await res.json();
  } catch {
    return { ok: false, error: { status: res.status, code: res.ok ? "bad_response" : "error", message: fallback, details: {} } };
  }
  if (res.ok) return { ok: true, status: res.status, data: json as T };
  const { code, message, ...details } = ((json as { error?: Record<string, unknown> } | null)?.error ?? {}) as Record<string, unknown>;
  return {
    ok: false,
    error: { status: res.status, code: typeof code === "string" ? code : "error", message: typeof message === "string" && message ? message : fallback, details },
  };
}
