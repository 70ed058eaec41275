// Serves a body whose encodings are made once (lib/http/encoded-json-body.ts) instead of per request:
// brotli or gzip by the request's Accept-Encoding, plain otherwise, with a strong ETag per encoding
// and a 304 to a matching If-None-Match.
//
// Next.js 16 drops a route handler's Content-Encoding header (send-response.ts, FORBIDDEN_HEADERS)
// and compresses the body itself, so encoded bytes sent as they are would reach the client
// double-encoded. The production server entry (scripts/server.mjs) turns ENCODED_AS_HEADER into
// Content-Encoding on the way out, which also keeps Next's per-request gzip off the body. Only a
// request that came through that entry (its per-process key: lib/rate-limit/client-ip.ts) gets
// encoded bytes; anywhere else (`next dev`, a plain `next start`, Vercel, whose edge compresses and
// caches by s-maxage) the plain JSON goes out and the platform compresses it.
import { peerAddress } from "@/lib/rate-limit/client-ip";
import type { BodyEncoding, EncodedJsonBody } from "@/lib/http/encoded-json-body";

/** Shared with scripts/server.mjs (ENCODED_AS_HEADER there). */
export const ENCODED_AS_HEADER = "x-openseat-content-encoding";

const ENCODINGS: BodyEncoding[] = ["br", "gzip"];

/** The encodings the client accepts (q > 0), from Accept-Encoding. */
function acceptedEncodings(header: string | null): Set<string> {
  const accepted = new Set<string>();
  if (!header) return accepted;
  for (const part of header.split(",")) {
    const [name, ...params] = part.trim().toLowerCase().split(";");
    const q = params.map((p) => p.trim()).find((p) => p.startsWith("q="));
    if (name && (q === undefined || Number(q.slice(2)) > 0)) accepted.add(name.trim());
  }
  return accepted;
}

/** The encoding to send, or null for the plain body. */
export function chooseEncoding(request: Request): BodyEncoding | null {
  if (peerAddress(request.headers) === null) return null;
  const accepted = acceptedEncodings(request.headers.get("accept-encoding"));
  return ENCODINGS.find((e) => accepted.has(e)) ?? null;
}

/** The ETag of the body as sent in `encoding` (a strong ETag names one representation). */
function etagFor(body: EncodedJsonBody, encoding: BodyEncoding | null): string {
  return encoding ? `${body.etag.slice(0, -1)}-${encoding}"` : body.etag;
}

/** True when If-None-Match names this body in any of its encodings (the client holds a current copy). */
function matchesBody(request: Request, body: EncodedJsonBody): boolean {
  const header = request.headers.get("if-none-match");
  if (!header) return false;
  const current = new Set([body.etag, ...ENCODINGS.map((e) => etagFor(body, e))]);
  return header.split(",").some((tag) => {
    const t = tag.trim().replace(/^W\//, "");
    return t === "*" || current.has(t);
  });
}

export async function precompressedJsonResponse(request: Request, body: EncodedJsonBody, cacheControl: string): Promise<Response> {
  const encoding = chooseEncoding(request);
  const headers = new Headers({ "Cache-Control": cacheControl, ETag: etagFor(body, encoding), Vary: "Accept-Encoding" });
  if (matchesBody(request, body)) return new Response(null, { status: 304, headers });
  headers.set("Content-Type", "application/json");
  if (!encoding) return new Response(body.json, { headers });
  headers.set(ENCODED_AS_HEADER, encoding);
  return new Response(new Uint8Array(await body.encoded(encoding)), { headers });
}
