// Wraps a route handler once so that every API route shares input handling and error mapping:
// handlers just parse, call lib/, and return data.
import { AppError } from "@/lib/errors/app-error";
import { toErrorResponse } from "@/lib/http/error-response";
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
    try {
      if (options.rateLimit) await enforceRateLimitPolicy({ policy: options.rateLimit, request });
      const params = context?.params ? await context.params : ({} as P);
      return await handler(request, params);
    } catch (error) {
      return toErrorResponse(error);
    }
  };
}

/** JSON with an explicit cache policy (public data can be absorbed by a CDN). */
export function jsonWithCache(data: unknown, cacheControl: string, init?: ResponseInit): Response {
  const headers = new Headers(init?.headers);
  headers.set("Cache-Control", cacheControl);
  return Response.json(data, { ...init, headers });
}

const MAX_JSON_BYTES = 64 * 1024;

/** The request's JSON body; a missing, oversized or malformed body is a 400 (bad_request), not a 500. */
export async function readJson(request: Request): Promise<unknown> {
  const tooLarge = () => new AppError("bad_request", `The request body must be at most ${MAX_JSON_BYTES} bytes`);
  if (Number(request.headers.get("content-length") ?? 0) > MAX_JSON_BYTES) throw tooLarge();
  const text = await request.text();
  if (text.length > MAX_JSON_BYTES) throw tooLarge();
  if (text.trim() === "") throw new AppError("bad_request", "The request body must be a JSON object");
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new AppError("bad_request", "The request body is not valid JSON");
  }
}
