-- An event's lowest ticket price in one index probe: search's price facet and price filter
-- (lib/search/postgres/event-filters.ts) read min(price) per matching event, which without this
-- index reads every ticket of every matching event.
--
-- A plain CREATE INDEX blocks writes to ticket while it builds (seconds per million tickets). On a
-- large live deployment build it first, outside a sale, with
--   CREATE INDEX CONCURRENTLY IF NOT EXISTS "ticket_event_id_price_idx" ON "ticket"("event_id", "price");
-- and this migration then does nothing.
CREATE INDEX IF NOT EXISTS "ticket_event_id_price_idx" ON "ticket"("event_id", "price");
