// RedisStore over a Redis Cluster (ioredis' Cluster client), chosen by REDIS_CLUSTER_NODES or a
// redis+cluster:// REDIS_URL (index.ts). The commands are tcp-store's (storeOnIoredis); what a
// cluster changes is handled here:
// - a Lua script must touch keys of one hash slot. Every script of the app gets keys of one event
//   (the `{event_N}` hash tag of keys.ts) or of one caller (`{ratelimit:...}`); a call whose keys
//   hash to different slots is refused here, before Redis would answer CROSSSLOT, naming the script;
// - DEL, MGET and EXISTS over many keys (cache invalidation, tests) are split per slot and their
//   answers combined, so callers need not know where keys live. Split, they are no longer one
//   atomic command: nothing in the app relies on that (each is a cache drop or a read);
// - a failover moves slots: the client follows MOVED/ASK redirects and refreshes its slot map, and a
//   command sent to a primary that just died fails within REDIS_COMMAND_TIMEOUT_MS like any Redis
//   failure (claims fall back to PostgreSQL, caches to the source, rate limits open).
import { Cluster, type Redis } from "ioredis";
import calculateSlot, { generateMulti } from "cluster-key-slot";
import { DEFAULT_REDIS_COMMAND_TIMEOUT_MS, RedisStoreError, measureHealth, type RedisStore, type ScriptArg, type ScriptHandle, type ScriptReply } from "./store";
import { storeOnIoredis } from "./tcp-store";
import { logger } from "@/lib/log/logger";
import { setting } from "@/lib/config/env";

const log = logger("redis");

export type ClusterNode = { host: string; port: number };

export type ClusterStoreConfig = {
  kind: "cluster";
  /** Seed nodes: any reachable one tells the client the whole cluster. */
  nodes: ClusterNode[];
  username?: string;
  password?: string;
  /** Fail a command that has no reply after this long (REDIS_COMMAND_TIMEOUT_MS). */
  commandTimeoutMs?: number;
};

/** `host:port,host:port` (REDIS_CLUSTER_NODES) -> seed nodes. Throws on anything else. */
export function parseClusterNodes(text: string): ClusterNode[] {
  const nodes = text
    .split(",")
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part) => {
      const match = /^\[?([^\]\s]+?)\]?:(\d{1,5})$/.exec(part);
      const port = match ? Number(match[2]) : NaN;
      if (!match || port < 1 || port > 65535) throw new Error(`Redis Cluster node ${JSON.stringify(part)} is not host:port`);
      return { host: match[1]!, port };
    });
  if (nodes.length === 0) throw new Error("Redis Cluster needs at least one host:port");
  return nodes;
}

/** `redis+cluster://[user[:password]@]host:port[,host:port...][/]` -> the cluster's config. */
export function parseClusterUrl(url: string): Omit<ClusterStoreConfig, "kind" | "commandTimeoutMs"> {
  const match = /^redis\+cluster:\/\/(?:([^@/]*)@)?([^/?#]+)\/?$/.exec(url.trim());
  if (!match) throw new Error("REDIS_URL redis+cluster:// must be redis+cluster://[user:password@]host:port[,host:port...]");
  const [, auth, hosts] = match;
  const config: Omit<ClusterStoreConfig, "kind" | "commandTimeoutMs"> = { nodes: parseClusterNodes(hosts!) };
  if (auth) {
    const colon = auth.indexOf(":");
    const username = decodeURIComponent(colon === -1 ? "" : auth.slice(0, colon));
    const password = decodeURIComponent(colon === -1 ? auth : auth.slice(colon + 1));
    if (username) config.username = username;
    if (password) config.password = password;
  }
  return config;
}

/** Keys grouped by hash slot, each group in the caller's order, with each key's index. */
function bySlot(keys: string[]): Map<number, { key: string; index: number }[]> {
  const groups = new Map<number, { key: string; index: number }[]>();
  keys.forEach((key, index) => {
    const slot = calculateSlot(key);
    const group = groups.get(slot);
    if (group) group.push({ key, index });
    else groups.set(slot, [{ key, index }]);
  });
  return groups;
}

export function createClusterStore(config: ClusterStoreConfig): RedisStore {
  const commandTimeout = config.commandTimeoutMs ?? DEFAULT_REDIS_COMMAND_TIMEOUT_MS;
  const cluster = new Cluster(config.nodes, {
    // Per node connection: the same fail-fast bounds as the single-server client (tcp-store.ts).
    redisOptions: { commandTimeout, connectTimeout: 3_000, maxRetriesPerRequest: 1, username: config.username, password: config.password },
    // No auto-pipelining here (tcp-store has it): ioredis 5.9's cluster auto-pipeline refuses
    // EVALSHA batches whose keys sit in different slots of one node ("All keys in the pipeline
    // should belong to the same slots allocation group"), which is every busy on-sale. Each
    // command is its own write; the per-shard load is spread over the primaries instead.
    enableAutoPipelining: false,
    // Every read and write goes to the slot's primary: a replica may be behind, and a hold claim
    // read from one could be stale.
    scaleReads: "master",
    // After a failover: retry a redirected or CLUSTERDOWN command shortly, and refresh the slot map
    // often enough that a promoted replica is found within a few seconds.
    retryDelayOnFailover: 100,
    retryDelayOnClusterDown: 100,
    retryDelayOnTryAgain: 100,
    slotsRefreshTimeout: 2_000,
    slotsRefreshInterval: 5_000,
  });
  const label = `cluster ${config.nodes.map((n) => `${n.host}:${n.port}`).join(",")}`;
  let outageReported = false;
  cluster.on("ready", () => {
    outageReported = false;
  });
  cluster.on("error", (e: Error) => {
    if (outageReported || setting("NODE_ENV") === "test") return;
    outageReported = true;
    log.warn(`Redis Cluster at ${label} unreachable, retrying: ${e.message}`);
  });
  // Cluster has Redis' command methods (both are ioredis Commanders); storeOnIoredis uses only those.
  const base = storeOnIoredis(cluster as unknown as Redis, {
    kind: "cluster",
    label,
    close: async () => {
      try {
        await cluster.quit();
      } catch {
        cluster.disconnect();
      }
    },
  });

  async function perSlot<T>(keys: string[], run: (keys: string[]) => Promise<T>): Promise<{ keys: { key: string; index: number }[]; value: T }[]> {
    return Promise.all([...bySlot(keys).values()].map(async (group) => ({ keys: group, value: await run(group.map((g) => g.key)) })));
  }

  const store: RedisStore = {
    ...base,
    health: () => measureHealth(store),
    del: async (...keys) => {
      if (keys.length === 0) return 0;
      const parts = await perSlot(keys, (group) => base.del(...group));
      return parts.reduce((sum, p) => sum + p.value, 0);
    },
    exists: async (...keys) => {
      if (keys.length === 0) return 0;
      const parts = await perSlot(keys, (group) => base.exists(...group));
      return parts.reduce((sum, p) => sum + p.value, 0);
    },
    mget: async (...keys) => {
      if (keys.length === 0) return [];
      const out: (string | null)[] = new Array<string | null>(keys.length).fill(null);
      for (const part of await perSlot(keys, (group) => base.mget(...group))) {
        part.keys.forEach((k, i) => (out[k.index] = part.value[i] ?? null));
      }
      return out;
    },
    runScript: <T extends ScriptReply>(script: ScriptHandle<T>, keys: string[], args: ScriptArg[] = []) => {
      if (keys.length > 1 && generateMulti(keys) === -1) {
        const slots = [...new Set(keys.map((k) => calculateSlot(k)))].slice(0, 4).join(", ");
        return Promise.reject(
          new RedisStoreError("cluster", `EVALSHA ${script.name}`, new Error(`CROSSSLOT: the script's keys hash to different slots (${slots}); give them one hash tag (lib/redis/keys.ts)`)),
        );
      }
      return base.runScript(script, keys, args);
    },
  };
  return store;
}
