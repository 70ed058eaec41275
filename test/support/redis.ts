// Redis helpers for tests: the tests own REDIS_URL's database (CI uses a dedicated index), so a
// test file may wipe it to start from no cached or claimed state.
import Redis from "ioredis";
import { closeRedis } from "../../lib/redis";

const LOCAL_HOSTS = new Set(["localhost", "127.0.0.1", "::1", "[::1]"]);

/** Drops every key of the test Redis database and the in-process store. */
export async function resetRedis(): Promise<void> {
  await closeRedis();
  const url = process.env.REDIS_URL;
  if (!url) return;
  if (!LOCAL_HOSTS.has(new URL(url).hostname)) throw new Error(`Refusing to flush non-local Redis ${new URL(url).host}`);
  const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await client.connect();
    await client.flushdb();
  } finally {
    client.disconnect();
  }
}
