// Next.js Proxy (Next 16's name for middleware), on page requests only (see the matcher: never
// /api, static files or images, so the API's hot paths pay nothing for it).
//   - A server action called from another origin gets 403 with the JSON error here; left to Next,
//     the same refusal is an exception and a 500.
//   - Every page gets a Content-Security-Policy with a fresh nonce (lib/http/security-headers.ts).
//     The policy also goes into the request headers, where Next finds the nonce and adds it to the
//     scripts it renders; pages are rendered per request, so each view gets its own.
//   - HSTS when the request came over HTTPS (on Vercel, or X-Forwarded-Proto from a trusted proxy).
import { NextResponse, type NextRequest } from "next/server";
import { setting } from "@/lib/config/env";
import { jsonError } from "@/lib/http/error-response";
import { contentSecurityPolicy, HSTS_VALUE, isCrossOriginServerAction, newNonce } from "@/lib/http/security-headers";
import { isHttpsRequest } from "@/lib/rate-limit/client-ip";

export function proxy(request: NextRequest): Response {
  if (isCrossOriginServerAction(request)) {
    return jsonError("forbidden", "Cross-origin requests cannot call server actions", 403);
  }
  const csp = contentSecurityPolicy(newNonce(), { dev: setting("NODE_ENV") === "development" });
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("content-security-policy", csp);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set("Content-Security-Policy", csp);
  if (isHttpsRequest(request.headers)) response.headers.set("Strict-Transport-Security", HSTS_VALUE);
  return response;
}

export const config = {
  matcher: [
    {
      // Pages: everything but the API, Next's static files and image optimizer, and files with an
      // extension (public/ images, favicon, robots.txt).
      source: "/((?!api/|_next/static/|_next/image|.*\\.[A-Za-z0-9]+$).*)",
    },
  ],
};
