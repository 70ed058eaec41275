-- Full-text and typo-tolerant event search (lib/search, docs/search.md).
--
-- pg_trgm gives the trigram indexes for typo tolerance and suggestions. IF NOT EXISTS: another
-- migration may create it too. The embedded PGlite loads its contrib build (lib/db/embedded-postgres.ts).
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- AlterTable
ALTER TABLE "event" ADD COLUMN     "search_document" tsvector;

-- The weighted document of one event. The 'simple' configuration (lower-case, no stemming, no stop
-- words) because most of what fans type are names: 'english' would stem "Kings" to "king" and drop
-- "The" from "The Who", and events are not all in English. Prefix matching at query time
-- (lib/search/text-query.ts) gives back what stemming would have found ("tour" finds "tours").
CREATE FUNCTION "event_search_document"(p_event_id int, p_title text, p_description text, p_location text, p_venue_id int, p_type_id int)
RETURNS tsvector
LANGUAGE sql STABLE AS $$
  SELECT setweight(to_tsvector('simple', coalesce(p_title, '')), 'A')
      || setweight(to_tsvector('simple', coalesce((SELECT string_agg(pf."name", ' ' ORDER BY ep."billing")
                                                      FROM "event_performer" ep
                                                      JOIN "performer" pf ON pf."performer_id" = ep."performer_id"
                                                     WHERE ep."event_id" = p_event_id), '')), 'A')
      || setweight(to_tsvector('simple', coalesce((SELECT v."name" FROM "venue" v WHERE v."venue_id" = p_venue_id), '') || ' ' || coalesce(p_location, '')), 'B')
      || setweight(to_tsvector('simple', coalesce(p_description, '')), 'C')
      || setweight(to_tsvector('simple', coalesce((SELECT t."type" FROM "event_type" t WHERE t."type_id" = p_type_id), '')), 'D')
$$;

-- A generated column cannot read other tables, so triggers keep the document current: on the event
-- row itself (only when a searched column changes: the reserve path never updates these), and on a
-- change of its performers, its venue's name or its type's name.
CREATE FUNCTION "event_search_document_row"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW."search_document" := "event_search_document"(NEW."event_id", NEW."title", NEW."description", NEW."location", NEW."venue_id", NEW."type_id");
  RETURN NEW;
END $$;

CREATE TRIGGER "event_search_document_row"
  BEFORE INSERT OR UPDATE OF "title", "description", "location", "venue_id", "type_id" ON "event"
  FOR EACH ROW EXECUTE FUNCTION "event_search_document_row"();

CREATE FUNCTION "event_search_document_refresh"(p_event_ids int[]) RETURNS void LANGUAGE sql AS $$
  UPDATE "event" e
     SET "search_document" = "event_search_document"(e."event_id", e."title", e."description", e."location", e."venue_id", e."type_id")
   WHERE e."event_id" = ANY(p_event_ids)
$$;

-- Statement-level with transition tables: one refresh per statement, however many performers it links.
CREATE FUNCTION "event_performer_search_insert"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM "event_search_document_refresh"(ARRAY(SELECT DISTINCT "event_id" FROM new_rows));
  RETURN NULL;
END $$;

CREATE FUNCTION "event_performer_search_delete"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- Rows deleted by an event's own deletion (cascade) refresh nothing: the event is gone.
  PERFORM "event_search_document_refresh"(ARRAY(SELECT DISTINCT "event_id" FROM old_rows));
  RETURN NULL;
END $$;

CREATE TRIGGER "event_performer_search_insert"
  AFTER INSERT ON "event_performer" REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION "event_performer_search_insert"();

CREATE TRIGGER "event_performer_search_delete"
  AFTER DELETE ON "event_performer" REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION "event_performer_search_delete"();

CREATE FUNCTION "performer_search_rename"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM "event_search_document_refresh"(ARRAY(SELECT "event_id" FROM "event_performer" WHERE "performer_id" = NEW."performer_id"));
  RETURN NULL;
END $$;

CREATE TRIGGER "performer_search_rename"
  AFTER UPDATE OF "name" ON "performer"
  FOR EACH ROW WHEN (OLD."name" IS DISTINCT FROM NEW."name") EXECUTE FUNCTION "performer_search_rename"();

CREATE FUNCTION "venue_search_rename"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM "event_search_document_refresh"(ARRAY(SELECT "event_id" FROM "event" WHERE "venue_id" = NEW."venue_id"));
  RETURN NULL;
END $$;

CREATE TRIGGER "venue_search_rename"
  AFTER UPDATE OF "name" ON "venue"
  FOR EACH ROW WHEN (OLD."name" IS DISTINCT FROM NEW."name") EXECUTE FUNCTION "venue_search_rename"();

CREATE FUNCTION "event_type_search_rename"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM "event_search_document_refresh"(ARRAY(SELECT "event_id" FROM "event" WHERE "type_id" = NEW."type_id"));
  RETURN NULL;
END $$;

CREATE TRIGGER "event_type_search_rename"
  AFTER UPDATE OF "type" ON "event_type"
  FOR EACH ROW WHEN (OLD."type" IS DISTINCT FROM NEW."type") EXECUTE FUNCTION "event_type_search_rename"();

-- Backfill the events that exist (the demo's few dozen; a large live table would do this in batches).
UPDATE "event" SET "title" = "title";

-- CreateIndex
CREATE INDEX "event_search_document_idx" ON "event" USING GIN ("search_document");

-- CreateIndex
CREATE INDEX "event_title_trgm_idx" ON "event" USING GIN ("title" gin_trgm_ops);

-- CreateIndex
CREATE INDEX "performer_name_trgm_idx" ON "performer" USING GIN ("name" gin_trgm_ops);

-- CreateIndex
CREATE INDEX "venue_name_trgm_idx" ON "venue" USING GIN ("name" gin_trgm_ops);
