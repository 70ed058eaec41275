// Next.js answers a method a route.ts does not export with a bare 405 (no body, no Allow header),
// which breaks the API's promise that every error is `{"error": {"code", "message"}}`. So each route
// file exports the methods it does not serve from here:
//
//   export const { POST, PUT, PATCH, DELETE, OPTIONS } = methodNotAllowed(["GET"]);
//
// Each answers 405 method_not_allowed with an Allow header naming what the route does serve (RFC
// 9110 15.5.6). OPTIONS is the exception: it is how a client asks what is allowed, so it answers
// 204 with the same Allow header (Next's own OPTIONS would list these 405 exports as allowed).
// HEAD is served by Next from GET when a route has GET, so it is only "not allowed" without one.
// test/api/methods.test.ts walks every route file and checks that nothing is left to Next's 405.
import { jsonError } from "@/lib/http/error-response";

export const HTTP_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

type Handler = (request: Request) => Response;

/** Marks the handlers made here, so a test can tell them from a route's real ones. */
export const NOT_ALLOWED = Symbol.for("openseat.methodNotAllowed");

type Served<A extends HttpMethod> = A | ("GET" extends A ? "HEAD" : never);

/** The value of the Allow header for a route serving `allowed`. */
export function allowHeader(allowed: readonly HttpMethod[]): string {
  const set = new Set<HttpMethod>(allowed);
  if (set.has("GET")) set.add("HEAD");
  set.add("OPTIONS");
  return HTTP_METHODS.filter((m) => set.has(m)).join(", ");
}

/** Handlers for every method the route does not serve; destructure the ones the route file needs. */
export function methodNotAllowed<const A extends HttpMethod>(allowed: readonly A[]): Record<Exclude<HttpMethod, Served<A>>, Handler> {
  const allow = allowHeader(allowed);
  const notAllowed: Handler = (request) =>
    jsonError("method_not_allowed", `${request.method} is not allowed here; use ${allow}`, 405, undefined, { Allow: allow, "Cache-Control": "no-store" });
  const options: Handler = () => new Response(null, { status: 204, headers: { Allow: allow } });
  const handlers: Partial<Record<HttpMethod, Handler>> = {};
  for (const method of HTTP_METHODS) {
    if ((allowed as readonly HttpMethod[]).includes(method) || (method === "HEAD" && (allowed as readonly HttpMethod[]).includes("GET"))) continue;
    const handler: Handler = method === "OPTIONS" ? (r) => options(r) : (r) => notAllowed(r);
    Object.defineProperty(handler, NOT_ALLOWED, { value: true });
    handlers[method] = handler;
  }
  return handlers as Record<Exclude<HttpMethod, Served<A>>, Handler>;
}
