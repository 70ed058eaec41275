// The RedisStore contract: one set of tests every client must pass (the in-process store, TCP
// Redis, Upstash REST, Redis Cluster). lib/redis/redis-store.contract.test.ts runs it for the first
// three, lib/redis/redis-cluster.test.ts against a real cluster it starts. Keys carry a per-run
// prefix (with one hash tag per client, so multi-key scripts stay in one Redis Cluster slot) and
// are deleted after.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, expect, it, vi } from "vitest";
import { cached } from "@/lib/redis/cached";
import { reservedTicketKey, ticketCountKey } from "@/lib/redis/keys";
import { RedisStoreError, defineScript, type RedisKind, type RedisStore } from "@/lib/redis/store";

const RUN = randomUUID().slice(0, 8);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// The shape of a seat hold: claim every key for a holder with a TTL only if none is claimed yet.
// Returns the keys already taken ({} when the claim succeeded); on conflict nothing is written.
const claimAll = defineScript<string[]>({
  name: "contract-claim-all",
  lua: `
local taken = {}
for i = 1, #KEYS do
  if redis.call('EXISTS', KEYS[i]) == 1 then taken[#taken + 1] = KEYS[i] end
end
if #taken > 0 then return taken end
for i = 1, #KEYS do
  redis.call('SET', KEYS[i], ARGV[1], 'PX', ARGV[2])
end
return taken
`,
});

export type ContractHarness = { store: RedisStore; close: () => Promise<void>; scriptExists?: (sha: string) => Promise<boolean> };

/** The contract's tests, for use inside a describe block; `open` is called in beforeAll. */
export function storeContract(client: { kind: RedisKind; open: () => Promise<ContractHarness> }): void {

    let h: ContractHarness;
    let store: RedisStore;
    const used = new Set<string>();
    /** A key unique to this run and client, deleted in afterAll. */
    const k = (name: string) => {
      const key = `contract:{${RUN}:${client.kind}}:${name}`;
      used.add(key);
      return key;
    };
    const eventId = `contract_${RUN}_${client.kind}`;
    const seat = (ticketId: number) => {
      const key = reservedTicketKey(eventId, ticketId);
      used.add(key);
      return key;
    };

    beforeAll(async () => {
      h = await client.open();
      store = h.store;
    });

    afterAll(async () => {
      if (!store) return;
      const keys = [...used];
      for (let i = 0; i < keys.length; i += 200) await store.del(...keys.slice(i, i + 200));
      expect(await store.exists(...keys)).toBe(0);
      await h.close();
    });

    it("reports its kind, answers PING and health", async () => {
      expect(store.kind).toBe(client.kind);
      await expect(store.ping()).resolves.toBeUndefined();
      const health = await store.health();
      expect(health).toMatchObject({ ok: true, kind: client.kind });
    });

    it("get/set round-trips strings and keeps numbers as strings", async () => {
      expect(await store.get(k("missing"))).toBeNull();
      expect(await store.set(k("s"), "hello")).toBe(true);
      expect(await store.get(k("s"))).toBe("hello");
      // "123" and JSON stay strings: no client may parse replies on its own.
      expect(await store.set(k("n"), 123)).toBe(true);
      expect(await store.get(k("n"))).toBe("123");
      await store.set(k("j"), '{"a":1}');
      expect(await store.get(k("j"))).toBe('{"a":1}');
      await store.set(k("u"), "héllo ✓ 🎟");
      expect(await store.get(k("u"))).toBe("héllo ✓ 🎟");
      await store.set(k("ok"), "OK");
      expect(await store.get(k("ok"))).toBe("OK");
    });

    it("set NX writes only when the key is absent", async () => {
      expect(await store.set(k("nx"), "first", { nx: true })).toBe(true);
      expect(await store.set(k("nx"), "second", { nx: true })).toBe(false);
      expect(await store.get(k("nx"))).toBe("first");
      expect(await store.set(k("nx-ttl"), "a", { nx: true, ttlMs: 60_000 })).toBe(true);
      expect(await store.set(k("nx-ttl"), "b", { nx: true, ttlMs: 60_000 })).toBe(false);
      expect(await store.get(k("nx-ttl"))).toBe("a");
    });

    it("set with ttlMs expires the key; pttl reports -2 and -1", async () => {
      expect(await store.pttl(k("never-set"))).toBe(-2);
      await store.set(k("no-ttl"), "x");
      expect(await store.pttl(k("no-ttl"))).toBe(-1);

      await store.set(k("ttl"), "x", { ttlMs: 150 });
      const left = await store.pttl(k("ttl"));
      expect(left).toBeGreaterThan(0);
      expect(left).toBeLessThanOrEqual(150);
      // Wait for the key to lapse (as the server sees it), not for a guessed duration.
      await vi.waitFor(async () => expect(await store.pttl(k("ttl"))).toBe(-2), { timeout: 5_000, interval: 25 });
      expect(await store.get(k("ttl"))).toBeNull();
      expect(await store.pttl(k("ttl"))).toBe(-2);
      await expect(store.set(k("bad-ttl"), "x", { ttlMs: 0 })).rejects.toThrow(RedisStoreError);
    });

    it("expire/pexpire set a timeout on existing keys only", async () => {
      await store.set(k("exp"), "x");
      expect(await store.expire(k("exp"), 100)).toBe(true);
      const left = await store.pttl(k("exp"));
      expect(left).toBeGreaterThan(90_000);
      expect(left).toBeLessThanOrEqual(100_000);
      expect(await store.pexpire(k("exp"), 5_000)).toBe(true);
      expect(await store.pttl(k("exp"))).toBeLessThanOrEqual(5_000);
      expect(await store.expire(k("exp-missing"), 10)).toBe(false);
      expect(await store.pexpire(k("exp-missing"), 10)).toBe(false);
    });

    it("del removes many keys and counts them; exists counts", async () => {
      await store.set(k("d1"), "1");
      await store.set(k("d2"), "2");
      expect(await store.exists(k("d1"), k("d2"), k("d3"))).toBe(2);
      expect(await store.del(k("d1"), k("d2"), k("d3"))).toBe(2);
      expect(await store.exists(k("d1"), k("d2"))).toBe(0);
      expect(await store.del()).toBe(0);
      expect(await store.exists()).toBe(0);
    });

    it("incrBy/decrBy return numbers and start from zero", async () => {
      const key = k("counter");
      expect(await store.incrBy(key, 5)).toBe(5);
      expect(await store.decrBy(key, 2)).toBe(3);
      expect(await store.decrBy(key, 10)).toBe(-7);
      expect(await store.get(key)).toBe("-7");
      const count = ticketCountKey(eventId);
      used.add(count);
      await store.set(count, 100);
      expect(await store.decrBy(count, 4)).toBe(96);
    });

    it("mget returns one entry per key with null for missing keys", async () => {
      await store.set(k("m1"), "a");
      await store.set(k("m3"), "c");
      expect(await store.mget(k("m1"), k("m2"), k("m3"))).toEqual(["a", null, "c"]);
      expect(await store.mget()).toEqual([]);
    });

    it("hset/hgetall give a plain object of strings ({} when missing)", async () => {
      const key = k("hash");
      expect(await store.hset(key, { user_id: "u_1", expire_in_seconds: 1800, meta: '{"x":1}' })).toBe(3);
      expect(await store.hset(key, { user_id: "u_2", status: "reserved" })).toBe(1);
      const all = await store.hgetall(key);
      expect(all).toEqual({ user_id: "u_2", expire_in_seconds: "1800", meta: '{"x":1}', status: "reserved" });
      expect(Array.isArray(all)).toBe(false);
      expect(Object.getPrototypeOf(all)).toBe(Object.prototype);
      expect(await store.hgetall(k("hash-missing"))).toEqual({});
    });

    it("sorted sets: zadd (NX), zrange, zrangeWithScores, zcard, zscore, zrem", async () => {
      const key = k("zset");
      expect(await store.zadd(key, [{ score: 3, member: "c" }, { score: 1, member: "a" }, { score: 2.5, member: "b" }])).toBe(3);
      // NX: a fan who joins again keeps their place.
      expect(await store.zadd(key, [{ score: 99, member: "a" }, { score: 4, member: "d" }], { nx: true })).toBe(1);
      expect(await store.zscore(key, "a")).toBe(1);
      // Without NX the score moves; moved members are not counted as added.
      expect(await store.zadd(key, [{ score: 0, member: "d" }])).toBe(0);
      expect(await store.zscore(key, "d")).toBe(0);

      expect(await store.zrange(key, 0, -1)).toEqual(["d", "a", "b", "c"]);
      expect(await store.zrange(key, 0, 1, { rev: true })).toEqual(["c", "b"]);
      expect(await store.zrangeWithScores(key, 0, -1)).toEqual([
        { member: "d", score: 0 },
        { member: "a", score: 1 },
        { member: "b", score: 2.5 },
        { member: "c", score: 3 },
      ]);
      expect(await store.zrange(key, 1, "+inf", { byScore: true })).toEqual(["a", "b", "c"]);
      expect(await store.zrange(key, "(1", 3, { byScore: true, limit: { offset: 0, count: 1 } })).toEqual(["b"]);
      expect(await store.zrangeWithScores(key, "+inf", "-inf", { byScore: true, rev: true, limit: { offset: 0, count: 2 } })).toEqual([
        { member: "c", score: 3 },
        { member: "b", score: 2.5 },
      ]);
      expect(await store.zcard(key)).toBe(4);
      expect(await store.zscore(key, "nobody")).toBeNull();
      expect(await store.zrem(key, "a", "nobody")).toBe(1);
      expect(await store.zcard(key)).toBe(3);
      expect(await store.zcard(k("zset-missing"))).toBe(0);
      expect(await store.zrange(k("zset-missing"), 0, -1)).toEqual([]);
    });

    it("runScript normalises replies like Redis does", async () => {
      const shapes = defineScript({ name: "contract-shapes", lua: "return {1, 'two', false, 3.9, {KEYS[1], ARGV[1]}}" });
      expect(await store.runScript(shapes, [k("a")], [42])).toEqual([1, "two", null, 3, [k("a"), "42"]]);
      const nothing = defineScript({ name: "contract-nil", lua: "return redis.call('GET', KEYS[1])" });
      expect(await store.runScript(nothing, [k("script-missing")])).toBeNull();
      const yes = defineScript({ name: "contract-true", lua: "return true" });
      expect(await store.runScript(yes, [])).toBe(1);
      const built = defineScript({ name: "contract-built", lua: "local t = {} for i = 1, 3 do table.insert(t, i * 10) end return t" });
      expect(await store.runScript(built, [])).toEqual([10, 20, 30]);
      const status = defineScript({ name: "contract-status", lua: "return redis.status_reply('FINE')" });
      expect(await store.runScript(status, [])).toBe("FINE");
    });

    it("runScript surfaces script errors as RedisStoreError", async () => {
      const failing = defineScript({ name: "contract-error", lua: "return redis.error_reply('SEAT_GONE seat was taken')" });
      const error = await store.runScript(failing, []).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(RedisStoreError);
      expect((error as RedisStoreError).kind).toBe(client.kind);
      expect((error as Error).message).toContain("SEAT_GONE");
    });

    it("runScript falls back to EVAL on NOSCRIPT, which caches the script", async () => {
      // A script no server has seen (unique source, so a unique SHA): the first EVALSHA gets
      // NOSCRIPT, exactly as after a Redis restart or SCRIPT FLUSH. SCRIPT FLUSH itself would also
      // wipe the scripts of anyone else using this redis-server, so it is not used here.
      const fresh = defineScript<number>({ name: "contract-fresh", lua: `-- ${randomUUID()}\nreturn tonumber(ARGV[1]) * 2` });
      if (h.scriptExists) expect(await h.scriptExists(fresh.sha)).toBe(false);
      expect(await store.runScript(fresh, [], [21])).toBe(42);
      if (h.scriptExists) expect(await h.scriptExists(fresh.sha)).toBe(true);
      expect(await store.runScript(fresh, [], [5])).toBe(10);
    });

    it("defineScript refuses shebangs and runScript a wrong key count", async () => {
      expect(() => defineScript({ name: "flags", lua: "#!lua flags=allow-key-locking\nreturn 1" })).toThrow(/shebang/);
      const two = defineScript({ name: "contract-two-keys", lua: "return #KEYS", numberOfKeys: 2 });
      await expect(store.runScript(two, [k("only-one")])).rejects.toThrow(/expects 2 keys/);
      expect(await store.runScript(two, [k("x1"), k("x2")])).toBe(2);
    });

    it("a multi-key hold claims all seats or none and reports the taken ones", async () => {
      const [s1, s2, s3, s4] = [seat(1), seat(2), seat(3), seat(4)];
      expect(s1).toBe(`reserved_ticket:{event_${eventId}}:ticket_1`);

      expect(await store.runScript(claimAll, [s1, s2, s3], ["fan_a", 60_000])).toEqual([]);
      expect(await store.mget(s1, s2, s3)).toEqual(["fan_a", "fan_a", "fan_a"]);
      const ttl = await store.pttl(s2);
      expect(ttl).toBeGreaterThan(55_000);
      expect(ttl).toBeLessThanOrEqual(60_000);

      // Overlaps on s3: nothing is written, s4 stays free.
      expect(await store.runScript(claimAll, [s3, s4], ["fan_b", 60_000])).toEqual([s3]);
      expect(await store.exists(s4)).toBe(0);
      expect(await store.get(s3)).toBe("fan_a");

      expect(await store.runScript(claimAll, [s4], ["fan_b", 60_000])).toEqual([]);
      expect(await store.get(s4)).toBe("fan_b");
    });

    it("a hold's claims lapse with its TTL and the seats can be claimed again", async () => {
      const [s5, s6] = [seat(5), seat(6)];
      expect(await store.runScript(claimAll, [s5, s6], ["fan_a", 150])).toEqual([]);
      expect(await store.runScript(claimAll, [s6], ["fan_b", 60_000])).toEqual([s6]);
      // Wait until fan_a's claims have lapsed, not for a guessed duration.
      await vi.waitFor(async () => expect(await store.pttl(s5)).toBe(-2), { timeout: 5_000, interval: 25 });
      expect(await store.runScript(claimAll, [s5, s6], ["fan_b", 60_000])).toEqual([]);
      expect(await store.mget(s5, s6)).toEqual(["fan_b", "fan_b"]);
    });

    it("a stampede on the same seats has exactly one winner", async () => {
      const seats = [seat(10), seat(11)];
      const fans = Array.from({ length: 25 }, (_, i) => `fan_${i}`);
      const results = await Promise.all(fans.map((fan) => store.runScript(claimAll, seats, [fan, 60_000])));
      const winners = fans.filter((_, i) => results[i]!.length === 0);
      expect(winners).toHaveLength(1);
      expect(await store.mget(...seats)).toEqual([winners[0], winners[0]]);
      for (const r of results) if (r.length > 0) expect(r).toEqual(seats);
    });

    it("cached() loads once for a stampede, then serves from Redis", async () => {
      const key = k("cache:event-list");
      let loads = 0;
      const load = async () => {
        loads += 1;
        await sleep(30);
        return { events: [{ id: 1, at: new Date("2030-01-01T20:00:00Z") }], loadedBy: loads };
      };
      const first = await Promise.all(Array.from({ length: 20 }, () => cached(store, key, 60, load)));
      expect(loads).toBe(1);
      for (const value of first) expect(value).toEqual({ events: [{ id: 1, at: "2030-01-01T20:00:00.000Z" }], loadedBy: 1 });

      const again = await cached(store, key, 60, load);
      expect(loads).toBe(1);
      expect(again).toEqual(first[0]);
      expect(JSON.parse((await store.get(key))!)).toEqual(first[0]);
      const ttl = await store.pttl(key);
      expect(ttl).toBeGreaterThan(50_000);
    });

    it("cached() does not keep a failed load", async () => {
      const key = k("cache:failing");
      let calls = 0;
      const failing = async () => {
        calls += 1;
        await sleep(10);
        throw new Error("database down");
      };
      const outcomes = await Promise.allSettled([cached(store, key, 60, failing), cached(store, key, 60, failing)]);
      expect(outcomes.map((o) => o.status)).toEqual(["rejected", "rejected"]);
      expect(calls).toBe(1);
      expect(await store.get(key)).toBeNull();
      expect(await cached(store, key, 60, async () => "recovered")).toBe("recovered");
    });
  }
