// `npm run db:seed`: wipes the app's tables and fills them with the demo catalog: venues with real
// seating charts (prisma/seed/venues.ts), ~70 events over the coming months with tickets for every
// seat (prisma/seed/catalog.ts), demo accounts and buyers (prisma/seed/users.ts), some events partly
// or wholly sold and a few seats on hold. Deterministic: a rerun builds the same catalog, moved to
// the day it runs. Needs a migrated database (`npm run db:migrate`); refuses a non-local
// DATABASE_URL unless SEED_ALLOW_REMOTE=1.
import { performance } from "node:perf_hooks";
import { describeDatabaseUrl, disconnectDb, getDb } from "@/lib/db";
import { invalidateEventCaches, invalidateVenueCaches } from "@/lib/events/cache-keys";
import { closeRedis } from "@/lib/redis";
import { resetQueues } from "@/lib/queue/reset-queues";
import { reconcileTicketCounts } from "@/lib/inventory/ticket-counts";
import { isLocalDatabaseUrl } from "@/lib/db/local-database";
import { catalogPerformers, demoCatalog, EVENT_TYPES, PRICE_CLASSES } from "./seed/catalog";
import {
  createEventWithTickets,
  createVenue,
  ensureEventType,
  ensurePriceClasses,
  holdTickets,
  sellTickets,
  type CreatedVenue,
} from "./seed/factories";
import { createRng } from "./seed/random";
import { DEMO_ACCOUNTS, DEMO_PASSWORDS, demoBuyers } from "./seed/users";
import { hashPassword } from "@/lib/auth/password-hash";
import { chartVersionOf, demoVenues } from "./seed/venues";
import { seedClub } from "./seed/club";

/** The app's tables, emptied (and their ids restarted) before seeding. `_prisma_migrations` is kept. */
const APP_TABLES = [
  "hold_expiry_notice",
  "queue_turn_alert",
  "push_subscription",
  "event_cancellation_order",
  "event_cancellation",
  "queue_draw",
  "webhook_event",
  "order_refund_request",
  "refund",
  "order_item",
  "payment",
  "ticket",
  "reservation",
  "event_performer",
  "event",
  "performer",
  "seat",
  "section",
  "venue_chart_version",
  "venue_admin",
  "venue_door_staff",
  "audit_log",
  "venue",
  "class",
  "event_type",
  "users",
] as const;

// The seed's bulk statements are long by design; the app's per-statement timeout is not for them.
process.env.DATABASE_STATEMENT_TIMEOUT_MS ??= "0";

const BUYER_COUNT = 150;
/**
 * Events with the waiting room on (lib/queue), admitting slowly enough to watch: one on sale now,
 * and one whose on-sale is a few minutes after the seed runs (its early fans are drawn by lottery).
 */
const WAITING_ROOMS: Record<string, { ratePerMinute: number; onsaleInMinutes?: number }> = {
  "neon-harbor-afterglow-world-tour-lakeshore-arena": { ratePerMinute: 60 },
  "the-velvet-comets-electric-daydream-tour-lakeshore-arena": { ratePerMinute: 60, onsaleInMinutes: 5 },
};
/** Venues the demo venue admin (venue@openseat.dev) manages. */
const VENUE_ADMIN_VENUES = ["lakeshore-arena", "marquee-theatre"];

const fmt = (n: number) => n.toLocaleString("en-US");
const log = (line: string) => console.info(`[seed] ${line}`);

async function main(): Promise<void> {
  const started = performance.now();
  const url = process.env.DATABASE_URL;
  if (!url) {
    console.error("[seed] DATABASE_URL is not set. Point it at a migrated local database, e.g.\n" +
      "  DATABASE_URL=postgresql://postgres@127.0.0.1:5432/openseat npm run db:migrate && npm run db:seed");
    process.exit(2);
  }
  if (!isLocalDatabaseUrl(url) && process.env.SEED_ALLOW_REMOTE !== "1") {
    console.error(`[seed] Refusing to wipe and seed ${describeDatabaseUrl(url)}: it is not on localhost. ` +
      "Set SEED_ALLOW_REMOTE=1 if you really mean it.");
    process.exit(2);
  }
  const db = getDb();
  const now = new Date();
  const rng = createRng(7);
  let phase = performance.now();
  const lap = () => {
    const ms = performance.now() - phase;
    phase = performance.now();
    return `${Math.round(ms)} ms`;
  };

  const missing = await db.$queryRaw<Array<{ name: string }>>`
    SELECT name FROM unnest(${[...APP_TABLES]}::text[]) AS t(name) WHERE to_regclass(quote_ident(name)) IS NULL`;
  if (missing.length > 0) {
    console.error(`[seed] ${describeDatabaseUrl(url)} has no table ${missing.map((m) => m.name).join(", ")}: ` +
      "run `npm run db:migrate` first.");
    process.exitCode = 2;
    return;
  }
  // Identifiers are the fixed list above; nothing from outside reaches this statement.
  await db.$executeRawUnsafe(`TRUNCATE TABLE ${APP_TABLES.map((t) => `"${t}"`).join(", ")} RESTART IDENTITY CASCADE`);
  log(`emptied ${APP_TABLES.length} tables of ${describeDatabaseUrl(url)} (${lap()})`);

  const classes = await ensurePriceClasses(db, PRICE_CLASSES);
  const types = new Map<string, number>();
  for (const t of EVENT_TYPES) types.set(t.type, (await ensureEventType(db, t.type, t.description)).id);

  const buyers = demoBuyers(rng, BUYER_COUNT);
  const logins = await Promise.all(
    (Object.keys(DEMO_ACCOUNTS) as (keyof typeof DEMO_ACCOUNTS)[]).map(async (key) => ({
      ...DEMO_ACCOUNTS[key],
      passwordHash: await hashPassword(DEMO_PASSWORDS[key]),
    })),
  );
  await db.user.createMany({ data: [...logins, ...buyers] });
  const users = await db.user.findMany({ select: { id: true, username: true } });
  const fanId = users.find((u) => u.username === DEMO_ACCOUNTS.fan.username)!.id;
  const buyerUsernames = new Set(buyers.map((b) => b.username));
  const crowd = users.filter((u) => buyerUsernames.has(u.username)).map((u) => u.id).sort((a, b) => a - b);
  log(`${classes.length} price classes, ${types.size} event types, ${users.length} users (${lap()})`);

  const venueSpecs = demoVenues();
  const venues = new Map<string, CreatedVenue>();
  for (const spec of venueSpecs) {
    const created = await createVenue(db, { ...spec, chartVersion: chartVersionOf(spec) });
    venues.set(spec.key, created);
    log(`venue ${spec.name} (${spec.location}): ${created.sections.length} sections, ${fmt(created.seatCount)} seats (${lap()})`);
  }

  // The demo venue admin manages two venues (an admin manages them all).
  const venueAdminId = users.find((u) => u.username === DEMO_ACCOUNTS.venue.username)!.id;
  const managed = VENUE_ADMIN_VENUES.map((key) => venues.get(key)!.venue);
  await db.venueAdmin.createMany({ data: managed.map((v) => ({ userId: venueAdminId, venueId: v.id })) });
  log(`${DEMO_ACCOUNTS.venue.email} manages ${managed.map((v) => v.name).join(" and ")}`);
  // The demo door staff checks tickets in at the same venues.
  const doorId = users.find((u) => u.username === DEMO_ACCOUNTS.door.username)!.id;
  await db.venueDoorStaff.createMany({ data: managed.map((v) => ({ userId: doorId, venueId: v.id })) });

  // Fresh statistics, so the ticket inserts and sales below (and the app's first queries) get good
  // plans; PGlite has no autovacuum to collect them.
  await db.$executeRawUnsafe("ANALYZE venue, section, seat, users, class, venue_admin");

  const catalog = demoCatalog(now, venueSpecs);
  await db.performer.createMany({ data: catalogPerformers(catalog).map((name) => ({ name })) });
  const eventIds = new Map<string, number>();
  const soldOut: string[] = [];
  const partlySold: string[] = [];
  const waitingRooms: string[] = [];
  let ticketTotal = 0;
  let orders = 0;
  let soldTickets = 0;
  for (const [i, spec] of catalog.entries()) {
    const venue = venues.get(spec.venueKey)!;
    const { sales } = spec;
    const room = WAITING_ROOMS[spec.key];
    const { event, ticketCount, sold } = await createEventWithTickets(db, {
      venueId: venue.venue.id,
      typeId: types.get(spec.type)!,
      title: spec.title,
      datetime: spec.datetime,
      description: spec.description,
      performers: spec.performers,
      currency: spec.currency,
      // A flat booking fee of about 8% of the cheapest seat, shown up front.
      serviceFee: (Math.max(1, Math.round(Math.min(...Object.values(spec.prices).map(Number)) * 0.08 * 4) / 4)).toFixed(2),
      onsaleAt: room?.onsaleInMinutes !== undefined ? new Date(now.getTime() + room.onsaleInMinutes * 60_000) : spec.onsaleAt,
      offsaleAt: spec.offsaleAt,
      queueEnabled: room !== undefined,
      queueAdmissionPerMinute: room?.ratePerMinute,
      sections: venue.sections.map((s) => ({ sectionId: s.id, classId: classes[s.tier]!.id, price: spec.prices[s.tier]! })),
      // The crowd's orders are written with the tickets: one statement per event.
      sold: sales.soldFraction > 0 ? { buyerIds: crowd, fraction: sales.soldFraction, salt: spec.key } : undefined,
    });
    eventIds.set(spec.key, event.id);
    if (room) waitingRooms.push(`#${event.id} ${spec.title} (${room.ratePerMinute}/min, on sale ${room.onsaleInMinutes !== undefined ? `in ${room.onsaleInMinutes} minutes` : "now"})`);
    ticketTotal += ticketCount;
    orders += sold.orders;
    soldTickets += sold.tickets;
    if (sold.tickets > 0) {
      const line = `#${event.id} ${spec.title} (${spec.datetime.toISOString().slice(0, 10)}): ${fmt(sold.tickets)} of ${fmt(ticketCount)} sold`;
      (sales.soldOut ? soldOut : partlySold).push(line);
    }
    if ((i + 1) % 10 === 0 || i === catalog.length - 1) {
      log(`events ${i + 1}/${catalog.length}: ${fmt(ticketTotal)} tickets, ${fmt(soldTickets)} sold so far (${lap()})`);
    }
  }
  // The club: a standing floor sold by quantity and a balcony, built through the builder's JSON
  // import and publish (prisma/seed/club.ts), with the demo venue admin and door staff on it.
  const adminId = users.find((u) => u.username === DEMO_ACCOUNTS.admin.username)!.id;
  const club = await seedClub({ userId: adminId, role: "admin", email: DEMO_ACCOUNTS.admin.email, username: DEMO_ACCOUNTS.admin.username });
  await db.venueAdmin.create({ data: { userId: venueAdminId, venueId: club.venueId } });
  await db.venueDoorStaff.create({ data: { userId: doorId, venueId: club.venueId } });
  const clubNights = [
    { title: "Friday Late: House & Disco at The Foundry", days: 9, performers: ["Nightshift Collective"], floor: "35.00", balcony: "55.00" },
    { title: "The Foundry Sessions: Live Jazz Night", days: 23, performers: ["Marisol Quartet"], floor: "28.00", balcony: "45.00" },
  ];
  for (const night of clubNights) {
    const datetime = new Date(now.getTime() + night.days * 86_400_000);
    datetime.setUTCHours(2, 0, 0, 0); // 20:00 in Chicago
    const { event, ticketCount } = await createEventWithTickets(db, {
      venueId: club.venueId,
      typeId: types.get("concert")!,
      title: night.title,
      datetime,
      description: "A club night: a standing floor in front of the stage (general admission, pick how many tickets) and a seated balcony with wheelchair spaces.",
      performers: night.performers,
      currency: "USD",
      serviceFee: "3.00",
      sections: [
        { sectionId: club.floorSectionId, classId: classes[3]!.id, price: night.floor },
        { sectionId: club.balconySectionId, classId: classes[1]!.id, price: night.balcony },
      ],
    });
    ticketTotal += ticketCount;
    log(`club night #${event.id} ${night.title}: ${fmt(ticketCount)} tickets (${fmt(club.capacity)} capacity)`);
  }
  log(`club The Foundry: GA floor and balcony through the chart import (${lap()})`);
  await db.$executeRawUnsafe("ANALYZE event, ticket");

  // The fan's own orders and the active holds, on seats still available.
  let holds = 0;
  for (const spec of catalog) {
    const eventId = eventIds.get(spec.key)!;
    const { sales } = spec;
    if (sales.fanTickets > 0) {
      const sold = await sellTickets(db, { eventId, buyerIds: [fanId], tickets: sales.fanTickets, orderSize: sales.fanTickets, preferBest: 0.8, salt: "fan" });
      orders += sold.orders;
      soldTickets += sold.tickets;
    }
    for (let h = 0; h < sales.holds; h++) {
      // Holds taken a few minutes ago, so they still have 5-28 minutes to run.
      const expiresAt = new Date(now.getTime() + rng.int(5, 28) * 60_000);
      await holdTickets(db, { eventId, userId: rng.pick(crowd), count: rng.int(2, 4), expiresAt, salt: `${spec.key}-${h}` });
      holds++;
    }
    if (sales.fanHold > 0) {
      const expiresAt = new Date(now.getTime() + 28 * 60_000);
      await holdTickets(db, { eventId, userId: fanId, count: sales.fanHold, expiresAt, salt: "fan" });
      holds++;
    }
  }
  log(`fan orders and holds done: ${fmt(orders)} orders in all (${fmt(soldTickets)} tickets confirmed), ${holds} active holds (${lap()})`);
  await db.$executeRawUnsafe(`ANALYZE ${APP_TABLES.map((t) => `"${t}"`).join(", ")}`);

  const [counts] = await db.$queryRaw<Array<Record<string, bigint>>>`
    SELECT (SELECT count(*) FROM venue) AS venues, (SELECT count(*) FROM section) AS sections,
           (SELECT count(*) FROM seat) AS seats, (SELECT count(*) FROM event) AS events,
           (SELECT count(*) FROM ticket) AS tickets, (SELECT count(*) FROM ticket WHERE status = 'confirmed') AS confirmed,
           (SELECT count(*) FROM ticket WHERE status = 'reserved') AS reserved, (SELECT count(*) FROM payment) AS payments,
           (SELECT count(*) FROM users) AS users, (SELECT count(*) FROM performer) AS performers`;
  const c = Object.fromEntries(Object.entries(counts ?? {}).map(([k, v]) => [k, fmt(Number(v))]));
  // Ids restart at 1, so cached seat layouts and availability of the previous data would describe
  // the wrong events: drop them (seat maps are keyed by a geometry hash and stay valid).
  const seeded = await db.event.findMany({ select: { id: true } });
  await invalidateEventCaches(seeded.map((e) => e.id));
  await resetQueues(seeded.map((e) => e.id));
  // Event ids restart at 1: counters left in Redis by earlier data would name the new events.
  await reconcileTicketCounts(seeded.map((e) => e.id)).catch((e: unknown) => log(`ticket counters not reset: ${(e as Error).message}`));
  await invalidateVenueCaches([...venues.values()].map((v) => ({ id: v.venue.id, chartVersion: v.venue.chartVersion })));
  log("done");
  log(`  ${c.venues} venues, ${c.sections} sections, ${c.seats} seats`);
  log(`  ${c.events} events, ${c.performers} performers, ${c.tickets} tickets (${c.confirmed} confirmed, ${c.reserved} reserved)`);
  log(`  ${c.users} users, ${c.payments} payments`);
  log(`  sold out: ${soldOut.join("; ") || "none"}`);
  log(`  partly sold: ${partlySold.length} events`);
  for (const line of partlySold) log(`    ${line}`);
  log(`  waiting room on: ${waitingRooms.join("; ") || "none"}`);
  log(`  logins (local demo only): ${(Object.keys(DEMO_ACCOUNTS) as (keyof typeof DEMO_ACCOUNTS)[]).map((k) => `${DEMO_ACCOUNTS[k].email} / ${DEMO_PASSWORDS[k]} (${DEMO_ACCOUNTS[k].role})`).join(", ")}`);
  log(`  time: ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

try {
  await main();
} catch (error) {
  console.error("[seed] failed:", error);
  process.exitCode = 1;
} finally {
  await Promise.all([disconnectDb(), closeRedis()]);
}
