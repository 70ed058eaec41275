// Vitest global setup: gives the whole run one migrated, empty database, once, in the main process.
//
// - DATABASE_URL set: the tests own that database (CI points it at a throwaway one). We refuse
//   unless it is on this machine, then drop and recreate its `public` schema and apply migrations.
// - DATABASE_URL unset: an in-memory embedded PGlite is started, migrated and stopped at the end.
//   PGlite runs one transaction at a time, so tests that need real-server concurrency skip
//   themselves (test/support/database.ts: realPostgres).
//
// Workers get the URL from process.env (vitest forks them after this runs, inheriting the
// environment) and, as a fallback, through provide/inject, applied by test/setup.ts.
import type { TestProject } from "vitest/node";
import { startEmbeddedPostgres, type EmbeddedPostgres } from "../lib/db/embedded-postgres";
import {
  assertLocalDatabaseUrl,
  describeDatabaseUrl,
  isPGliteServer,
  resetPublicSchema,
} from "../lib/db/local-database";
import { applyMigrations } from "../lib/db/migrations";
import { hasRedisServer, skipWithout } from "./support/servers";

declare module "vitest" {
  export interface ProvidedContext {
    databaseUrl: string;
    embeddedDb: boolean;
  }
}

const quiet = () => {};

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  let embedded: EmbeddedPostgres | undefined;
  const configured = process.env.DATABASE_URL;
  let url: string;
  let onPGlite: boolean;

  if (configured) {
    assertLocalDatabaseUrl(configured, "reset the test database");
    const started = Date.now();
    await resetPublicSchema(configured);
    await applyMigrations(configured, { log: quiet });
    url = configured;
    // A URL may lead to a PGlite served by another process (`npm run demo --memory`, say): its
    // one-transaction-at-a-time server would deadlock the concurrency tests, so they skip there too.
    onPGlite = await isPGliteServer(url);
    if (onPGlite) process.env.OPENSEAT_EMBEDDED_DB = "1";
    else delete process.env.OPENSEAT_EMBEDDED_DB;
    console.info(
      `[test] database: ${onPGlite ? "PGlite server" : "PostgreSQL"} at ${describeDatabaseUrl(url)} ` +
        `(public schema reset and migrated in ${Date.now() - started} ms)` +
        (onPGlite ? "; tests that need real-server concurrency are skipped" : ""),
    );
  } else {
    const started = Date.now();
    embedded = await startEmbeddedPostgres();
    await applyMigrations(embedded.url, { log: quiet });
    url = embedded.url;
    process.env.DATABASE_URL = url;
    process.env.OPENSEAT_EMBEDDED_DB = "1";
    onPGlite = true;
    console.info(
      `[test] database: embedded PGlite in memory (started and migrated in ${Date.now() - started} ms); ` +
        "tests that need real-server concurrency are skipped: set DATABASE_URL to a local throwaway PostgreSQL database to run them",
    );
  }

  // CI (REQUIRE_REAL_SERVERS=1) stops here rather than skip every test that needs a real server.
  if (onPGlite) skipWithout("a real PostgreSQL server (DATABASE_URL)", false);
  skipWithout("a Redis server (REDIS_URL)", hasRedisServer());

  project.provide("databaseUrl", url);
  project.provide("embeddedDb", onPGlite);

  return async () => {
    await embedded?.stop();
  };
}
