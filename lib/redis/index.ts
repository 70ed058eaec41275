// The Redis client singleton and the choice of client: REDIS_CLUSTER_NODES or a redis+cluster://
// REDIS_URL -> Redis Cluster (ioredis' Cluster client); REDIS_URL -> TCP (ioredis); else
// UPSTASH_REDIS_REST_URL + UPSTASH_REDIS_REST_TOKEN -> Upstash REST; else an in-process store that
// only one Node process can see. Everything else imports the RedisStore type and never a client.
import { setting, type Env, type SettingName } from "@/lib/config/env";
import { createMemoryStore, type MemoryStoreConfig } from "./memory-store";
import type { RedisStore } from "./store";
import { createTcpStore, type TcpStoreConfig } from "./tcp-store";
import { createClusterStore, parseClusterNodes, parseClusterUrl, type ClusterStoreConfig } from "./cluster-store";
import { createUpstashStore, type UpstashStoreConfig } from "./upstash-store";

export type RedisConfig = TcpStoreConfig | ClusterStoreConfig | UpstashStoreConfig | MemoryStoreConfig;

export type {
  RedisHealth,
  RedisKind,
  RedisStore,
  ScriptArg,
  ScriptHandle,
  ScriptReply,
  SetOptions,
  ZMember,
  ZRangeOptions,
} from "./store";
import { logger } from "@/lib/log/logger";
import { SHARED_REDIS_VARIABLES, sharedServicesRequiredBecause } from "@/lib/config/shared-services";
export { DEFAULT_REDIS_COMMAND_TIMEOUT_MS, RedisStoreError, defineScript } from "./store";
export { cacheKey, eventHashTag, reservedTicketKey, ticketCountKey } from "./keys";
export { cached } from "./cached";


function envValue(env: Env, ...names: SettingName[]): string | undefined {
  for (const name of names) {
    const value = setting(name, env);
    if (typeof value === "string" && value) return value;
  }
  return undefined;
}

/**
 * REDIS_COMMAND_TIMEOUT_MS: the longest one Redis command may take on the TCP and Upstash clients
 * before it fails (default DEFAULT_REDIS_COMMAND_TIMEOUT_MS, applied by the stores) and the caller
 * falls back: hold claims to PostgreSQL alone, caches to the source, rate limits open. Redis
 * answers in well under a millisecond; a command still waiting after this long is waiting on a
 * dead or overloaded server. Unset: {}; an invalid value is logged and ignored.
 */
function commandTimeoutFromEnv(env: Env): { commandTimeoutMs?: number } {
  const ms = setting("REDIS_COMMAND_TIMEOUT_MS", env);
  return ms === undefined ? {} : { commandTimeoutMs: ms };
}

/** Which Redis the environment asks for. Throws on a half-configured Upstash (a URL without token). */
export function redisConfigFromEnv(env: Env = process.env): RedisConfig {
  // Throws on a REDIS_URL that is not redis:// or rediss:// (lib/config/env.ts).
  const clusterNodes = setting("REDIS_CLUSTER_NODES", env);
  if (clusterNodes) {
    // Credentials, when the cluster needs them, come from a redis+cluster:// REDIS_URL instead.
    return { kind: "cluster", nodes: parseClusterNodes(clusterNodes), ...commandTimeoutFromEnv(env) };
  }
  const redisUrl = setting("REDIS_URL", env);
  if (redisUrl?.startsWith("redis+cluster://")) {
    return { kind: "cluster", ...parseClusterUrl(redisUrl), ...commandTimeoutFromEnv(env) };
  }
  if (redisUrl) {
    return { kind: "tcp", url: redisUrl, ...commandTimeoutFromEnv(env) };
  }
  // KV_REST_API_*: the names Vercel's storage integration gives the same Upstash credentials.
  const url = envValue(env, "UPSTASH_REDIS_REST_URL", "KV_REST_API_URL");
  const token = envValue(env, "UPSTASH_REDIS_REST_TOKEN", "KV_REST_API_TOKEN");
  if (url || token) {
    // Falling back to the in-process store here would silently give every serverless instance
    // its own seat holds: refuse instead.
    if (!url || !token) throw new Error("Set both UPSTASH_REDIS_REST_URL and UPSTASH_REDIS_REST_TOKEN, or neither");
    if (!/^https?:\/\//.test(url)) throw new Error("UPSTASH_REDIS_REST_URL must be an http(s) URL");
    return { kind: "upstash", url, token, ...commandTimeoutFromEnv(env) };
  }
  return { kind: "memory" };
}

/** A new store for the given config (tests, scripts); the app uses getRedis(). */
export function createRedisStore(config: RedisConfig): RedisStore {
  switch (config.kind) {
    case "tcp":
      return createTcpStore(config);
    case "cluster":
      return createClusterStore(config);
    case "upstash":
      return createUpstashStore(config);
    case "memory":
      return createMemoryStore();
  }
}

// On globalThis so Next.js dev reloads reuse one connection (and one in-process dataset).
const globalForRedis = globalThis as unknown as { __openseatRedis?: RedisStore };

/** The shared store, created on first use from the environment. */
export function getRedis(): RedisStore {
  if (!globalForRedis.__openseatRedis) {
    const config = redisConfigFromEnv();
    // Never silently one store per instance where instances are many (lib/config/shared-services.ts);
    // instrumentation.ts refuses to start first, this catches a server started without it.
    const requiredBecause = config.kind === "memory" ? sharedServicesRequiredBecause() : null;
    if (requiredBecause) throw new Error(`no shared Redis ${requiredBecause}: set ${SHARED_REDIS_VARIABLES}`);
    const store = createRedisStore(config);
    if (setting("NODE_ENV") !== "test") logger("redis").info(describeChoice(store));
    globalForRedis.__openseatRedis = store;
  }
  return globalForRedis.__openseatRedis;
}

/** Close the shared store (scripts, tests, shutdown). The next getRedis() opens a new one. */
export async function closeRedis(): Promise<void> {
  const store = globalForRedis.__openseatRedis;
  globalForRedis.__openseatRedis = undefined;
  await store?.close();
}

function describeChoice(store: RedisStore): string {
  switch (store.kind) {
    case "tcp":
      return `TCP Redis at ${store.label}`;
    case "cluster":
      return `Redis Cluster (${store.label})`;
    case "upstash":
      return `Upstash REST at ${store.label}`;
    case "memory":
      return "in-process store (ioredis-mock): single-process only; set REDIS_URL or UPSTASH_REDIS_REST_URL to share holds, queues and caches between instances";
  }
}
