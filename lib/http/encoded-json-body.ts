// A JSON text with its strong ETag and its brotli and gzip encodings, each made once, on first
// demand, off the main thread (zlib's thread pool), and shared by every request that sends it.
// Served by lib/events/precompressed-json-response.ts; the cached read entries keep one per entry
// (cached-json-response.ts), the event payload one per change (get-event-detail-body.ts).
import { createHash } from "node:crypto";
import { promisify } from "node:util";
import { brotliCompress, constants as zlib, gzip } from "node:zlib";

const gzipAsync = promisify(gzip);
const brotliAsync = promisify(brotliCompress);

export type BodyEncoding = "br" | "gzip";

export type EncodedJsonBody = {
  readonly json: string;
  /** Strong ETag of the JSON text (quoted). */
  readonly etag: string;
  encoded(encoding: BodyEncoding): Promise<Buffer>;
};

export function toEncodedJsonBody(json: string): EncodedJsonBody {
  const etag = `"${createHash("sha1").update(json).digest("base64url")}"`;
  const encodings = new Map<BodyEncoding, Promise<Buffer>>();
  return {
    json,
    etag,
    encoded(encoding) {
      let promise = encodings.get(encoding);
      if (!promise) {
        const input = Buffer.from(json);
        promise =
          encoding === "gzip"
            ? gzipAsync(input, { level: 6 })
            : // Quality 5: about gzip's CPU on JSON this repetitive, and smaller; brotli's default
              // (11) takes seconds on the 2 MB event payload.
              brotliAsync(input, {
                params: { [zlib.BROTLI_PARAM_QUALITY]: 5, [zlib.BROTLI_PARAM_SIZE_HINT]: input.length, [zlib.BROTLI_PARAM_MODE]: zlib.BROTLI_MODE_TEXT },
              });
        // A failed compression is not kept: the next request tries again.
        promise.catch(() => encodings.delete(encoding));
        encodings.set(encoding, promise);
      }
      return promise;
    },
  };
}
