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
//
// --viewers M (default 0; issue 14 asks 2,000 next to 10,000 waiting): also opens M live seat-map
// viewers (GET /api/events/:id/stream) of a second event, without a waiting room, and during the hold
// takes --changes seats of it (default 10, evenly spread: a hold written to PostgreSQL and the
// availability cache dropped in Redis, what a reserve does) from this process. The seat-update lag
// is the time from the change being visible (the cache dropped) to each viewer's `changes` event
// naming the seat: p50 / p99 / max over every viewer and change, and how many never arrived. The
// memory per connection then counts both kinds. Only when the bench starts the server itself.
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
    viewers: { type: "string", default: "0" },
    changes: { type: "string", default: "10" },
    hold: { type: "string", default: "20" },
    port: { type: "string", default: "3500" },
  },
});
const CONNECTIONS = Number(values.connections);
const HOLD_SECONDS = Number(values.hold);
const VIEWERS = Number(values.viewers);
const CHANGES = Number(values.changes);
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

/** A live seat-map viewer: when each taken ticket was first announced to it (performance.now()). */
type Viewer = { request: http.ClientRequest; snapshot: boolean; seenAt: Map<number, number>; failed: string | null };

function openViewer(base: string, eventId: number): Promise<Viewer> {
  return new Promise((resolve) => {
    const viewer: Viewer = { request: null as unknown as http.ClientRequest, snapshot: false, seenAt: new Map(), failed: null };
    let buffer = "";
    viewer.request = http.get(`${base}/api/events/${eventId}/stream`, { agent, headers: { accept: "text/event-stream" } }, (res) => {
      if (res.statusCode !== 200) {
        viewer.failed = `HTTP ${res.statusCode}`;
        res.resume();
        resolve(viewer);
        return;
      }
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => {
        const now = performance.now();
        buffer += chunk;
        let end: number;
        while ((end = buffer.indexOf("\n\n")) >= 0) {
          const frame = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          if (frame.startsWith("event: snapshot")) viewer.snapshot = true;
          if (!frame.startsWith("event: changes")) continue;
          const data = frame.split("\ndata: ")[1];
          if (!data) continue;
          for (const id of (JSON.parse(data) as { taken: number[] }).taken) if (!viewer.seenAt.has(id)) viewer.seenAt.set(id, now);
        }
      });
      res.on("error", () => {});
      resolve(viewer);
    });
    viewer.request.on("error", (e) => {
      viewer.failed ??= e.message;
      resolve(viewer);
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

async function createQueueEvent(): Promise<{ queueEvent: number; viewerEvent: number }> {
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
  // The viewers' event: on sale, no waiting room, enough seats for every change.
  const { venue: hall } = await createVenueWithGrid(db, { name: `Viewer Bench Hall ${Date.now()}`, rows: 10, seatsPerRow: 20 });
  const { event: watched } = await createEventWithTickets(db, { venueId: hall.id, title: `Viewer bench ${new Date().toISOString()}`, onsaleAt: new Date(Date.now() - 60_000) });
  await disconnectDb();
  return { queueEvent: event.id, viewerEvent: watched.id };
}

/** Takes one free seat of the event as a reserve would (a hold in PostgreSQL, the availability cache dropped); when it became visible. */
async function takeSeat(eventId: number, userId: number, n: number): Promise<{ ticketId: number; visibleAt: number }> {
  const { getDb } = await import("@/lib/db");
  const { holdTickets } = await import("@/prisma/seed/factories");
  const { invalidateAvailabilityCaches } = await import("@/lib/events/cache-keys");
  const held = await holdTickets(getDb(), { eventId, userId, count: 1, salt: `viewer-bench-${n}-${Date.now()}` });
  await invalidateAvailabilityCaches([eventId]);
  return { ticketId: held.ticketIds[0]!, visibleAt: performance.now() };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
const round = (x: number | null, digits = 1) => (x === null ? null : Math.round(x * 10 ** digits) / 10 ** digits);

async function main(): Promise<void> {
  let base = values.url?.replace(/\/+$/, "");
  let eventId = values.event ? Number(values.event) : null;
  let viewerEvent: number | null = null;
  let server: ChildProcess | null = null;
  let pid = values.pid ? Number(values.pid) : null;
  if (base && eventId === null) throw new Error("--url needs --event (an event of that server with the waiting room on)");
  if (base && VIEWERS > 0) throw new Error("--viewers needs the bench to start the server (it writes the seat changes to the same database)");

  if (!base) {
    process.env.AUTH_SECRET ??= "bench-only-secret-bench-only-secret-0123";
    ({ queueEvent: eventId, viewerEvent } = await createQueueEvent());
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
    const viewers: Viewer[] = [];
    for (let i = 0; i < VIEWERS; i += BATCH) {
      viewers.push(...(await Promise.all(Array.from({ length: Math.min(BATCH, VIEWERS - i) }, () => openViewer(base, viewerEvent!)))));
    }
    const openSeconds = (performance.now() - started) / 1000;
    const open = connections.filter((c) => !c.failed);
    const watching = viewers.filter((v) => !v.failed);
    console.info(
      `${open.length} waiting-room and ${watching.length} seat-map connections open in ${openSeconds.toFixed(1)} s (${connections.length - open.length + viewers.length - watching.length} failed); holding ${HOLD_SECONDS} s`,
    );
    let fanId: number | null = null;
    if (VIEWERS > 0) {
      const { createUser } = await import("@/prisma/seed/factories");
      const { getDb } = await import("@/lib/db");
      fanId = (await createUser(getDb())).id;
    }
    const changes: { ticketId: number; visibleAt: number }[] = [];

    const countAtHoldStart = open.reduce((n, c) => n + c.progress, 0);
    const holdStarted = performance.now();
    const samples: number[] = [];
    // Seat changes spread over the hold, the last one 5 s before its end (time to arrive).
    const changeEveryMs = VIEWERS > 0 && CHANGES > 0 ? Math.max(500, ((HOLD_SECONDS - 5) * 1000) / CHANGES) : Infinity;
    let nextChangeAt = holdStarted + 2000;
    while (performance.now() - holdStarted < HOLD_SECONDS * 1000) {
      await sleep(Math.max(50, Math.min(1000, nextChangeAt - performance.now())));
      if (fanId !== null && changes.length < CHANGES && performance.now() >= nextChangeAt) {
        changes.push(await takeSeat(viewerEvent!, fanId, changes.length));
        nextChangeAt += changeEveryMs;
        continue;
      }
      const r = rssMb(pid);
      if (r !== null) samples.push(r);
    }
    const lags: number[] = [];
    let missed = 0;
    for (const v of watching) {
      for (const c of changes) {
        const at = v.seenAt.get(c.ticketId);
        if (at === undefined) missed += 1;
        else lags.push(Math.max(0, at - c.visibleAt));
      }
    }
    lags.sort((a, b) => a - b);
    const lagPct = (p: number) => (lags.length ? round(lags[Math.min(lags.length - 1, Math.floor((p / 100) * lags.length))]!, 0) : null);
    const holdSeconds = (performance.now() - holdStarted) / 1000;
    const received = open.reduce((n, c) => n + c.progress, 0) - countAtHoldStart;
    const during = samples.length ? median(samples.slice(Math.floor(samples.length / 2))) : null;
    const peak = samples.length ? Math.max(...samples) : null;
    const silent = open.filter((c) => c.progress === 0).length;
    const perConn = open.map((c) => c.progress).sort((a, b) => a - b);
    const firstEventMs = median(open.map((c) => c.firstEventMs ?? Infinity));

    for (const c of connections) c.request.destroy();
    for (const v of viewers) v.request.destroy();
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
      viewers_requested: VIEWERS,
      viewers_open: watching.length,
      viewers_without_snapshot: watching.filter((v) => !v.snapshot).length,
      seat_changes: changes.length,
      seat_update_lag_ms: { p50: lagPct(50), p99: lagPct(99), max: lags.length ? round(lags.at(-1)!, 0) : null, deliveries: lags.length, missed },
      rss_kb_per_connection: during === null ? null : round(((during - before) * 1024) / Math.max(1, open.length + watching.length), 1),
      node: process.version,
    };
    console.info(
      [
        `connections: ${open.length}/${CONNECTIONS} open, ${silent} without a progress event`,
        `progress events: ${received} in ${holdSeconds.toFixed(1)} s = ${result.progress_events_per_second}/s (${result.progress_events_per_connection_per_second}/s per connection; per connection min ${result.progress_events_per_connection.min}, median ${result.progress_events_per_connection.median}, max ${result.progress_events_per_connection.max})`,
        ...(VIEWERS > 0
          ? [
              `seat-map viewers: ${watching.length}/${VIEWERS} open, ${result.viewers_without_snapshot} without a snapshot; ${changes.length} seat changes: lag p50 ${result.seat_update_lag_ms.p50} ms, p99 ${result.seat_update_lag_ms.p99} ms, max ${result.seat_update_lag_ms.max} ms (${lags.length} deliveries, ${missed} missed)`,
            ]
          : []),
        `server RSS: before ${round(before)} MB, during ${round(during)} MB (peak ${round(peak)}), after ${round(after)} MB -> ${result.rss_kb_per_connection ?? "?"} KB per connection`,
      ].join("\n"),
    );
    const dir = path.join(root, "bench/results");
    mkdirSync(dir, { recursive: true });
    const file = path.join(dir, `queue-${result.date.replace(/[:.]/g, "-")}.json`);
    writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
    console.info(`written to ${path.relative(root, file)}`);
    if (open.length < CONNECTIONS || silent > 0 || watching.length < VIEWERS || missed > 0) process.exitCode = 1;
  } finally {
    agent.destroy();
    if (VIEWERS > 0) {
      const { disconnectDb } = await import("@/lib/db");
      const { closeRedis } = await import("@/lib/redis");
      await disconnectDb();
      await closeRedis();
    }
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
