// Factories that write demo or test data: the one way to make a venue with its seats, an event with
// its tickets, a user, sold tickets and active holds. The seed script builds the whole catalog with
// them, and tests use them to make just the rows they need.
//
// Bulk rows are written by set-based statements (seats by one INSERT ... SELECT FROM unnest(...),
// tickets by one INSERT ... SELECT from the venue's seats, sales by one statement per event), so a
// 16,000-seat event costs a handful of round trips even on the embedded PGlite.
import { randomUUID } from "node:crypto";
import type { Db } from "@/lib/db";
import { Prisma, type Class, type Event, type EventStatus, type EventType, type Reservation, type User, type UserRole, type Venue } from "@/lib/generated/prisma/client";
import { PRICE_CLASSES, type PriceClassSpec } from "./catalog";
import { gridLayout, type SectionSpec, type VenueChart } from "./venues";

/** The Prisma client or an interactive transaction's client. */
export type SeedDb = Db | Prisma.TransactionClient;

const unique = () => randomUUID().replace(/-/g, "").slice(0, 10);

// ---------------------------------------------------------------------------------------------
// Bulk statements without per-row foreign-key triggers
//
// PostgreSQL checks each foreign key of each inserted row with a trigger; on PGlite (WebAssembly)
// those checks are most of the cost of inserting tickets (a 16,000-ticket insert: ~1 s with them,
// ~0.2 s without). The bulk statements below take every referenced id from a join with the
// referenced table (or from rows created in the same statement), so they cannot break a foreign
// key, and run with `session_replication_role = replica` (triggers off, SET LOCAL: this
// transaction only) when that is safe: the role may set it (a superuser, as on PGlite and a local
// development server) and the tables have no triggers of their own that would be skipped.
// Otherwise they run normally. Unique constraints and NOT NULL are enforced either way.

const TRIGGER_FREE_TABLES = ["seat", "ticket", "reservation", "payment", "order_item"] as const;
const fastBulkCache = new WeakMap<object, Promise<boolean>>();

async function canSkipForeignKeyTriggers(db: SeedDb): Promise<boolean> {
  if (!("$transaction" in db)) return false; // inside the caller's transaction: leave its settings alone
  let cached = fastBulkCache.get(db);
  if (!cached) {
    cached = db.$queryRaw<Array<{ ok: boolean }>>`
      SELECT current_setting('is_superuser') = 'on'
             AND NOT EXISTS (SELECT 1 FROM pg_trigger
                              WHERE NOT tgisinternal AND tgrelid = ANY(${[...TRIGGER_FREE_TABLES]}::regclass[])) AS ok`
      .then((rows) => rows[0]?.ok === true)
      .catch(() => false);
    fastBulkCache.set(db, cached);
  }
  return cached;
}

/** Runs one set-based statement (see above), with foreign-key triggers off when that is safe. */
async function runBulk<T>(db: SeedDb, statement: (db: SeedDb) => Prisma.PrismaPromise<T>): Promise<T> {
  if (!(await canSkipForeignKeyTriggers(db))) return statement(db);
  const client = db as Db;
  const [, result] = await client.$transaction([
    client.$executeRaw`SET LOCAL session_replication_role = replica`,
    statement(client),
  ]);
  return result;
}

// ---------------------------------------------------------------------------------------------
// Reference data

/** Creates the price classes that are missing (matched by name) and returns them in `classes` order. */
export async function ensurePriceClasses(db: SeedDb, classes: PriceClassSpec[] = PRICE_CLASSES): Promise<Class[]> {
  const out: Class[] = [];
  for (const c of classes) {
    out.push(await db.class.upsert({ where: { name: c.name }, update: {}, create: c }));
  }
  return out;
}

/** The event type named `type`, created if missing. */
export async function ensureEventType(db: SeedDb, type = "concert", description = `${type} events`): Promise<EventType> {
  return db.eventType.upsert({ where: { type }, update: {}, create: { type, description } });
}

// ---------------------------------------------------------------------------------------------
// Users

export type CreateUserOptions = {
  username?: string;
  email?: string;
  role?: UserRole;
  phone?: string | null;
  address?: string | null;
  passwordHash?: string | null;
  /** Venues of this user: venue_admin rows for role venue_admin, venue_door_staff rows for door_staff. */
  venueIds?: number[];
};

/** A user; username and email are made unique unless given. */
export async function createUser(db: SeedDb, overrides: CreateUserOptions = {}): Promise<User> {
  const username = overrides.username ?? `user_${unique()}`;
  return db.user.create({
    data: {
      username,
      email: overrides.email ?? `${username}@example.com`,
      role: overrides.role ?? "buyer",
      phone: overrides.phone ?? null,
      address: overrides.address ?? null,
      passwordHash: overrides.passwordHash ?? null,
      venueAdmins: overrides.venueIds?.length && overrides.role !== "door_staff" ? { create: overrides.venueIds.map((venueId) => ({ venueId })) } : undefined,
      doorStaff: overrides.venueIds?.length && overrides.role === "door_staff" ? { create: overrides.venueIds.map((venueId) => ({ venueId })) } : undefined,
    },
  });
}

// ---------------------------------------------------------------------------------------------
// Venues

/** What createVenue needs: a VenueSpec from ./venues fits. */
export type VenueInput = {
  name: string;
  location: string;
  address: string;
  phone?: string | null;
  timezone?: string;
  latitude?: number | null;
  longitude?: number | null;
  chart: VenueChart;
  /** Default 1 (the column default). */
  chartVersion?: number;
  sections: Array<Pick<SectionSpec, "name" | "label" | "labelX" | "labelY" | "seats"> & Partial<Pick<SectionSpec, "outline" | "sortOrder" | "tier">>>;
};

export type CreatedSection = { id: number; name: string; tier: number; seatCount: number };
export type CreatedVenue = { venue: Venue; sections: CreatedSection[]; seatCount: number };

/** Writes a venue, its sections and all its seats (one statement for the seats). */
export async function createVenue(db: SeedDb, spec: VenueInput): Promise<CreatedVenue> {
  const seatCount = spec.sections.reduce((sum, s) => sum + s.seats.length, 0);
  const venue = await db.venue.create({
    data: {
      name: spec.name,
      location: spec.location,
      address: spec.address,
      phone: spec.phone ?? null,
      timezone: spec.timezone ?? "UTC",
      latitude: spec.latitude ?? null,
      longitude: spec.longitude ?? null,
      capacity: seatCount,
      chart: spec.chart,
      chartVersion: spec.chartVersion ?? 1,
    },
  });
  const rows = await db.section.createManyAndReturn({
    data: spec.sections.map((s, i) => ({
      venueId: venue.id,
      name: s.name,
      label: s.label,
      labelX: s.labelX,
      labelY: s.labelY,
      outline: s.outline ?? null,
      sortOrder: s.sortOrder ?? i,
    })),
    select: { id: true, name: true },
  });
  const idByName = new Map(rows.map((r) => [r.name, r.id]));
  const sectionIds: number[] = [];
  const labels: string[] = [];
  const rowIndexes: number[] = [];
  const numbers: number[] = [];
  const xs: number[] = [];
  const ys: number[] = [];
  for (const s of spec.sections) {
    const id = idByName.get(s.name) as number;
    for (const seat of s.seats) {
      sectionIds.push(id);
      labels.push(seat.row);
      rowIndexes.push(seat.rowIndex);
      numbers.push(seat.number);
      xs.push(seat.x);
      ys.push(seat.y);
    }
  }
  // Chunked only to keep each statement's parameters to a few hundred kilobytes.
  const CHUNK = 20_000;
  for (let i = 0; i < sectionIds.length; i += CHUNK) {
    const end = i + CHUNK;
    await runBulk(
      db,
      (q) => q.$executeRaw`
        INSERT INTO seat (venue_id, section_id, chart_version_id, "row", row_index, "number", x, y)
        SELECT sec.venue_id, sec.section_id, sec.chart_version_id, u.row_label, u.row_index, u.seat_number, u.x, u.y
          FROM unnest(${sectionIds.slice(i, end)}::int[], ${labels.slice(i, end)}::text[], ${rowIndexes.slice(i, end)}::int[],
                      ${numbers.slice(i, end)}::int[], ${xs.slice(i, end)}::float8[], ${ys.slice(i, end)}::float8[])
               AS u(section_id, row_label, row_index, seat_number, x, y)
          JOIN section sec ON sec.section_id = u.section_id AND sec.venue_id = ${venue.id}::int`,
    );
  }
  return {
    venue,
    seatCount,
    sections: spec.sections.map((s) => ({ id: idByName.get(s.name) as number, name: s.name, tier: s.tier ?? 0, seatCount: s.seats.length })),
  };
}

export type GridVenueOptions = {
  sections?: number;
  rows?: number;
  seatsPerRow?: number;
  name?: string;
  location?: string;
  timezone?: string;
  latitude?: number;
  longitude?: number;
};

/** A small rectangular venue for tests: sections A, B... of `rows` x `seatsPerRow` seats (defaults 1 x 5 x 10). */
export async function createVenueWithGrid(db: SeedDb, options: GridVenueOptions = {}): Promise<CreatedVenue> {
  const spec = gridLayout(
    { name: options.name ?? `Test Hall ${unique()}`, location: options.location, timezone: options.timezone },
    { sections: options.sections ?? 1, rows: options.rows ?? 5, seatsPerRow: options.seatsPerRow ?? 10 },
  );
  return createVenue(db, { ...spec, latitude: options.latitude, longitude: options.longitude });
}

// ---------------------------------------------------------------------------------------------
// Sales: orders of adjacent seats, each with a confirmed Reservation, an approved Payment and one
// issued order item (e-ticket) per ticket

export type SaleOptions = {
  /** Orders go to these users, spread pseudo-randomly. */
  buyerIds: number[];
  /** Sell this share of the tickets still available (1 = sell out)... */
  fraction?: number;
  /** ...or about this many tickets (whole orders; may overshoot by one order of up to 6). */
  tickets?: number;
  /** 0..1, how strongly sales favour the pricier seats (default 0.5; 0 = anywhere). */
  preferBest?: number;
  /** Varies which seats sell; the same salt sells the same seats. */
  salt?: string;
  /** Payment times are spread between this and now (default: the event's on-sale time, or 30 days ago). */
  paidFrom?: Date;
  /** Every order exactly this many adjacent seats (default: 2 to 6, varying by row). */
  orderSize?: number;
};

export type SoldTickets = { orders: number; tickets: number };

type SaleEvent = { id: number; onsaleAt: Date | null; holdSeconds: number; serviceFee: Prisma.Decimal | string | number };

async function existingBuyerIds(db: SeedDb, ids: number[]): Promise<number[]> {
  if (ids.length === 0) throw new Error("sale: buyerIds is empty");
  const found = await db.user.findMany({ where: { id: { in: ids } }, select: { id: true }, orderBy: { id: "asc" } });
  if (found.length !== new Set(ids).size) throw new Error("sale: some buyerIds are not users");
  return found.map((u) => u.id);
}

/**
 * The CTEs of a sale, after a CTE `src` of the sellable seats (section_id, row_label, seat_number,
 * price, currency): `grouped` (src with each seat's order group), `chosen` (the orders sold, with
 * new reservation and payment ids, buyer, payment time and the per-ticket fee) and the inserts of
 * their reservations and payments (price = tickets + fees, fee_amount = the fees). The caller adds
 * the order items, since only it knows the ticket ids. Which groups sell is a deterministic
 * function of the salt and the seat layout.
 */
function saleCtes(event: SaleEvent, sale: SaleOptions, buyerIds: number[]): Prisma.Sql {
  if (sale.fraction === undefined && sale.tickets === undefined) throw new Error("sale: give fraction or tickets");
  const now = Date.now();
  const paidFrom = new Date(Math.min(now, (sale.paidFrom ?? event.onsaleAt ?? new Date(now - 30 * 86_400_000)).getTime()));
  const salt = sale.salt ?? `event-${event.id}`;
  const bias = Math.min(1, Math.max(0, sale.preferBest ?? 0.5));
  const orderSize = sale.orderSize ?? null;
  const fee = String(event.serviceFee);
  return Prisma.sql`
    grouped AS (
      SELECT src.*, (src.seat_number - 1)
               / COALESCE(${orderSize}::int, 2 + ('x' || substr(md5(src.section_id || '/' || src.row_label), 1, 7))::bit(28)::int % 5) AS grp
        FROM src
    ),
    groups AS (
      SELECT section_id, row_label, grp, count(*) AS n, sum(price) AS total, min(currency) AS currency, max(price) AS top_price,
             ('x' || substr(md5(${salt}::text || '/' || section_id || '/' || row_label || '/' || grp), 1, 7))::bit(28)::int / 268435456.0 AS r1,
             ('x' || substr(md5(${salt}::text || '/' || section_id || '/' || row_label || '/' || grp), 8, 7))::bit(28)::int / 268435456.0 AS r2
        FROM grouped GROUP BY section_id, row_label, grp
      HAVING ${orderSize}::int IS NULL OR count(*) = ${orderSize}::int
    ),
    ranked AS (
      SELECT g.*, sum(n) OVER (ORDER BY score, section_id, row_label, grp) AS cum
        FROM (SELECT g.*, (1 - ${bias}::float8) * r1 + ${bias}::float8 * (1 - top_price / NULLIF(max(top_price) OVER (), 0)) AS score
                FROM groups g) g
    ),
    chosen AS (
      SELECT section_id, row_label, grp, n, total, currency,
             nextval(pg_get_serial_sequence('reservation', 'reservation_id'))::int AS reservation_id,
             nextval(pg_get_serial_sequence('payment', 'payment_id'))::int AS payment_id,
             (${buyerIds}::int[])[1 + floor(r2 * ${buyerIds.length}::int)::int] AS user_id,
             ${paidFrom}::timestamptz + (now() - ${paidFrom}::timestamptz) * r2 AS paid_at,
             ${fee}::numeric(12, 2) AS fee
        FROM ranked
       WHERE cum - n < COALESCE(${sale.tickets ?? null}::int, round(${sale.fraction ?? null}::float8 * (SELECT count(*) FROM src)))
    ),
    new_reservations AS (
      INSERT INTO reservation (reservation_id, user_id, event_id, status, expire_datetime, create_datetime, update_datetime)
      SELECT reservation_id, user_id, ${event.id}::int, 'confirmed',
             paid_at - interval '4 minutes' + make_interval(secs => ${event.holdSeconds}::float8), paid_at - interval '4 minutes', paid_at
        FROM chosen
    ),
    new_payments AS (
      INSERT INTO payment (payment_id, user_id, reservation_id, event_id, method, currency, price, fee_amount, status, payment_datetime,
                           transaction_id, create_datetime, update_datetime)
      SELECT payment_id, user_id, reservation_id, ${event.id}::int, 'card', currency, total + n * fee, n * fee, 'approved', paid_at,
             'seed_' || ${event.id}::int || '_' || payment_id, paid_at, paid_at
        FROM chosen
    )`;
}

/**
 * Marks available tickets `confirmed` in orders of 2-6 adjacent seats of a row, each order with its
 * own confirmed Reservation, an approved card Payment (transaction id `seed_<event>_<payment>`) and
 * an issued order item per ticket with a random token secret, in one statement.
 */
export async function sellTickets(db: SeedDb, options: SaleOptions & { eventId: number }): Promise<SoldTickets> {
  const event = await db.event.findUniqueOrThrow({
    where: { id: options.eventId },
    select: { id: true, onsaleAt: true, holdSeconds: true, serviceFee: true },
  });
  const buyerIds = await existingBuyerIds(db, options.buyerIds);
  const [result] = await runBulk(db, (q) => q.$queryRaw<Array<{ orders: bigint; tickets: bigint }>>`
    WITH src AS (
      SELECT t.ticket_id, t.price, t.currency, t.seat AS seat_label, cl.name AS class_name,
             s.section_id, s."row" AS row_label, s."number" AS seat_number
        FROM ticket t JOIN seat s ON s.seat_id = t.seat_id JOIN class cl ON cl.class_id = t.class_id
       WHERE t.event_id = ${event.id}::int AND t.status = 'available'
    ),
    ${saleCtes(event, options, buyerIds)},
    sold AS (
      UPDATE ticket t
         SET status = 'confirmed', user_id = c.user_id, payment_id = c.payment_id, reservation_id = c.reservation_id,
             status_update_datetime = c.paid_at
        FROM grouped g JOIN chosen c USING (section_id, row_label, grp)
       WHERE t.ticket_id = g.ticket_id
      RETURNING t.ticket_id
    ),
    new_items AS (
      INSERT INTO order_item (payment_id, ticket_id, event_id, user_id, seat, class_name, price, fee, currency, status, token_secret,
                              create_datetime)
      SELECT c.payment_id, g.ticket_id, ${event.id}::int, c.user_id, g.seat_label, g.class_name, g.price, c.fee, g.currency, 'issued',
             replace(gen_random_uuid()::text, '-', ''), c.paid_at
        FROM grouped g JOIN chosen c USING (section_id, row_label, grp)
    )
    SELECT (SELECT count(*) FROM chosen) AS orders, (SELECT count(*) FROM sold) AS tickets`);
  return { orders: Number(result?.orders ?? 0), tickets: Number(result?.tickets ?? 0) };
}

// ---------------------------------------------------------------------------------------------
// Events and tickets

/** Class and price of every seat of one section for one event. */
export type SectionPricing = { sectionId: number; classId: number; price: string | number };

export type CreateEventOptions = {
  venueId: number;
  title?: string;
  /** Event type id, or `type` by name (created if missing); default "concert". */
  typeId?: number;
  type?: string;
  /** Default: 30 days from now. */
  datetime?: Date;
  description?: string;
  /** Performer names, headliner first; created if missing. */
  performers?: string[];
  status?: EventStatus;
  currency?: string;
  holdSeconds?: number;
  maxTicketsPerOrder?: number;
  /** Booking fee per ticket. Default "0". */
  serviceFee?: string | number;
  /** Refunds allowed until this many hours before the show; null: never. Default 24. */
  refundCutoffHours?: number | null;
  /** Waiting room: on or off (default off), admissions per minute (600), seat-picking window (600 s). */
  queueEnabled?: boolean;
  queueAdmissionPerMinute?: number;
  queueWindowSeconds?: number;
  /** Default: on sale since yesterday. Null means no on-sale restriction. */
  onsaleAt?: Date | null;
  /** Default: the event's start. */
  offsaleAt?: Date | null;
  imagePath?: string | null;
  /** Default: the venue's location. */
  location?: string;
  /** Per-section class and price; sections left out get no tickets. Default: every section at `price`/`classId`. */
  sections?: SectionPricing[];
  /** Price of every ticket when `sections` is not given. Default "50.00". */
  price?: string | number;
  /** Class of every ticket when `sections` is not given. Default: the "Gold" class (created if missing). */
  classId?: number;
  /** Sell part (or all) of the tickets as they are created: same orders as sellTickets, no second pass. */
  sold?: SaleOptions;
};

export type CreatedEvent = { event: Event; ticketCount: number; sold: SoldTickets };

/**
 * Creates an event and one ticket per seat of its priced sections, in a single INSERT ... SELECT
 * from the venue's seats, and sets total_ticket_count to the number inserted. Tickets are
 * `available`, except those of `sold`, which are written `confirmed` with their orders (reservation,
 * payment, order items) by the same statement.
 */
export async function createEventWithTickets(db: SeedDb, options: CreateEventOptions): Promise<CreatedEvent> {
  const venue = await db.venue.findUniqueOrThrow({ where: { id: options.venueId }, select: { id: true, location: true, chartVersion: true } });
  const typeId = options.typeId ?? (await ensureEventType(db, options.type ?? "concert")).id;
  const datetime = options.datetime ?? new Date(Date.now() + 30 * 86_400_000);
  const currency = options.currency ?? "USD";
  const buyerIds = options.sold ? await existingBuyerIds(db, options.sold.buyerIds) : [];

  let pricing = options.sections;
  if (!pricing) {
    const classId =
      options.classId ?? (await ensurePriceClasses(db, PRICE_CLASSES.filter((c) => c.name === "Gold")))[0]!.id;
    // The sections of the venue's current chart version (the one the event binds to).
    const current = await db.venueChartVersion.findUniqueOrThrow({ where: { venueId_version: { venueId: venue.id, version: venue.chartVersion } }, select: { id: true } });
    const sections = await db.section.findMany({ where: { venueId: venue.id, chartVersionId: current.id, kind: "seated" }, select: { id: true }, orderBy: { id: "asc" } });
    pricing = sections.map((s) => ({ sectionId: s.id, classId, price: options.price ?? "50.00" }));
  }

  const created = await db.event.create({
    data: {
      title: options.title ?? `Test Event ${unique()}`,
      datetime,
      typeId,
      venueId: venue.id,
      location: options.location ?? venue.location,
      description: options.description ?? "An event created by a factory.",
      totalTicketCount: 0,
      imagePath: options.imagePath ?? null,
      status: options.status ?? "scheduled",
      currency,
      holdSeconds: options.holdSeconds ?? 1800,
      maxTicketsPerOrder: options.maxTicketsPerOrder ?? 8,
      serviceFee: String(options.serviceFee ?? "0"),
      refundCutoffHours: options.refundCutoffHours === undefined ? 24 : options.refundCutoffHours,
      queueEnabled: options.queueEnabled ?? false,
      queueAdmissionPerMinute: options.queueAdmissionPerMinute ?? 600,
      queueWindowSeconds: options.queueWindowSeconds ?? 600,
      onsaleAt: options.onsaleAt === undefined ? new Date(Date.now() - 86_400_000) : options.onsaleAt,
      offsaleAt: options.offsaleAt === undefined ? datetime : options.offsaleAt,
      performers: {
        create: (options.performers ?? []).map((name, billing) => ({
          billing,
          performer: { connectOrCreate: { where: { name }, create: { name } } },
        })),
      },
    },
  });

  // Every seat of the priced sections, with its class and price; ids come from joins with the
  // referenced tables, so the rows cannot break a foreign key (see runBulk).
  const src = Prisma.sql`
    src AS (
      SELECT e.event_id, s.seat_id, sec.name || '-' || s."row" || '-' || s."number" AS seat_label, c.class_id,
             m.price, ${currency}::text AS currency, sec.section_id, s."row" AS row_label, s."number" AS seat_number,
             sec.sort_order, s.row_index
        FROM unnest(${pricing.map((p) => p.sectionId)}::int[], ${pricing.map((p) => p.classId)}::int[],
                    ${pricing.map((p) => String(p.price))}::numeric[]) AS m(section_id, class_id, price)
        JOIN event e ON e.event_id = ${created.id}::int
        JOIN class c ON c.class_id = m.class_id
        JOIN section sec ON sec.section_id = m.section_id AND sec.venue_id = e.venue_id
        JOIN seat s ON s.section_id = sec.section_id AND s.not_for_sale_reason IS NULL
    )`;
  const sale = options.sold ? saleCtes({ ...created }, options.sold, buyerIds) : null;
  const [result] = await runBulk(db, (q) =>
    sale
      ? q.$queryRaw<Array<{ tickets: bigint; sold: bigint; orders: bigint }>>`
          WITH ${src}, ${sale},
          inserted AS (
            INSERT INTO ticket (event_id, seat_id, seat, class_id, currency, price, status, user_id, payment_id, reservation_id,
                                status_update_datetime)
            SELECT g.event_id, g.seat_id, g.seat_label, g.class_id, g.currency, g.price,
                   CASE WHEN c.payment_id IS NULL THEN 'available' ELSE 'confirmed' END::ticket_status,
                   c.user_id, c.payment_id, c.reservation_id, COALESCE(c.paid_at, now())
              FROM grouped g LEFT JOIN chosen c USING (section_id, row_label, grp)
             ORDER BY g.sort_order, g.section_id, g.row_index, g.seat_number
            RETURNING ticket_id, event_id, seat, class_id, currency, price, status, user_id, payment_id, status_update_datetime
          ),
          new_items AS (
            INSERT INTO order_item (payment_id, ticket_id, event_id, user_id, seat, class_name, price, fee, currency, status, token_secret,
                                    create_datetime)
            SELECT i.payment_id, i.ticket_id, i.event_id, i.user_id, i.seat, cl.name, i.price, ${String(created.serviceFee)}::numeric(12, 2),
                   i.currency, 'issued', replace(gen_random_uuid()::text, '-', ''), i.status_update_datetime
              FROM inserted i JOIN class cl ON cl.class_id = i.class_id
             WHERE i.payment_id IS NOT NULL
          )
          SELECT count(*) AS tickets, count(*) FILTER (WHERE status = 'confirmed') AS sold, (SELECT count(*) FROM chosen) AS orders
            FROM inserted`
      : q.$queryRaw<Array<{ tickets: bigint; sold: bigint; orders: bigint }>>`
          WITH ${src},
          inserted AS (
            INSERT INTO ticket (event_id, seat_id, seat, class_id, currency, price, status)
            SELECT event_id, seat_id, seat_label, class_id, currency, price, 'available'
              FROM src ORDER BY sort_order, section_id, row_index, seat_number
            RETURNING 1
          )
          SELECT count(*) AS tickets, 0::bigint AS sold, 0::bigint AS orders FROM inserted`,
  );
  const ticketCount = Number(result?.tickets ?? 0);
  const expected = await db.seat.count({ where: { sectionId: { in: pricing.map((p) => p.sectionId) }, venueId: venue.id, notForSaleReason: null } });
  if (ticketCount !== expected) {
    throw new Error(`createEventWithTickets: ${ticketCount} tickets for ${expected} seats (is every classId a real class?)`);
  }
  const event = await db.event.update({ where: { id: created.id }, data: { totalTicketCount: ticketCount } });
  return { event, ticketCount, sold: { orders: Number(result?.orders ?? 0), tickets: Number(result?.sold ?? 0) } };
}

export type HoldTicketsOptions = {
  eventId: number;
  userId: number;
  /** These tickets (all must be available)... */
  ticketIds?: number[];
  /** ...or this many available seats side by side in one row (default 2). */
  count?: number;
  /** Default: now + the event's hold_seconds. */
  expiresAt?: Date;
  /** Varies which row is picked. */
  salt?: string;
};

export type HeldTickets = { reservation: Reservation; ticketIds: number[] };

/** An active hold: a Reservation plus its tickets `reserved` until expiresAt. */
export async function holdTickets(db: SeedDb, options: HoldTicketsOptions): Promise<HeldTickets> {
  const event = await db.event.findUniqueOrThrow({ where: { id: options.eventId }, select: { id: true, holdSeconds: true } });
  const expiresAt = options.expiresAt ?? new Date(Date.now() + event.holdSeconds * 1000);
  let ticketIds = options.ticketIds;
  if (!ticketIds) {
    const count = options.count ?? 2;
    const salt = options.salt ?? `hold-${options.userId}`;
    const rows = await db.$queryRaw<Array<{ ticket_id: number }>>`
      WITH free AS (
        SELECT t.ticket_id, s.section_id, s."row" AS row_label, s."number"
          FROM ticket t JOIN seat s ON s.seat_id = t.seat_id
         WHERE t.event_id = ${event.id}::int AND t.status = 'available'
      ),
      picked AS (
        SELECT section_id, row_label FROM free GROUP BY section_id, row_label HAVING count(*) >= ${count}::int
         ORDER BY md5(${salt}::text || '/' || section_id || '/' || row_label) LIMIT 1
      )
      SELECT f.ticket_id FROM free f JOIN picked p USING (section_id, row_label)
       ORDER BY f."number" LIMIT ${count}::int`;
    ticketIds = rows.map((r) => r.ticket_id);
    if (ticketIds.length < count) throw new Error(`holdTickets: no row of event ${event.id} has ${count} available seats`);
  }
  const createdAt = new Date(Math.min(Date.now(), expiresAt.getTime() - event.holdSeconds * 1000));
  const reservation = await db.reservation.create({
    data: { userId: options.userId, eventId: event.id, status: "active", expiresAt, createdAt, updatedAt: createdAt },
  });
  const held = await db.$executeRaw`
    UPDATE ticket SET status = 'reserved', reservation_id = ${reservation.id}::int, hold_expire_datetime = ${expiresAt}::timestamptz,
                      status_update_datetime = ${createdAt}::timestamptz
     WHERE event_id = ${event.id}::int AND ticket_id = ANY(${ticketIds}::int[]) AND status = 'available'`;
  if (held !== ticketIds.length) {
    throw new Error(`holdTickets: only ${held} of ${ticketIds.length} tickets of event ${event.id} were available`);
  }
  return { reservation, ticketIds };
}
