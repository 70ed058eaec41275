// Serves a cached JSON entry as it is stored: the text is never parsed and re-serialised per
// request (for the 20,000-seat event payload, 2.5 MB, that alone costs ~40 ms of CPU), and its
// ETag is computed once per entry and process, so a client that revalidates gets a 304.
//
// Not pre-compressed: Next.js 16 drops a route handler's Content-Encoding header (send-response.ts,
// FORBIDDEN_HEADERS) and compresses the body itself, per request, so gzipped bytes would reach the
// client as a double-encoded body. The per-request gzip is what a CDN in front absorbs
// (the routes' s-maxage).
import { createHash } from "node:crypto";
import type { Cached } from "@/lib/redis/cached";

function etagOf(entry: Cached<unknown>): string {
  return entry.memo("etag", (json) => `"${createHash("sha1").update(json).digest("base64url")}"`);
}

function matchesEtag(request: Request, etag: string): boolean {
  const header = request.headers.get("if-none-match");
  if (!header) return false;
  return header.split(",").some((tag) => {
    const t = tag.trim();
    return t === "*" || t === etag || t === `W/${etag}`;
  });
}

export function cachedJsonResponse(request: Request, entry: Cached<unknown>, cacheControl: string): Response {
  const etag = etagOf(entry);
  const headers = new Headers({ "Cache-Control": cacheControl, ETag: etag });
  if (matchesEtag(request, etag)) return new Response(null, { status: 304, headers });
  headers.set("Content-Type", "application/json");
  return new Response(entry.json, { headers });
}
