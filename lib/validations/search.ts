// Inputs of the search box's suggestions (GET /api/search/suggest).
import { z } from "zod";
import { parseOrThrow } from "./events";
import { NO_CONTROL_CHARACTERS, noControlCharacters } from "./text";

export const MAX_SUGGESTIONS = 10;

export const suggestQuerySchema = z.object({
  // The same bound as the search's q: a suggestion for more text than a search takes is no use.
  q: z.string({ error: "q is required" }).trim().max(100, "q must be at most 100 characters").regex(NO_CONTROL_CHARACTERS, noControlCharacters("q")),
  limit: z
    .string()
    .regex(/^\d{1,2}$/, `limit must be a whole number from 1 to ${MAX_SUGGESTIONS}`)
    .transform(Number)
    .refine((n) => n >= 1 && n <= MAX_SUGGESTIONS, `limit must be a whole number from 1 to ${MAX_SUGGESTIONS}`)
    .default(8),
});

export type SuggestQuery = z.output<typeof suggestQuerySchema>;

export function parseSuggestQuery(params: URLSearchParams): SuggestQuery {
  const limit = params.get("limit");
  return parseOrThrow(suggestQuerySchema, { q: params.get("q") ?? "", ...(limit !== null && limit !== "" ? { limit } : {}) });
}
