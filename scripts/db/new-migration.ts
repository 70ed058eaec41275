// `npm run db:migration:new -- <name>`: writes prisma/migrations/<timestamp>_<name>/migration.sql with
// the SQL that takes the existing migrations to prisma/schema.prisma (see createMigrationSql in
// lib/db/migrations.ts; the shadow database is an in-memory PGlite, so no server is needed).
// Prints "no changes" and writes nothing when the schema needs no migration.
// SHADOW_DATABASE_URL (optional): a local throwaway database to replay the migrations on instead,
// e.g. one on the PostgreSQL version production runs; its public schema is wiped.
import path from "node:path";
import { writeNewMigration } from "../../lib/db/migrations";

const name = process.argv[2];
if (!name || process.argv.length > 3) {
  console.error("usage: npm run db:migration:new -- <name>   (e.g. add_ticket_notes)");
  process.exit(2);
}

try {
  const started = Date.now();
  const written = await writeNewMigration(name, { shadowDatabaseUrl: process.env.SHADOW_DATABASE_URL || undefined });
  if (!written) {
    console.log("no changes: prisma/schema.prisma matches the migrations");
  } else {
    console.log(`wrote ${path.relative(process.cwd(), written.file)} (${Date.now() - started} ms)`);
    console.log("Review it, then apply it with `npm run db:migrate`.");
  }
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
