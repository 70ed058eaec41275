// Prisma's schema engine (the migrate/diff machinery) compiled to WebAssembly, driven through the pg
// driver adapter. This replaces the CLI's native schema-engine binary, which cannot be downloaded on
// offline machines. This module owns loading the wasm engine and the database adapters it talks
// through; lib/db/migrations.ts says what to do with it.
//
// @prisma/schema-engine-wasm is an internal Prisma package ("its API will break without prior
// warning"), pinned in package.json; the workarounds below are tied to that version and to
// @prisma/adapter-pg 7.10.1. Each one is explained where it is made.
import fs from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import pg from "pg";
import { PrismaPg } from "@prisma/adapter-pg";
// Not in package.json: adapter-pg 7.10.1 depends on exactly @prisma/driver-adapter-utils 7.10.1, and
// its binder is the protocol (Result objects, error registry) the wasm engine expects.
import {
  bindMigrationAwareSqlAdapterFactory,
  ColumnTypeEnum,
  type ErrorRegistry,
  type SqlDriverAdapter,
  type SqlMigrationAwareDriverAdapterFactory,
  type SqlQuery,
  type SqlResultSet,
} from "@prisma/driver-adapter-utils";
import type * as WasmRuntime from "@prisma/schema-engine-wasm/schema_engine_bg";
import { startEmbeddedPostgres, type EmbeddedPostgres } from "./embedded-postgres";
import { resetPublicSchema } from "./local-database";
import { logger } from "../log/logger";

export type SchemaEngine = WasmRuntime.SchemaEngine;
export type {
  DiffTarget,
  MigrationList,
  SchemaFilter,
} from "@prisma/schema-engine-wasm/schema_engine_bg";
const log = logger("schema-engine");

/** No externally managed tables or enums: the engine owns everything in the schema. */
export const NO_FILTERS = { externalTables: [], externalEnums: [] };

// --- Loading the wasm module -------------------------------------------------------------------

// The package's entry point does `import * as wasm from "./schema_engine_bg.wasm"`, which needs a
// bundler (or node --experimental-wasm-modules). Prisma's own tooling instead instantiates the .wasm
// itself against the generated JS glue, and so do we. The glue keeps the instance in a module-level
// variable, so one instance serves every engine in the process.
let runtimePromise: Promise<typeof WasmRuntime> | undefined;
// After a trap (a Rust panic) the instance must not be used again, and the glue's cached views of
// its memory cannot be safely pointed at a new one, so the process has to restart.
let trapped = false;

// When the Rust code panics, the glue writes the panic message into this global before throwing a
// bare `RuntimeError: unreachable`; without it the glue itself crashes with a TypeError. The trap
// usually surfaces inside a microtask, as an uncaught exception that no caller can catch, so the
// message is printed right away: it is the only useful clue.
let lastPanic: string | undefined;
(globalThis as { PRISMA_WASM_PANIC_REGISTRY?: unknown }).PRISMA_WASM_PANIC_REGISTRY ??= {
  set_message(message: string) {
    lastPanic = message;
    log.error(`panic: ${message}`);
  },
};

async function loadRuntime(): Promise<typeof WasmRuntime> {
  if (trapped) throw new Error("The schema engine panicked earlier in this process; restart it.");
  runtimePromise ??= (async () => {
    const runtime = await import("@prisma/schema-engine-wasm/schema_engine_bg");
    const require = createRequire(import.meta.url);
    const glue = require.resolve("@prisma/schema-engine-wasm/schema_engine_bg");
    const bytes = await fs.readFile(path.join(path.dirname(glue), "schema_engine_bg.wasm"));
    // The engine arms timers (timeouts around its database calls) and, having no clearTimeout
    // import, never cancels them: every command left a 10 s timer that kept scripts alive after
    // their work was done. Unreferenced timers still fire, but no longer hold the process open;
    // while a command runs, its database sockets do.
    const imports: WebAssembly.ModuleImports = { ...(runtime as unknown as WebAssembly.ModuleImports) };
    for (const name of Object.keys(imports).filter((n) => n.startsWith("__wbg_setTimeout_"))) {
      imports[name] = (callback: () => void, ms: number) => {
        const timer = setTimeout(callback, ms >>> 0);
        timer.unref();
        return timer;
      };
    }
    const { instance } = await WebAssembly.instantiate(bytes, { "./schema_engine_bg.js": imports });
    runtime.__wbg_set_wasm(instance.exports);
    (instance.exports.__wbindgen_start as () => void)();
    return runtime;
  })();
  try {
    return await runtimePromise;
  } catch (error) {
    runtimePromise = undefined;
    throw error;
  }
}

/** Version (git hash of prisma-engines) of the loaded wasm schema engine. */
export async function schemaEngineVersion(): Promise<string> {
  return (await loadRuntime()).version();
}

// --- The adapter the engine talks through ------------------------------------------------------

// adapter-pg cannot describe the PostgreSQL "char" type (OID 18), which the engine's catalog queries
// return (pg_constraint.contype, pg_class.relkind, ...): it throws UnsupportedNativeDataType, so every
// command that introspects a database (diff from migrations, devDiagnostic...) fails with "Column type
// 'char' could not be deserialized". The engine wants those columns typed Character. We relabel the
// OIDs in the pg result before adapter-pg sees them (18 and the reg* types as text, which they are in
// the text protocol) and, for "char", remember the column positions keyed by the rows array, which
// adapter-pg passes through unchanged, so queryRaw can set ColumnTypeEnum.Character afterwards.
const PG_CHAR = 18;
const PG_TEXT = 25;
const CATALOG_TEXT_TYPES = new Set([
  PG_CHAR, 24 /* regproc */, 194 /* pg_node_tree */, 2202, 2203, 2204, 2205, 2206, 3734, 4089, 4096,
]);
const charColumns = new WeakMap<object, number[]>();

interface PgFieldLike {
  dataTypeID: number;
}
interface PgResultLike {
  fields?: PgFieldLike[];
  rows?: unknown[];
}

function relabelCatalogTypes<T>(result: T): T {
  if (Array.isArray(result)) {
    result.forEach(relabelCatalogTypes);
    return result;
  }
  const r = result as PgResultLike | undefined;
  if (!r?.fields) return result;
  const chars: number[] = [];
  r.fields.forEach((field, i) => {
    if (field.dataTypeID === PG_CHAR) chars.push(i);
    if (CATALOG_TEXT_TYPES.has(field.dataTypeID)) field.dataTypeID = PG_TEXT;
  });
  if (chars.length > 0 && r.rows) charColumns.set(r.rows, chars);
  return result;
}

type QueryFn = (...args: unknown[]) => unknown;
const baseQuery = pg.Client.prototype.query as unknown as QueryFn;

/** pg.Client whose results have the catalog types relabelled (both promise and callback calls). */
class CatalogAwareClient extends pg.Client {}
(CatalogAwareClient.prototype as unknown as { query: QueryFn }).query = function (
  this: pg.Client,
  config: unknown,
  values?: unknown,
  callback?: unknown,
) {
  if (typeof values === "function") [callback, values] = [values, undefined];
  if (typeof callback === "function") {
    const cb = callback as (err: unknown, res: unknown) => void;
    return baseQuery.call(this, config, values, (err: unknown, res: unknown) =>
      cb(err, err ? res : relabelCatalogTypes(res)),
    );
  }
  const out = baseQuery.call(this, config, values);
  return out instanceof Promise ? out.then(relabelCatalogTypes) : out;
};

function restoreCharColumns(result: SqlResultSet): SqlResultSet {
  const chars = charColumns.get(result.rows);
  if (chars) for (const i of chars) result.columnTypes[i] = ColumnTypeEnum.Character;
  return result;
}

function withCharColumns<Q extends { queryRaw(query: SqlQuery): Promise<SqlResultSet> }>(q: Q): Q {
  const queryRaw = q.queryRaw.bind(q);
  q.queryRaw = async (query) => restoreCharColumns(await queryRaw(query));
  return q;
}

/**
 * One engine connection: an adapter-pg adapter over a single-connection pool.
 *
 * - One connection, never closed while idle: the engine takes a session-level advisory lock
 *   (pg_advisory_lock(72707369), as the native engine does) through the pool and then runs its other
 *   queries; with several pooled connections, or an idle timeout, the lock would be on some other
 *   session or silently dropped.
 * - executeScript: adapter-pg splits scripts on every ";" (breaking on semicolons in strings,
 *   comments or function bodies) and autocommits each piece. We send the migration script whole, in
 *   one simple-protocol query, which PostgreSQL runs as a single implicit transaction: a failing
 *   migration leaves nothing half-applied, like the native engine.
 */
async function connectEngineAdapter(url: string): Promise<SqlDriverAdapter> {
  const factory = new PrismaPg({
    connectionString: url,
    max: 1,
    idleTimeoutMillis: 0,
    Client: CatalogAwareClient,
  });
  const adapter = withCharColumns(await factory.connect());
  const pool = adapter.underlyingDriver();

  const startTransaction = adapter.startTransaction.bind(adapter);
  adapter.startTransaction = async (isolationLevel) =>
    withCharColumns(await startTransaction(isolationLevel));

  adapter.executeScript = async (script: string) => {
    try {
      await pool.query(script);
    } catch (error) {
      // adapter-pg's own conversion gives the engine the PostgreSQL error code and message.
      (adapter as unknown as { onError(e: unknown): never }).onError(error);
    }
  };

  const dispose = adapter.dispose.bind(adapter);
  let disposed: Promise<void> | undefined;
  adapter.dispose = () => {
    disposed ??= dispose();
    return disposed;
  };
  return adapter;
}

// --- Engine sessions ---------------------------------------------------------------------------

export interface SchemaEngineOptions {
  /**
   * The database the engine works on, or "embedded" for an in-memory PGlite started for the session.
   * Commands that never touch it (diffs) still need one: SchemaEngine.new() queries its main
   * connection right away (server version, whether the schema exists).
   */
  databaseUrl: string | "embedded";
  /**
   * Where the engine replays migrations when it asks for a shadow database (diff from a migrations
   * folder): "embedded" for the session's in-memory PGlite, or the URL of a database it may wipe
   * (its public schema is emptied before each use). Unset, asking for one fails: we never create
   * databases on a server behind the user's back, as adapter-pg's own connectToShadowDb would.
   */
  shadowDatabase?: "embedded" | { url: string };
  /** Prisma schema file(s) the engine starts with; not needed for applyMigrations or diff. */
  schemaFiles?: { path: string; content: string }[];
  /** Receives the engine's tracing events (JSON lines); by default only WARN/ERROR are printed. */
  onLog?: (line: string) => void;
}

function defaultEngineLog(line: string): void {
  try {
    const event = JSON.parse(line) as { level?: string; fields?: { message?: string } };
    if (event.level === "WARN" || event.level === "ERROR") {
      log.warn(`${event.level}: ${event.fields?.message ?? line}`);
    }
  } catch {
    // not JSON: nothing worth printing
  }
}

/**
 * Runs `fn` with a wasm schema engine connected as `options` says, then frees the engine and closes
 * every connection and embedded server it opened, whether `fn` succeeded or not.
 */
export async function withSchemaEngine<T>(
  options: SchemaEngineOptions,
  fn: (engine: SchemaEngine) => Promise<T>,
): Promise<T> {
  const runtime = await loadRuntime();
  const opened: SqlDriverAdapter[] = [];
  const track = (adapter: SqlDriverAdapter) => (opened.push(adapter), adapter);
  // One in-memory PGlite per session at most (starting one takes seconds), serving as the main
  // database when it is "embedded" and as the shadow database.
  let embedded: Promise<EmbeddedPostgres> | undefined;
  const embeddedUrl = async () => (await (embedded ??= startEmbeddedPostgres())).url;

  const factory: SqlMigrationAwareDriverAdapterFactory = {
    provider: "postgres",
    adapterName: "@prisma/adapter-pg",
    async connect() {
      const url = options.databaseUrl === "embedded" ? await embeddedUrl() : options.databaseUrl;
      if (!url) throw new Error("withSchemaEngine: databaseUrl is empty");
      return track(await connectEngineAdapter(url));
    },
    async connectToShadowDb() {
      const shadow = options.shadowDatabase;
      if (!shadow) throw new Error("This schema engine session has no shadow database.");
      const url = shadow === "embedded" ? await embeddedUrl() : shadow.url;
      // Empty, whatever an earlier command of the session left there.
      await resetPublicSchema(url);
      return track(await connectEngineAdapter(url));
    },
  };

  const bound = bindMigrationAwareSqlAdapterFactory(factory);
  let engine: SchemaEngine | undefined;
  try {
    engine = await runtime.SchemaEngine.new(
      { datamodels: options.schemaFiles?.map((f) => [f.path, f.content] as [string, string]) },
      options.onLog ?? defaultEngineLog,
      bound,
    );
    return await fn(engine);
  } catch (error) {
    throw explainEngineError(error, bound.errorRegistry);
  } finally {
    engine?.free();
    await Promise.allSettled(opened.map((a) => a.dispose()));
    if (embedded) await (await embedded).stop();
  }
}

/**
 * Makes engine errors say what happened:
 * - A JavaScript exception inside an adapter (a refused connection, say) reaches the engine as
 *   "GenericJs" and comes back as a bare "External error id#N"; the original is still in the
 *   binder's error registry under N, so we return that.
 * - A Rust panic is a bare `unreachable` trap; we attach the panic message and retire the instance.
 */
function explainEngineError(error: unknown, registry: ErrorRegistry): unknown {
  const external = error instanceof Error && /External error id#(\d+)/.exec(error.message);
  if (external) {
    const original = registry.consumeError(Number(external[1]))?.error;
    if (original) return original;
  }
  if (error instanceof WebAssembly.RuntimeError) {
    trapped = true;
    const panic = lastPanic;
    lastPanic = undefined;
    if (panic) return new Error(`schema engine panicked: ${panic}`, { cause: error });
  }
  return error;
}
