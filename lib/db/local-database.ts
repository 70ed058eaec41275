// Guards and destructive helpers for DATABASE_URL: what counts as a local (throwaway-able) database,
// a password-free label for logs, whether the server is PGlite, and wiping the `public` schema. Used by scripts/db/reset.ts and
// the test setup, which both refuse to wipe anything that is not on this machine.
import pg from "pg";

const LOCAL_HOSTS = new Set(["localhost", "127.0.0.1", "::1", "[::1]"]);

/** Host, port and database of a connection URL, never the credentials. */
export function describeDatabaseUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname}:${u.port || "5432"}${u.pathname}`;
  } catch {
    return "(unparseable DATABASE_URL)";
  }
}

/** True when the URL names a server on this machine by localhost, 127.0.0.1 or ::1. */
export function isLocalDatabaseUrl(url: string): boolean {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return false;
  }
  // A `host` query parameter (libpq style, e.g. a socket directory or another server) overrides the
  // authority part for pg, so the URL is only local when that parameter is absent.
  if (u.searchParams.has("host")) return false;
  return LOCAL_HOSTS.has(u.hostname.toLowerCase());
}

/** Throws, naming the variable and the host, unless `url` is local. `what` is the refused action. */
export function assertLocalDatabaseUrl(url: string, what: string): void {
  if (!isLocalDatabaseUrl(url)) {
    throw new Error(
      `Refusing to ${what} on ${describeDatabaseUrl(url)}: only databases on localhost, 127.0.0.1 or ::1 ` +
        "may be wiped. Point DATABASE_URL at a local throwaway database.",
    );
  }
}

/**
 * Drops the `public` schema with everything in it (tables, enums, _prisma_migrations) and creates it
 * again empty. Other schemas are left alone. Fails after 10 s instead of hanging when another
 * session (a running dev server, say) holds locks on the tables.
 */
export async function resetPublicSchema(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query("SET lock_timeout = '10s'");
    // One simple-protocol query: PostgreSQL runs it as a single transaction.
    await client.query("DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public;");
  } finally {
    await client.end();
  }
}

/**
 * True when the server behind `url` is PGlite (an embedded server started by another process, e.g.
 * `npm run demo`), which runs one transaction at a time, unlike a PostgreSQL server.
 */
export async function isPGliteServer(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ version: string }>("SELECT version()");
    return /PGlite/i.test(rows[0]?.version ?? "");
  } finally {
    await client.end();
  }
}
