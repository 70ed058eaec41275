// `npm run db:migrate`: applies prisma/migrations to DATABASE_URL with the wasm schema engine
// (lib/db/migrations.ts), recording them in _prisma_migrations. Never `prisma migrate deploy` here:
// without its native engine binary the CLI exits 0 having done nothing.
import { applyMigrations } from "../../lib/db/migrations";

const url = process.env.DATABASE_URL;
if (!url) {
  console.error(
    "DATABASE_URL is not set: nothing to migrate. Set it to the PostgreSQL database to migrate, e.g.\n" +
      "  DATABASE_URL=postgresql://postgres@127.0.0.1:5432/openseat npm run db:migrate\n" +
      "(`npm run demo` migrates its embedded database by itself.)",
  );
  process.exit(2);
}

try {
  await applyMigrations(url);
} catch (error) {
  console.error(`[db] migration failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
