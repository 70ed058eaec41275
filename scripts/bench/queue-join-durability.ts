// What it costs to answer a waiting-room join only once its place is in PostgreSQL (the group
// commit of lib/queue/queue-journal.ts), against answering straight from Redis and writing later:
// N fans join one event at --concurrency joins in flight, in-process (no HTTP), once each way on
// fresh events, and the join latency (p50/p95/p99) and PostgreSQL commits per join are printed
// (from pg_stat_database: other clients of the same database count too).
//
//   DATABASE_URL=... REDIS_URL=... npx tsx scripts/bench/queue-join-durability.ts [--fans 3000] [--concurrency 64]
//
// It creates an event and users in DATABASE_URL's database and leaves them there: use a
// throwaway database.
import { performance } from "node:perf_hooks";
import { disconnectDb, getDb } from "@/lib/db";
import { closeRedis } from "@/lib/redis";
import { flushQueueJournal, joinQueue } from "@/lib/queue";
import { notePlace } from "@/lib/queue/queue-journal";
import { runQueueScript } from "@/lib/queue/queue-script";
import { createEventWithTickets, createVenueWithGrid } from "@/prisma/seed/factories";

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const fans = arg("fans", 3000);
const concurrency = arg("concurrency", 64);

/** Commits in this database so far. Backends report their counts when idle (up to ~10 s later): wait for them. */
async function commits(): Promise<number> {
  await new Promise((r) => setTimeout(r, 11_000));
  const [row] = await getDb().$queryRaw<{ n: bigint }[]>`SELECT xact_commit AS n FROM pg_stat_database WHERE datname = current_database()`;
  return Number(row!.n);
}

async function setup(tag: string) {
  const db = getDb();
  const { venue } = await createVenueWithGrid(db, { rows: 2, seatsPerRow: 10 });
  const { event } = await createEventWithTickets(db, { venueId: venue.id, onsaleAt: new Date(Date.now() - 60_000), queueEnabled: true, queueAdmissionPerMinute: 60 });
  await db.user.createMany({ data: Array.from({ length: fans }, (_, i) => ({ username: `${tag}_${i}`, email: `${tag}_${i}@example.com` })) });
  const users = await db.user.findMany({ where: { username: { startsWith: `${tag}_` } }, select: { id: true } });
  return { eventId: event.id, userIds: users.map((u) => u.id) };
}

async function run(label: string, join: (eventId: number, userId: number) => Promise<unknown>) {
  const { eventId, userIds } = await setup(`qjd_${label}_${Date.now().toString(36)}`);
  await join(eventId, userIds[0]!); // the queue's first call (settings, sentinel) is not measured
  await flushQueueJournal();
  const latencies: number[] = [];
  const before = await commits();
  const started = performance.now();
  let next = 1;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < userIds.length) {
        const userId = userIds[next++]!;
        const t = performance.now();
        await join(eventId, userId);
        latencies.push(performance.now() - t);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  await flushQueueJournal();
  const used = (await commits()) - before;
  latencies.sort((a, b) => a - b);
  const p = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor((q / 100) * latencies.length))]!.toFixed(1);
  const rows = await getDb().queueEntry.count({ where: { eventId } });
  console.log(
    `${label.padEnd(28)} ${latencies.length} joins in ${seconds.toFixed(1)} s (${(latencies.length / seconds).toFixed(0)}/s): ` +
      `p50 ${p(50)} ms, p95 ${p(95)} ms, p99 ${p(99)} ms; PostgreSQL commits ${used} (${(used / latencies.length).toFixed(3)} a join); queue_entry rows ${rows}`,
  );
}

// Answering from Redis, writing later (what a join would be without the wait).
const later = async (eventId: number, userId: number) => {
  const now = Date.now();
  const s = await runQueueScript({ eventId, op: "join", userId, now });
  if (s.kind === "on" && s.fresh && s.fan.kind === "pos") void notePlace({ eventId, userId, position: s.fan.position, preQueue: false, joinedAt: now, admittedAt: null });
};
const durable = (eventId: number, userId: number) => joinQueue({ eventId, userId });

for (let round = 0; round < 2; round++) {
  await run("answer, then write (250 ms)", later);
  await run("write, then answer (group)", durable);
}
await closeRedis();
await disconnectDb();
