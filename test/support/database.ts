// Database helpers for tests: whether the run has a real PostgreSQL server, and wiping the app's
// rows between tests. The database itself is prepared by test/global-setup.ts.
import { getDb } from "../../lib/db";
import { forgetSessionStates } from "./redis";

/**
 * False on the embedded PGlite, which runs one transaction at a time: tests of concurrent
 * transactions (row locks, races for a seat) must `describe.skipIf(!realPostgres)`.
 */
export const realPostgres: boolean = process.env.OPENSEAT_EMBEDDED_DB !== "1";

/** Empties every app table of the public schema (not _prisma_migrations) and resets their ids. */
export async function truncateAll(): Promise<void> {
  const db = getDb();
  const tables = await db.$queryRaw<{ tablename: string }[]>`
    SELECT tablename FROM pg_tables
    WHERE schemaname = 'public' AND tablename <> '_prisma_migrations'`;
  if (tables.length === 0) return;
  const list = tables.map((t) => `"public"."${t.tablename.replaceAll('"', '""')}"`).join(", ");
  await db.$executeRawUnsafe(`TRUNCATE TABLE ${list} RESTART IDENTITY CASCADE`);
  // User ids start again at 1: cached session states of the previous test's users must not apply.
  await forgetSessionStates();
}
