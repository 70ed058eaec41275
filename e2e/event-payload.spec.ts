// The spec's event payload through the production server entry (scripts/server.mjs): Next.js drops
// a route handler's Content-Encoding, so the entry turns the route's x-openseat-content-encoding into
// it. Read with a raw HTTP client, so the bytes on the wire are what is checked: brotli and gzip
// decode to the plain JSON, the private header never leaks, and a matching If-None-Match is a 304.
import http from "node:http";
import { brotliDecompressSync, gunzipSync } from "node:zlib";
import { expect, test } from "@playwright/test";

type Raw = { status: number; headers: http.IncomingHttpHeaders; body: Buffer };

function rawGet(baseURL: string, path: string, headers: Record<string, string>): Promise<Raw> {
  return new Promise((resolve, reject) => {
    http
      .get(new URL(path, baseURL), { headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
        res.on("error", reject);
      })
      .on("error", reject);
  });
}

test("GET /api/events/:id sends its stored brotli and gzip bytes, and 304 on a matching ETag", async ({ request, baseURL }) => {
  const list = (await (await request.get("/api/events?size=100&sort_by=event_name")).json()) as { events: { event_id: string; total_ticket_cnt: number }[] };
  const largest = [...list.events].sort((a, b) => b.total_ticket_cnt - a.total_ticket_cnt)[0]!;
  const path = `/api/events/${largest.event_id}`;

  const plain = await rawGet(baseURL!, path, { "accept-encoding": "identity" });
  expect(plain.status).toBe(200);
  expect(plain.headers["content-encoding"]).toBeUndefined();
  const json = JSON.parse(plain.body.toString("utf8")) as { event_id: string; tickets: unknown[] };
  expect(json.event_id).toBe(largest.event_id);
  expect(json.tickets.length).toBe(largest.total_ticket_cnt);

  const br = await rawGet(baseURL!, path, { "accept-encoding": "gzip, deflate, br" });
  expect(br.headers["content-encoding"]).toBe("br");
  expect(br.headers["x-openseat-content-encoding"]).toBeUndefined();
  expect(br.headers.vary).toContain("Accept-Encoding");
  expect(brotliDecompressSync(br.body).equals(plain.body)).toBe(true);

  const gz = await rawGet(baseURL!, path, { "accept-encoding": "gzip" });
  expect(gz.headers["content-encoding"]).toBe("gzip");
  expect(gunzipSync(gz.body).equals(plain.body)).toBe(true);

  const again = await rawGet(baseURL!, path, { "accept-encoding": "gzip, br", "if-none-match": String(br.headers.etag) });
  expect(again.status).toBe(304);
  expect(again.body.length).toBe(0);
});
