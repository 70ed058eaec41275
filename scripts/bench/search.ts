// `npm run bench:search`: event search at catalogue scale.
//
// Creates a scratch database `<your database>_search_bench` on the DATABASE_URL server (dropped at
// the end unless --keep), applies the migrations, and synthesises --events events (1,000,000 by
// default) with performers and venues in SQL (generate_series, the search documents written in the
// same INSERT with the weights the triggers use, then the GIN and trigram indexes built once). Then,
// for a fixed mix of queries (common words, rare words, misspellings, two-word names, no match,
// prefixes, filters with and without q, near a point, facets):
//   1. EXPLAIN (ANALYZE, BUFFERS) of the SQL the search runs for it (lib/search/postgres), printed;
//   2. the search itself through lib/search (Prisma + PostgreSQL, no cache, no HTTP): p50/p99 and
//      calls/s at --db-concurrency for --seconds (the issue's "p99 <= 50 ms in PostgreSQL");
//   3. unless --no-http: GET /api/events?... through `next start` (run `npm run build` first) with
//      OPENSEAT_CACHE=off, at --concurrency for --seconds, beside the framework floor
//      (GET /api/health, no database) measured in the same run; the target is >= 0.5 x the floor.
// Measures and prints; asserts nothing but 5xx (exit 1 when any). Local databases only.
//
// Flags: --events N (1000000), --seconds N per run (5), --concurrency N (16), --db-concurrency N (4),
// --port N (3420), --keep (keep the scratch database, and reuse it when it has --events events),
// --no-http.
import { spawn, type ChildProcess } from "node:child_process";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import pg from "pg";

const { values } = parseArgs({
  options: {
    events: { type: "string", default: "1000000" },
    seconds: { type: "string", default: "5" },
    concurrency: { type: "string", default: "16" },
    "db-concurrency": { type: "string", default: "4" },
    port: { type: "string", default: "3420" },
    keep: { type: "boolean", default: false },
    "no-http": { type: "boolean", default: false },
  },
});
const EVENTS = Number(values.events);
const SECONDS = Number(values.seconds);
const CONCURRENCY = Number(values.concurrency);
const DB_CONCURRENCY = Number(values["db-concurrency"]);
const PORT = Number(values.port);
const root = path.resolve(import.meta.dirname, "../..");

const log = (line: string) => console.info(line);
const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
const round = (n: number) => Math.round(n * 10) / 10;

// ---------------------------------------------------------------------------------------------
// The scratch database and its synthetic catalogue.

function scratchUrl(base: string): { admin: string; scratch: string; name: string } {
  const u = new URL(base);
  const name = `${u.pathname.replace(/^\//, "") || "postgres"}_search_bench`;
  const admin = new URL(base);
  admin.pathname = "/postgres";
  const scratch = new URL(base);
  scratch.pathname = `/${name}`;
  return { admin: admin.toString(), scratch: scratch.toString(), name };
}

/** Syllables of the made-up words: 40^3 = 64,000 words, each a few times in a million descriptions. */
const SYLLABLES = ["ka", "lo", "mi", "ra", "ven", "tor", "sel", "da", "ne", "ri", "mon", "ta", "vi", "dor", "li", "sa", "ber", "go", "len", "ma", "ro", "fin", "ca", "del", "zu", "pe", "nor", "wi", "tan", "bel", "cor", "ja", "lin", "ox", "qui", "ur", "har", "el", "stra", "mo"];

const CITIES = [
  ["Chicago, IL", 41.88, -87.63], ["Boston, MA", 42.36, -71.06], ["New York, NY", 40.71, -74.0], ["Los Angeles, CA", 34.05, -118.24],
  ["Denver, CO", 39.74, -104.99], ["Austin, TX", 30.27, -97.74], ["Nashville, TN", 36.16, -86.78], ["Seattle, WA", 47.61, -122.33],
  ["Atlanta, GA", 33.75, -84.39], ["Miami, FL", 25.76, -80.19], ["Portland, OR", 45.52, -122.68], ["Phoenix, AZ", 33.45, -112.07],
] as const;

async function synthesise(client: pg.Client, events: number): Promise<void> {
  const step = async (what: string, sql: string) => {
    const t = performance.now();
    await client.query(sql);
    log(`[bench]   ${what}: ${round((performance.now() - t) / 1000)} s`);
  };
  const syl = `ARRAY[${SYLLABLES.map((s) => `'${s}'`).join(",")}]`;
  await client.query("SET maintenance_work_mem = '256MB'");
  await client.query(`CREATE FUNCTION bench_word(n bigint) RETURNS text LANGUAGE sql IMMUTABLE AS $$
    SELECT (${syl})[1 + (n % 40)::int] || (${syl})[1 + ((n / 40) % 40)::int] || (${syl})[1 + ((n / 1600) % 40)::int] $$`);
  // Bulk load without the per-row triggers and indexes; the search documents are written directly
  // (checked against the trigger's function below) and the indexes built once at the end.
  await client.query(`ALTER TABLE event DISABLE TRIGGER USER; ALTER TABLE event_performer DISABLE TRIGGER USER;
    DROP INDEX event_search_document_idx; DROP INDEX event_title_trgm_idx; DROP INDEX performer_name_trgm_idx`);
  await step("event types", `INSERT INTO event_type (type, description) SELECT t, initcap(t) FROM unnest(ARRAY['concert','sports','theater','comedy','family']) t`);
  const cityRows = CITIES.map(([name, lat, lng]) => `('${name}', ${lat}, ${lng})`).join(",");
  const venues = Math.max(50, Math.round(events / 500));
  await step(`${venues} venues`, `
    INSERT INTO venue (name, location, capacity, address, chart, latitude, longitude)
    SELECT initcap(bench_word(i * 17 + 3)) || ' ' || (ARRAY['Arena','Hall','Theatre','Stadium','Club','Amphitheatre','Ballroom'])[1 + i % 7],
           c.name, 1000, i || ' Main St', '{"width":100,"height":100}'::jsonb,
           c.lat + ((i * 7919) % 100 - 50) / 200.0, c.lng + ((i * 104729) % 100 - 50) / 200.0
      FROM generate_series(0::bigint, ${venues - 1}) i
      JOIN (SELECT row_number() OVER () - 1 AS k, * FROM (VALUES ${cityRows}) v(name, lat, lng)) c ON c.k = i % ${CITIES.length}`);
  const performers = Math.max(1000, Math.round(events / 10));
  await step(`${performers} performers`, `
    INSERT INTO performer (name) VALUES ('Taylor Swift'), ('Chicago Windrunners'), ('Boston Tides'), ('The Midnight Strings');
    INSERT INTO performer (name)
    SELECT initcap(bench_word(i * 7 + 13)) || ' ' || initcap(bench_word(i * 31 + 101)) FROM generate_series(0::bigint, ${performers - 1}) i
    ON CONFLICT (name) DO NOTHING`);
  await client.query(`CREATE TABLE bench_performer AS SELECT row_number() OVER (ORDER BY performer_id) - 1 AS k, performer_id, name FROM performer;
    CREATE UNIQUE INDEX ON bench_performer (k);
    CREATE TABLE bench_venue AS SELECT row_number() OVER (ORDER BY venue_id) - 1 AS k, venue_id, name, location FROM venue;
    CREATE UNIQUE INDEX ON bench_venue (k);
    CREATE TABLE bench_type AS SELECT row_number() OVER (ORDER BY type_id) - 1 AS k, type_id, type FROM event_type;`);
  const np = `(SELECT count(*) FROM bench_performer)`;
  const nv = `(SELECT count(*) FROM bench_venue)`;
  // Event i: headliner p1, a support act p2 on every third, at venue v; a title from the
  // headliner (sports: "A vs B"), a description of made-up words plus a few common ones.
  await step(`${events} events with their search documents`, `
    CREATE TABLE bench_plan AS
    SELECT i, p1.performer_id AS p1_id, p1.name AS p1_name, p2.performer_id AS p2_id, p2.name AS p2_name,
           v.venue_id, v.name AS venue_name, v.location, t.type_id, t.type,
           CASE WHEN t.type = 'sports' THEN p1.name || ' vs ' || p2.name
                ELSE p1.name || (ARRAY[' Live',' World Tour',' in Concert',' Night',' Live in ' || split_part(v.location, ',', 1),' Unplugged',' Tour',' Festival'])[1 + i % 8] END AS title,
           'An evening of ' || bench_word(i * 3) || ' and ' || bench_word(i * 11 + 5) || ' with special guests. '
             || (ARRAY['Doors open an hour before the show.','All ages welcome.','Tickets are limited.','A night to remember.'])[1 + i % 4] AS description,
           date_trunc('hour', now()) - interval '30 days' + (i % 760) * interval '1 day' + (i % 24) * interval '1 hour' AS datetime,
           (i % 3 = 0 OR t.type = 'sports') AS has_support
      FROM generate_series(0::bigint, ${events - 1}) i
      JOIN bench_performer p1 ON p1.k = (i * 7919) % ${np}
      JOIN bench_performer p2 ON p2.k = (i * 104729 + 1) % ${np}
      JOIN bench_venue v ON v.k = (i * 31) % ${nv}
      JOIN bench_type t ON t.k = i % 5;
    INSERT INTO event (event_id, title, datetime, type_id, venue_id, location, description, total_ticket_count, search_document)
    SELECT i + 1, title, datetime, type_id, venue_id, location, description, 0,
           setweight(to_tsvector('simple', title), 'A')
        || setweight(to_tsvector('simple', p1_name || CASE WHEN has_support THEN ' ' || p2_name ELSE '' END), 'A')
        || setweight(to_tsvector('simple', venue_name || ' ' || location), 'B')
        || setweight(to_tsvector('simple', description), 'C')
        || setweight(to_tsvector('simple', type), 'D')
      FROM bench_plan;
    SELECT setval(pg_get_serial_sequence('event', 'event_id'), ${events});
    INSERT INTO event_performer (event_id, performer_id, billing) SELECT i + 1, p1_id, 0 FROM bench_plan;
    INSERT INTO event_performer (event_id, performer_id, billing) SELECT i + 1, p2_id, 1 FROM bench_plan WHERE has_support AND p2_id <> p1_id;`);
  await client.query(`ALTER TABLE event ENABLE TRIGGER USER; ALTER TABLE event_performer ENABLE TRIGGER USER;
    DROP TABLE bench_plan, bench_performer, bench_venue, bench_type`);
  await step("GIN index on the search documents", `CREATE INDEX event_search_document_idx ON event USING GIN (search_document)`);
  await step("trigram index on titles", `CREATE INDEX event_title_trgm_idx ON event USING GIN (title gin_trgm_ops)`);
  await step("trigram index on performers", `CREATE INDEX performer_name_trgm_idx ON performer USING GIN (name gin_trgm_ops)`);
  await step("ANALYZE", `ANALYZE`);
  // The documents written above must be exactly what the triggers would write.
  const { rows } = await client.query<{ differ: string }>(`SELECT count(*) AS differ FROM event e WHERE e.event_id <= 2000
      AND e.search_document IS DISTINCT FROM event_search_document(e.event_id, e.title, e.description, e.location, e.venue_id, e.type_id)`);
  if (Number(rows[0]!.differ) !== 0) throw new Error(`${rows[0]!.differ} of 2000 synthetic search documents differ from the trigger's`);
  log("[bench]   the first 2,000 search documents equal what the triggers write");
}

// ---------------------------------------------------------------------------------------------
// HTTP

type Shot = { status: number; ms: number };

function get(agent: http.Agent, urlPath: string): Promise<Shot> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = http.get({ host: "127.0.0.1", port: PORT, path: urlPath, agent }, (res) => {
      res.resume();
      res.on("end", () => resolve({ status: res.statusCode ?? 0, ms: performance.now() - started }));
      res.on("error", reject);
    });
    req.on("error", reject);
  });
}

async function hammer(call: () => Promise<Shot>, concurrency: number, seconds: number): Promise<{ rps: number; p50: number; p99: number; errors: number; n: number }> {
  const shots: Shot[] = [];
  const started = performance.now();
  const until = started + seconds * 1000;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < until) {
        try {
          shots.push(await call());
        } catch {
          shots.push({ status: 0, ms: 0 });
        }
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  const ms = shots.map((s) => s.ms).sort((a, b) => a - b);
  return { rps: round(shots.length / elapsed), p50: round(pct(ms, 50)), p99: round(pct(ms, 99)), errors: shots.filter((s) => s.status === 0 || s.status >= 500).length, n: shots.length };
}

function startServer(databaseUrl: string): ChildProcess {
  return spawn(process.execPath, [path.join(root, "node_modules/next/dist/bin/next"), "start", "-H", "127.0.0.1", "-p", String(PORT)], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: databaseUrl, NODE_ENV: "production", HOLD_SWEEP_INTERVAL_MS: "0", OPENSEAT_CACHE: "off", NEXT_TELEMETRY_DISABLED: "1", AUTH_SECRET: process.env.AUTH_SECRET ?? "bench-only-secret-bench-only-secret-0123" },
    stdio: ["ignore", "ignore", "inherit"],
  });
}

async function waitForServer(): Promise<void> {
  const agent = new http.Agent();
  for (let i = 0; i < 240; i++) {
    try {
      if ((await get(agent, "/api/health")).status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error("next start did not come up");
}

// ---------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const base = process.env.DATABASE_URL;
  if (!base) throw new Error("bench:search needs DATABASE_URL (a real local PostgreSQL server; it creates and drops a database of its own)");
  const { isLocalDatabaseUrl } = await import("@/lib/db/local-database");
  if (!isLocalDatabaseUrl(base)) throw new Error("bench:search only runs against a local database server");
  const { admin, scratch, name } = scratchUrl(base);
  // Everything below that reads the database (lib/db) reads the scratch one.
  process.env.DATABASE_URL = scratch;
  process.env.OPENSEAT_CACHE = "off";
  const { applyMigrations } = await import("@/lib/db/migrations");
  const { getDb, disconnectDb } = await import("@/lib/db");
  const { findEventsInPostgres, eventPageSql, commonWordsRankedSql, indexedTextMatchOf } = await import("@/lib/search/postgres/find-events");
  const { isCommonText } = await import("@/lib/search/postgres/common-words");
  const { parseEventSearchQuery } = await import("@/lib/validations/events");

  const adminClient = new pg.Client({ connectionString: admin });
  await adminClient.connect();
  let reuse = false;
  if (values.keep) {
    const exists = await adminClient.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
    if (exists.rowCount) {
      const probe = new pg.Client({ connectionString: scratch });
      await probe.connect();
      const n = await probe.query<{ n: string }>("SELECT count(*) AS n FROM event").catch(() => ({ rows: [{ n: "0" }] }));
      await probe.end();
      reuse = Number(n.rows[0]!.n) === EVENTS;
    }
  }
  log(`[bench] load average ${os.loadavg().map((n) => n.toFixed(2)).join(" ")} on ${os.cpus().length} CPUs`);
  if (!reuse) {
    await adminClient.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await adminClient.query(`CREATE DATABASE "${name}"`);
    await applyMigrations(scratch, { log: () => {} });
    const client = new pg.Client({ connectionString: scratch });
    await client.connect();
    const t = performance.now();
    log(`[bench] synthesising ${EVENTS.toLocaleString("en-US")} events into ${name}`);
    await synthesise(client, EVENTS);
    log(`[bench] catalogue ready in ${round((performance.now() - t) / 1000)} s`);
    await client.end();
  } else {
    // Migrations added since the database was kept (an index, say) apply on top of it.
    await applyMigrations(scratch, { log: () => {} });
    const c = new pg.Client({ connectionString: scratch });
    await c.connect();
    await c.query("ANALYZE event");
    await c.end();
    log(`[bench] reusing ${name} (${EVENTS.toLocaleString("en-US")} events)`);
  }

  const client = new pg.Client({ connectionString: scratch });
  await client.connect();
  const rare = (await client.query<{ w: string }>("SELECT bench_word(12345 * 3) AS w")).rows[0]!.w;
  const sizes = (await client.query<{ events: string; performers: string; venues: string; links: string }>(
    "SELECT (SELECT count(*) FROM event) AS events, (SELECT count(*) FROM performer) AS performers, (SELECT count(*) FROM venue) AS venues, (SELECT count(*) FROM event_performer) AS links",
  )).rows[0]!;
  log(`[bench] ${Number(sizes.events).toLocaleString("en-US")} events, ${Number(sizes.performers).toLocaleString("en-US")} performers, ${Number(sizes.venues).toLocaleString("en-US")} venues, ${Number(sizes.links).toLocaleString("en-US")} event-performer links`);

  const mix: { name: string; qs: string }[] = [
    { name: "common word", qs: "q=tour" },
    { name: "common words", qs: "q=world%20tour" },
    { name: "rare word", qs: `q=${rare}` },
    { name: "two-word name", qs: "q=taylor%20swift" },
    { name: "two-word name (team)", qs: "q=chicago%20windrunners" },
    { name: "misspelling", qs: "q=taylr%20swift" },
    { name: "misspelling (one word)", qs: "q=windrunnrs" },
    { name: "no match", qs: "q=zzzznotfound" },
    { name: "prefix", qs: "q=tay" },
    { name: "prefixes", qs: "q=wor%20tou" },
    { name: "filters, no q", qs: "type=sports&location=Chicago%2C%20IL" },
    { name: "filters with q", qs: "q=live&type=concert&location=Chicago%2C%20IL" },
    { name: "near a point", qs: "lat=41.88&lng=-87.63&radius_km=25" },
    { name: "q with facets", qs: "q=tour&facets=true" },
  ];

  log("\n## EXPLAIN ANALYZE (the page query of each search, as lib/search runs it)\n");
  const now = new Date();
  for (const m of mix) {
    const query = parseEventSearchQuery(new URLSearchParams(m.qs));
    const match = await indexedTextMatchOf(query);
    const plans: { label: string; sql: ReturnType<typeof eventPageSql> }[] = [];
    // Common words are first tried through the date walk (common-words.ts); the GIN query runs
    // only when the walk finds no more than the count's cap.
    const common = match.mode === "words" && query.sort_by === "relevance" && (await isCommonText(match.text));
    if (common) plans.push({ label: "common words, date walk", sql: commonWordsRankedSql(match.text, query, now) });
    const found = await findEventsInPostgres(query, now);
    if (!common || !found.totalCapped) plans.push({ label: match.mode, sql: eventPageSql(match, query, now, query.size, 0) });
    if (found.fuzzy && match.mode === "words") plans.push({ label: "close (typo fallback)", sql: eventPageSql({ mode: "close", text: match.text }, query, now, query.size, 0) });
    for (const p of plans) {
      // The date walk runs with the planner settings queryWithDateWalk sets (common-words.ts).
      const walk = p.label.includes("date walk");
      if (walk) await client.query("BEGIN; SET LOCAL enable_bitmapscan = off; SET LOCAL enable_sort = off; SET LOCAL jit = off");
      const res = await client.query<{ "QUERY PLAN": string }>(`EXPLAIN (ANALYZE, BUFFERS) ${p.sql.text}`, p.sql.values as unknown[]);
      if (walk) await client.query("COMMIT");
      log(`### ${m.name} \`${m.qs}\` (${p.label}): ${found.total} events${found.fuzzy ? ", close spellings" : ""}\n`);
      log(res.rows.map((r) => `    ${r["QUERY PLAN"]}`).join("\n") + "\n");
    }
  }

  log(`## The search in PostgreSQL (lib/search through Prisma, no cache, no HTTP), ${DB_CONCURRENCY} at once, ${SECONDS} s each\n`);
  log("| query | calls/s | p50 | p99 |");
  log("|---|---|---|---|");
  const { buildEventSearch } = await import("@/lib/events/search-events");
  const dbRows: { name: string; p99: number }[] = [];
  for (const m of mix) {
    const query = parseEventSearchQuery(new URLSearchParams(m.qs));
    // The matching alone (ids, total, facets when asked): what the backend answers.
    const run = async (): Promise<Shot> => {
      const t = performance.now();
      await findEventsInPostgres(query, new Date());
      if (query.facets) await buildEventSearch(query);
      return { status: 200, ms: performance.now() - t };
    };
    await hammer(run, DB_CONCURRENCY, 1);
    const r = await hammer(run, DB_CONCURRENCY, SECONDS);
    dbRows.push({ name: m.name, p99: r.p99 });
    log(`| ${m.name} \`${m.qs}\`${query.facets ? " (whole result with facets)" : ""} | ${r.rps} | ${r.p50} ms | ${r.p99} ms |`);
  }
  await disconnectDb();
  void getDb;

  let failed = false;
  if (!values["no-http"]) {
    log(`\n## GET /api/events through next start (OPENSEAT_CACHE=off), ${CONCURRENCY} connections, ${SECONDS} s each, beside the framework floor\n`);
    const server = startServer(scratch);
    try {
      await waitForServer();
      const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });
      await hammer(() => get(agent, "/api/health"), CONCURRENCY, 2);
      const floor = await hammer(() => get(agent, "/api/health"), CONCURRENCY, SECONDS);
      log("| request | req/s | x floor | p50 | p99 | 5xx |");
      log("|---|---|---|---|---|---|");
      log(`| framework floor \`/api/health\` | ${floor.rps} | 1.00 | ${floor.p50} ms | ${floor.p99} ms | ${floor.errors} |`);
      for (const m of mix) {
        const p = `/api/events?${m.qs}`;
        await hammer(() => get(agent, p), CONCURRENCY, 1);
        const r = await hammer(() => get(agent, p), CONCURRENCY, SECONDS);
        if (r.errors > 0) failed = true;
        log(`| ${m.name} \`${p}\` | ${r.rps} | ${(r.rps / Math.max(0.1, floor.rps)).toFixed(2)} | ${r.p50} ms | ${r.p99} ms | ${r.errors} |`);
      }
      agent.destroy();
    } finally {
      if (server.exitCode === null) {
        const exited = new Promise((r) => server.once("exit", r));
        server.kill("SIGTERM");
        await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
        if (server.exitCode === null) server.kill("SIGKILL");
      }
    }
  }
  const worst = dbRows.reduce((a, b) => (b.p99 > a.p99 ? b : a));
  log(`\n[bench] worst p99 in PostgreSQL: ${worst.p99} ms (${worst.name}); target 50 ms`);
  await client.end();
  if (!values.keep) {
    await adminClient.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    log(`[bench] dropped ${name}`);
  }
  await adminClient.end();
  if (failed) process.exitCode = 1;
}

main().catch((e: unknown) => {
  console.error("[bench] failed:", e);
  process.exitCode = 1;
});
