// `npx tsx scripts/bench/waitlist.ts`: the waitlist's offer engine on the real PostgreSQL and Redis
// (DATABASE_URL and REDIS_URL, local hosts only; the database's tables are used as they are, the
// bench makes its own venue, event and fans). A sold-out event of 300 seats in holds of 2 and 1,000
// waitlisted fans (party 1-4, any class / Gold / VIP, together or not):
//   (a) every hold lapses at once, one engine run offers the seats: how long that run takes, and
//       how many offers and seats it made;
//   (b) the same again, the 150 holds released by cancels, --wave at once (default 25) (each hand-off inside its
//       release's transaction): release latency p50/p99, and the time from the first release to the
//       last offer. Then checks one holder per seat.
// Flags: --entries N (default 1000), --rows N (10 rows of 10 seats per section, 3 sections), --wave N.
import { parseArgs } from "node:util";
import { disconnectDb, getDb } from "@/lib/db";
import { isLocalDatabaseUrl } from "@/lib/db/local-database";
import { applyMigrations } from "@/lib/db/migrations";
import { cancelReservedTickets } from "@/lib/inventory/cancel-reserved-tickets";
import { getRedis } from "@/lib/redis";
import { runWaitlistEngine } from "@/lib/waitlist/offer-engine";
import { createEventWithTickets, createVenueWithGrid, ensurePriceClasses } from "@/prisma/seed/factories";

const { values } = parseArgs({ options: { entries: { type: "string", default: "1000" }, rows: { type: "string", default: "10" }, wave: { type: "string", default: "25" } } });
const WAVE = Number(values.wave);
const ENTRIES = Number(values.entries);
const ROWS = Number(values.rows);

const db = getDb();

async function soldOut(tag: string) {
  const [gold, , vip] = await ensurePriceClasses(db);
  const venue = await createVenueWithGrid(db, { sections: 3, rows: ROWS, seatsPerRow: 10, name: `Waitlist bench ${tag}` });
  const { event } = await createEventWithTickets(db, {
    venueId: venue.venue.id,
    sections: venue.sections.map((s, i) => ({ sectionId: s.id, classId: i === 2 ? vip!.id : gold!.id, price: i === 2 ? "90.00" : "40.00" })),
  });
  const tickets = await db.$queryRaw<{ ticket_id: number }[]>`
    SELECT t.ticket_id FROM ticket t JOIN seat s ON s.seat_id = t.seat_id WHERE t.event_id = ${event.id} ORDER BY s.section_id, s."row", s."number"`;
  const stamp = `${tag}_${Date.now().toString(36)}`;
  const holderCount = Math.ceil(tickets.length / 2);
  await db.user.createMany({ data: Array.from({ length: holderCount + ENTRIES }, (_, i) => ({ username: `wlb_${stamp}_${i}`, email: `wlb_${stamp}_${i}@example.com` })) });
  const users = (await db.user.findMany({ where: { username: { startsWith: `wlb_${stamp}_` } }, select: { id: true } })).map((u) => u.id).sort((a, b) => a - b);
  const expiresAt = new Date(Date.now() + 3_600_000);
  const holds: { userId: number; ticketIds: number[]; reservationId: number }[] = [];
  for (let i = 0; i < holderCount; i++) {
    const ids = tickets.slice(i * 2, i * 2 + 2).map((t) => t.ticket_id);
    const r = await db.reservation.create({ data: { userId: users[i]!, eventId: event.id, status: "active", expiresAt } });
    await db.ticket.updateMany({ where: { id: { in: ids } }, data: { status: "reserved", userId: users[i]!, reservationId: r.id, holdExpiresAt: expiresAt } });
    holds.push({ userId: users[i]!, ticketIds: ids, reservationId: r.id });
  }
  let x = 12345;
  const next = () => (x = (x * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  await db.waitlistEntry.createMany({
    data: users.slice(holderCount).map((userId) => {
      const r = next();
      return { eventId: event.id, userId, partySize: 1 + Math.floor(next() * 4), classIds: r < 0.5 ? [] : r < 0.8 ? [gold!.id] : [vip!.id], together: next() < 0.6 };
    }),
  });
  return { eventId: event.id, holds, seats: tickets.length };
}

async function offered(eventId: number) {
  const [row] = await db.$queryRaw<{ offers: number; seats: number; double: number }[]>`
    SELECT count(*)::int AS offers, COALESCE(sum(cardinality(ticket_ids)), 0)::int AS seats,
           (SELECT count(*) FROM (SELECT id FROM (SELECT unnest(ticket_ids) AS id FROM waitlist_offer WHERE event_id = ${eventId} AND status = 'offered') u
              GROUP BY id HAVING count(*) > 1) d)::int AS double
      FROM waitlist_offer WHERE event_id = ${eventId} AND status = 'offered'`;
  return row!;
}

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))]!;

async function main() {
  const url = process.env.DATABASE_URL;
  if (!url || !isLocalDatabaseUrl(url)) throw new Error("set DATABASE_URL to a local PostgreSQL database");
  await applyMigrations(url);

  const a = await soldOut("lapse");
  const past = new Date(Date.now() - 1000);
  await db.ticket.updateMany({ where: { eventId: a.eventId }, data: { holdExpiresAt: past } });
  await db.reservation.updateMany({ where: { eventId: a.eventId }, data: { expiresAt: past } });
  const t0 = performance.now();
  const batch = await runWaitlistEngine(a.eventId);
  const engineMs = performance.now() - t0;
  const ra = await offered(a.eventId);
  console.log(`(a) ${a.seats} seats lapsed at once, ${ENTRIES} entries: one engine run ${engineMs.toFixed(0)} ms, ${batch.offers.length} offers, ${ra.seats} seats offered, seats in two offers: ${ra.double}`);

  const b = await soldOut("release");
  const started = performance.now();
  const latencies: number[] = [];
  for (let i = 0; i < b.holds.length; i += WAVE) {
    latencies.push(
      ...(await Promise.all(
        b.holds.slice(i, i + WAVE).map(async (h) => {
          const s = performance.now();
          await cancelReservedTickets({ userId: h.userId, ticketIds: h.ticketIds });
          return performance.now() - s;
        }),
      )),
    );
  }
  const allDone = performance.now() - started;
  const rb = await offered(b.eventId);
  console.log(
    `(b) ${b.holds.length} releases of 2 seats, ${WAVE} at once, ${ENTRIES} entries: release p50 ${pct(latencies, 0.5).toFixed(0)} ms, p99 ${pct(latencies, 0.99).toFixed(0)} ms; ` +
      `first release -> last offer ${allDone.toFixed(0)} ms; ${rb.offers} offers, ${rb.seats} seats offered, seats in two offers: ${rb.double}`,
  );
  if (ra.double > 0 || rb.double > 0) process.exitCode = 1;
}

main()
  .catch((e: unknown) => {
    console.error(e);
    process.exitCode = 1;
  })
  .finally(async () => {
    await disconnectDb();
    await getRedis().close().catch(() => undefined);
  });
