// Times the organizer's event operations on an arena-sized venue (16,000 seats): creating an event
// (its tickets in one INSERT ... SELECT), re-pricing every section, listing events with their
// counts, reading the event as the dashboard does, and cancelling it with N paid orders recorded
// (the enqueue transaction; the Stripe refunds themselves are not timed here).
//
//   DATABASE_URL=postgresql://postgres@127.0.0.1:5432/openseat_bench npx tsx scripts/bench/admin-events.ts
//
// It migrates and WIPES that database's tables first: point it at a throwaway database.
import { performance } from "node:perf_hooks";
import { cancelEvent } from "@/lib/admin/events-cancellation";
import { createEvent, getAdminEvent, listAdminEvents, updateEvent } from "@/lib/admin/events";
import { getDb } from "@/lib/db";
import { applyMigrations } from "@/lib/db/migrations";
import { createEventWithTickets, createUser, createVenueWithGrid, ensureEventType, ensurePriceClasses } from "@/prisma/seed/factories";

async function time<T>(label: string, fn: () => Promise<T>): Promise<T> {
  const t0 = performance.now();
  const out = await fn();
  console.log(`${label.padEnd(58)} ${(performance.now() - t0).toFixed(0).padStart(6)} ms`);
  return out;
}

async function main() {
  if (!process.env.DATABASE_URL) throw new Error("set DATABASE_URL to a throwaway database");
  process.env.DATABASE_STATEMENT_TIMEOUT_MS ??= "0";
  process.env.OPENSEAT_CACHE ??= "off";
  await applyMigrations(process.env.DATABASE_URL);
  const db = getDb();
  await db.$executeRawUnsafe(`TRUNCATE notification, event_cancellation_order, event_cancellation, audit_log, order_item, refund, payment, ticket, reservation, event_performer, event, performer, seat, section, venue_admin, venue_door_staff, venue, class, event_type, users RESTART IDENTITY CASCADE`);
  const venue = await time("venue: 16 sections x 25 rows x 40 seats", () => createVenueWithGrid(db, { sections: 16, rows: 25, seatsPerRow: 40 }));
  await ensureEventType(db, "concert");
  const [vip, gold, silver] = await ensurePriceClasses(db, [
    { name: "VIP", description: "VIP", color: "#7c3aed" },
    { name: "Gold", description: "Gold", color: "#d97706" },
    { name: "Silver", description: "Silver", color: "#2563eb" },
  ]);
  const admin = await createUser(db, { role: "admin" });
  const caller = { userId: admin.id, role: "admin" as const, email: admin.email, username: admin.username };
  const ids = venue.sections.map((s) => s.id);
  const input = {
    title: "Arena bench",
    type: "concert",
    venue_id: venue.venue.id,
    starts_at: "2031-06-01T20:00",
    performers: ["Bench Band"],
    description: "",
    image_url: null,
    price_classes: [
      { class_id: vip!.id, price: "199.00", section_ids: ids.slice(0, 4), rows: [], seat_ids: [] },
      { class_id: gold!.id, price: "99.00", section_ids: ids.slice(4, 10), rows: [], seat_ids: [] },
      { class_id: silver!.id, price: "49.00", section_ids: ids.slice(10), rows: [], seat_ids: [] },
    ],
    hold_seconds: 1800, max_tickets_per_order: 8, onsale_at: null, offsale_at: null, refund_cutoff_hours: 24, service_fee: "5.00", currency: "USD",
    queue_enabled: false, queue_admission_per_minute: 600, queue_window_seconds: 600, queue_prequeue_opens_at: null,
  };
  const created = await time("createEvent (16,000 tickets, audit)", () => createEvent(caller, input));
  const eventId = Number(created.event.event_id);
  await time("updateEvent: re-price every section", () => updateEvent(caller, eventId, { price_classes: [{ class_id: gold!.id, price: "109.00", section_ids: ids, rows: [], seat_ids: [] }] }));
  await time("getAdminEvent (form: counts, pricing, sections)", () => getAdminEvent(caller, eventId));
  // A sold-in event beside it: 20,000 tickets' worth of orders is more than the arena holds, so
  // two events share them.
  const buyers = await Promise.all(Array.from({ length: 50 }, () => createUser(db, {})));
  for (let i = 0; i < 2; i++) {
    await time(`factory: a sold event (${i + 1}/2), ~10,000 tickets sold`, () =>
      createEventWithTickets(db, { venueId: venue.venue.id, classId: gold!.id, sold: { buyerIds: buyers.map((b) => b.id), tickets: 10_000, orderSize: 2, salt: `b${i}` } }));
  }
  await time("listAdminEvents (3 arena events with counts)", () => listAdminEvents(caller, { when: "all", page: 1, size: 25 }));
  const soldEventId = (await db.event.findFirstOrThrow({ where: { title: { not: "Arena bench" } }, orderBy: { id: "asc" } })).id;
  const orders = await db.payment.count({ where: { eventId: soldEventId } });
  const progress = await time(`cancelEvent: ${orders} paid orders queued, fans recorded`, () => cancelEvent(caller, soldEventId, "bench"));
  console.log(`queued orders: ${progress.orders.total}, notices: ${progress.notices}`);
  await db.$disconnect();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
