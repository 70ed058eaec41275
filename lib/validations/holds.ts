// Bodies of the hold endpoints (reserve, cancel), shared by the route handlers and the UI.
import { z } from "zod";
import { NO_CONTROL_CHARACTERS, noControlCharacters } from "./text";
import { parseOrThrow } from "@/lib/validations/events";

// A hard cap before any event's own limit: nobody may make us look up a thousand ids.
const MAX_IDS = 50;

const ticketIdsSchema = z
  .array(
    z.union([z.string(), z.number()]).transform(String).pipe(z.string().regex(/^\d{1,10}$/, "ticket_ids must be positive integer ids")).transform(Number).refine((n) => n >= 1 && n <= 2_147_483_647, "ticket_ids must be positive integer ids"),
    { message: "ticket_ids must be a list of ticket ids" },
  )
  .min(1, "ticket_ids must name at least one ticket")
  .max(MAX_IDS, `ticket_ids may name at most ${MAX_IDS} tickets`)
  .refine((ids) => new Set(ids).size === ids.length, "ticket_ids must not repeat a ticket");

export const reserveBodySchema = z.object({ ticket_ids: ticketIdsSchema });

export const cancelBodySchema = z.object({
  ticket_ids: ticketIdsSchema,
  status: z.enum(["reserved", "confirmed"], { message: 'status must be "reserved" or "confirmed"' }),
  cancel_reason: z.string().trim().max(500, "cancel_reason must be at most 500 characters").regex(NO_CONTROL_CHARACTERS, noControlCharacters("cancel_reason")).optional(),
});

const idSchema = (field: string) =>
  z.union([z.string(), z.number()], { message: `${field} must be an id` }).transform(String).pipe(z.string().regex(/^\d{1,9}$/, `${field} must be an id`)).transform(Number).refine((n) => n >= 1, `${field} must be an id`);

/** General admission by quantity: `quantity` places of one GA area (section) of the event. */
export const reserveQuantityBodySchema = z.object({
  event_id: idSchema("event_id"),
  section_id: idSchema("section_id"),
  quantity: z.number({ message: "quantity must be a number" }).int("quantity must be a whole number").min(1, "quantity must be at least 1").max(MAX_IDS, `quantity must be at most ${MAX_IDS}`),
});

/** The reserve route's body: seats by ticket id, or GA places by quantity. */
export const reserveRequestSchema = z.union([reserveBodySchema, reserveQuantityBodySchema]);

export type ReserveBody = z.output<typeof reserveBodySchema>;
export type ReserveQuantityBody = z.output<typeof reserveQuantityBodySchema>;
export type CancelBody = z.output<typeof cancelBodySchema>;

export const parseReserveBody = (body: unknown): ReserveBody => parseOrThrow(reserveBodySchema, body);
/** Either form of the reserve body: one with `quantity` is a GA reserve, anything else names tickets. */
export const parseReserveRequest = (body: unknown): ({ kind: "tickets" } & ReserveBody) | ({ kind: "quantity" } & ReserveQuantityBody) =>
  body !== null && typeof body === "object" && !Array.isArray(body) && "quantity" in body
    ? { kind: "quantity", ...parseOrThrow(reserveQuantityBodySchema, body) }
    : { kind: "tickets", ...parseReserveBody(body) };
export const parseCancelBody = (body: unknown): CancelBody => parseOrThrow(cancelBodySchema, body);

export const bestAvailableBodySchema = z.object({
  class_id: z.union([z.string(), z.number()]).transform(String).pipe(z.string().regex(/^\d{1,9}$/, "class_id must be a class id")).transform(Number),
  quantity: z.number({ message: "quantity must be a number" }).int("quantity must be a whole number").min(1, "quantity must be at least 1").max(50, "quantity must be at most 50"),
  /** Seats with a wheelchair space (and companion seats); without it accessible seats are never picked. */
  accessible: z.boolean({ message: "accessible must be true or false" }).optional(),
});

export type BestAvailableBody = z.output<typeof bestAvailableBodySchema>;
export const parseBestAvailableBody = (body: unknown): BestAvailableBody => parseOrThrow(bestAvailableBodySchema, body);
