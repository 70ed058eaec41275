// Inputs of the organizer's orders, refunds, sales exports and venue grants (/api/admin/...).
import { z } from "zod";
import { ORDER_SORTS, ORDER_STATUSES } from "@/lib/admin/orders";
import { UserRole } from "@/lib/generated/prisma/enums";
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, idParamSchema, parseOrThrow } from "@/lib/validations/events";
import { NO_CONTROL_CHARACTERS, noControlCharacters } from "@/lib/validations/text";

const intParam = (name: string, min: number, max: number) =>
  z
    .string()
    .trim()
    .regex(/^\d{1,6}$/, `${name} must be a whole number between ${min} and ${max}`)
    .transform(Number)
    .refine((n) => n >= min && n <= max, `${name} must be between ${min} and ${max}`);

const searchText = z.string().trim().max(200, "q must be at most 200 characters").regex(NO_CONTROL_CHARACTERS, noControlCharacters("q"));

export const orderSearchSchema = z.object({
  q: searchText.optional(),
  event_id: idParamSchema("event_id").optional(),
  status: z.enum(ORDER_STATUSES, { error: `status must be one of ${ORDER_STATUSES.join(", ")}` }).optional(),
  sort: z.enum(ORDER_SORTS, { error: `sort must be one of ${ORDER_SORTS.join(", ")}` }).optional(),
  page: intParam("page", 1, 100_000).default(1),
  size: intParam("size", 1, MAX_PAGE_SIZE).default(DEFAULT_PAGE_SIZE),
});

const pick = (params: URLSearchParams, key: string) => params.get(key)?.trim() || undefined;

export function parseOrderSearch(params: URLSearchParams) {
  return parseOrThrow(orderSearchSchema, {
    q: pick(params, "q"),
    event_id: pick(params, "event_id"),
    status: pick(params, "status"),
    sort: pick(params, "sort"),
    page: pick(params, "page"),
    size: pick(params, "size"),
  });
}

const idValue = (name: string) =>
  z.union([z.string(), z.number()], { message: `${name} must be an id` }).transform(String).pipe(idParamSchema(name));

/** POST /api/admin/orders/:id/refund. Money as a string or number with at most two decimals. */
export const refundBodySchema = z.strictObject({
  order_item_ids: z.array(idValue("order_item_ids[]")).min(1, "order_item_ids must name at least one ticket").max(100, "at most 100 tickets at once").optional(),
  amount: z
    .union([z.string(), z.number()], { message: "amount must be a sum of money such as 12.50" })
    .transform((v) => String(v).trim())
    .pipe(z.string().regex(/^\d{1,9}(\.\d{1,2})?$/, "amount must be a sum of money such as 12.50, with at most two decimals"))
    .refine((v) => Number(v) > 0, "amount must be more than 0")
    .optional(),
  reason: z
    .string({ message: "reason is required: say why the order is refunded" })
    .trim()
    .min(3, "reason is required: say why the order is refunded")
    .max(500, "reason must be at most 500 characters")
    .regex(NO_CONTROL_CHARACTERS, noControlCharacters("reason")),
});

export const parseRefundBody = (body: unknown) => parseOrThrow(refundBodySchema, body);

/** The Idempotency-Key header: printable ASCII, at most 200 characters. */
export function parseIdempotencyKey(headers: Headers): string | undefined {
  const raw = headers.get("idempotency-key");
  if (raw === null) return undefined;
  return parseOrThrow(
    z.string().trim().min(1, "Idempotency-Key must not be empty").max(200, "Idempotency-Key must be at most 200 characters").regex(/^[\x21-\x7e]+$/, "Idempotency-Key must be printable ASCII"),
    raw,
  );
}

/** POST/DELETE /api/admin/users/:id/venues. */
export const venueGrantSchema = z.strictObject({
  venue_id: idValue("venue_id"),
  as: z.enum(["venue_admin", "door_staff"], { error: "as must be venue_admin or door_staff" }),
});
export const parseVenueGrant = (body: unknown) => parseOrThrow(venueGrantSchema, body);

export const userSearchSchema = z.object({
  q: searchText.optional(),
  role: z.enum(UserRole, { error: `role must be one of ${Object.values(UserRole).join(", ")}` }).optional(),
  page: intParam("page", 1, 100_000).default(1),
  size: intParam("size", 1, MAX_PAGE_SIZE).default(DEFAULT_PAGE_SIZE),
});
export function parseUserSearch(params: URLSearchParams) {
  return parseOrThrow(userSearchSchema, { q: pick(params, "q"), role: pick(params, "role"), page: pick(params, "page"), size: pick(params, "size") });
}
