// RedisStore inside this Node process (ioredis-mock): the development default when no Redis is
// configured. Same command layer as the TCP store; data lives in this process only, so two
// instances (or two serverless functions) never see each other's holds, counters or queues.
import RedisMock from "ioredis-mock";
import { storeOnIoredis } from "./tcp-store";
import type { RedisStore } from "./store";

export type MemoryStoreConfig = { kind: "memory" };

// ioredis-mock shares one dataset between every instance with the same host:port/db. A unique
// made-up host per store keeps stores independent (each test gets a clean one).
let nextNamespace = 0;

// ioredis-mock runs Lua in fengari (Lua 5.3) and converts the reply itself, with gaps this wrapper
// closes so scripts behave as on Redis:
// - a table filled by assignment (t[#t + 1] = key, table.insert) comes back as nothing at all,
//   only table constructors convert: __openseat_reply rebuilds every table with a constructor;
// - {err = ...} / {ok = ...} tables (redis.error_reply / status_reply) are not errors or statuses,
//   and those two helpers do not exist: both are defined here with Redis' meaning.
// false, true and fractions come back as they are; the shared normaliser turns them into nil, 1
// and integers for every client. The script starts on the wrapper's first line, so Lua error line
// numbers stay the script's own.
function wrapLuaForMock(lua: string): string {
  return (
    "redis.status_reply = redis.status_reply or function(s) return { ok = s } end; " +
    "redis.error_reply = redis.error_reply or function(s) return { err = s } end; " +
    "local function __openseat_reply(v) " +
    "if type(v) ~= 'table' then return v end " +
    "if v.err then error(v.err, 0) end " +
    "if v.ok then return v.ok end " +
    "local out = {} for i = 1, #v do out[i] = __openseat_reply(v[i]) end " +
    "return { table.unpack(out) } end; " +
    `local __openseat_script = function() ${lua}\nend; ` +
    "return __openseat_reply(__openseat_script())"
  );
}

export function createMemoryStore(): RedisStore {
  nextNamespace += 1;
  const client = new RedisMock({ host: `openseat-memory-${process.pid}-${nextNamespace}`, port: 6379, db: 0 });
  return storeOnIoredis(client, {
    kind: "memory",
    label: "in-process (ioredis-mock)",
    transformLua: wrapLuaForMock,
    close: async () => {
      // Drop the data: the mock keeps every namespace in a module-level map for the process' life.
      await client.flushall();
      client.disconnect();
    },
  });
}
