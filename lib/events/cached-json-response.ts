// Serves a cached JSON entry as it is stored: the text is never parsed and re-serialised per
// request (for the 20,000-seat event payload, 2.5 MB, that alone costs ~40 ms of CPU), and its
// ETag and its brotli / gzip encodings are made once per entry and process
// (precompressed-json-response.ts), so a client that revalidates gets a 304 and nobody's request
// pays for compressing the same bytes again.
import type { Cached } from "@/lib/redis/cached";
import { toEncodedJsonBody } from "@/lib/http/encoded-json-body";
import { precompressedJsonResponse } from "@/lib/events/precompressed-json-response";

export function cachedJsonResponse(request: Request, entry: Cached<unknown>, cacheControl: string): Promise<Response> {
  return precompressedJsonResponse(request, entry.memo("encoded-body", toEncodedJsonBody), cacheControl);
}
