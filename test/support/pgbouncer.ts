// PgBouncer in transaction pooling mode in front of a PostgreSQL URL, on a free port, with its
// configuration in a temporary directory: for the tests that run through it and for
// `npm run cluster` (scripts/cluster.ts). Needs the pgbouncer binary (Debian's `pgbouncer`).
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { chmodSync, chownSync, existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";

/** The pgbouncer binary, or null when it is not installed. */
export function pgBouncerBinary(): string | null {
  for (const dir of [...(process.env.PATH ?? "").split(path.delimiter), "/usr/sbin"]) {
    const candidate = path.join(dir, "pgbouncer");
    if (dir && existsSync(candidate)) return candidate;
  }
  return null;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = createServer();
    s.once("error", () => resolve(true));
    s.listen(port, "127.0.0.1", () => s.close(() => resolve(false)));
  });
}

function userExists(name: string): boolean {
  try {
    execFileSync("id", ["-u", name], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

export type PgBouncer = {
  /** The pooled URL for the app: PgBouncer's address, `pgbouncer=true`. */
  url: string;
  port: number;
  process: ChildProcess;
  stop(): Promise<void>;
};

/**
 * Starts PgBouncer (pool_mode = transaction) in front of `directUrl`. The server-side timeouts the
 * app does not send through a pooler (lib/db/index.ts) are set on each server connection with
 * connect_query. Trust authentication towards PgBouncer: for local use only.
 */
export async function startPgBouncer(directUrl: string, options: { poolSize?: number; onOutput?: (line: string) => void } = {}): Promise<PgBouncer> {
  const binary = pgBouncerBinary();
  if (!binary) throw new Error("pgbouncer is not installed (apt-get install pgbouncer)");
  const pg = new URL(directUrl);
  const dbName = pg.pathname.replace(/^\//, "") || "postgres";
  const user = decodeURIComponent(pg.username || "postgres");
  const port = await freePort();
  const dir = mkdtempSync(path.join(tmpdir(), "openseat-pgbouncer-"));
  chmodSync(dir, 0o755);
  const serverConn = [`host=${pg.hostname}`, `port=${pg.port || 5432}`, `dbname=${dbName}`, `user=${user}`];
  if (pg.password) serverConn.push(`password=${decodeURIComponent(pg.password)}`);
  serverConn.push("connect_query='SET statement_timeout = 5000; SET idle_in_transaction_session_timeout = 15000'");
  writeFileSync(path.join(dir, "userlist.txt"), `"${user}" ""\n`);
  const ini = path.join(dir, "pgbouncer.ini");
  writeFileSync(
    ini,
    [
      "[databases]",
      `${dbName} = ${serverConn.join(" ")}`,
      "[pgbouncer]",
      "listen_addr = 127.0.0.1",
      `listen_port = ${port}`,
      "auth_type = trust",
      `auth_file = ${path.join(dir, "userlist.txt")}`,
      "pool_mode = transaction",
      "max_client_conn = 5000",
      `default_pool_size = ${options.poolSize ?? 20}`,
      "reserve_pool_size = 5",
      "server_reset_query =",
      "ignore_startup_parameters = extra_float_digits,options",
      `unix_socket_dir = ${dir}`,
      "",
    ].join("\n"),
  );
  // PgBouncer refuses to run as root: as root it is started as the postgres (or nobody) user.
  const asRoot = process.getuid?.() === 0;
  const runAs = userExists("postgres") ? "postgres" : "nobody";
  if (asRoot && runAs === "postgres") {
    chownSync(dir, Number(execFileSync("id", ["-u", runAs]).toString().trim()), Number(execFileSync("id", ["-g", runAs]).toString().trim()));
  }
  const child = spawn(binary, [...(asRoot ? ["-u", runAs] : []), ini], { stdio: ["ignore", "pipe", "pipe"] });
  const forward = (chunk: Buffer) => chunk.toString("utf8").split("\n").filter(Boolean).forEach((line) => options.onOutput?.(line));
  child.stdout?.on("data", forward);
  child.stderr?.on("data", forward);
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill("SIGTERM");
      await new Promise((r) => child.once("exit", r));
    }
    rmSync(dir, { recursive: true, force: true });
  };
  for (let i = 0; !(await listening(port)); i++) {
    if (i > 100 || child.exitCode !== null) {
      await stop();
      throw new Error("PgBouncer did not start");
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  const pooled = new URL(directUrl);
  pooled.hostname = "127.0.0.1";
  pooled.port = String(port);
  pooled.searchParams.set("pgbouncer", "true");
  return { url: pooled.toString(), port, process: child, stop };
}
