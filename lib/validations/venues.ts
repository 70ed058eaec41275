// Request bodies of the venue admin API (app/api/admin/venues/**).
import { z } from "zod";
import { NO_CONTROL_CHARACTERS, noControlCharacters } from "./text";

const text = (name: string, max: number) =>
  z.string().trim().min(1, `${name} is required`).max(max, `${name} must be at most ${max} characters`).regex(NO_CONTROL_CHARACTERS, noControlCharacters(name));

function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

const timezone = z.string().trim().min(1).max(64).refine(isTimeZone, "timezone must be an IANA time zone such as America/Chicago");

export const venueCreateSchema = z
  .object({
    name: text("name", 120),
    location: text("location", 120),
    address: text("address", 200),
    phone: text("phone", 40).nullable().optional(),
    timezone: timezone.default("UTC"),
  })
  .strict();

// Its own object, not venueCreateSchema.partial(): that would keep timezone's default and reset it.
export const venueUpdateSchema = z
  .object({
    name: text("name", 120).optional(),
    location: text("location", 120).optional(),
    address: text("address", 200).optional(),
    phone: text("phone", 40).nullable().optional(),
    timezone: timezone.optional(),
  })
  .strict()
  .refine((v) => Object.keys(v).length > 0, "give at least one field to change");

export type VenueCreateInput = z.output<typeof venueCreateSchema>;
export type VenueUpdateInput = z.output<typeof venueUpdateSchema>;

export const moveChartVersionSchema = z
  .object({ version: z.number().int().min(1).max(2_147_483_647).optional() })
  .strict();

/** Chart documents may list thousands of explicit seats: larger than the API's default JSON limit. */
export const MAX_CHART_JSON_BYTES = 4 * 1024 * 1024;
