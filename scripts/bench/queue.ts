// `npm run bench:queue`: what a crowd in the waiting room costs a server. Opens --connections
// (default 2,000) concurrent SSE connections from this process to one event's queue stream
// (GET /api/events/:id/queue/stream), holds them --hold seconds (default 20), checks every one
// received `progress` events, and reports the server's resident memory before, during and after
// (VmRSS of the next-server process, from /proc) with the memory per connection, plus the rate of
// progress events received. Prints the figures and writes them as JSON to bench/results/.
//
// Two ways to run it:
// - default: starts the production build (`next start`; run `npm run build` first) on --port
//   (3500) against the current environment (DATABASE_URL, a local database, is required; REDIS_URL
//   recommended) and creates a fresh event with the waiting room on;
// - --url http://host:port --event N [--pid P]: against a server that is already running (the event
//   must exist; pass the next-server process id to get memory figures, else only delivery is measured).
// Loopback only; bounded in count. It measures, it asserts delivery (exit 1 if a connection got nothing).
import { spawn, type ChildProcess } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import http from "node:http";
import path from "node:path";
import { parseArgs } from "node:util";

const { values } = parseArgs({
  options: {
    url: { type: "string" },
    event: { type: "string" },
    pid: { type: "string" },
    connections: { type: "string", default: "2000" },
    hold: { type: "string", default: "20" },
    port: { type: "string", default: "3500" },
  },
});
const CONNECTIONS = Number(values.connections);
const HOLD_SECONDS = Number(values.hold);
const root = path.resolve(import.meta.dirname, "../..");
const agent = new http.Agent({ keepAlive: false, maxSockets: Infinity });

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Resident memory of a process in MB (VmRSS), or null when it cannot be read. */
function rssMb(pid: number | null): number | null {
  if (pid === null) return null;
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return match ? Number(match[1]) / 1024 : null;
  } catch {
    return null;
  }
}

/** The next-server process: the spawned process itself (next start renames it) or a descendant. */
function findNextServer(rootPid: number): number {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const ppid = Number(readFileSync(`/proc/${entry}/stat`, "utf8").split(") ")[1]!.split(" ")[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    } catch {
      // gone
    }
  }
  const queue = [rootPid];
  while (queue.length > 0) {
    const pid = queue.shift()!;
    try {
      if (readFileSync(`/proc/${pid}/cmdline`, "utf8").startsWith("next-server")) return pid;
    } catch {
      // gone
    }
    queue.push(...(children.get(pid) ?? []));
  }
  return rootPid;
}

function get(base: string, urlPath: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    http
      .get(base + urlPath, { agent }, (res) => {
        let body = "";
        res.setEncoding("utf8");
        res.on("data", (c: string) => (body += c));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
      })
      .on("error", reject);
  });
}

/** firstEventMs: from sending the request to the first `progress` event. */
type Connection = { request: http.ClientRequest; progress: number; firstEventMs: number | null; lastThrough: number | null; failed: string | null };

/** Opens one SSE connection and counts its `progress` events. */
function openStream(base: string, eventId: number): Promise<Connection> {
  const started = performance.now();
  return new Promise((resolve) => {
    const conn: Connection = { request: null as unknown as http.ClientRequest, progress: 0, firstEventMs: null, lastThrough: null, failed: null };
    let buffer = "";
    conn.request = http.get(`${base}/api/events/${eventId}/queue/stream`, { agent, headers: { accept: "text/event-stream" } }, (res) => {
      if (res.statusCode !== 200) {
        conn.failed = `HTTP ${res.statusCode}`;
        res.resume();
        resolve(conn);
        return;
      }
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => {
        buffer += chunk;
        let end: number;
        while ((end = buffer.indexOf("\n\n")) >= 0) {
          const frame = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          if (!frame.startsWith("event: progress")) continue;
          conn.progress += 1;
          conn.firstEventMs ??= performance.now() - started;
          const data = frame.split("\ndata: ")[1];
          if (data) conn.lastThrough = (JSON.parse(data) as { admitted_through: number }).admitted_through;
        }
      });
      res.on("error", () => {});
      resolve(conn);
    });
    conn.request.on("error", (e) => {
      conn.failed ??= e.message;
      resolve(conn);
    });
  });
}

async function waitForServer(base: string): Promise<void> {
  for (let i = 0; i < 120; i++) {
    try {
      if ((await get(base, "/api/health")).status === 200) return;
    } catch {
      // not listening yet
    }
    await sleep(500);
  }
  throw new Error("next start did not come up");
}

async function createQueueEvent(): Promise<number> {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error("bench:queue needs DATABASE_URL (a local database) to create its event, or --url and --event of a running server");
  const { isLocalDatabaseUrl } = await import("@/lib/db/local-database");
  if (!isLocalDatabaseUrl(url)) throw new Error("bench:queue only runs against a local database");
  const { applyMigrations } = await import("@/lib/db/migrations");
  const { disconnectDb, getDb } = await import("@/lib/db");
  const { createEventWithTickets, createVenueWithGrid } = await import("@/prisma/seed/factories");
  await applyMigrations(url, { log: () => {} });
  const db = getDb();
  const { venue } = await createVenueWithGrid(db, { name: `Queue Bench Hall ${Date.now()}`, rows: 2, seatsPerRow: 10 });
  const { event } = await createEventWithTickets(db, {
    venueId: venue.id,
    title: `Queue bench ${new Date().toISOString()}`,
    onsaleAt: new Date(Date.now() - 60_000),
    queueEnabled: true,
    queueAdmissionPerMinute: 600,
  });
  await disconnectDb();
  return event.id;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
const round = (x: number | null, digits = 1) => (x === null ? null : Math.round(x * 10 ** digits) / 10 ** digits);

async function main(): Promise<void> {
  let base = values.url?.replace(/\/+$/, "");
  let eventId = values.event ? Number(values.event) : null;
  let server: ChildProcess | null = null;
  let pid = values.pid ? Number(values.pid) : null;
  if (base && eventId === null) throw new Error("--url needs --event (an event of that server with the waiting room on)");

  if (!base) {
    process.env.AUTH_SECRET ??= "bench-only-secret-bench-only-secret-0123";
    eventId = await createQueueEvent();
    const port = Number(values.port);
    base = `http://127.0.0.1:${port}`;
    server = spawn(path.join(root, "node_modules/.bin/next"), ["start", "-H", "127.0.0.1", "-p", String(port)], {
      cwd: root,
      // Without REDIS_URL the server runs on the in-process stand-in, which production refuses unless
      // told it is a one-machine run (lib/config/shared-services.ts).
      env: { ...process.env, NODE_ENV: "production", HOLD_SWEEP_INTERVAL_MS: "0", ...(process.env.REDIS_URL ? {} : { OPENSEAT_DEMO: "1" }) },
      stdio: ["ignore", "ignore", "inherit"],
    });
    await waitForServer(base);
    pid = findNextServer(server.pid!);
  }
  const event = eventId!;

  try {
    const progress = await get(base, `/api/events/${event}/queue/progress`);
    if (progress.status !== 200) throw new Error(`GET /api/events/${event}/queue/progress answered ${progress.status}: ${progress.body.slice(0, 200)}`);
    // Warm up the stream route (compilation, first ticker) so the baseline is the idle steady state.
    const warm = await Promise.all(Array.from({ length: 20 }, () => openStream(base, event)));
    await sleep(2000);
    for (const c of warm) c.request.destroy();
    await sleep(3000);
    const before = median([rssMb(pid), (await sleep(500), rssMb(pid)), (await sleep(500), rssMb(pid))].filter((x): x is number => x !== null));
    console.info(`server ${base} (next-server pid ${pid ?? "unknown"}); event #${event}; RSS before ${before.toFixed(1)} MB; opening ${CONNECTIONS} SSE connections`);

    const started = performance.now();
    const connections: Connection[] = [];
    const BATCH = 100;
    for (let i = 0; i < CONNECTIONS; i += BATCH) {
      connections.push(...(await Promise.all(Array.from({ length: Math.min(BATCH, CONNECTIONS - i) }, () => openStream(base, event)))));
    }
    const openSeconds = (performance.now() - started) / 1000;
    const open = connections.filter((c) => !c.failed);
    console.info(`${open.length} open in ${openSeconds.toFixed(1)} s (${connections.length - open.length} failed); holding ${HOLD_SECONDS} s`);

    const countAtHoldStart = open.reduce((n, c) => n + c.progress, 0);
    const holdStarted = performance.now();
    const samples: number[] = [];
    while (performance.now() - holdStarted < HOLD_SECONDS * 1000) {
      await sleep(1000);
      const r = rssMb(pid);
      if (r !== null) samples.push(r);
    }
    const holdSeconds = (performance.now() - holdStarted) / 1000;
    const received = open.reduce((n, c) => n + c.progress, 0) - countAtHoldStart;
    const during = samples.length ? median(samples.slice(Math.floor(samples.length / 2))) : null;
    const peak = samples.length ? Math.max(...samples) : null;
    const silent = open.filter((c) => c.progress === 0).length;
    const perConn = open.map((c) => c.progress).sort((a, b) => a - b);
    const firstEventMs = median(open.map((c) => c.firstEventMs ?? Infinity));

    for (const c of connections) c.request.destroy();
    await sleep(5000);
    const after = rssMb(pid);

    const result = {
      date: new Date().toISOString(),
      server: base,
      event_id: event,
      connections_requested: CONNECTIONS,
      connections_open: open.length,
      connections_failed: connections.length - open.length,
      connections_without_progress: silent,
      open_seconds: round(openSeconds, 2),
      hold_seconds: round(holdSeconds, 2),
      progress_events_received: received,
      progress_events_per_second: round(received / holdSeconds, 0),
      progress_events_per_connection_per_second: round(received / holdSeconds / Math.max(1, open.length), 3),
      progress_events_per_connection: { min: perConn[0] ?? 0, median: median(perConn), max: perConn.at(-1) ?? 0 },
      first_event_ms_median: round(firstEventMs, 0),
      rss_mb: { before: round(before), during_median: round(during), peak: round(peak), after: round(after) },
      rss_kb_per_connection: during === null ? null : round(((during - before) * 1024) / Math.max(1, open.length), 1),
      node: process.version,
    };
    console.info(
      [
        `connections: ${open.length}/${CONNECTIONS} open, ${silent} without a progress event`,
        `progress events: ${received} in ${holdSeconds.toFixed(1)} s = ${result.progress_events_per_second}/s (${result.progress_events_per_connection_per_second}/s per connection; per connection min ${result.progress_events_per_connection.min}, median ${result.progress_events_per_connection.median}, max ${result.progress_events_per_connection.max})`,
        `server RSS: before ${round(before)} MB, during ${round(during)} MB (peak ${round(peak)}), after ${round(after)} MB -> ${result.rss_kb_per_connection ?? "?"} KB per connection`,
      ].join("\n"),
    );
    const dir = path.join(root, "bench/results");
    mkdirSync(dir, { recursive: true });
    const file = path.join(dir, `queue-${result.date.replace(/[:.]/g, "-")}.json`);
    writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
    console.info(`written to ${path.relative(root, file)}`);
    if (open.length < CONNECTIONS || silent > 0) process.exitCode = 1;
  } finally {
    agent.destroy();
    if (server) {
      server.kill("SIGTERM");
      // Stop next-server by its own id too: killing a wrapper can leave it listening.
      if (pid !== null && pid !== server.pid) process.kill(pid, "SIGTERM");
    }
  }
}

main().catch((e: unknown) => {
  console.error("[bench] failed:", e);
  process.exit(1);
});
