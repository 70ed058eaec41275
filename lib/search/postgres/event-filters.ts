// The WHERE of a public event search, shared by the result list and the facet counts: published
// events only, the type/city/date filters, and (without a start date) only what is still to come.
import { Prisma } from "@/lib/generated/prisma/client";
import type { EventSearchQuery, PriceRange } from "@/lib/validations/events";

/** An event's lowest ticket price (null without tickets), as a scalar subquery on `e`. */
export const eventMinPriceSql = Prisma.sql`(SELECT min(tk.price) FROM ticket tk WHERE tk.event_id = e.event_id)`;

export function priceRangeBounds(range: PriceRange): { lo: number; hi: number | null } {
  const [lo, hi] = range.split("-");
  return { lo: Number(lo), hi: hi ? Number(hi) : null };
}

/**
 * A filter value as a literal ILIKE pattern (a case-insensitive equality): `%` and `_` in it are
 * themselves, not wildcards. Backslash is PostgreSQL's default LIKE escape: escaped first.
 */
export function escapeLikePattern(word: string): string {
  return word.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** Conditions on `e` (event) and `t` (its event_type). */
export function buildEventFilters(query: EventSearchQuery, now: Date): Prisma.Sql {
  // Drafts (published_datetime null) are the organizer's; the public never sees them.
  const and: Prisma.Sql[] = [Prisma.sql`e.published_datetime IS NOT NULL`];
  if (query.type) and.push(Prisma.sql`t.type ILIKE ${escapeLikePattern(query.type)}`);
  if (query.location) and.push(Prisma.sql`e.location ILIKE ${escapeLikePattern(query.location)}`);
  // Without a start date a fan sees what is still to come, not last year's shows.
  const from = query.date_from ?? (query.date_to && query.date_to < now ? undefined : now);
  if (from) and.push(Prisma.sql`e.datetime >= ${from}`);
  if (query.date_to) and.push(Prisma.sql`e.datetime <= ${query.date_to}`);
  if (query.price) {
    const { lo, hi } = priceRangeBounds(query.price);
    and.push(hi === null ? Prisma.sql`${eventMinPriceSql} >= ${lo}` : Prisma.sql`${eventMinPriceSql} >= ${lo} AND ${eventMinPriceSql} < ${hi}`);
  }
  return Prisma.join(and, " AND ");
}
