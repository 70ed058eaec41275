// Bodies of the waitlist endpoints (join, change), shared by the route handlers and the UI. The
// party size's upper bound is the event's own order limit, checked in lib/waitlist; 50 here is the
// hard cap before any lookup.
import { z } from "zod";
import { parseOrThrow } from "@/lib/validations/events";

const classId = z.union([z.string(), z.number()]).transform(String).pipe(z.string().regex(/^\d{1,9}$/, "class_ids must be class ids")).transform(Number).refine((n) => n >= 1, "class_ids must be class ids");

const fields = {
  party_size: z.number({ message: "party_size must be a number" }).int("party_size must be a whole number").min(1, "party_size must be at least 1").max(50, "party_size must be at most 50"),
  // Empty or omitted: any class.
  class_ids: z.array(classId, { message: "class_ids must be a list of class ids" }).max(20, "class_ids may name at most 20 classes").refine((ids) => new Set(ids).size === ids.length, "class_ids must not repeat a class"),
  together: z.boolean({ message: "together must be true or false" }),
};

export const joinWaitlistBodySchema = z.object({ party_size: fields.party_size, class_ids: fields.class_ids.default([]), together: fields.together.default(false) }).strict();

export const changeWaitlistBodySchema = z
  .object({ party_size: fields.party_size.optional(), class_ids: fields.class_ids.optional(), together: fields.together.optional() })
  .strict()
  .refine((b) => b.party_size !== undefined || b.class_ids !== undefined || b.together !== undefined, "Give at least one of party_size, class_ids, together");

export type JoinWaitlistBody = z.output<typeof joinWaitlistBodySchema>;
export type ChangeWaitlistBody = z.output<typeof changeWaitlistBodySchema>;

export const parseJoinWaitlistBody = (body: unknown): JoinWaitlistBody => parseOrThrow(joinWaitlistBodySchema, body);
export const parseChangeWaitlistBody = (body: unknown): ChangeWaitlistBody => parseOrThrow(changeWaitlistBodySchema, body);

export const waitlistSettingsBodySchema = z
  .object({
    offer_seconds: z.number({ message: "offer_seconds must be a number" }).int("offer_seconds must be a whole number").min(10, "offer_seconds must be at least 10").max(86_400, "offer_seconds must be at most 86400"),
    priority: z.boolean({ message: "priority must be true or false" }),
  })
  .partial()
  .strict()
  .refine((b) => b.offer_seconds !== undefined || b.priority !== undefined, "Give offer_seconds or priority");

export type WaitlistSettingsBody = z.output<typeof waitlistSettingsBodySchema>;
export const parseWaitlistSettingsBody = (body: unknown): WaitlistSettingsBody => parseOrThrow(waitlistSettingsBodySchema, body);
