// The app under test: the production build served by the project's server entry (scripts/server.mjs,
// what `npm start` runs) on 127.0.0.1, its output kept in a log file next to the results. The entry is
// plain JavaScript run by node itself, so the pid of the spawned process is the server's: the
// app-kill fault kill -9s exactly that pid and starts it again on the same port.
//
// Every simulated fan connects from 127.0.0.1, which the server entry now reports as their address
// (before, under `next start`, the address was unknown and per-IP budgets were skipped). 5,000 fans
// behind one address are a crowd behind one NAT, not one abuser: the per-IP budgets are turned off
// here unless the caller sets them, so the lab measures what it measured before; the per-user ones
// stay.
//
// No build, no lab: without .next/BUILD_ID the lab runs `npm run build` first (about a minute and a
// half here), or fails with --no-build. A build older than the code is the caller's business.
import { spawn, type ChildProcess } from "node:child_process";
import { createWriteStream, existsSync, type WriteStream } from "node:fs";
import path from "node:path";
import type { LabProcess } from "./redis-server";

export const projectRoot = path.resolve(import.meta.dirname, "../../..");

export async function ensureBuild({ noBuild, log }: { noBuild: boolean; log: (line: string) => void }): Promise<void> {
  if (existsSync(path.join(projectRoot, ".next/BUILD_ID"))) return;
  if (noBuild) throw new Error("No production build (.next/BUILD_ID): run `npm run build` first, or drop --no-build");
  log("no production build yet: running `npm run build`");
  await new Promise<void>((resolve, reject) => {
    const child = spawn("npm", ["run", "build"], { cwd: projectRoot, stdio: "inherit", env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" } });
    child.on("error", reject);
    child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`npm run build exited with ${code}`))));
  });
}

export type AppServer = LabProcess;

/** Per-IP budgets of lib/rate-limit (policies and sign-in/sign-up), off: every fan shares 127.0.0.1. */
const PER_IP_OFF: Record<string, string> = Object.fromEntries(
  [
    "RATE_LIMIT_RESERVE_IP_PER_MINUTE",
    "RATE_LIMIT_BEST_AVAILABLE_IP_PER_MINUTE",
    "RATE_LIMIT_CONFIRM_IP_PER_MINUTE",
    "RATE_LIMIT_CANCEL_IP_PER_MINUTE",
    "RATE_LIMIT_CHECKOUT_IP_PER_MINUTE",
    "RATE_LIMIT_QUEUE_JOIN_IP_PER_MINUTE",
    "RATE_LIMIT_AUTH_PER_MINUTE",
    "RATE_LIMIT_REGISTER_PER_MINUTE",
  ].map((name) => [name, "0"]),
);

async function waitForHealth(url: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode} (see the server log)`);
    try {
      const res = await fetch(`${url}/api/health`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`the server did not answer /api/health within ${timeoutMs} ms`);
}

export function createAppServer({ port, env, logFile }: { port: number; env: NodeJS.ProcessEnv; logFile: string }): AppServer {
  const url = `http://127.0.0.1:${port}`;
  let child: ChildProcess | null = null;
  let out: WriteStream | null = null;

  const start = async () => {
    out ??= createWriteStream(logFile, { flags: "a" });
    out.write(`\n---- server start at ${new Date().toISOString()}\n`);
    const proc = spawn(process.execPath, [path.join(projectRoot, "scripts/server.mjs"), "-H", "127.0.0.1", "-p", String(port)], {
      cwd: projectRoot,
      env: { ...PER_IP_OFF, ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    proc.stdout?.pipe(out, { end: false });
    proc.stderr?.pipe(out, { end: false });
    child = proc;
    await waitForHealth(url, proc, 60_000);
  };

  const terminate = async (signal: NodeJS.Signals) => {
    const proc = child;
    child = null;
    if (!proc || proc.exitCode !== null || proc.signalCode !== null) return;
    const exited = new Promise((resolve) => proc.once("exit", resolve));
    proc.kill(signal);
    const timer = setTimeout(() => proc.kill("SIGKILL"), 10_000);
    await exited;
    clearTimeout(timer);
  };

  return {
    port,
    url,
    pid: () => child?.pid ?? null,
    start,
    kill: () => terminate("SIGKILL"),
    stop: async () => {
      await terminate("SIGTERM");
      out?.end();
      out = null;
    },
  };
}
