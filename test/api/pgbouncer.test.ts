// The app through PgBouncer in transaction pooling mode (pool_mode = transaction, `pgbouncer=true`
// in DATABASE_URL): the concurrency the app relies on still holds when every statement may land on
// another server connection. A reserve storm (the one-statement reserve), releases (interactive
// transactions), the order limit under a race (reserve_guard), the sweep (FOR UPDATE SKIP LOCKED)
// and waiting-room joins (the journal's group commits), counted from PostgreSQL afterwards.
// Needs a real PostgreSQL server and the pgbouncer binary (Debian's `pgbouncer`): skipped without
// either locally; CI (REQUIRE_REAL_SERVERS=1) installs pgbouncer (scripts/ensure-pgbouncer.sh) and
// fails rather than skip.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { disconnectDb, getDb } from "@/lib/db";
import { isAppError } from "@/lib/errors/app-error";
import { cancelReservedTickets } from "@/lib/inventory/cancel-reserved-tickets";
import { reserveTickets } from "@/lib/inventory/reserve-tickets";
import { sweepExpiredHolds } from "@/lib/inventory/sweep-expired-holds";
import { flushQueueJournal, joinQueue } from "@/lib/queue";
import { createEventWithTickets, createVenueWithGrid, holdTickets } from "@/prisma/seed/factories";
import { createFans } from "@/test/support/api";
import { realPostgres, truncateAll } from "@/test/support/database";
import { pgBouncerBinary, startPgBouncer, type PgBouncer } from "@/test/support/pgbouncer";
import { resetRedis } from "@/test/support/redis";
import { skipWithout } from "@/test/support/servers";

describe.skipIf(skipWithout("a PostgreSQL server and the pgbouncer binary (apt-get install pgbouncer)", realPostgres && pgBouncerBinary() !== null))("through PgBouncer in transaction pooling mode", () => {
  let bouncer: PgBouncer;
  const direct = process.env.DATABASE_URL!;
  const statementTimeout = process.env.DATABASE_STATEMENT_TIMEOUT_MS;

  beforeAll(async () => {
    await truncateAll();
    await resetRedis();
    bouncer = await startPgBouncer(direct, { poolSize: 5 });
    process.env.DATABASE_URL = bouncer.url;
    // Directly the app would set this on its connections; through PgBouncer it sends nothing and
    // connect_query's 5 s applies: the first test tells the two apart.
    process.env.DATABASE_STATEMENT_TIMEOUT_MS = "7000";
    await disconnectDb();
  });

  afterAll(async () => {
    await disconnectDb();
    process.env.DATABASE_URL = direct;
    if (statementTimeout === undefined) delete process.env.DATABASE_STATEMENT_TIMEOUT_MS;
    else process.env.DATABASE_STATEMENT_TIMEOUT_MS = statementTimeout;
    await bouncer?.stop();
  });

  async function makeEvent(options: { seats?: number; queue?: boolean; maxPerOrder?: number } = {}) {
    const db = getDb();
    const { venue } = await createVenueWithGrid(db, { rows: 1, seatsPerRow: options.seats ?? 12 });
    const { event } = await createEventWithTickets(db, {
      venueId: venue.id,
      ...(options.maxPerOrder ? { maxTicketsPerOrder: options.maxPerOrder } : {}),
      ...(options.queue ? { queueEnabled: true, onsaleAt: new Date(Date.now() - 60_000), queueAdmissionPerMinute: 600, queueWindowSeconds: 600 } : {}),
    });
    const tickets = await db.ticket.findMany({ where: { eventId: event.id }, orderBy: { id: "asc" }, select: { id: true } });
    return { eventId: event.id, ticketIds: tickets.map((t) => t.id) };
  }

  it("runs on PgBouncer (the client's server is PgBouncer's port)", async () => {
    expect(process.env.DATABASE_URL).toContain(`:${bouncer.port}/`);
    const [row] = await getDb().$queryRaw<{ setting: string }[]>`SELECT current_setting('statement_timeout') AS setting`;
    // PgBouncer's connect_query (5 s), not the app's 7 s: no startup parameters went through it.
    expect(row!.setting).toBe("5s");
  });

  it("a reserve storm: no seat held twice, every success held, every refusal holds nothing; releases free them", async () => {
    const { eventId, ticketIds } = await makeEvent({ seats: 12 });
    const fans = await createFans(40, "pgb");
    let seed = 7;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const wants = fans.map((f) => {
      const pick = new Set<number>();
      const n = 2 + Math.floor(rand() * 3);
      while (pick.size < n) pick.add(ticketIds[Math.floor(rand() * ticketIds.length)]!);
      return { userId: f.id, ids: [...pick] };
    });
    const results = await Promise.all(
      wants.map((w) =>
        reserveTickets({ userId: w.userId, ticketIds: w.ids }).then(
          () => ({ ...w, ok: true as const }),
          (e: unknown) => {
            if (isAppError(e) && e.code === "seats_unavailable") return { ...w, ok: false as const };
            throw e;
          },
        ),
      ),
    );
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
    await Promise.all(results.filter((r) => r.ok).map((r) => cancelReservedTickets({ userId: r.userId, ticketIds: r.ids })));
    expect(await getDb().ticket.count({ where: { eventId, status: "available" } })).toBe(ticketIds.length);
  });

  it("the order limit holds when one fan reserves many times at once", async () => {
    const { eventId, ticketIds } = await makeEvent({ seats: 12, maxPerOrder: 4 });
    const [fan] = await createFans(1, "pgl");
    const outcomes = await Promise.allSettled(ticketIds.slice(0, 10).map((id) => reserveTickets({ userId: fan!.id, ticketIds: [id] })));
    expect(outcomes.filter((o) => o.status === "fulfilled")).toHaveLength(4);
    for (const o of outcomes) if (o.status === "rejected") expect(isAppError(o.reason) && o.reason.code).toBe("order_limit_exceeded");
    expect(await getDb().ticket.count({ where: { eventId, userId: fan!.id, status: "reserved" } })).toBe(4);
  });

  it("the sweep expires lapsed holds, and two sweeps at once expire each exactly once", async () => {
    const { eventId } = await makeEvent({ seats: 12 });
    const fans = await createFans(4, "pgs");
    for (const f of fans) await holdTickets(getDb(), { eventId, userId: f.id, count: 2, expiresAt: new Date(Date.now() - 60_000) });
    const [a, b] = await Promise.all([sweepExpiredHolds(), sweepExpiredHolds()]);
    expect(a!.ticketsExpired + b!.ticketsExpired).toBe(8);
    expect(await getDb().ticket.count({ where: { eventId, status: "expired" } })).toBe(8);
  });

  it("waiting-room joins are journaled: every place written once", async () => {
    const { eventId } = await makeEvent({ queue: true });
    const fans = await createFans(60, "pgq");
    const joined = await Promise.all(fans.map((f) => joinQueue({ eventId, userId: f.id })));
    await flushQueueJournal();
    expect(new Set(joined.map((j) => j.position)).size).toBe(60);
    expect(await getDb().queueEntry.count({ where: { eventId } })).toBe(60);
  });
});
