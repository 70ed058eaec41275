// Redis helpers for tests: the tests own REDIS_URL's database (CI uses a dedicated index), so a
// test file may wipe it to start from no cached or claimed state.
import Redis from "ioredis";
import { forgetLocalSessionStates } from "../../lib/auth/session-version";
import { closeRedis, defineScript, getRedis } from "../../lib/redis";

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

// KEYS inside a script: test databases only (it blocks Redis while it walks every key).
const dropSessionStates = defineScript<number>({
  name: "test_drop_session_states",
  numberOfKeys: 0,
  lua: `
local keys = redis.call('KEYS', 'user_session_version:*')
for i = 1, #keys do redis.call('DEL', keys[i]) end
return #keys
`,
});

/**
 * Forgets every cached session state (lib/auth/session-version.ts), in this process and in Redis:
 * after a truncation user ids start again at 1, and a new user 1 must not inherit the old one's.
 */
export async function forgetSessionStates(): Promise<void> {
  forgetLocalSessionStates();
  try {
    await getRedis().runScript(dropSessionStates, []);
  } catch {
    // A test that points Redis at a dead server: nothing is cached there either.
  }
}
