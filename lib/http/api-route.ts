// Wraps a route handler once so that every API route shares input handling and error mapping:
// handlers just parse, call lib/, and return data. Each call runs with a request id (the caller's or a
// proxy's X-Request-Id when it is a short token, else a new one): every line logged while it runs
// carries it (lib/log/request-context.ts), and the response sends it back in X-Request-Id, so a
// user's report, a proxy's access log and our log lines meet.
import { AppError } from "@/lib/errors/app-error";
import { toErrorResponse } from "@/lib/http/error-response";
import { assertJsonContentType, MAX_JSON_BYTES, readBodyText } from "@/lib/http/read-body";
import { requestIdFrom, withRequestContext } from "@/lib/log/request-context";
import { enforceRateLimitPolicy, type RateLimitPolicy } from "@/lib/rate-limit/policies";

type Params = Record<string, string | string[] | undefined>;
type RouteContext<P extends Params> = { params: Promise<P> };

export type ApiHandler<P extends Params> = (request: Request, params: P) => Promise<Response>;

export type ApiRouteOptions = {
  /**
   * A policy of lib/rate-limit/policies.ts, counted per client IP before the handler runs (there is
   * no user here; authedApiRoute counts per user too).
   */
  rateLimit?: RateLimitPolicy;
};

export function apiRoute<P extends Params = Record<string, never>>(handler: ApiHandler<P>, options: ApiRouteOptions = {}) {
  return async (request: Request, context: RouteContext<P>): Promise<Response> => {
    const requestId = requestIdFrom(request.headers);
    const response = await withRequestContext({ requestId }, async () => {
      try {
        if (options.rateLimit) await enforceRateLimitPolicy({ policy: options.rateLimit, request });
        const params = context?.params ? await context.params : ({} as P);
        return await handler(request, params);
      } catch (error) {
        return toErrorResponse(error);
      }
    });
    return withRequestIdHeader(response, requestId);
  };
}

function withRequestIdHeader(response: Response, requestId: string): Response {
  try {
    response.headers.set("X-Request-Id", requestId);
    return response;
  } catch {
    // Immutable headers (a Response.redirect, a fetched response): a copy with the header.
    const headers = new Headers(response.headers);
    headers.set("X-Request-Id", requestId);
    return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
  }
}

/** JSON with an explicit cache policy (public data can be absorbed by a CDN). */
export function jsonWithCache(data: unknown, cacheControl: string, init?: ResponseInit): Response {
  const headers = new Headers(init?.headers);
  headers.set("Cache-Control", cacheControl);
  return Response.json(data, { ...init, headers });
}

/**
 * The request's JSON body, read through the bounded reader (lib/http/read-body.ts): a body that is
 * not declared as JSON is a 415, one over `limit` bytes a 413 (refused before or while reading, never
 * buffered whole), a missing or malformed one a 400. The content type is checked first, so a large
 * body of the wrong type is refused without reading a byte of it.
 */
export async function readJson(request: Request, { limit = MAX_JSON_BYTES }: { limit?: number } = {}): Promise<unknown> {
  assertJsonContentType(request);
  const text = await readBodyText(request, limit);
  if (text.trim() === "") throw new AppError("bad_request", "The request body must be a JSON object");
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new AppError("bad_request", "The request body is not valid JSON");
  }
}
