// `npm run bench:read`: latency and payload size of the read API against a running server
// (BENCH_URL, default http://localhost:3000), e.g. `npm run demo` or `npm start`.
// For each endpoint of the largest event: N sequential requests (cold first, then warm), and the
// bytes on the wire with and without gzip. Loopback only; it measures, it asserts nothing.
import http from "node:http";
import { parseArgs } from "node:util";

const { values } = parseArgs({ options: { url: { type: "string" }, n: { type: "string", default: "30" } } });
const base = values.url ?? process.env.BENCH_URL ?? "http://localhost:3000";
const n = Number(values.n);

type Summary = { event_id: string; title: string; venue_id: string; total_ticket_cnt: number };

// node:http, not fetch: fetch decompresses and hides the bytes that crossed the wire.
function timed(path: string, gzip: boolean): Promise<{ ms: number; bytes: number; status: number }> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = http.get(base + path, { headers: { "accept-encoding": gzip ? "gzip" : "identity" } }, (res) => {
      let bytes = 0;
      res.on("data", (chunk: Buffer) => (bytes += chunk.length));
      res.on("end", () => resolve({ ms: performance.now() - started, bytes, status: res.statusCode ?? 0 }));
      res.on("error", reject);
    });
    req.on("error", reject);
  });
}

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

async function main(): Promise<void> {
  const list = (await (await fetch(`${base}/api/events?size=100&date_from=2000-01-01`)).json()) as { events: Summary[] };
  const largest = list.events.reduce((a, b) => (b.total_ticket_cnt > a.total_ticket_cnt ? b : a));
  console.info(`server ${base}; largest event #${largest.event_id} "${largest.title}", ${largest.total_ticket_cnt} tickets; ${n} requests each`);
  const detail = (await (await fetch(`${base}/api/events/${largest.event_id}`)).json()) as { seat_map_url: string };
  const paths = [
    `/api/events/${largest.event_id}`,
    detail.seat_map_url,
    `/api/events/${largest.event_id}/seats`,
    `/api/events/${largest.event_id}/availability`,
    "/api/events?size=20",
    "/api/health",
  ];
  console.info("endpoint".padEnd(44), "status", "first ms", "p50 ms", "p95 ms", "max ms", "bytes", "gzip bytes");
  for (const path of paths) {
    const first = await timed(path, true);
    const times: number[] = [];
    let gz = first.bytes;
    for (let i = 0; i < n; i++) {
      const r = await timed(path, true);
      times.push(r.ms);
      gz = r.bytes;
    }
    const plain = await timed(path, false);
    times.sort((a, b) => a - b);
    console.info(
      path.padEnd(44),
      String(first.status).padEnd(6),
      first.ms.toFixed(0).padStart(8),
      pct(times, 50).toFixed(0).padStart(6),
      pct(times, 95).toFixed(0).padStart(6),
      times[times.length - 1]!.toFixed(0).padStart(6),
      String(plain.bytes).padStart(8),
      String(gz).padStart(10),
    );
  }
}

main().catch((e: unknown) => {
  console.error("[bench] failed:", e instanceof Error ? e.message : e);
  process.exit(1);
});
