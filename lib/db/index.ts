// The Prisma client singleton. PostgreSQL is reached through the `pg` driver adapter, so no native
// query engine is needed. DATABASE_URL points at a PostgreSQL server, or at the embedded PGlite
// server that scripts/demo.ts (and the test setup) start when no server is configured.
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient, type Prisma } from "@/lib/generated/prisma/client";
import { describeDatabaseUrl } from "./local-database";

export type Db = PrismaClient;

import { ENV, setting, type Env } from "../config/env";
import { logger } from "../log/logger";

// Bounded waits, so an overloaded or unreachable PostgreSQL answers a request with 503 + Retry-After
// (lib/http/error-response.ts) in seconds instead of holding it open:
// - DATABASE_CONNECT_TIMEOUT_MS (5000): the longest a query waits for a connection, whether for a
//   free one in the pool or for a new one's handshake ("timeout exceeded when trying to connect").
// - DATABASE_STATEMENT_TIMEOUT_MS (5000): PostgreSQL cancels a statement running longer (57014),
//   lock waits included. 0 turns it off, for batch scripts (the seed) that run big statements.
// - query_timeout: the same bound plus a margin, kept by the client, for a server that stopped
//   answering at all (the connection is dropped, never reused).
// - idle_in_transaction_session_timeout: a transaction left open by a stuck or killed process
//   gives its row locks back after IDLE_IN_TRANSACTION_TIMEOUT_MS instead of blocking the seats.
// statement_timeout and idle_in_transaction_session_timeout travel as startup parameters, which
// PgBouncer refuses ("unsupported startup parameter") unless told to ignore them: with
// `pgbouncer=true` in DATABASE_URL (Prisma's marker for a pooled URL) only the client-side
// query_timeout is kept; set the server-side ones on the database role instead
// (ALTER ROLE ... SET statement_timeout = '5s').
// The embedded PGlite ignores both startup parameters and runs one query at a time, so a client-side
// abort would only leave it busy: it gets the connect timeout alone.
// Migrations do not use this pool (lib/db/schema-engine.ts opens its own connections).
const QUERY_TIMEOUT_MARGIN_MS = 2_000;
const IDLE_IN_TRANSACTION_TIMEOUT_MS = 15_000;

export type DbTimeouts = {
  connectionTimeoutMillis: number;
  statement_timeout?: number;
  query_timeout?: number;
  idle_in_transaction_session_timeout?: number;
};

function isPgBouncerUrl(url: string | undefined): boolean {
  try {
    return url ? new URL(url).searchParams.get("pgbouncer") === "true" : false;
  } catch {
    return false;
  }
}

/** The pool's timeouts (pg option names) as the environment sets them. */
export function dbTimeoutsFromEnv(env: Env = process.env): DbTimeouts {
  // 0 would mean "wait for ever" to pg's pool: never, a request must end.
  const connectionTimeoutMillis = setting("DATABASE_CONNECT_TIMEOUT_MS", env) || (ENV.DATABASE_CONNECT_TIMEOUT_MS.fallback as number);
  const statement = setting("DATABASE_STATEMENT_TIMEOUT_MS", env);
  if (statement === 0 || setting("OPENSEAT_EMBEDDED_DB", env) === "1") return { connectionTimeoutMillis };
  const clientSide = { connectionTimeoutMillis, query_timeout: statement + QUERY_TIMEOUT_MARGIN_MS };
  if (isPgBouncerUrl(env.DATABASE_URL?.trim())) return clientSide;
  return {
    ...clientSide,
    statement_timeout: statement,
    idle_in_transaction_session_timeout: Math.max(IDLE_IN_TRANSACTION_TIMEOUT_MS, statement * 2),
  };
}

const globalForDb = globalThis as unknown as { __openseatDb?: PrismaClient };

// Defined with the other DATABASE_URL helpers, so scripts can use it without loading the client.
export { describeDatabaseUrl };

function createDb(): PrismaClient {
  const url = setting("DATABASE_URL");
  if (!url) {
    throw new Error(
      "DATABASE_URL is not set. Point it at PostgreSQL, or run `npm run demo`, which starts the embedded database.",
    );
  }
  const embedded = setting("OPENSEAT_EMBEDDED_DB") === "1";
  // PGlite runs one query at a time behind its socket server, and statements of concurrent
  // connections can interleave there ("portal does not exist"): one connection queues them here.
  const max = setting("DATABASE_POOL_SIZE");
  const adapter = new PrismaPg({ connectionString: url, max, ...dbTimeoutsFromEnv() });
  if (setting("NODE_ENV") !== "test") {
    logger("db").info(
      embedded
        ? `embedded PostgreSQL (PGlite) at ${describeDatabaseUrl(url)}: single-process development default`
        : `PostgreSQL server at ${describeDatabaseUrl(url)}`,
    );
  }
  return new PrismaClient({ adapter });
}

/** The shared Prisma client, created on first use. */
export function getDb(): PrismaClient {
  globalForDb.__openseatDb ??= createDb();
  return globalForDb.__openseatDb;
}

/** Close the shared client (scripts and tests). */
export async function disconnectDb(): Promise<void> {
  const db = globalForDb.__openseatDb;
  globalForDb.__openseatDb = undefined;
  await db?.$disconnect();
}

/** The client a `$transaction(async (tx) => …)` callback receives. */
export type PrismaTx = Prisma.TransactionClient;
