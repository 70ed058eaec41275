// The Prisma client singleton. PostgreSQL is reached through the `pg` driver adapter, so no native
// query engine is needed. DATABASE_URL points at a PostgreSQL server, or at the embedded PGlite
// server that scripts/demo.ts (and the test setup) start when no server is configured.
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { describeDatabaseUrl } from "./local-database";

export type Db = PrismaClient;

const globalForDb = globalThis as unknown as { __openseatDb?: PrismaClient };

// Defined with the other DATABASE_URL helpers, so scripts can use it without loading the client.
export { describeDatabaseUrl };

function createDb(): PrismaClient {
  const url = process.env.DATABASE_URL;
  if (!url) {
    throw new Error(
      "DATABASE_URL is not set. Point it at PostgreSQL, or run `npm run demo`, which starts the embedded database.",
    );
  }
  const embedded = process.env.OPENSEAT_EMBEDDED_DB === "1";
  // PGlite runs one query at a time behind its socket server, and statements of concurrent
  // connections can interleave there ("portal does not exist"): one connection queues them here.
  const max = Number(process.env.DATABASE_POOL_SIZE ?? (embedded ? 1 : 10));
  const adapter = new PrismaPg({ connectionString: url, max });
  if (process.env.NODE_ENV !== "test") {
    console.info(
      embedded
        ? `[db] embedded PostgreSQL (PGlite) at ${describeDatabaseUrl(url)}: single-process development default`
        : `[db] PostgreSQL server at ${describeDatabaseUrl(url)}`,
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
