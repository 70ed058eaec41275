// Validation of the read API's inputs (query strings and route params), shared by the route
// handlers and the pages so both accept and reject exactly the same things.
import { z } from "zod";
import { AppError } from "@/lib/errors/app-error";
import { NO_CONTROL_CHARACTERS, noControlCharacters } from "./text";

export const MAX_PAGE_SIZE = 100;
/** The price facet's ranges of an event's lowest ticket price, in major units: "lo-hi" (lo <= p < hi) or "lo-". */
export const PRICE_RANGES = ["0-50", "50-100", "100-200", "200-"] as const;
export type PriceRange = (typeof PRICE_RANGES)[number];
export const DEFAULT_PAGE_SIZE = 20;
const MAX_PAGE = 10_000;
const MAX_ID = 2_147_483_647; // ids are PostgreSQL int4

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/;
// Dates outside these years name no event and some cannot be stored or compared at all (year 0000
// is a valid string but PostgreSQL's and Prisma's handling of it failed as a 500), so a filter
// outside them is a 400 like any other malformed date.
export const MIN_SEARCH_YEAR = 1970;
export const MAX_SEARCH_YEAR = 9999;

/** A date (`2026-05-18`, the whole UTC day) or an ISO 8601 date-time with an offset. */
function dateParam(name: string, endOfDay: boolean) {
  return z
    .string()
    .trim()
    .refine((s) => DATE_ONLY.test(s) || DATE_TIME.test(s), {
      message: `${name} must be a date (YYYY-MM-DD) or an ISO 8601 date-time`,
    })
    .transform((s, ctx) => {
      const d = DATE_ONLY.test(s) ? new Date(`${s}T${endOfDay ? "23:59:59.999" : "00:00:00.000"}Z`) : new Date(s);
      // Date accepts 2026-02-31 by rolling over; a real calendar date must round-trip.
      if (Number.isNaN(d.getTime()) || (DATE_ONLY.test(s) && d.toISOString().slice(0, 10) !== s)) {
        ctx.addIssue({ code: "custom", message: `${name} is not a real date` });
        return z.NEVER;
      }
      const year = d.getUTCFullYear();
      if (year < MIN_SEARCH_YEAR || year > MAX_SEARCH_YEAR) {
        ctx.addIssue({ code: "custom", message: `${name} must be between the years ${MIN_SEARCH_YEAR} and ${MAX_SEARCH_YEAR}` });
        return z.NEVER;
      }
      return d;
    });
}

function intParam(name: string, min: number, max: number) {
  return z
    .string()
    .trim()
    .regex(/^\d+$/, `${name} must be a whole number`)
    .transform(Number)
    .refine((n) => n >= min && n <= max, `${name} must be between ${min} and ${max}`);
}

const optionalText = (name: string, max: number) =>
  z
    .string()
    .trim()
    .max(max, `${name} must be at most ${max} characters`)
    .regex(NO_CONTROL_CHARACTERS, noControlCharacters(name))
    .transform((s) => (s === "" ? undefined : s))
    .optional();

function coordinate(name: string, limit: number) {
  return z
    .string()
    .trim()
    .regex(/^-?\d{1,3}(\.\d{1,8})?$/, `${name} must be a number of degrees like 41.88`)
    .transform(Number)
    .refine((n) => Math.abs(n) <= limit, `${name} must be between -${limit} and ${limit}`);
}

export const MAX_RADIUS_KM = 500;
export const DEFAULT_RADIUS_KM = 50;

export const eventSearchQuerySchema = z
  .object({
    // Near a point: events at venues within radius_km of (lat, lng); both or neither.
    lat: coordinate("lat", 90).optional(),
    lng: coordinate("lng", 180).optional(),
    radius_km: intParam("radius_km", 1, MAX_RADIUS_KM).optional(),
    q: optionalText("q", 100),
    type: optionalText("type", 50),
    location: optionalText("location", 100),
    date_from: dateParam("date_from", false).optional(),
    // Facet counts (type, city, date and price ranges) with the page: a second query, so asked for.
    facets: z.enum(["true", "false", "1", "0"], { message: "facets must be true or false" }).transform((v) => v === "true" || v === "1").optional(),
    price: z.enum(PRICE_RANGES, { message: `price must be one of ${PRICE_RANGES.join(", ")}` }).optional(),
    date_to: dateParam("date_to", true).optional(),
    // Relevance (the default when there is a q) ranks full-text matches; without q it means date.
    sort_by: z
      .enum(["relevance", "date", "event_name", "location", "distance"], { message: "sort_by must be one of relevance, date, event_name, location, distance" })
      .optional(),
    order: z.enum(["asc", "desc"], { message: "order must be asc or desc" }).default("asc"),
    page: intParam("page", 1, MAX_PAGE).default(1),
    size: intParam("size", 1, MAX_PAGE_SIZE).default(DEFAULT_PAGE_SIZE),
  })
  .refine((q) => !q.date_from || !q.date_to || q.date_from <= q.date_to, {
    message: "date_from must not be after date_to",
    path: ["date_from"],
  })
  .refine((q) => (q.lat === undefined) === (q.lng === undefined), { message: "lat and lng go together", path: ["lat"] })
  .refine((q) => q.lat !== undefined || (q.radius_km === undefined && q.sort_by !== "distance"), { message: "radius_km and sort_by=distance need lat and lng", path: ["lat"] });

type ParsedSearch = z.output<typeof eventSearchQuerySchema>;
export type EventSearchQuery = Omit<ParsedSearch, "sort_by"> & { sort_by: NonNullable<ParsedSearch["sort_by"]> };

const SEARCH_KEYS = ["q", "type", "location", "date_from", "date_to", "price", "facets", "lat", "lng", "radius_km", "sort_by", "order", "page", "size"] as const;

type RawParams = URLSearchParams | Record<string, string | string[] | undefined>;

/** Turns query-string parameters into a validated search; the first value wins when repeated. */
function toRecord(params: RawParams): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of SEARCH_KEYS) {
    const value = params instanceof URLSearchParams ? params.get(key) : params[key];
    const first = Array.isArray(value) ? value[0] : value;
    // An empty field from a GET form means "no filter", as if it were absent.
    if (typeof first === "string" && first.trim() !== "") out[key] = first;
  }
  return out;
}

export function parseEventSearchQuery(params: RawParams): EventSearchQuery {
  const parsed = parseOrThrow(eventSearchQuerySchema, toRecord(params));
  return { ...parsed, sort_by: parsed.sort_by ?? (parsed.q ? "relevance" : "date") };
}

export const idParamSchema = (name: string) =>
  z
    .string()
    .regex(/^\d{1,10}$/, `${name} must be a positive integer`)
    .transform(Number)
    .refine((n) => n >= 1 && n <= MAX_ID, `${name} must be a positive integer`);

/** Parses a route id; malformed ids throw validation_error (400). */
export function parseId(name: string, value: string): number {
  return parseOrThrow(idParamSchema(name), value);
}

/** Parses an id for a lookup where a malformed id simply names nothing (pages: 404). */
export function toIdOrNull(value: string): number | null {
  const r = idParamSchema("id").safeParse(value);
  return r.success ? r.data : null;
}

export function parseOrThrow<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (!result.success) {
    const issue = result.error.issues[0];
    const field = issue && issue.path.length > 0 ? issue.path.join(".") : undefined;
    throw new AppError("validation_error", issue?.message ?? "Invalid input", field ? { field } : undefined);
  }
  return result.data;
}
