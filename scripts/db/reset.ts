// `npm run db:reset`: drops and recreates the `public` schema of DATABASE_URL (every table, enum and
// row, and _prisma_migrations), then applies all migrations. Refuses any host but localhost,
// 127.0.0.1 and ::1, so a production URL left in the environment cannot be wiped by mistake.
import { assertLocalDatabaseUrl, describeDatabaseUrl, resetPublicSchema } from "../../lib/db/local-database";
import { applyMigrations } from "../../lib/db/migrations";

const url = process.env.DATABASE_URL;
if (!url) {
  console.error(
    "DATABASE_URL is not set. Set it to the local database to wipe and migrate, e.g.\n" +
      "  DATABASE_URL=postgresql://postgres@127.0.0.1:5432/openseat npm run db:reset",
  );
  process.exit(2);
}

try {
  assertLocalDatabaseUrl(url, "reset the database");
} catch (error) {
  console.error((error as Error).message);
  process.exit(2);
}

try {
  await resetPublicSchema(url);
  console.info(`[db] ${describeDatabaseUrl(url)}: public schema dropped and recreated`);
  await applyMigrations(url);
} catch (error) {
  console.error(`[db] reset failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
