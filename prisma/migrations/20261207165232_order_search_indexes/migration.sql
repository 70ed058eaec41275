-- The organizers' order search (lib/admin/orders.ts searchOrders) on a sold-out arena: each way of
-- finding an order gets an index path, so a search reads the few matching rows instead of every
-- payment of every event with its buyer and items.
--
-- pg_trgm: trigram GIN indexes answer LIKE '%part%' (and 'start%') on the lower-cased email and
-- username. IF NOT EXISTS: other migrations may create the extension too. On the embedded PGlite the
-- extension is loaded at start-up (lib/db/embedded-postgres.ts).
CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE INDEX "users_lower_email_trgm_idx" ON "users" USING GIN (lower("email") gin_trgm_ops);
CREATE INDEX "users_lower_username_trgm_idx" ON "users" USING GIN (lower("username") gin_trgm_ops);

-- Seat labels ("112-F-7" = section-row-seat) matched case-insensitively: a whole label (=) or a
-- section or row ("112-F-" prefix, LIKE with text_pattern_ops).
CREATE INDEX "order_item_upper_seat_idx" ON "order_item" (upper("seat") text_pattern_ops);

-- The list's two orders that page through every order, newest first and by amount, over the
-- payments the list shows (partial: the same status condition as the search).
CREATE INDEX "payment_datetime_id_idx" ON "payment" ("payment_datetime" DESC NULLS LAST, "payment_id" DESC) WHERE "status" IN ('approved', 'partially_refunded', 'refunded');
CREATE INDEX "payment_price_id_idx" ON "payment" ("price" DESC, "payment_id" DESC) WHERE "status" IN ('approved', 'partially_refunded', 'refunded');
