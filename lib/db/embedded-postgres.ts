// The embedded PostgreSQL server: PGlite (PostgreSQL compiled to WebAssembly, in this process)
// served over the PostgreSQL wire protocol by pglite-socket, so that `pg`, Prisma's adapter-pg and the
// schema engine reach it through an ordinary postgres:// URL, exactly as they reach a real server.
// Used by the demo, by tests when DATABASE_URL is unset, and as the shadow database of
// createMigrationSql. Plain Node: no Next.js imports.
//
// Limits worth knowing (measured on this project's machines): PGlite runs one transaction at a time across all
// connections, so there is no real row-lock concurrency; tests that need it must use a real server.
import fs from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";

export interface EmbeddedPostgresOptions {
  /** Data directory; created if missing. Undefined or "memory://" keeps the database in memory. */
  dataDir?: string;
  /** TCP port; 0 (the default) picks a free one. */
  port?: number;
  /** Only loopback: the server has no authentication at all. */
  host?: "127.0.0.1";
  /**
   * Socket connections accepted at once. pglite-socket defaults to 1, which makes any pool with
   * more than one connection fail (Prisma reports P1017); queries are serialised inside anyway.
   */
  maxConnections?: number;
}

export interface EmbeddedPostgres {
  /** postgres:// URL for pg / adapter-pg / the schema engine. */
  url: string;
  /** Closes client connections, the listener and the database. Safe to call twice. */
  stop(): Promise<void>;
}

const MEMORY = "memory://";

export async function startEmbeddedPostgres(
  options: EmbeddedPostgresOptions = {},
): Promise<EmbeddedPostgres> {
  const host = options.host ?? "127.0.0.1";
  const port = options.port ?? 0;
  const maxConnections = options.maxConnections ?? 64;
  if (maxConnections < 2) throw new Error("startEmbeddedPostgres: maxConnections must be at least 2");

  let dataDir: string | undefined;
  if (options.dataDir && options.dataDir !== MEMORY) {
    dataDir = path.resolve(options.dataDir);
    fs.mkdirSync(dataDir, { recursive: true });
  }

  // Contrib extensions the migrations create (CREATE EXTENSION needs them loaded into PGlite first):
  // pg_trgm for typo-tolerant event search and suggestions (lib/search) and for the organizers'
  // order search (trigram indexes on emails and names).
  const extensions = { pg_trgm };
  const db = await PGlite.create(dataDir ? { dataDir, extensions } : { extensions });
  const server = new PGLiteSocketServer({ db, host, port, maxConnections });
  try {
    await server.start();
  } catch (error) {
    await db.close();
    throw error;
  }

  // getServerConn() reports the port actually bound once start() resolved (matters for port 0).
  const boundPort = Number(server.getServerConn().split(":").pop());
  // PGlite has a single role and database, both "postgres", and accepts any password.
  const url = `postgresql://postgres:postgres@${host}:${boundPort}/postgres`;

  let stopping: Promise<void> | undefined;
  return {
    url,
    stop() {
      stopping ??= (async () => {
        await server.stop();
        if (!db.closed) await db.close();
      })();
      return stopping;
    },
  };
}
