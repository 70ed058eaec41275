// Inputs of the organizer's event API (/api/admin/events) and the dashboard's event forms. Times are
// wall-clock times in the venue's time zone ("YYYY-MM-DDTHH:mm"); lib/admin/events.ts turns them into
// UTC with the venue's zone and checks what needs the database (venue, type, sections, past dates).
import { z } from "zod";
import { NO_CONTROL_CHARACTERS, noControlCharacters } from "./text";

const MAX_ID = 2_147_483_647;
const LOCAL = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/;

const text = (name: string, min: number, max: number) =>
  z
    .string({ error: `${name} must be text` })
    .trim()
    .min(min, min === 1 ? `${name} is required` : `${name} must be at least ${min} characters`)
    .max(max, `${name} must be at most ${max} characters`)
    .regex(NO_CONTROL_CHARACTERS, noControlCharacters(name));

const id = (name: string) =>
  z.union([z.number(), z.string().regex(/^\d{1,10}$/, `${name} must be a positive integer`).transform(Number)], { error: `${name} must be a positive integer` })
    .pipe(z.number({ error: `${name} must be a positive integer` }).int(`${name} must be a positive integer`).min(1, `${name} must be a positive integer`).max(MAX_ID, `${name} must be a positive integer`));

const wholeNumber = (name: string, min: number, max: number) =>
  z.number({ error: `${name} must be a whole number` }).int(`${name} must be a whole number`).min(min, `${name} must be at least ${min}`).max(max, `${name} must be at most ${max}`);

/** An amount with at most two decimals, as a JSON number or a decimal string; answered as a string. */
const money = (name: string, max: number) =>
  z
    .union([z.number(), z.string()], { error: `${name} must be an amount like 49.50` })
    .transform((v) => (typeof v === "number" ? String(v) : v.trim()))
    .refine((s) => /^-?\d{1,9}(\.\d{1,2})?$/.test(s), `${name} must be an amount with at most two decimals, like 49.50`)
    .refine((s) => Number(s) >= 0, `${name} must not be negative`)
    .refine((s) => Number(s) <= max, `${name} must be at most ${max}`)
    .transform((s) => Number(s).toFixed(2));

const localTime = (name: string) => z.string({ error: `${name} must be a date and time like 2027-05-01T20:00` }).trim().regex(LOCAL, `${name} must be a date and time like 2027-05-01T20:00 (the venue's local time)`);

const HEX = /^#[0-9a-fA-F]{6}$/;

export const priceClassInputSchema = z
  .object({
    /** An existing class of the catalog... */
    class_id: id("class_id").optional(),
    /** ...or one by name, created (with `color`) when the catalog has none of that name. */
    class_name: text("class_name", 1, 40).optional(),
    color: z.string().regex(HEX, "color must be a colour like #7c3aed").optional(),
    price: money("price", 100_000),
    /** Whole sections at this price... */
    section_ids: z.array(id("section_ids"), { error: "section_ids must be a list of section ids" }).max(500, "At most 500 sections per class").default([]),
    /** ...rows of a section (a row overrides its section's class)... */
    rows: z
      .array(z.object({ section_id: id("section_id"), row: text("row", 1, 20) }).strict(), { error: "rows must be a list of {section_id, row}" })
      .max(2000, "At most 2000 rows per class")
      .default([]),
    /** ...and single seats (a seat overrides its row and section). */
    seat_ids: z.array(id("seat_ids"), { error: "seat_ids must be a list of seat ids" }).max(20_000, "At most 20000 seats per class").default([]),
  })
  .strict()
  .refine((c) => (c.class_id === undefined) !== (c.class_name === undefined), { message: "Give either class_id or class_name for each price class", path: ["class_id"] })
  .refine((c) => c.section_ids.length + c.rows.length + c.seat_ids.length > 0, { message: "Each price class needs at least one section, row or seat", path: ["section_ids"] });

export type PriceClassInput = z.output<typeof priceClassInputSchema>;

const CURRENCY = /^[A-Z]{3}$/;

/** Every editable field; create requires the first group, PATCH takes any subset. */
const fields = {
  title: text("title", 1, 200),
  type: text("type", 1, 40),
  performers: z.array(text("performers", 1, 100), { error: "performers must be a list of names" }).max(20, "At most 20 performers"),
  venue_id: id("venue_id"),
  starts_at: localTime("starts_at"),
  description: z.string({ error: "description must be text" }).trim().max(5000, "description must be at most 5000 characters").regex(NO_CONTROL_CHARACTERS, noControlCharacters("description")),
  image_url: z.string().regex(/^\/api\/event-images\/[0-9a-f]{64}\.(png|jpg|webp|gif)$/, "image_url must be an image uploaded through /api/admin/events/images").nullable(),
  price_classes: z.array(priceClassInputSchema, { error: "price_classes must be a list" }).min(1, "At least one price class is required").max(20, "At most 20 price classes"),
  hold_seconds: wholeNumber("hold_seconds", 60, 3600),
  max_tickets_per_order: wholeNumber("max_tickets_per_order", 1, 50),
  onsale_at: localTime("onsale_at").nullable(),
  offsale_at: localTime("offsale_at").nullable(),
  refund_cutoff_hours: wholeNumber("refund_cutoff_hours", 0, 8760).nullable(),
  service_fee: money("service_fee", 1000),
  currency: z.string({ error: "currency must be a three-letter code like USD" }).trim().toUpperCase().regex(CURRENCY, "currency must be a three-letter code like USD"),
  queue_enabled: z.boolean({ error: "queue_enabled must be true or false" }),
  queue_admission_per_minute: wholeNumber("queue_admission_per_minute", 1, 100_000),
  queue_window_seconds: wholeNumber("queue_window_seconds", 30, 86_400),
  queue_prequeue_opens_at: localTime("queue_prequeue_opens_at").nullable(),
};

export const createEventSchema = z
  .object({
    title: fields.title,
    type: fields.type,
    venue_id: fields.venue_id,
    starts_at: fields.starts_at,
    price_classes: fields.price_classes,
    performers: fields.performers.default([]),
    description: fields.description.default(""),
    image_url: fields.image_url.default(null),
    hold_seconds: fields.hold_seconds.default(1800),
    max_tickets_per_order: fields.max_tickets_per_order.default(8),
    onsale_at: fields.onsale_at.default(null),
    offsale_at: fields.offsale_at.default(null),
    refund_cutoff_hours: fields.refund_cutoff_hours.default(24),
    service_fee: fields.service_fee.default("0.00"),
    currency: fields.currency.default("USD"),
    queue_enabled: fields.queue_enabled.default(false),
    queue_admission_per_minute: fields.queue_admission_per_minute.default(600),
    queue_window_seconds: fields.queue_window_seconds.default(600),
    queue_prequeue_opens_at: fields.queue_prequeue_opens_at.default(null),
  })
  .strict();

export type CreateEventInput = z.output<typeof createEventSchema>;

export const updateEventSchema = z
  .object({
    title: fields.title,
    type: fields.type,
    venue_id: fields.venue_id,
    starts_at: fields.starts_at,
    price_classes: fields.price_classes,
    performers: fields.performers,
    description: fields.description,
    image_url: fields.image_url,
    hold_seconds: fields.hold_seconds,
    max_tickets_per_order: fields.max_tickets_per_order,
    onsale_at: fields.onsale_at,
    offsale_at: fields.offsale_at,
    refund_cutoff_hours: fields.refund_cutoff_hours,
    service_fee: fields.service_fee,
    currency: fields.currency,
    queue_enabled: fields.queue_enabled,
    queue_admission_per_minute: fields.queue_admission_per_minute,
    queue_window_seconds: fields.queue_window_seconds,
    queue_prequeue_opens_at: fields.queue_prequeue_opens_at,
  })
  .partial()
  .strict()
  .refine((o) => Object.keys(o).length > 0, { message: "Nothing to change: send at least one field" });

export type UpdateEventInput = z.output<typeof updateEventSchema>;

export const cancelEventSchema = z
  .object({ reason: text("reason", 3, 500) })
  .strict();

export const ADMIN_EVENT_STATES = ["draft", "published", "cancelled"] as const;

export const adminEventListSchema = z
  .object({
    venue_id: z.string().regex(/^\d{1,10}$/, "venue_id must be a positive integer").transform(Number).optional(),
    state: z.enum(ADMIN_EVENT_STATES, { error: `state must be one of ${ADMIN_EVENT_STATES.join(", ")}` }).optional(),
    when: z.enum(["upcoming", "past", "all"], { error: "when must be upcoming, past or all" }).default("upcoming"),
    q: text("q", 1, 100).optional(),
    page: z.string().regex(/^\d{1,5}$/, "page must be a whole number from 1").transform(Number).refine((n) => n >= 1, "page must be a whole number from 1").default(1),
    size: z.string().regex(/^\d{1,3}$/, "size must be a whole number from 1 to 100").transform(Number).refine((n) => n >= 1 && n <= 100, "size must be a whole number from 1 to 100").default(25),
  })
  .strict();

export type AdminEventListQuery = z.output<typeof adminEventListSchema>;

export const auditListSchema = z
  .object({
    before: z.string().regex(/^\d{1,18}$/, "before must be an audit entry id").transform((s) => BigInt(s)).optional(),
    limit: z.string().regex(/^\d{1,3}$/, "limit must be a whole number from 1 to 500").transform(Number).refine((n) => n >= 1 && n <= 500, "limit must be a whole number from 1 to 500").default(100),
  })
  .strict();
