// The lab's own Redis: a redis-server child on a free port, keeping nothing on disk, for the whole
// run. The machine's shared Redis (6379) is never touched, so the redis-restart fault can kill -9
// this one and start it again empty without disturbing anyone else's tests.
import { spawn, type ChildProcess } from "node:child_process";
import net from "node:net";

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function waitForPort(port: number, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, "127.0.0.1");
      socket.once("connect", () => {
        socket.end();
        resolve(true);
      });
      socket.once("error", () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > until) throw new Error(`nothing listens on 127.0.0.1:${port} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** A process the lab runs on a port of its own and can kill -9 and start again (next start, redis-server). */
export type LabProcess = {
  readonly port: number;
  readonly url: string;
  pid(): number | null;
  /** Starts it (again) on the same port; a restarted redis-server is empty. */
  start(): Promise<void>;
  /** kill -9 (for redis-server: the data is gone). */
  kill(): Promise<void>;
  stop(): Promise<void>;
};

export type LabRedis = LabProcess;

export async function startLabRedis(log: (line: string) => void): Promise<LabRedis> {
  const port = await freePort();
  let child: ChildProcess | null = null;

  const start = async () => {
    const proc = spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--daemonize", "no", "--loglevel", "warning"], {
      stdio: ["ignore", "ignore", "pipe"],
    });
    proc.stderr?.on("data", (chunk: Buffer) => log(`[redis] ${chunk.toString().trim()}`));
    proc.on("error", (e) => log(`[redis] could not start redis-server: ${e.message}`));
    child = proc;
    await waitForPort(port, 10_000);
  };

  const kill = async () => {
    const proc = child;
    child = null;
    if (!proc || proc.exitCode !== null) return;
    const exited = new Promise((resolve) => proc.once("exit", resolve));
    proc.kill("SIGKILL");
    await exited;
  };

  await start();
  return { port, url: `redis://127.0.0.1:${port}/0`, pid: () => (child as ChildProcess | null)?.pid ?? null, kill, start, stop: kill };
}
