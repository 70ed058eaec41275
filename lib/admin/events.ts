// The organizer's events: read, create, edit, publish, unpublish (cancel: events-cancellation.ts).
// Every function takes the caller and checks, with lib/admin/access.ts, that they manage the venue
// concerned; every change writes its audit row (lib/admin/audit.ts) in its own transaction.
//
// Prices live on the tickets, as they always have (ticket.class_id, ticket.price): there is no
// per-event price table. The form's "price classes" are derived from the tickets (grouped by class
// and price, with the sections where they apply), and an edit re-prices tickets with one
// conditional UPDATE that only touches tickets that can be bought now (ticketIsAvailableSql): what a
// fan holds or paid keeps its class and price, whatever the organizer does. A second table of
// intended prices could disagree with the tickets it is meant to describe (precisely for the held
// and sold ones); tickets are the one truth the buying path already reads.
import { getDb } from "@/lib/db";
import { AppError } from "@/lib/errors/app-error";
import type { Caller } from "@/lib/auth/get-caller";
import { Prisma } from "@/lib/generated/prisma/client";
import { invalidateEventCaches } from "@/lib/events/cache-keys";
import { invalidateQueueSettings } from "@/lib/queue";
import { ticketIsAvailableSql } from "@/lib/inventory/ticket-availability";
import { reconcileTicketCounts } from "@/lib/inventory/ticket-counts";
import { logger } from "@/lib/log/logger";
import type { AdminEventListQuery, CreateEventInput, PriceClassInput, UpdateEventInput } from "@/lib/validations/admin-events";
import { managedVenueIds, requireEventManager, requireVenueManager, venueScope } from "./access";
import { recordAudit } from "./audit";
import { notifyEventChanged } from "@/lib/notifications/event-notices";
import { chartVersionForNewEvent } from "@/lib/venues/binding";
import { pricedSeats, type SeatPricing } from "./events-seats";
import { localToUtc, utcToLocal } from "./events-timezone";
import { getImageStorage, imageNameOfUrl } from "./storage";

const log = logger("admin");

type Tx = Prisma.TransactionClient;

export type AdminEventState = "draft" | "published" | "cancelled";

export type AdminPriceClass = {
  class_id: string;
  class_name: string;
  color: string;
  price: string;
  section_ids: string[];
  /** Tickets in those sections (a few may keep an older price: held or sold before a re-pricing). */
  tickets: number;
};

export type AdminEventSummary = {
  event_id: string;
  title: string;
  type: string;
  venue: { venue_id: string; name: string; timezone: string };
  state: AdminEventState;
  status: string;
  starts_at: string;
  starts_at_local: string;
  published_at: string | null;
  tickets: { total: number; sold: number; held: number; available: number };
};

export type AdminEvent = AdminEventSummary & {
  description: string;
  image_url: string | null;
  performers: string[];
  hold_seconds: number;
  max_tickets_per_order: number;
  onsale_at: string | null;
  onsale_at_local: string | null;
  offsale_at: string | null;
  offsale_at_local: string | null;
  refund_cutoff_hours: number | null;
  service_fee: string;
  currency: string;
  queue_enabled: boolean;
  queue_admission_per_minute: number;
  queue_window_seconds: number;
  /** When fans may start joining the waiting room; null: as soon as the event is public. */
  queue_prequeue_opens_at: string | null;
  queue_prequeue_opens_at_local: string | null;
  price_classes: AdminPriceClass[];
  sections: { section_id: string; name: string; label: string; seats: number }[];
};

export type EventChangeResult = {
  event: AdminEvent;
  /** Tickets re-priced, and tickets left at their old class and price because a fan holds or bought them. */
  repriced?: { changed: number; kept_held_or_sold: number };
};

const eventInclude = {
  type: { select: { type: true } },
  venue: { select: { id: true, name: true, timezone: true } },
  performers: { select: { performer: { select: { name: true } } }, orderBy: { billing: "asc" } },
} satisfies Prisma.EventInclude;

type EventRow = Prisma.EventGetPayload<{ include: typeof eventInclude }>;

function stateOf(e: { status: string; publishedAt: Date | null }): AdminEventState {
  if (e.status === "cancelled") return "cancelled";
  return e.publishedAt ? "published" : "draft";
}

type Counts = { total: number; sold: number; held: number; available: number };

async function ticketCounts(db: Tx | ReturnType<typeof getDb>, eventIds: number[]): Promise<Map<number, Counts>> {
  if (eventIds.length === 0) return new Map();
  const rows = await db.$queryRaw<{ event_id: number; total: number; sold: number; available: number }[]>`
    SELECT t.event_id, count(*)::int AS total,
           count(*) FILTER (WHERE t.status = 'confirmed')::int AS sold,
           count(*) FILTER (WHERE ${ticketIsAvailableSql})::int AS available
      FROM ticket t WHERE t.event_id = ANY(${eventIds}::int[]) GROUP BY t.event_id`;
  return new Map(rows.map((r) => [r.event_id, { total: r.total, sold: r.sold, available: r.available, held: r.total - r.sold - r.available }]));
}

function toSummary(e: EventRow, counts: Counts | undefined): AdminEventSummary {
  return {
    event_id: String(e.id),
    title: e.title,
    type: e.type.type,
    venue: { venue_id: String(e.venue.id), name: e.venue.name, timezone: e.venue.timezone },
    state: stateOf(e),
    status: e.status,
    starts_at: e.datetime.toISOString(),
    starts_at_local: utcToLocal(e.datetime, e.venue.timezone),
    published_at: e.publishedAt?.toISOString() ?? null,
    tickets: counts ?? { total: 0, sold: 0, held: 0, available: 0 },
  };
}

async function loadAdminEvent(db: Tx | ReturnType<typeof getDb>, eventId: number): Promise<AdminEvent> {
  const e = await db.event.findUniqueOrThrow({ where: { id: eventId }, include: eventInclude });
  // One after another: inside a transaction the client has one connection, which takes one query at a time.
  const counts = await ticketCounts(db, [eventId]);
  // Each section's price is that of most of its tickets: after a re-pricing, tickets fans held or
  // bought keep their old price, and the form should show (and send back) the new one.
  const pricing = await db.$queryRaw<{ class_id: number; class_name: string; color: string; price: string; section_ids: number[]; tickets: number }[]>`
    WITH g AS (
      SELECT s.section_id, t.class_id, t.price, count(*)::int AS n
        FROM ticket t JOIN seat s ON s.seat_id = t.seat_id
       WHERE t.event_id = ${eventId}::int
       GROUP BY s.section_id, t.class_id, t.price
    ),
    pick AS (SELECT DISTINCT ON (section_id) section_id, class_id, price FROM g ORDER BY section_id, n DESC, price DESC),
    tot AS (SELECT section_id, sum(n)::int AS n FROM g GROUP BY section_id)
    SELECT p.class_id, c.name AS class_name, c.color, p.price::text AS price,
           array_agg(p.section_id ORDER BY p.section_id) AS section_ids, sum(tot.n)::int AS tickets
      FROM pick p JOIN tot USING (section_id) JOIN class c ON c.class_id = p.class_id
     GROUP BY p.class_id, c.name, c.color, p.price
     ORDER BY p.price DESC, c.name`;
  const sections = await db.$queryRaw<{ section_id: number; name: string; label: string; seats: number }[]>`
      SELECT sec.section_id, sec.name, sec.label, count(s.seat_id)::int AS seats
        FROM section sec LEFT JOIN seat s ON s.section_id = sec.section_id
       WHERE sec.chart_version_id = ${e.chartVersionId}::int AND s.not_for_sale_reason IS NULL
       GROUP BY sec.section_id ORDER BY sec.sort_order, sec.section_id`;
  const tz = e.venue.timezone;
  return {
    ...toSummary(e, counts.get(eventId)),
    description: e.description,
    image_url: e.imagePath,
    performers: e.performers.map((p) => p.performer.name),
    hold_seconds: e.holdSeconds,
    max_tickets_per_order: e.maxTicketsPerOrder,
    onsale_at: e.onsaleAt?.toISOString() ?? null,
    onsale_at_local: e.onsaleAt ? utcToLocal(e.onsaleAt, tz) : null,
    offsale_at: e.offsaleAt?.toISOString() ?? null,
    offsale_at_local: e.offsaleAt ? utcToLocal(e.offsaleAt, tz) : null,
    refund_cutoff_hours: e.refundCutoffHours,
    service_fee: e.serviceFee.toFixed(2),
    currency: e.currency,
    queue_enabled: e.queueEnabled,
    queue_admission_per_minute: e.queueAdmissionPerMinute,
    queue_window_seconds: e.queueWindowSeconds,
    queue_prequeue_opens_at: e.queuePrequeueOpensAt?.toISOString() ?? null,
    queue_prequeue_opens_at_local: e.queuePrequeueOpensAt ? utcToLocal(e.queuePrequeueOpensAt, tz) : null,
    price_classes: pricing.map((p) => ({ class_id: String(p.class_id), class_name: p.class_name, color: p.color, price: Number(p.price).toFixed(2), section_ids: p.section_ids.map(String), tickets: p.tickets })),
    sections: sections.map((s) => ({ section_id: String(s.section_id), name: s.name, label: s.label, seats: s.seats })),
  };
}

/** What the audit log keeps of an event: its editable fields and its pricing. */
function auditSnapshot(e: AdminEvent): Record<string, unknown> {
  const rest: Partial<AdminEvent> = { ...e };
  delete rest.tickets; // counts move with every sale: not an organizer's change
  delete rest.sections;
  delete rest.venue;
  return { ...rest, venue_id: e.venue.venue_id };
}

// ---------------------------------------------------------------------------------------------
// Reads

/** One event as the dashboard edits it, when the caller manages its venue. */
export async function getAdminEvent(caller: Caller, eventId: number): Promise<AdminEvent> {
  await requireEventManager(caller, eventId);
  return loadAdminEvent(getDb(), eventId);
}

export type AdminEventList = { events: AdminEventSummary[]; page: number; size: number; total: number; total_pages: number };

/** The events of the caller's venues (an admin: every venue), newest first or soonest first. */
export async function listAdminEvents(caller: Caller, query: AdminEventListQuery, now: Date = new Date()): Promise<AdminEventList> {
  const ids = await managedVenueIds(caller);
  const empty = { events: [], page: query.page, size: query.size, total: 0, total_pages: 0 };
  if (ids !== "all" && ids.length === 0) return empty;
  if (query.venue_id !== undefined && ids !== "all" && !ids.includes(query.venue_id)) {
    throw new AppError("forbidden", "You do not manage this venue");
  }
  const and: Prisma.EventWhereInput[] = [venueScope(ids)];
  if (query.venue_id !== undefined) and.push({ venueId: query.venue_id });
  if (query.state === "draft") and.push({ publishedAt: null, status: { not: "cancelled" } });
  if (query.state === "published") and.push({ publishedAt: { not: null }, status: { not: "cancelled" } });
  if (query.state === "cancelled") and.push({ status: "cancelled" });
  if (query.when === "upcoming") and.push({ datetime: { gte: now } });
  if (query.when === "past") and.push({ datetime: { lt: now } });
  if (query.q) and.push({ title: { contains: query.q.replace(/[\\%_]/g, (c) => `\\${c}`), mode: "insensitive" } });
  const where: Prisma.EventWhereInput = { AND: and };
  const db = getDb();
  const [total, events] = await Promise.all([
    db.event.count({ where }),
    db.event.findMany({
      where,
      include: eventInclude,
      orderBy: [{ datetime: query.when === "past" ? "desc" : "asc" }, { id: "asc" }],
      skip: (query.page - 1) * query.size,
      take: query.size,
    }),
  ]);
  const counts = await ticketCounts(db, events.map((e) => e.id));
  return { events: events.map((e) => toSummary(e, counts.get(e.id))), page: query.page, size: query.size, total, total_pages: Math.ceil(total / query.size) };
}

// ---------------------------------------------------------------------------------------------
// Checks shared by create and update

const fieldError = (field: string, message: string) => new AppError("validation_error", message, { field });

function toUtc(field: string, local: string, timeZone: string): Date {
  const at = localToUtc(local, timeZone);
  if (!at) throw fieldError(field, `${field} is not a real time in the venue's time zone (${timeZone}); daylight-saving gaps are skipped`);
  return at;
}

type Schedule = { datetime: Date; onsaleAt: Date | null; offsaleAt: Date | null; prequeueOpensAt: Date | null };

/** The sale window must make sense: on-sale before off-sale, both before the show. */
function checkSchedule(s: Schedule, changed: { datetime: boolean; offsaleAt: boolean }, now: Date): void {
  if (changed.datetime && s.datetime <= now) throw fieldError("starts_at", "starts_at is in the past");
  if (changed.offsaleAt && s.offsaleAt && s.offsaleAt <= now) throw fieldError("offsale_at", "offsale_at is in the past");
  if (s.onsaleAt && s.onsaleAt >= s.datetime) throw fieldError("onsale_at", "onsale_at must be before the event starts");
  if (s.offsaleAt && s.offsaleAt > s.datetime) throw fieldError("offsale_at", "offsale_at must be at or before the event's start");
  if (s.onsaleAt && s.offsaleAt && s.offsaleAt <= s.onsaleAt) throw fieldError("offsale_at", "offsale_at must be after onsale_at");
  // The pre-queue is the line that forms before the on-sale's draw: it needs an on-sale to precede.
  if (s.prequeueOpensAt && !s.onsaleAt) throw fieldError("queue_prequeue_opens_at", "queue_prequeue_opens_at needs an onsale_at (the pre-queue is drawn at the on-sale)");
  if (s.prequeueOpensAt && s.onsaleAt && s.prequeueOpensAt >= s.onsaleAt) throw fieldError("queue_prequeue_opens_at", "queue_prequeue_opens_at must be before onsale_at");
}

async function resolveType(tx: Tx, type: string): Promise<number> {
  const row = await tx.eventType.findFirst({ where: { type: { equals: type, mode: "insensitive" } }, select: { id: true } });
  if (row) return row.id;
  const known = await tx.eventType.findMany({ select: { type: true }, orderBy: { type: "asc" } });
  throw fieldError("type", `Unknown event type "${type}"; one of: ${known.map((k) => k.type).join(", ")}`);
}

async function checkImage(url: string | null): Promise<void> {
  if (url === null) return;
  const name = imageNameOfUrl(url);
  if (!name || !(await getImageStorage().exists(name))) throw fieldError("image_url", "image_url names no uploaded image: upload it through /api/admin/events/images first");
}

type Pricing = SeatPricing;

/**
 * The classes (found or created by name) and the sections, rows and seats of the input, checked
 * against the event's chart version. A section, a row or a seat may be named by one class only; a
 * row inside a priced section, or a seat inside a priced row or section, overrides it.
 */
async function resolvePricing(tx: Tx, chartVersionId: number, classes: PriceClassInput[]): Promise<Pricing> {
  const venueSections = new Set((await tx.section.findMany({ where: { chartVersionId }, select: { id: true } })).map((s) => s.id));
  const out: Pricing = {
    sections: { sectionIds: [], classIds: [], prices: [] },
    rows: { sectionIds: [], rows: [], classIds: [], prices: [] },
    seats: { seatIds: [], classIds: [], prices: [] },
  };
  const seen = new Set<number>();
  const seenRows = new Set<string>();
  const seenSeats = new Set<number>();
  for (const [i, c] of classes.entries()) {
    let classId: number;
    if (c.class_id !== undefined) {
      const found = await tx.class.findUnique({ where: { id: c.class_id }, select: { id: true } });
      if (!found) throw fieldError(`price_classes.${i}.class_id`, `Price class ${c.class_id} does not exist`);
      classId = found.id;
    } else {
      // The catalog is global: an existing class keeps its colour; a new one gets the given colour.
      const name = c.class_name!;
      const found = await tx.class.findFirst({ where: { name: { equals: name, mode: "insensitive" } }, select: { id: true } });
      classId = found?.id ?? (await tx.class.create({ data: { name, description: `${name} seats`, color: c.color ?? "#2563eb" }, select: { id: true } })).id;
    }
    for (const sectionId of c.section_ids) {
      if (!venueSections.has(sectionId)) throw fieldError(`price_classes.${i}.section_ids`, `Section ${sectionId} is not a section of this venue`);
      if (seen.has(sectionId)) throw fieldError(`price_classes.${i}.section_ids`, `Section ${sectionId} is in two price classes; each section has one price`);
      seen.add(sectionId);
      out.sections.sectionIds.push(sectionId);
      out.sections.classIds.push(classId);
      out.sections.prices.push(c.price);
    }
    for (const { section_id: sectionId, row } of c.rows) {
      const key = `${sectionId}\u0000${row}`;
      if (!venueSections.has(sectionId)) throw fieldError(`price_classes.${i}.rows`, `Section ${sectionId} is not a section of this venue`);
      if (seenRows.has(key)) throw fieldError(`price_classes.${i}.rows`, `Row ${row} of section ${sectionId} is in two price classes; each row has one price`);
      seenRows.add(key);
      out.rows.sectionIds.push(sectionId);
      out.rows.rows.push(row);
      out.rows.classIds.push(classId);
      out.rows.prices.push(c.price);
    }
    for (const seatId of c.seat_ids) {
      if (seenSeats.has(seatId)) throw fieldError(`price_classes.${i}.seat_ids`, `Seat ${seatId} is in two price classes; each seat has one price`);
      seenSeats.add(seatId);
      out.seats.seatIds.push(seatId);
      out.seats.classIds.push(classId);
      out.seats.prices.push(c.price);
    }
  }
  // Rows and seats must exist in this chart version (and be for sale): one query each, whatever the count.
  if (out.rows.rows.length > 0) {
    const found = await tx.$queryRaw<{ section_id: number; row: string }[]>`
      SELECT DISTINCT s.section_id, s."row" FROM seat s
        JOIN unnest(${out.rows.sectionIds}::int[], ${out.rows.rows}::text[]) AS r(section_id, row_label) ON r.section_id = s.section_id AND r.row_label = s."row"
       WHERE s.chart_version_id = ${chartVersionId}::int`;
    const known = new Set(found.map((f) => `${f.section_id}\u0000${f.row}`));
    const missing = out.rows.sectionIds.findIndex((sectionId, j) => !known.has(`${sectionId}\u0000${out.rows.rows[j]}`));
    if (missing >= 0) throw fieldError("price_classes.rows", `Section ${out.rows.sectionIds[missing]} has no row "${out.rows.rows[missing]}"`);
  }
  if (out.seats.seatIds.length > 0) {
    const found = await tx.$queryRaw<{ seat_id: number }[]>`
      SELECT seat_id FROM seat WHERE seat_id = ANY(${out.seats.seatIds}::int[]) AND chart_version_id = ${chartVersionId}::int AND not_for_sale_reason IS NULL`;
    const known = new Set(found.map((f) => f.seat_id));
    const missing = out.seats.seatIds.find((id) => !known.has(id));
    if (missing !== undefined) throw fieldError("price_classes.seat_ids", `Seat ${missing} is not a seat for sale at this venue`);
  }
  return out;
}

/** Tickets for the priced seats that have none yet (one INSERT ... SELECT); answers how many. */
async function insertTickets(tx: Tx, eventId: number, chartVersionId: number, currency: string, p: Pricing): Promise<number> {
  return tx.$executeRaw`
    INSERT INTO ticket (event_id, seat_id, seat, class_id, currency, price, status)
    SELECT ${eventId}::int, a.seat_id, a.seat_label, a.class_id, ${currency}::text, a.price, 'available'
      FROM (${pricedSeats(chartVersionId, p)}) a
     ORDER BY a.seat_id
    ON CONFLICT (event_id, seat_id) DO NOTHING`;
}

async function setPerformers(tx: Tx, eventId: number, names: string[]): Promise<void> {
  const unique = [...new Map(names.map((n) => [n.toLowerCase(), n])).values()];
  await tx.eventPerformer.deleteMany({ where: { eventId } });
  for (const [billing, name] of unique.entries()) {
    const existing = await tx.performer.findFirst({ where: { name: { equals: name, mode: "insensitive" } }, select: { id: true } });
    const performerId = existing?.id ?? (await tx.performer.upsert({ where: { name }, update: {}, create: { name }, select: { id: true } })).id;
    await tx.eventPerformer.create({ data: { eventId, performerId, billing } });
  }
}

async function afterEventChange(eventId: number): Promise<void> {
  // Best effort: the caches expire within seconds anyway, and the change is committed.
  await invalidateEventCaches([eventId]).catch((e) => log.warn(`cache invalidation after editing event ${eventId} failed: ${(e as Error).message}`));
  // The waiting room's cached settings (on/off, rate, window, pre-queue opening), else stale up to a minute.
  await invalidateQueueSettings([eventId]).catch((e) => log.warn(`queue settings invalidation after editing event ${eventId} failed: ${(e as Error).message}`));
  await reconcileTicketCounts([eventId]).catch(() => undefined);
}

// ---------------------------------------------------------------------------------------------
// Create

/** The chart version an event is bound to (set at creation; moved only by lib/venues/binding.ts). */
async function boundChartVersion(tx: Tx, eventId: number): Promise<number> {
  const row = await tx.event.findUniqueOrThrow({ where: { id: eventId }, select: { chartVersionId: true } });
  if (row.chartVersionId === null) throw new AppError("conflict", `Event ${eventId} is not bound to a seating chart version`);
  return row.chartVersionId;
}

/** Creates a draft event with its tickets; published only by publishEvent. */
export async function createEvent(caller: Caller, input: CreateEventInput, now: Date = new Date()): Promise<EventChangeResult> {
  await requireVenueManager(caller, input.venue_id);
  await checkImage(input.image_url);
  const db = getDb();
  const venue = await db.venue.findUniqueOrThrow({ where: { id: input.venue_id }, select: { id: true, location: true, timezone: true } });
  const datetime = toUtc("starts_at", input.starts_at, venue.timezone);
  const onsaleAt = input.onsale_at ? toUtc("onsale_at", input.onsale_at, venue.timezone) : null;
  const offsaleAt = input.offsale_at ? toUtc("offsale_at", input.offsale_at, venue.timezone) : null;
  const prequeueOpensAt = input.queue_prequeue_opens_at ? toUtc("queue_prequeue_opens_at", input.queue_prequeue_opens_at, venue.timezone) : null;
  checkSchedule({ datetime, onsaleAt, offsaleAt, prequeueOpensAt }, { datetime: true, offsaleAt: true }, now);

  const eventId = await db.$transaction(
    async (tx) => {
      const typeId = await resolveType(tx, input.type);
      // The event sells the venue's current published chart version, for good (lib/venues/binding.ts).
      const { chartVersionId } = await chartVersionForNewEvent(tx, venue.id);
      const pricing = await resolvePricing(tx, chartVersionId, input.price_classes);
      const created = await tx.event.create({
        data: {
          title: input.title,
          datetime,
          typeId,
          venueId: venue.id,
          location: venue.location,
          description: input.description,
          totalTicketCount: 0,
          imagePath: input.image_url,
          currency: input.currency,
          holdSeconds: input.hold_seconds,
          maxTicketsPerOrder: input.max_tickets_per_order,
          onsaleAt,
          offsaleAt,
          serviceFee: input.service_fee,
          refundCutoffHours: input.refund_cutoff_hours,
          queueEnabled: input.queue_enabled,
          queueAdmissionPerMinute: input.queue_admission_per_minute,
          queueWindowSeconds: input.queue_window_seconds,
          queuePrequeueOpensAt: prequeueOpensAt,
          chartVersionId,
          publishedAt: null,
        },
        select: { id: true },
      });
      await setPerformers(tx, created.id, input.performers);
      const tickets = await insertTickets(tx, created.id, chartVersionId, input.currency, pricing);
      if (tickets === 0) throw fieldError("price_classes", "The priced sections have no seats");
      await tx.event.update({ where: { id: created.id }, data: { totalTicketCount: tickets } });
      const after = await loadAdminEvent(tx, created.id);
      await recordAudit(tx, { actorId: caller.userId, action: "event.create", targetType: "event", targetId: created.id, venueId: venue.id, eventId: created.id, after: auditSnapshot(after) });
      return created.id;
    },
    { timeout: 60_000 },
  );
  await afterEventChange(eventId);
  return { event: await loadAdminEvent(db, eventId) };
}

// ---------------------------------------------------------------------------------------------
// Update

/**
 * Changes the given fields. Price classes re-price only tickets that can be bought now, and add
 * tickets for newly priced sections; sections left out keep their tickets and prices.
 */
export async function updateEvent(caller: Caller, eventId: number, input: UpdateEventInput, now: Date = new Date()): Promise<EventChangeResult> {
  const { venueId } = await requireEventManager(caller, eventId);
  if (input.venue_id !== undefined && input.venue_id !== venueId) {
    throw fieldError("venue_id", "An event cannot move to another venue: its tickets are that venue's seats. Create a new event instead");
  }
  if (input.image_url !== undefined) await checkImage(input.image_url);
  const db = getDb();
  let repriced: EventChangeResult["repriced"];
  await db.$transaction(
    async (tx) => {
      // Locks the event row: two edits of one event take turns, and each audit's "before" is true.
      await tx.$queryRaw`SELECT event_id FROM event WHERE event_id = ${eventId}::int FOR UPDATE`;
      const before = await loadAdminEvent(tx, eventId);
      if (before.state === "cancelled") throw new AppError("conflict", "A cancelled event cannot be edited");
      const current = await tx.event.findUniqueOrThrow({ where: { id: eventId }, select: { datetime: true, onsaleAt: true, offsaleAt: true, queuePrequeueOpensAt: true, currency: true, serviceFee: true } });
      const tz = before.venue.timezone;
      const schedule: Schedule = {
        datetime: input.starts_at !== undefined ? toUtc("starts_at", input.starts_at, tz) : current.datetime,
        onsaleAt: input.onsale_at !== undefined ? (input.onsale_at ? toUtc("onsale_at", input.onsale_at, tz) : null) : current.onsaleAt,
        offsaleAt: input.offsale_at !== undefined ? (input.offsale_at ? toUtc("offsale_at", input.offsale_at, tz) : null) : current.offsaleAt,
        prequeueOpensAt:
          input.queue_prequeue_opens_at !== undefined
            ? input.queue_prequeue_opens_at
              ? toUtc("queue_prequeue_opens_at", input.queue_prequeue_opens_at, tz)
              : null
            : current.queuePrequeueOpensAt,
      };
      checkSchedule(schedule, { datetime: input.starts_at !== undefined && schedule.datetime.getTime() !== current.datetime.getTime(), offsaleAt: input.offsale_at !== undefined && schedule.offsaleAt?.getTime() !== current.offsaleAt?.getTime() }, now);

      const feeChanges = input.service_fee !== undefined && input.service_fee !== current.serviceFee.toFixed(2);
      const currencyChanges = input.currency !== undefined && input.currency !== current.currency;
      if (feeChanges || currencyChanges) {
        // A fan paying now was quoted the old total; confirmation re-prices the order from the event,
        // so changing either under an open checkout would turn their payment into a mismatch (refund).
        const [open] = await tx.$queryRaw<{ n: number }[]>`
          SELECT count(*)::int AS n FROM ticket WHERE event_id = ${eventId}::int AND status = 'reserved' AND checkout_hold_until > now()`;
        if ((open?.n ?? 0) > 0) throw new AppError("conflict", "Fans are paying for this event right now; change the fee or currency once their checkouts have closed", { field: feeChanges ? "service_fee" : "currency" });
      }
      if (currencyChanges) {
        const [sold] = await tx.$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM order_item WHERE event_id = ${eventId}::int`;
        if ((sold?.n ?? 0) > 0) throw new AppError("conflict", "The currency cannot change once tickets were sold", { field: "currency" });
      }

      const data: Prisma.EventUpdateInput = {};
      if (input.title !== undefined) data.title = input.title;
      if (input.type !== undefined) data.type = { connect: { id: await resolveType(tx, input.type) } };
      if (input.starts_at !== undefined) data.datetime = schedule.datetime;
      if (input.onsale_at !== undefined) data.onsaleAt = schedule.onsaleAt;
      if (input.offsale_at !== undefined) data.offsaleAt = schedule.offsaleAt;
      if (input.description !== undefined) data.description = input.description;
      if (input.image_url !== undefined) data.imagePath = input.image_url;
      if (input.hold_seconds !== undefined) data.holdSeconds = input.hold_seconds;
      if (input.max_tickets_per_order !== undefined) data.maxTicketsPerOrder = input.max_tickets_per_order;
      if (input.refund_cutoff_hours !== undefined) data.refundCutoffHours = input.refund_cutoff_hours;
      if (input.service_fee !== undefined) data.serviceFee = input.service_fee;
      if (input.currency !== undefined) data.currency = input.currency;
      if (input.queue_enabled !== undefined) data.queueEnabled = input.queue_enabled;
      if (input.queue_admission_per_minute !== undefined) data.queueAdmissionPerMinute = input.queue_admission_per_minute;
      if (input.queue_window_seconds !== undefined) data.queueWindowSeconds = input.queue_window_seconds;
      if (input.queue_prequeue_opens_at !== undefined) data.queuePrequeueOpensAt = schedule.prequeueOpensAt;
      if (Object.keys(data).length > 0) await tx.event.update({ where: { id: eventId }, data });
      if (currencyChanges) await tx.$executeRaw`UPDATE ticket SET currency = ${input.currency!}::text WHERE event_id = ${eventId}::int`;
      if (input.performers !== undefined) await setPerformers(tx, eventId, input.performers);

      if (input.price_classes !== undefined) {
        const chartVersionId = await boundChartVersion(tx, eventId);
        const pricing = await resolvePricing(tx, chartVersionId, input.price_classes);
        // The one statement that touches prices: tickets a fan holds (a live hold or an open
        // checkout) or bought are not available, so they keep what the fan was shown or paid.
        const priced = pricedSeats(chartVersionId, pricing);
        const changed = await tx.$executeRaw`
          UPDATE ticket t SET class_id = a.class_id, price = a.price
            FROM (${priced}) a
           WHERE t.event_id = ${eventId}::int AND t.seat_id = a.seat_id
             AND (t.class_id <> a.class_id OR t.price <> a.price) AND ${ticketIsAvailableSql}`;
        const [kept] = await tx.$queryRaw<{ n: number }[]>`
          SELECT count(*)::int AS n
            FROM ticket t JOIN (${priced}) a ON a.seat_id = t.seat_id
           WHERE t.event_id = ${eventId}::int AND (t.class_id <> a.class_id OR t.price <> a.price)`;
        const currency = input.currency ?? current.currency;
        const added = await insertTickets(tx, eventId, chartVersionId, currency, pricing);
        if (added > 0) await tx.$executeRaw`UPDATE event SET total_ticket_count = (SELECT count(*) FROM ticket WHERE event_id = ${eventId}::int) WHERE event_id = ${eventId}::int`;
        repriced = { changed, kept_held_or_sold: kept?.n ?? 0 };
      }
      // Fans holding tickets hear of a new start time, in this transaction: the mails exist if and
      // only if the change committed; the same new time twice mails nobody twice.
      if (schedule.datetime.getTime() !== current.datetime.getTime()) {
        const when = new Intl.DateTimeFormat("en-US", { timeZone: tz, dateStyle: "full", timeStyle: "short" }).format(schedule.datetime);
        await notifyEventChanged(tx, { eventId, changeId: `starts:${schedule.datetime.toISOString()}`, changes: [`New date and time: ${when} (${tz})`] });
      }
      const after = await loadAdminEvent(tx, eventId);
      await recordAudit(tx, { actorId: caller.userId, action: "event.update", targetType: "event", targetId: eventId, venueId, eventId, before: auditSnapshot(before), after: { ...auditSnapshot(after), ...(repriced ? { repriced } : {}) } });
    },
    { timeout: 60_000 },
  );
  await afterEventChange(eventId);
  return { event: await loadAdminEvent(db, eventId), ...(repriced ? { repriced } : {}) };
}

// ---------------------------------------------------------------------------------------------
// Publish and unpublish

/** Makes a draft public (search, event page, sales within its sale window). Publishing twice changes nothing. */
export async function publishEvent(caller: Caller, eventId: number, now: Date = new Date()): Promise<{ event: AdminEvent; changed: boolean }> {
  const { venueId } = await requireEventManager(caller, eventId);
  const db = getDb();
  const changed = await db.$transaction(async (tx) => {
    const e = await tx.event.findUniqueOrThrow({ where: { id: eventId }, select: { status: true, publishedAt: true, datetime: true, totalTicketCount: true } });
    if (e.status === "cancelled") throw new AppError("conflict", "A cancelled event cannot be published");
    if (e.publishedAt) return false;
    if (e.datetime <= now) throw new AppError("conflict", "This event is in the past");
    if (e.totalTicketCount === 0) throw new AppError("conflict", "This event has no tickets: give it price classes first");
    // Conditional: of two publishers at once, one writes (and audits), the other changes nothing.
    const n = await tx.$executeRaw`UPDATE event SET published_datetime = ${now}::timestamptz WHERE event_id = ${eventId}::int AND published_datetime IS NULL AND status <> 'cancelled'`;
    if (n === 0) return false;
    await recordAudit(tx, { actorId: caller.userId, action: "event.publish", targetType: "event", targetId: eventId, venueId, eventId, before: { published_at: null }, after: { published_at: now.toISOString() } });
    return true;
  });
  if (changed) await afterEventChange(eventId);
  return { event: await loadAdminEvent(db, eventId), changed };
}

/**
 * Takes a published event back to draft, only while nobody holds or bought a ticket (fans with
 * tickets for an event they can no longer see: cancel it instead).
 */
export async function unpublishEvent(caller: Caller, eventId: number): Promise<{ event: AdminEvent; changed: boolean }> {
  const { venueId } = await requireEventManager(caller, eventId);
  const db = getDb();
  const changed = await db.$transaction(async (tx) => {
    await tx.$queryRaw`SELECT event_id FROM event WHERE event_id = ${eventId}::int FOR UPDATE`;
    const e = await tx.event.findUniqueOrThrow({ where: { id: eventId }, select: { status: true, publishedAt: true } });
    if (e.status === "cancelled") throw new AppError("conflict", "A cancelled event cannot be unpublished");
    if (!e.publishedAt) return false;
    const [taken] = await tx.$queryRaw<{ n: number }[]>`
      SELECT (SELECT count(*) FROM ticket t WHERE t.event_id = ${eventId}::int AND NOT ${ticketIsAvailableSql})::int
           + (SELECT count(*) FROM order_item WHERE event_id = ${eventId}::int)::int AS n`;
    if ((taken?.n ?? 0) > 0) throw new AppError("conflict", "Fans hold or bought tickets for this event: it cannot go back to draft (cancel it instead)");
    await tx.$executeRaw`UPDATE event SET published_datetime = NULL WHERE event_id = ${eventId}::int`;
    await recordAudit(tx, { actorId: caller.userId, action: "event.unpublish", targetType: "event", targetId: eventId, venueId, eventId, before: { published_at: e.publishedAt.toISOString() }, after: { published_at: null } });
    return true;
  });
  if (changed) await afterEventChange(eventId);
  return { event: await loadAdminEvent(db, eventId), changed };
}

/** The form's choices: the event types and the price-class catalog. */
export async function listEventFormOptions(): Promise<{ types: string[]; classes: { class_id: string; name: string; color: string }[] }> {
  const db = getDb();
  const [types, classes] = await Promise.all([
    db.eventType.findMany({ select: { type: true }, orderBy: { type: "asc" } }),
    db.class.findMany({ select: { id: true, name: true, color: true }, orderBy: { id: "asc" } }),
  ]);
  return { types: types.map((t) => t.type), classes: classes.map((c) => ({ class_id: String(c.id), name: c.name, color: c.color })) };
}

export type EventFormVenue = { venue_id: string; name: string; timezone: string; sections: { section_id: string; name: string; label: string; seats: number }[] };

/** The venues the caller may create events at, with their sections (the price-class editor's choices). */
export async function listEventFormVenues(caller: Caller): Promise<EventFormVenue[]> {
  const ids = await managedVenueIds(caller);
  if (ids !== "all" && ids.length === 0) return [];
  const venues = await getDb().venue.findMany({
    where: ids === "all" ? {} : { id: { in: ids } },
    orderBy: { name: "asc" },
    select: { id: true, name: true, timezone: true, chartVersion: true },
  });
  // The sections of each venue's current chart version: the one a new event is bound to.
  const sections = await getDb().$queryRaw<{ venue_id: number; section_id: number; name: string; label: string; seats: number }[]>`
    SELECT v.venue_id, sec.section_id, sec.name, sec.label, count(s.seat_id) FILTER (WHERE s.not_for_sale_reason IS NULL)::int AS seats
      FROM venue v
      JOIN venue_chart_version cv ON cv.venue_id = v.venue_id AND cv.version = v.chart_version AND cv.status = 'published'
      JOIN section sec ON sec.chart_version_id = cv.chart_version_id
      LEFT JOIN seat s ON s.section_id = sec.section_id
     WHERE v.venue_id = ANY(${venues.map((v) => v.id)}::int[])
     GROUP BY v.venue_id, sec.section_id
     ORDER BY sec.sort_order, sec.section_id`;
  return venues.map((v) => ({
    venue_id: String(v.id),
    name: v.name,
    timezone: v.timezone,
    sections: sections.filter((s) => s.venue_id === v.id).map((s) => ({ section_id: String(s.section_id), name: s.name, label: s.label, seats: s.seats })),
  }));
}
