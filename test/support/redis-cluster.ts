// A real Redis Cluster for one test file: N primaries (+ one replica each) started from the
// redis-server binary on free ports in a temporary directory, joined with
// `redis-cli --cluster create`, and stopped (directory removed) afterwards. CI machines have
// redis-server but no cluster running, so the tests bring their own (about 2 s to start).
import { execFile, spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { Redis } from "ioredis";

const run = promisify(execFile);

/** True when redis-server and redis-cli are on PATH (the cluster tests skip without them). */
export function hasRedisBinaries(): boolean {
  const dirs = (process.env.PATH ?? "").split(path.delimiter);
  const found = (name: string) =>
    dirs.some((dir) => {
      try {
        return statSync(path.join(dir, name)).isFile();
      } catch {
        return false;
      }
    });
  return found("redis-server") && found("redis-cli");
}

export type ClusterNodeProcess = { port: number; process: ChildProcess };

export type RedisClusterHandle = {
  /** host:port of every node, primaries first: the value of REDIS_CLUSTER_NODES. */
  nodesEnv: string;
  nodes: ClusterNodeProcess[];
  /** `redis-cli -p port args...`, trimmed output. */
  cli(port: number, ...args: string[]): Promise<string>;
  /** The port of the primary serving `slot` now. */
  primaryOf(slot: number): Promise<number>;
  /** kill -9 one node. */
  kill(port: number): void;
  stop(): Promise<void>;
};

function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = createServer();
    s.once("error", () => resolve(false));
    s.listen(port, "127.0.0.1", () => s.close(() => resolve(true)));
  });
}

// A node needs its port and the cluster bus port (port + 10000) free.
async function freePorts(count: number): Promise<number[]> {
  const ports: number[] = [];
  let candidate = 21000 + Math.floor(Math.random() * 20000);
  while (ports.length < count) {
    candidate += 1 + Math.floor(Math.random() * 7);
    if (candidate > 54000) candidate = 21000;
    if ((await portFree(candidate)) && (await portFree(candidate + 10000))) ports.push(candidate);
  }
  return ports;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function startRedisCluster(options: { primaries?: number; replicas?: 0 | 1; nodeTimeoutMs?: number } = {}): Promise<RedisClusterHandle> {
  const primaries = options.primaries ?? 3;
  const replicas = options.replicas ?? 1;
  const dir = mkdtempSync(path.join(tmpdir(), "openseat-redis-cluster-"));
  const ports = await freePorts(primaries * (1 + replicas));
  const nodes: ClusterNodeProcess[] = ports.map((port) => {
    const conf = path.join(dir, `${port}.conf`);
    // No persistence (the tests own the data), a short node timeout so a killed primary's replica
    // takes over within seconds.
    writeFileSync(
      conf,
      [
        `port ${port}`,
        "bind 127.0.0.1",
        "cluster-enabled yes",
        `cluster-config-file ${path.join(dir, `nodes-${port}.conf`)}`,
        `cluster-node-timeout ${options.nodeTimeoutMs ?? 1000}`,
        "cluster-replica-validity-factor 0",
        'save ""',
        "appendonly no",
        `dir ${dir}`,
        "protected-mode no",
        "",
      ].join("\n"),
    );
    return { port, process: spawn("redis-server", [conf], { stdio: "ignore" }) };
  });
  const cli = async (port: number, ...args: string[]) => (await run("redis-cli", ["-h", "127.0.0.1", "-p", String(port), ...args])).stdout.trim();
  const stop = async () => {
    for (const n of nodes) if (n.process.exitCode === null && n.process.signalCode === null) n.process.kill("SIGKILL");
    await Promise.all(nodes.map((n) => (n.process.exitCode === null && n.process.signalCode === null ? new Promise((r) => n.process.once("exit", r)) : null)));
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    for (const n of nodes) {
      for (let i = 0; ; i++) {
        if ((await cli(n.port, "PING").catch(() => "")) === "PONG") break;
        if (i > 100) throw new Error(`redis-server on port ${n.port} did not start`);
        await sleep(50);
      }
    }
    await run("redis-cli", ["--cluster", "create", ...ports.map((p) => `127.0.0.1:${p}`), "--cluster-replicas", String(replicas), "--cluster-yes"]);
    // Every node must agree the cluster is up before a client may rely on it.
    for (const n of nodes) {
      for (let i = 0; ; i++) {
        if ((await cli(n.port, "CLUSTER", "INFO")).includes("cluster_state:ok")) break;
        if (i > 200) throw new Error(`the cluster did not come up on port ${n.port}`);
        await sleep(50);
      }
    }
  } catch (error) {
    await stop();
    throw error;
  }

  return {
    nodesEnv: ports.map((p) => `127.0.0.1:${p}`).join(","),
    nodes,
    cli,
    async primaryOf(slot) {
      for (const n of nodes) {
        if (n.process.exitCode !== null || n.process.signalCode !== null) continue;
        const side = new Redis({ host: "127.0.0.1", port: n.port, lazyConnect: true, maxRetriesPerRequest: 0, connectTimeout: 1_000 });
        try {
          await side.connect();
          // [[start, end, [host, port, id], ...replicas], ...]
          const ranges = (await side.call("CLUSTER", "SLOTS")) as [number, number, [string, number, string]][];
          const range = ranges.find(([start, end]) => start <= slot && slot <= end);
          if (range) return Number(range[2][1]);
        } catch {
          // this node cannot answer: ask the next
        } finally {
          side.disconnect();
        }
      }
      throw new Error(`no live node serves slot ${slot}`);
    },
    kill(port) {
      nodes.find((n) => n.port === port)?.process.kill("SIGKILL");
    },
    stop,
  };
}
