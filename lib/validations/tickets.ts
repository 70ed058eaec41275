// Bodies of the e-ticket endpoints, shared by the route handlers and any scanner UI. The token's own
// format and signature are checked by lib/tickets/ticket-token.ts (a bad one is invalid_ticket_token,
// not a validation error): here only that a token was sent at all.
import { z } from "zod";
import { emailSchema } from "@/lib/validations/auth";
import { parseOrThrow } from "@/lib/validations/events";

export const checkInBodySchema = z.object({
  token: z
    .string({ message: "token must be the e-ticket's QR code text" })
    .trim()
    .min(1, "token must be the e-ticket's QR code text")
    // Scanners add stray whitespace; nothing legitimate is this long.
    .max(1000, "token is too long"),
  // The event the scanner checks in for (the dashboard's scanner always sends it): a ticket of
  // another event is then refused as wrong_event instead of admitted.
  event_id: z
    .union([z.string(), z.number()], { message: "event_id must be an event id" })
    .transform(String)
    .pipe(z.string().regex(/^[1-9]\d{0,9}$/, "event_id must be an event id").transform(Number).refine((n) => n <= 2_147_483_647, "event_id must be an event id"))
    .optional(),
});

export type CheckInBody = z.output<typeof checkInBodySchema>;
export const parseCheckInBody = (body: unknown): CheckInBody => parseOrThrow(checkInBodySchema, body);

// POST /api/tickets/:order_item_id/transfer: the recipient's account email (compared lower-cased,
// as accounts store it).
export const transferBodySchema = z.object({ email: emailSchema });
export type TransferBody = z.output<typeof transferBodySchema>;
export const parseTransferBody = (body: unknown): TransferBody => parseOrThrow(transferBodySchema, body);
