// Redis Cluster, for real: a 3-primary + 3-replica cluster started from redis-server on free ports
// (test/support/redis-cluster.ts), then
//   - the RedisStore contract every client passes (test/support/redis-store-contract.ts);
//   - the cluster client's own rules: plain multi-key commands split per slot, a script whose keys
//     span slots refused by name before Redis would answer CROSSSLOT;
//   - the app's own Lua scripts through the app's code paths (hold claims with their rate-limit
//     budgets, release, the sweep's claim scripts, ticket counters, the waiting room, rate limits,
//     sign-in back-off, session versions, caches) with not one script failing;
//   - failover: the primary of an event's slot killed in the middle of a reserve storm; its replica
//     takes over, no hold is lost or doubled, and claims work again on the promoted node.
// Skipped (and failing under REQUIRE_REAL_SERVERS=1) without the redis-server and redis-cli binaries.
import calculateSlot from "cluster-key-slot";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { POST as reserveRoute } from "@/app/api/events/ticket/reserve/route";
import { publishSessionState } from "@/lib/auth/session-version";
import { getDb } from "@/lib/db";
import { isAppError } from "@/lib/errors/app-error";
import { invalidateEventCaches } from "@/lib/events/cache-keys";
import { getEventAvailability } from "@/lib/events/get-event-availability";
import { cancelReservedTickets } from "@/lib/inventory/cancel-reserved-tickets";
import { reserveTickets } from "@/lib/inventory/reserve-tickets";
import { sweepExpiredHolds } from "@/lib/inventory/sweep-expired-holds";
import { getTicketCount } from "@/lib/inventory/ticket-counts";
import { getQueueStatus, joinQueue } from "@/lib/queue";
import { queueKeys } from "@/lib/queue/queue-keys";
import { enforceRateLimits } from "@/lib/rate-limit/rate-limit";
import { closeRedis, createRedisStore, defineScript, eventHashTag, getRedis, redisConfigFromEnv, reservedTicketKey, ticketCountKey, type RedisStore } from "@/lib/redis";
import { parseClusterNodes, parseClusterUrl } from "@/lib/redis/cluster-store";
import { createEventWithTickets, createVenueWithGrid } from "@/prisma/seed/factories";
import { accessTokenFor, callRoute, createFans, type RouteHandler } from "@/test/support/api";
import { truncateAll } from "@/test/support/database";
import { hasRedisBinaries, startRedisCluster, type RedisClusterHandle } from "@/test/support/redis-cluster";
import { storeContract } from "@/test/support/redis-store-contract";
import { skipWithout } from "@/test/support/servers";

describe("Redis Cluster configuration", () => {
  it("REDIS_CLUSTER_NODES or a redis+cluster:// REDIS_URL choose the cluster client", () => {
    expect(redisConfigFromEnv({ REDIS_CLUSTER_NODES: "10.0.0.1:7000, 10.0.0.2:7001", REDIS_URL: "redis://127.0.0.1:6379/0" })).toEqual({
      kind: "cluster",
      nodes: [
        { host: "10.0.0.1", port: 7000 },
        { host: "10.0.0.2", port: 7001 },
      ],
    });
    expect(redisConfigFromEnv({ REDIS_URL: "redis+cluster://app:s%40cret@r1:7000,r2:7000", REDIS_COMMAND_TIMEOUT_MS: "500" })).toEqual({
      kind: "cluster",
      nodes: [
        { host: "r1", port: 7000 },
        { host: "r2", port: 7000 },
      ],
      username: "app",
      password: "s@cret",
      commandTimeoutMs: 500,
    });
    expect(parseClusterUrl("redis+cluster://:pw@h:1").password).toBe("pw");
    expect(() => parseClusterNodes("h1:7000,h2")).toThrow(/host:port/);
    expect(() => parseClusterNodes("h1:99999")).toThrow(/host:port/);
    expect(() => redisConfigFromEnv({ REDIS_CLUSTER_NODES: "not a node list" })).toThrow();
  });

  it("an event's keys (holds, claim index, counter, caches, queue, rate-limit budgets) share one slot", () => {
    const tag = eventHashTag(42);
    const keys = [reservedTicketKey(42, 1), reservedTicketKey(42, 99_999), ticketCountKey(42), ...Object.values(queueKeys(42)), `reserved_ticket_claims:${tag}`, `ratelimit:${tag}:reserve:abc:1`];
    expect(new Set(keys.map((k) => calculateSlot(k))).size).toBe(1);
    // and different events spread over the cluster
    expect(new Set(Array.from({ length: 50 }, (_, i) => calculateSlot(ticketCountKey(i)))).size).toBeGreaterThan(40);
  });
});

describe.skipIf(skipWithout("redis-server and redis-cli (the test starts its own Redis Cluster)", hasRedisBinaries()))("on a real Redis Cluster (3 primaries, 3 replicas)", () => {
  let cluster: RedisClusterHandle;
  const saved = process.env.REDIS_CLUSTER_NODES;

  beforeAll(async () => {
    cluster = await startRedisCluster({ primaries: 3, replicas: 1 });
  }, 60_000);

  afterAll(async () => {
    await closeRedis();
    if (saved === undefined) delete process.env.REDIS_CLUSTER_NODES;
    else process.env.REDIS_CLUSTER_NODES = saved;
    await cluster?.stop();
  });

  describe("RedisStore contract: cluster", () => {
    storeContract({
      kind: "cluster",
      open: async () => {
        const store = createRedisStore({ kind: "cluster", nodes: parseClusterNodes(cluster.nodesEnv) });
        return { store, close: () => store.close() };
      },
    });
  });

  it("splits DEL, MGET and EXISTS per slot, and refuses a script whose keys span slots, naming it", async () => {
    const store = createRedisStore({ kind: "cluster", nodes: parseClusterNodes(cluster.nodesEnv) });
    try {
      const keys = Array.from({ length: 12 }, (_, i) => `split:${i}`);
      expect(new Set(keys.map((k) => calculateSlot(k))).size).toBeGreaterThan(3);
      for (const [i, k] of keys.entries()) await store.set(k, `v${i}`);
      expect(await store.mget(...keys, "split:missing")).toEqual([...keys.map((_, i) => `v${i}`), null]);
      expect(await store.exists(...keys, "split:missing")).toBe(12);
      expect(await store.del(...keys)).toBe(12);
      expect(await store.exists(...keys)).toBe(0);
      const two = defineScript<number>({ name: "cluster-two-keys", lua: "return #KEYS" });
      await expect(store.runScript(two, ["split:a", "split:b"])).rejects.toThrow(/cluster-two-keys.*CROSSSLOT/);
      expect(await store.runScript(two, [reservedTicketKey(7, 1), ticketCountKey(7)])).toBe(2);
    } finally {
      await store.close();
    }
  });

  describe("the app's scripts", () => {
    const scriptErrors: string[] = [];
    let store: RedisStore;

    beforeAll(async () => {
      await truncateAll();
      process.env.REDIS_CLUSTER_NODES = cluster.nodesEnv;
      await closeRedis();
      store = getRedis();
      expect(store.kind).toBe("cluster");
      // The app swallows Redis failures (PostgreSQL decides alone), so a CROSSSLOT would pass
      // unseen: record every script that fails.
      const run = store.runScript.bind(store);
      (store as { runScript: RedisStore["runScript"] }).runScript = async (script, keys, args) => {
        try {
          return await run(script, keys, args);
        } catch (error) {
          scriptErrors.push(`${script.name}: ${error instanceof Error ? error.message : String(error)}`);
          throw error;
        }
      };
    });

    async function makeEvent(options: { queue?: boolean; holdSeconds?: number } = {}) {
      const db = getDb();
      const { venue } = await createVenueWithGrid(db, { rows: 2, seatsPerRow: 10 });
      const { event } = await createEventWithTickets(db, {
        venueId: venue.id,
        holdSeconds: options.holdSeconds,
        ...(options.queue ? { queueEnabled: true, onsaleAt: new Date(Date.now() - 60_000), queueAdmissionPerMinute: 6000, queueWindowSeconds: 600 } : {}),
      });
      const tickets = await db.ticket.findMany({ where: { eventId: event.id }, orderBy: { id: "asc" }, select: { id: true } });
      return { eventId: event.id, ticketIds: tickets.map((t) => t.id) };
    }

    it("a reserve stampede through the route (claims + per-event rate-limit budgets): one winner, claims in the cluster", async () => {
      const { eventId, ticketIds } = await makeEvent();
      const fans = await createFans(12, "cl");
      const seats = ticketIds.slice(0, 3).map(String);
      const answers = await Promise.all(
        fans.map(async (fan, i) => callRoute<{ reservation_id?: string }>(reserveRoute as unknown as RouteHandler, "POST", "/api/events/ticket/reserve", { body: { ticket_ids: seats }, token: await accessTokenFor(fan), ip: `10.1.0.${i + 1}` })),
      );
      const winners = answers.map((a, i) => ({ a, fan: fans[i]! })).filter(({ a }) => a.status === 200);
      expect(winners).toHaveLength(1);
      expect(answers.filter((a) => a.status === 409)).toHaveLength(fans.length - 1);
      const claim = await store.hgetall(reservedTicketKey(eventId, ticketIds[0]!));
      expect(claim.user_id).toBe(String(winners[0]!.fan.id));
      expect(await getTicketCount(eventId)).toBe(ticketIds.length - 3);

      // Release, availability (a cached read dropped by the release), cache invalidation.
      await cancelReservedTickets({ userId: winners[0]!.fan.id, ticketIds: ticketIds.slice(0, 3) });
      expect(await store.exists(reservedTicketKey(eventId, ticketIds[0]!))).toBe(0);
      const availability = await getEventAvailability(eventId);
      expect(availability).toBeTruthy();
      await invalidateEventCaches([eventId]);
      expect(scriptErrors, scriptErrors.join("\n")).toEqual([]);
    });

    it("the sweep's scripts: expired holds released, orphan claims checked, counters reconciled", async () => {
      const { eventId, ticketIds } = await makeEvent({ holdSeconds: 60 });
      const [fan] = await createFans(1, "sw");
      await reserveTickets({ userId: fan!.id, ticketIds: ticketIds.slice(0, 2) });
      expect(await store.exists(reservedTicketKey(eventId, ticketIds[0]!))).toBe(1);
      const result = await sweepExpiredHolds({ now: new Date(Date.now() + 120_000), fullReconcile: true });
      expect(result.ticketsExpired).toBe(2);
      expect(await store.exists(reservedTicketKey(eventId, ticketIds[0]!), reservedTicketKey(eventId, ticketIds[1]!))).toBe(0);
      expect(scriptErrors, scriptErrors.join("\n")).toEqual([]);
    });

    it("the waiting room's scripts: join, status, admission", async () => {
      const { eventId } = await makeEvent({ queue: true });
      const fans = await createFans(5, "wq");
      const joined = await Promise.all(fans.map((f) => joinQueue({ eventId, userId: f.id })));
      expect(joined.every((s) => typeof s.position === "number")).toBe(true);
      expect(new Set(joined.map((s) => s.position)).size).toBe(5);
      await vi.waitFor(async () => expect((await getQueueStatus({ eventId, userId: fans[0]!.id })).state).toBe("admitted"), { timeout: 10_000, interval: 100 });
      expect(await store.exists(queueKeys(eventId).state)).toBe(1);
      expect(scriptErrors, scriptErrors.join("\n")).toEqual([]);
    });

    it("rate limits and session versions", async () => {
      const checks = [
        { name: "cluster-ip", key: "10.9.9.9", limit: 2, windowSeconds: 60 },
        { name: "cluster-user", key: "user-1", limit: 5, windowSeconds: 60 },
      ];
      await enforceRateLimits(checks);
      await enforceRateLimits(checks);
      await expect(enforceRateLimits(checks)).rejects.toSatisfy((e: unknown) => isAppError(e) && e.code === "rate_limited");
      await publishSessionState(1, { version: 3, role: "buyer" });
      expect(scriptErrors, scriptErrors.join("\n")).toEqual([]);
    });

    it("failover: the event's primary killed mid-storm; the replica takes over; no hold lost or doubled", async () => {
      const { eventId, ticketIds } = await makeEvent();
      const slot = calculateSlot(eventHashTag(eventId));
      const primary = await cluster.primaryOf(slot);
      const fans = await createFans(40, "fo");
      const wants = fans.map((f, i) => ({ userId: f.id, ids: [ticketIds[(i * 3) % 20]!, ticketIds[(i * 3 + 1) % 20]!] }));
      const attempt = (w: (typeof wants)[number]) =>
        reserveTickets({ userId: w.userId, ticketIds: w.ids }).then(
          () => ({ ...w, ok: true as const }),
          (e: unknown) => {
            if (isAppError(e) && (e.code === "seats_unavailable" || e.code === "order_limit_exceeded")) return { ...w, ok: false as const };
            throw e;
          },
        );
      const first = wants.slice(0, 20).map(attempt);
      await Promise.race(first);
      cluster.kill(primary);
      const second = wants.slice(20).map(attempt);
      const results = await Promise.all([...first, ...second]);

      // PostgreSQL decided every answer: each seat has at most one holder, every yes is held, every no holds nothing.
      const owners = new Map<number, number>();
      for (const r of results.filter((r) => r.ok)) {
        for (const id of r.ids) {
          expect(owners.has(id), `ticket ${id} held twice`).toBe(false);
          owners.set(id, r.userId);
        }
      }
      expect(owners.size).toBeGreaterThan(0);
      const rows = await getDb().ticket.findMany({ where: { eventId }, select: { id: true, status: true, userId: true } });
      for (const row of rows) {
        const owner = owners.get(row.id);
        if (owner === undefined) expect(row.status, `ticket ${row.id}`).toBe("available");
        else expect({ status: row.status, userId: row.userId }).toEqual({ status: "reserved", userId: owner });
      }

      // The replica is promoted and serves the slot; claims work on it again.
      await vi.waitFor(async () => expect(await cluster.primaryOf(slot)).not.toBe(primary), { timeout: 20_000, interval: 200 });
      const free = rows.filter((r) => !owners.has(r.id)).map((r) => r.id);
      expect(free.length).toBeGreaterThan(0);
      const [late] = await createFans(1, "fl");
      await vi.waitFor(
        async () => {
          scriptErrors.length = 0;
          await reserveTickets({ userId: late!.id, ticketIds: [free[0]!] });
          expect(scriptErrors, scriptErrors.join("\n")).toEqual([]);
          expect((await store.hgetall(reservedTicketKey(eventId, free[0]!))).user_id).toBe(String(late!.id));
        },
        { timeout: 20_000, interval: 250 },
      );
    }, 60_000);
  });
});
