// For handlers we do not write (Auth.js' endpoints): Auth.js reads a POST body whole with
// `req.text()`/`req.json()`, so a 16 MB chunked upload to /api/auth/callback/credentials would be
// buffered before anything refused it. withBoundedBody reads at most `limit` bytes through the
// bounded reader (413 JSON as soon as the limit is passed or when Content-Length declares more),
// then hands the handler an equivalent NextRequest carrying the buffered bytes.
import { NextRequest } from "next/server";
import { toErrorResponse } from "@/lib/http/error-response";
import { readBodyBytes } from "@/lib/http/read-body";

type Handler = (request: NextRequest) => Promise<Response> | Response;

export function withBoundedBody(handler: Handler, limit: number): (request: NextRequest) => Promise<Response> {
  return async (request) => {
    if (request.body === null) return handler(request);
    let body: Uint8Array;
    try {
      body = await readBodyBytes(request, limit);
    } catch (error) {
      return toErrorResponse(error);
    }
    const headers = new Headers(request.headers);
    // The body is now a known length; a stale Transfer-Encoding must not describe it.
    headers.delete("transfer-encoding");
    headers.set("content-length", String(body.byteLength));
    const copy = new NextRequest(request.url, { method: request.method, headers, body: body as BodyInit, signal: request.signal });
    return handler(copy);
  };
}
