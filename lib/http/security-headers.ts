// The security headers of pages. Static ones (the same on every response) are set in next.config.ts;
// the Content-Security-Policy carries a fresh nonce per page view and is set by proxy.ts, which
// also hands it to Next in the request headers so that Next puts the nonce on its own scripts.
//
// The policy, and why each part:
//   script-src 'nonce-…' 'strict-dynamic'  only scripts Next rendered with this response's nonce,
//       and what they load; an injected <script> or inline handler does not run. 'self' is kept
//       as a fallback for browsers without strict-dynamic (they ignore it when they support it).
//       `next dev` also needs 'unsafe-eval' (React's dev tooling); production does not get it.
//   style-src 'self' 'unsafe-inline'   React `style={…}` attributes (the seating chart, the event
//       visuals) cannot carry a nonce, and a nonce in style-src would switch 'unsafe-inline' off.
//       Injected styles need injected markup first, which React's escaping already prevents; the
//       script policy is what stops code running.
//   connect-src 'self'   fetch and the SSE streams go to this origin only (`next dev` adds ws: for
//       hot reload). worker-src 'self'   the push service worker (/sw.js); without it the worker
//       would fall back to script-src, where 'strict-dynamic' voids 'self'. img-src 'self' data: blob:   local images (next/image) and inline SVG data.
//   frame-ancestors 'none' (and X-Frame-Options: DENY for old browsers)   no page can be framed:
//       clickjacking the "pay" button. form-action 'self'   forms post here only (the Stripe
//       checkout is a navigation after a fetch, not a form post). base-uri 'self', object-src 'none'.
export function contentSecurityPolicy(nonce: string, { dev = false }: { dev?: boolean } = {}): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    `connect-src 'self'${dev ? " ws: wss:" : ""}`,
    "worker-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

/** A nonce for one response: 128 random bits, base64. */
export function newNonce(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return btoa(String.fromCharCode(...bytes));
}

/** Two years, subdomains included: sent only on responses that came over HTTPS. */
export const HSTS_VALUE = "max-age=63072000; includeSubDomains";

/** Headers on every response (next.config.ts headers()): cheap, the same for pages and the API. */
export const STATIC_SECURITY_HEADERS = [
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "X-Frame-Options", value: "DENY" },
  { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
] as const;

/**
 * Whether a POST that calls a server action (Next-Action header) comes from another origin: its
 * Origin's host is not the host it was sent to (X-Forwarded-Host first, as Next itself compares).
 * Next refuses those too, but by throwing, which answers 500; proxy.ts answers 403 first. A request
 * without Origin is not a browser's cross-origin request (browsers send Origin on every POST).
 */
export function isCrossOriginServerAction(request: Request): boolean {
  if (request.method.toUpperCase() !== "POST" || !request.headers.has("next-action")) return false;
  const origin = request.headers.get("origin");
  if (origin === null) return false;
  const host = (request.headers.get("x-forwarded-host") ?? request.headers.get("host") ?? new URL(request.url).host).split(",")[0]!.trim().toLowerCase();
  try {
    return new URL(origin).host.toLowerCase() !== host;
  } catch {
    return true; // "null" (sandboxed frames, file:) or garbage
  }
}
