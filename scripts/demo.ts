// `npm run demo`: the app with demo data on one machine.
//
// With DATABASE_URL set it uses that PostgreSQL server; without it, it starts the embedded
// PostgreSQL (PGlite, data kept in .data/pglite) inside this process and serves it over the wire
// protocol, so the Next.js server connects to it like to any PostgreSQL. Then it applies the
// migrations, seeds demo data when the database has no events (or with --reseed), builds the app
// when no production build exists, and runs `next start`.
//
// Flags: --port N (default $PORT or 3000), --reseed, --memory (embedded database in memory, for
// tests), --no-build (fail instead of building), --dev (next dev instead of next start).
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import pg from "pg";
import { startEmbeddedPostgres } from "@/lib/db/embedded-postgres";
import { applyMigrations } from "@/lib/db/migrations";
import { describeDatabaseUrl } from "@/lib/db";

const root = path.resolve(import.meta.dirname, "..");
const bin = (name: string) => path.join(root, "node_modules/.bin", name);

const { values: flags } = parseArgs({
  options: {
    port: { type: "string" },
    reseed: { type: "boolean", default: false },
    memory: { type: "boolean", default: false },
    "no-build": { type: "boolean", default: false },
    dev: { type: "boolean", default: false },
  },
});

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: root, env, stdio: "inherit" });
    child.on("error", reject);
    child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`${path.basename(cmd)} ${args.join(" ")} exited with ${code}`))));
  });
}

async function countEvents(url: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ n: string }>("SELECT count(*)::text AS n FROM event");
    return Number(rows[0]?.n ?? 0);
  } finally {
    await client.end();
  }
}

/** The demo's AUTH_SECRET: random, made once and kept in .data/auth-secret so sessions survive restarts. */
function demoAuthSecret(): string {
  const file = path.join(root, ".data/auth-secret");
  if (existsSync(file)) {
    const saved = readFileSync(file, "utf8").trim();
    if (saved.length >= 32) return saved;
  }
  mkdirSync(path.dirname(file), { recursive: true });
  const secret = randomBytes(33).toString("base64");
  writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  console.info(`[demo] auth: generated a random AUTH_SECRET in ${path.relative(root, file)}`);
  return secret;
}

async function main(): Promise<void> {
  const port = flags.port ?? process.env.PORT ?? "3000";
  // OPENSEAT_DEMO=1: `next start` runs in production mode, but this is the one-machine demo.
  const env: NodeJS.ProcessEnv = { ...process.env, NEXT_TELEMETRY_DISABLED: "1", OPENSEAT_DEMO: "1" };
  if (!env.AUTH_SECRET) env.AUTH_SECRET = demoAuthSecret();
  let stopDb: (() => Promise<void>) | undefined;

  if (env.DATABASE_URL) {
    console.info(`[demo] database: PostgreSQL server at ${describeDatabaseUrl(env.DATABASE_URL)}`);
  } else {
    const dataDir = flags.memory ? undefined : path.join(root, ".data/pglite");
    if (dataDir) mkdirSync(dataDir, { recursive: true });
    const embedded = await startEmbeddedPostgres({ dataDir, port: Number(process.env.EMBEDDED_DB_PORT ?? 0) });
    stopDb = embedded.stop;
    env.DATABASE_URL = embedded.url;
    env.OPENSEAT_EMBEDDED_DB = "1";
    console.info(
      `[demo] database: embedded PostgreSQL (PGlite) ${dataDir ? `in ${path.relative(root, dataDir)}` : "in memory"}, served at ${describeDatabaseUrl(embedded.url)}; single-process development default, set DATABASE_URL to use a PostgreSQL server`,
    );
  }
  if (!env.REDIS_URL && !env.UPSTASH_REDIS_REST_URL) {
    console.info("[demo] redis: in-process store (single-process only); set REDIS_URL to use a Redis server");
  }

  await applyMigrations(env.DATABASE_URL, { migrationsDir: path.join(root, "prisma/migrations") });
  const events = await countEvents(env.DATABASE_URL);
  if (flags.reseed || events === 0) {
    await run(bin("tsx"), [path.join(root, "prisma/seed.ts")], env);
  } else {
    console.info(`[demo] database already has ${events} events; pass --reseed to start over`);
  }

  if (!flags.dev && !existsSync(path.join(root, ".next/BUILD_ID"))) {
    if (flags["no-build"]) throw new Error("No production build found (.next/BUILD_ID); run `npm run build` first");
    console.info("[demo] no production build yet: running `npm run build` (about a minute)");
    await run("npm", ["run", "build"], env);
  }

  const next: ChildProcess = spawn(bin("next"), [flags.dev ? "dev" : "start", "-p", port], { cwd: root, env, stdio: "inherit" });
  console.info(`[demo] OpenSeat on http://localhost:${port}`);
  const shutdown = (signal: NodeJS.Signals) => next.kill(signal);
  process.on("SIGINT", shutdown);
  process.on("SIGTERM", shutdown);
  next.on("exit", async (code) => {
    await stopDb?.();
    process.exit(code ?? 0);
  });
}

main().catch((error: unknown) => {
  console.error("[demo] failed:", error instanceof Error ? error.message : error);
  process.exit(1);
});
