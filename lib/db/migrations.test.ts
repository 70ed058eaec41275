// The migration tooling: applying prisma/migrations (from scratch, idempotently, atomically, with
// Prisma's bookkeeping) and generating the next migration's SQL.
import { createHash } from "node:crypto";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { startEmbeddedPostgres, type EmbeddedPostgres } from "./embedded-postgres";
import { resetPublicSchema } from "./local-database";
import {
  applyMigrations,
  createMigrationSql,
  defaultMigrationsDir,
  defaultSchemaPath,
  markMigrationRolledBack,
  readMigrationsList,
} from "./migrations";

const quiet = () => {};

async function query<T extends pg.QueryResultRow>(url: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

async function migrationDirs(): Promise<string[]> {
  return (await readMigrationsList()).migrationDirectories.map((d) => d.path);
}

interface MigrationRow {
  migration_name: string;
  checksum: string;
  finished_at: Date | null;
  rolled_back_at: Date | null;
  applied_steps_count: number;
}

async function expectFullyRecorded(url: string): Promise<void> {
  const rows = await query<MigrationRow>(
    url,
    "SELECT migration_name, checksum, finished_at, rolled_back_at, applied_steps_count FROM _prisma_migrations ORDER BY migration_name",
  );
  const dirs = await migrationDirs();
  expect(rows.map((r) => r.migration_name)).toEqual(dirs);
  for (const row of rows) {
    const sql = await fs.readFile(path.join(defaultMigrationsDir, row.migration_name, "migration.sql"));
    // Prisma's checksum: sha256 of the file, so a native `prisma migrate status` would agree.
    expect(row.checksum).toBe(createHash("sha256").update(sql).digest("hex"));
    expect(row.finished_at).toBeInstanceOf(Date);
    expect(row.rolled_back_at).toBeNull();
    expect(row.applied_steps_count).toBe(1);
  }
}

test("the test database has every migration applied, and applying again does nothing", async () => {
  const url = process.env.DATABASE_URL!;
  await expectFullyRecorded(url);
  const again = await applyMigrations(url, { log: quiet });
  expect(again.applied).toEqual([]);
});

// Scratch databases: a PGlite of our own, whichever database the rest of the run uses.
describe("on a scratch database", () => {
  let scratch: EmbeddedPostgres;
  let tmp: string;
  beforeAll(async () => {
    scratch = await startEmbeddedPostgres();
    tmp = await fs.mkdtemp(path.join(os.tmpdir(), "openseat-migrations-"));
  });
  afterAll(async () => {
    await scratch?.stop();
    if (tmp) await fs.rm(tmp, { recursive: true, force: true });
  });
  beforeEach(async () => {
    await resetPublicSchema(scratch.url);
  });

  async function writeMigrations(dir: string, migrations: Record<string, string>): Promise<string> {
    const base = path.join(tmp, dir);
    for (const [name, sql] of Object.entries(migrations)) {
      await fs.mkdir(path.join(base, name), { recursive: true });
      await fs.writeFile(path.join(base, name, "migration.sql"), sql);
    }
    return base;
  }

  test("applies all migrations in order to an empty database; a second run is a no-op", async () => {
    const lines: string[] = [];
    const first = await applyMigrations(scratch.url, { log: (l) => lines.push(l) });
    expect(first.applied).toEqual(await migrationDirs());
    for (const name of first.applied) expect(lines).toContain(`[db] applied migration ${name}`);
    await expectFullyRecorded(scratch.url);

    const tables = await query<{ tablename: string }>(
      scratch.url,
      "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1",
    );
    expect(tables.map((t) => t.tablename)).toEqual(
      expect.arrayContaining(["_prisma_migrations", "event", "seat", "ticket", "users", "venue"]),
    );

    const second = await applyMigrations(scratch.url, { log: quiet });
    expect(second.applied).toEqual([]);
  });

  test("runs a migration script whole: semicolons inside strings, comments and function bodies", async () => {
    const dir = await writeMigrations("semicolons", {
      "20000101000000_a": `-- a comment; with a semicolon
CREATE TABLE note (id INT PRIMARY KEY, body TEXT NOT NULL);
INSERT INTO note VALUES (1, 'one; two');
CREATE FUNCTION note_count() RETURNS BIGINT LANGUAGE plpgsql AS $$
BEGIN
  RETURN (SELECT count(*) FROM note);
END;
$$;
`,
    });
    expect((await applyMigrations(scratch.url, { migrationsDir: dir, log: quiet })).applied).toEqual([
      "20000101000000_a",
    ]);
    const rows = await query<{ body: string; n: string }>(scratch.url, "SELECT body, note_count()::text AS n FROM note");
    expect(rows).toEqual([{ body: "one; two", n: "1" }]);
  });

  test("a failing migration is rolled back entirely, recorded as failed, and stops the run", async () => {
    const dir = await writeMigrations("failing", {
      "20000101000000_ok": "CREATE TABLE a (id INT PRIMARY KEY);\n",
      "20000102000000_bad": "CREATE TABLE b (id INT PRIMARY KEY);\nINSERT INTO nowhere VALUES (1);\n",
      "20000103000000_later": "CREATE TABLE c (id INT PRIMARY KEY);\n",
    });
    await expect(applyMigrations(scratch.url, { migrationsDir: dir, log: quiet })).rejects.toThrow(
      /^migration 20000102000000_bad failed: No such table: nowhere/,
    );
    const tables = await query<{ tablename: string }>(
      scratch.url,
      "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1",
    );
    // `b` was created by the failing script before its error: it must not survive.
    expect(tables.map((t) => t.tablename)).toEqual(["_prisma_migrations", "a"]);
    const rows = await query<{ migration_name: string; finished_at: Date | null }>(
      scratch.url,
      "SELECT migration_name, finished_at FROM _prisma_migrations ORDER BY migration_name",
    );
    expect(rows.map((r) => [r.migration_name, r.finished_at !== null])).toEqual([
      ["20000101000000_ok", true],
      ["20000102000000_bad", false],
    ]);

    // Fixed and marked rolled back, it is retried, and the later migration follows.
    await fs.writeFile(path.join(dir, "20000102000000_bad", "migration.sql"), "CREATE TABLE b (id INT PRIMARY KEY);\n");
    await expect(applyMigrations(scratch.url, { migrationsDir: dir, log: quiet })).rejects.toThrow(/failed/);
    await markMigrationRolledBack(scratch.url, "20000102000000_bad");
    const retried = await applyMigrations(scratch.url, { migrationsDir: dir, log: quiet });
    expect(retried.applied).toEqual(["20000102000000_bad", "20000103000000_later"]);
  });

  test("createMigrationSql produces the SQL of a schema change (this PGlite as shadow database)", async () => {
    const schema = await fs.readFile(defaultSchemaPath, "utf8");
    const changed = schema.replace(/(model Performer \{\n)/, '$1  website   String?  @map("website_url")\n');
    expect(changed).not.toBe(schema);
    const schemaPath = path.join(tmp, "schema.prisma");
    await fs.writeFile(schemaPath, changed);
    const sql = await createMigrationSql({ schemaPath, shadowDatabaseUrl: scratch.url });
    expect(sql).toMatch(/ALTER TABLE "performer" ADD COLUMN\s+"website_url" TEXT;/);
  });
});

describe("createMigrationSql", () => {
  // The real path: an in-memory PGlite started as the shadow database, as `db:migration:new` does.
  test("reports no changes for the current schema once its migrations exist", async () => {
    expect(await createMigrationSql()).toBeNull();
  });
});
