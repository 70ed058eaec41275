// The WHERE of a public event search, shared by the result list and the facet counts: published
// events only, the type/city/date filters, and (without a start date) only what is still to come.
import { Prisma } from "@/lib/generated/prisma/client";
import { DEFAULT_RADIUS_KM, type EventSearchQuery, type PriceRange } from "@/lib/validations/events";

/** An event's lowest ticket price (null without tickets), as a scalar subquery on `e`. */
export const eventMinPriceSql = Prisma.sql`(SELECT min(tk.price) FROM ticket tk WHERE tk.event_id = e.event_id)`;

const EARTH_RADIUS_KM = 6371;

/** Great-circle distance (haversine) from (lat, lng) to the venue `vd`, in km. */
function haversineKm(lat: number, lng: number): Prisma.Sql {
  return Prisma.sql`(${2 * EARTH_RADIUS_KM}::float8 * asin(least(1, sqrt(
      power(sin(radians(vd.latitude - ${lat}::float8) / 2), 2)
    + cos(radians(${lat}::float8)) * cos(radians(vd.latitude)) * power(sin(radians(vd.longitude - ${lng}::float8) / 2), 2)))))`;
}

/** The distance from the search's point to the venue of `e`, in km (for sort_by=distance). */
export function eventDistanceSql(lat: number, lng: number): Prisma.Sql {
  return Prisma.sql`(SELECT ${haversineKm(lat, lng)} FROM venue vd WHERE vd.venue_id = e.venue_id)`;
}

/**
 * Venues within `radiusKm` of a point: a latitude/longitude box first (the venue index answers it),
 * then the exact haversine distance on the few venues inside the box. The box's longitude span
 * widens with latitude; near a pole, or across the antimeridian, it spans every longitude.
 */
function venuesNear(lat: number, lng: number, radiusKm: number): Prisma.Sql {
  const dLat = (radiusKm / EARTH_RADIUS_KM) * (180 / Math.PI);
  const cosLat = Math.cos((lat * Math.PI) / 180);
  const dLng = cosLat < 1e-6 ? 360 : dLat / cosLat;
  const lngBox = dLng >= 180 || lng - dLng < -180 || lng + dLng > 180 ? Prisma.sql`TRUE` : Prisma.sql`vd.longitude BETWEEN ${lng - dLng} AND ${lng + dLng}`;
  return Prisma.sql`SELECT vd.venue_id FROM venue vd
     WHERE vd.latitude BETWEEN ${lat - dLat} AND ${lat + dLat} AND ${lngBox}
       AND ${haversineKm(lat, lng)} <= ${radiusKm}`;
}

export function priceRangeBounds(range: PriceRange): { lo: number; hi: number | null } {
  const [lo, hi] = range.split("-");
  return { lo: Number(lo), hi: hi ? Number(hi) : null };
}

/**
 * Text as a literal inside an ILIKE pattern (the punctuation-only `q`, suggestions): `%` and `_`
 * in it are themselves, not wildcards. Backslash is PostgreSQL's default LIKE escape: escaped first.
 */
export function escapeLikePattern(word: string): string {
  return word.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** Conditions on `e` (event) and `t` (its event_type). */
export function buildEventFilters(query: EventSearchQuery, now: Date): Prisma.Sql {
  // Drafts (published_datetime null) are the organizer's; the public never sees them.
  const and: Prisma.Sql[] = [Prisma.sql`e.published_datetime IS NOT NULL`];
  // Case-insensitive equality as lower() = lower(): `%` and `_` are plain characters, and the
  // city's expression index (migration search_filter_indexes) answers it, where an ILIKE (even
  // without wildcards) read every upcoming event. The type resolves to its ids first so the
  // (type_id, datetime) index can serve a type filter alone.
  if (query.type) and.push(Prisma.sql`e.type_id IN (SELECT ft.type_id FROM event_type ft WHERE lower(ft.type) = lower(${query.type}))`);
  if (query.location) and.push(Prisma.sql`lower(e.location) = lower(${query.location})`);
  // Without a start date a fan sees what is still to come, not last year's shows.
  const from = query.date_from ?? (query.date_to && query.date_to < now ? undefined : now);
  if (from) and.push(Prisma.sql`e.datetime >= ${from}`);
  if (query.date_to) and.push(Prisma.sql`e.datetime <= ${query.date_to}`);
  if (query.lat !== undefined && query.lng !== undefined) {
    and.push(Prisma.sql`e.venue_id IN (${venuesNear(query.lat, query.lng, query.radius_km ?? DEFAULT_RADIUS_KM)})`);
  }
  if (query.price) {
    const { lo, hi } = priceRangeBounds(query.price);
    and.push(hi === null ? Prisma.sql`${eventMinPriceSql} >= ${lo}` : Prisma.sql`${eventMinPriceSql} >= ${lo} AND ${eventMinPriceSql} < ${hi}`);
  }
  return Prisma.join(and, " AND ");
}
