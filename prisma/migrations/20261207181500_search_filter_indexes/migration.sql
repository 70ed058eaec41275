-- The search's city filter (lib/search/postgres/event-filters.ts) is a case-insensitive equality,
-- lower(location) = lower($1): this index answers it and gives the filtered events in date order,
-- the list's default order. It was an ILIKE, which no index serves: at a million events a city
-- filter read every upcoming event (p99 1.4-2.4 s in `npm run bench:search`). The type filter
-- resolves to type ids, which the existing (type_id, datetime) index serves alone; with a city,
-- the second index reads exactly the events of that city and type (counting the first 1,001 of
-- "sports in Chicago" read 12,000 pages through the first index, 660 through the second).
-- (Prisma's schema cannot express an expression index: it lives only here.)
--
-- A plain CREATE INDEX blocks writes to event while it builds (seconds per million events). On a
-- large live deployment build it first with
--   CREATE INDEX CONCURRENTLY IF NOT EXISTS "event_lower_location_datetime_idx" ON "event" (lower("location"), "datetime");
--   CREATE INDEX CONCURRENTLY IF NOT EXISTS "event_lower_location_type_datetime_idx" ON "event" (lower("location"), "type_id", "datetime");
-- and this migration then does nothing.
CREATE INDEX IF NOT EXISTS "event_lower_location_datetime_idx" ON "event" (lower("location"), "datetime");
CREATE INDEX IF NOT EXISTS "event_lower_location_type_datetime_idx" ON "event" (lower("location"), "type_id", "datetime");
