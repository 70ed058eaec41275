// Bodies of the checkout and payment endpoints. payment_info is read only for the Stripe id it
// names; the rest of it (amounts, statuses) is accepted for the spec's shape and never trusted.
import { z } from "zod";
import { NO_CONTROL_CHARACTERS, noControlCharacters } from "./text";
import { parseOrThrow } from "@/lib/validations/events";
import { reserveBodySchema } from "@/lib/validations/holds";

const idSchema = (name: string) =>
  z
    .union([z.string(), z.number()])
    .transform(String)
    .pipe(z.string().regex(/^\d{1,9}$/, `${name} must be a positive integer id`))
    .transform(Number)
    .refine((n) => n >= 1, `${name} must be a positive integer id`);

export const checkoutBodySchema = z.object({ reservation_id: idSchema("reservation_id") });

const stripeIdSchema = z.string().trim().max(255, "payment ids are at most 255 characters").regex(NO_CONTROL_CHARACTERS, noControlCharacters("payment ids"));

export const confirmBodySchema = reserveBodySchema.extend({
  payment_info: z.object(
    {
      payment_id: stripeIdSchema.optional(),
      transaction_id: stripeIdSchema.optional(),
      payment_method: z.string().max(64).optional(),
      amount_paid: z.union([z.number(), z.string().max(32)]).optional(),
      currency: z.string().max(8).optional(),
      payment_status: z.string().max(32).optional(),
    },
    { message: "payment_info must be an object naming the payment (payment_id or transaction_id)" },
  ).refine((p) => Boolean(p.payment_id || p.transaction_id), "payment_info must name the payment: payment_id or transaction_id"),
});

export type CheckoutBody = z.output<typeof checkoutBodySchema>;
export type ConfirmBody = z.output<typeof confirmBodySchema>;

export const parseCheckoutBody = (body: unknown): CheckoutBody => parseOrThrow(checkoutBodySchema, body);
export const parseConfirmBody = (body: unknown): ConfirmBody => parseOrThrow(confirmBodySchema, body);
