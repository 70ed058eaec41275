// Request bodies read with a ceiling. `request.text()`/`json()`/`formData()` buffer the whole body
// before anyone can look at its size, and a chunked upload declares none: a 16 MB body would sit in
// memory before being refused. Here the body stream is read chunk by chunk, counting bytes, and
// reading stops as soon as the count passes the limit; a declared Content-Length over the limit is
// refused before reading anything. Every route that reads a body goes through readBodyBytes
// (readJson, the Stripe webhook, the Auth.js guard), so "at most the limit, then 413" holds
// everywhere.
//
// Why the stream is left unread rather than cancelled: under `next start` the Request's body is
// Node's IncomingMessage itself, and cancelling it destroys the request, which destroys the socket:
// the client would see a reset connection instead of the 413. Left alone, nothing reads from the
// socket any more (TCP back-pressure stops the sender after what the socket buffers hold), and the
// 413 goes out. `Connection: close` on the 413 was tried and dropped: Node then closes the socket
// with the unread upload in its buffer, which resets the connection, and measured against
// `next start` about half the senders lost the 413 to EPIPE. The stalled connection ends when the
// client closes it or at Node's requestTimeout. test/api/body-limits.test.ts checks this over a
// real socket.
import { AppError } from "@/lib/errors/app-error";

/** The default ceiling for a JSON request body: every JSON body of the API is a few hundred bytes. */
export const MAX_JSON_BYTES = 64 * 1024;

function tooLarge(limit: number): AppError {
  return new AppError("payload_too_large", `The request body must be at most ${limit} bytes`, { limit_bytes: limit });
}

/**
 * The declared Content-Length, or null when there is none (a chunked body). A malformed value is a
 * 400: Node's HTTP parser refuses most of them before we run, but a Request built elsewhere may not.
 */
export function declaredLength(headers: Headers): number | null {
  const raw = headers.get("content-length");
  if (raw === null) return null;
  if (!/^\s*\d+\s*$/.test(raw)) throw new AppError("bad_request", "Content-Length is not a number");
  return Number(raw);
}

/** Throws payload_too_large (413) when the declared Content-Length is over `limit`, reading nothing. */
export function assertDeclaredLengthWithin(request: Request, limit: number): void {
  const declared = declaredLength(request.headers);
  if (declared !== null && declared > limit) throw tooLarge(limit);
}

/**
 * The body's bytes, at most `limit` of them: throws payload_too_large (413) as soon as the body is
 * known to be longer, whether it says so in Content-Length or only while streaming. A request with
 * no body gives an empty array. Past the limit the rest of the body is neither read nor waited for
 * (see above for why it is not cancelled).
 */
export async function readBodyBytes(request: Request, limit: number): Promise<Uint8Array> {
  assertDeclaredLengthWithin(request, limit);
  if (request.body === null) return new Uint8Array(0);
  if (request.bodyUsed) throw new AppError("bad_request", "The request body was already read");
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      // Stop pulling; the chunk that crossed the limit is the last one read.
      if (total > limit) throw tooLarge(limit);
      chunks.push(value);
    }
  } finally {
    reader.releaseLock();
  }
  const out = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return out;
}

/** The body as UTF-8 text, at most `limit` bytes (see readBodyBytes); invalid UTF-8 is a 400. */
export async function readBodyText(request: Request, limit: number): Promise<string> {
  const bytes = await readBodyBytes(request, limit);
  try {
    return new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    throw new AppError("bad_request", "The request body is not valid UTF-8");
  }
}

/**
 * True for a JSON media type: application/json (any parameters, such as charset) or a structured
 * syntax suffix, application/*+json (RFC 6839).
 */
export function isJsonContentType(value: string | null): boolean {
  if (!value) return false;
  const type = value.split(";")[0]!.trim().toLowerCase();
  return type === "application/json" || /^application\/[a-z0-9!#$&^_.-]+\+json$/.test(type);
}

/**
 * Throws unsupported_media_type (415) unless the request says its body is JSON. A JSON route that
 * also took text/plain would accept a body a cross-site HTML form (or a "simple" fetch, which skips
 * CORS preflight) can send.
 */
export function assertJsonContentType(request: Request): void {
  if (!isJsonContentType(request.headers.get("content-type"))) {
    throw new AppError("unsupported_media_type", "The request body must be JSON (Content-Type: application/json)");
  }
}
