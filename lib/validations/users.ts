// Validation of the user directory's query string (admin API).
import { z } from "zod";
import { UserRole } from "@/lib/generated/prisma/enums";
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, parseOrThrow } from "@/lib/validations/events";

const intParam = (name: string, min: number, max: number) =>
  z
    .string()
    .trim()
    .regex(/^\d{1,6}$/, `${name} must be a whole number between ${min} and ${max}`)
    .transform(Number)
    .refine((n) => n >= min && n <= max, `${name} must be between ${min} and ${max}`);

export const pageQuerySchema = z.object({
  page: intParam("page", 1, 100_000).default(1),
  size: intParam("size", 1, MAX_PAGE_SIZE).default(DEFAULT_PAGE_SIZE),
});

export function parsePageQuery(params: URLSearchParams): z.output<typeof pageQuerySchema> {
  const pick = (key: string) => params.get(key)?.trim() || undefined;
  return parseOrThrow(pageQuerySchema, { page: pick("page"), size: pick("size") });
}

/** POST /api/admin/users/:user_id/role. */
export const roleChangeSchema = z.strictObject({
  role: z.enum(UserRole, { error: `role must be one of ${Object.values(UserRole).join(", ")}` }),
});
