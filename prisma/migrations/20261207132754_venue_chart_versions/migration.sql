-- CreateEnum
CREATE TYPE "chart_version_status" AS ENUM ('draft', 'published');

-- CreateEnum
CREATE TYPE "seat_accessibility" AS ENUM ('wheelchair', 'companion');

-- DropIndex
DROP INDEX "section_venue_id_name_key";

-- AlterTable
ALTER TABLE "event" ADD COLUMN     "chart_version_id" INTEGER;

-- AlterTable
ALTER TABLE "seat" ADD COLUMN     "accessible" "seat_accessibility",
ADD COLUMN     "chart_version_id" INTEGER,
ADD COLUMN     "not_for_sale_reason" TEXT,
ADD COLUMN     "restricted_view" BOOLEAN NOT NULL DEFAULT false;

-- AlterTable
ALTER TABLE "section" ADD COLUMN     "capacity" INTEGER,
ADD COLUMN     "chart_version_id" INTEGER;

-- CreateTable
CREATE TABLE "venue_chart_version" (
    "chart_version_id" SERIAL NOT NULL,
    "venue_id" INTEGER NOT NULL,
    "version" INTEGER NOT NULL,
    "status" "chart_version_status" NOT NULL DEFAULT 'draft',
    "document" JSONB,
    "chart" JSONB NOT NULL,
    "seat_count" INTEGER NOT NULL DEFAULT 0,
    "created_by_user_id" INTEGER,
    "create_datetime" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "update_datetime" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "published_datetime" TIMESTAMPTZ(3),

    CONSTRAINT "venue_chart_version_pkey" PRIMARY KEY ("chart_version_id")
);

-- CreateIndex
CREATE INDEX "venue_chart_version_venue_id_status_idx" ON "venue_chart_version"("venue_id", "status");

-- CreateIndex
CREATE UNIQUE INDEX "venue_chart_version_venue_id_version_key" ON "venue_chart_version"("venue_id", "version");

-- CreateIndex
CREATE INDEX "seat_chart_version_id_idx" ON "seat"("chart_version_id");

-- CreateIndex
CREATE INDEX "section_venue_id_idx" ON "section"("venue_id");

-- CreateIndex
CREATE UNIQUE INDEX "section_chart_version_id_name_key" ON "section"("chart_version_id", "name");

-- AddForeignKey
ALTER TABLE "venue_chart_version" ADD CONSTRAINT "venue_chart_version_venue_id_fkey" FOREIGN KEY ("venue_id") REFERENCES "venue"("venue_id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "section" ADD CONSTRAINT "section_chart_version_id_fkey" FOREIGN KEY ("chart_version_id") REFERENCES "venue_chart_version"("chart_version_id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "seat" ADD CONSTRAINT "seat_chart_version_id_fkey" FOREIGN KEY ("chart_version_id") REFERENCES "venue_chart_version"("chart_version_id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "event" ADD CONSTRAINT "event_chart_version_id_fkey" FOREIGN KEY ("chart_version_id") REFERENCES "venue_chart_version"("chart_version_id") ON DELETE SET NULL ON UPDATE CASCADE;

-- Every existing venue's seats become its chart version `venue.chart_version` (published, no
-- document: the seats are the record; the builder derives a document from them).
INSERT INTO "venue_chart_version" ("venue_id", "version", "status", "document", "chart", "seat_count", "published_datetime")
SELECT v."venue_id", v."chart_version", 'published', NULL, v."chart",
       (SELECT count(*) FROM "seat" s WHERE s."venue_id" = v."venue_id"), v."create_datetime"
  FROM "venue" v;
UPDATE "section" sec SET "chart_version_id" = cv."chart_version_id"
  FROM "venue_chart_version" cv WHERE cv."venue_id" = sec."venue_id";
UPDATE "seat" s SET "chart_version_id" = sec."chart_version_id"
  FROM "section" sec WHERE sec."section_id" = s."section_id";
UPDATE "event" e SET "chart_version_id" = cv."chart_version_id"
  FROM "venue_chart_version" cv WHERE cv."venue_id" = e."venue_id";

-- A new venue starts with its chart version `chart_version`, published (code that builds charts
-- through lib/venues/ turns it into a draft).
CREATE FUNCTION "openseat_venue_first_chart_version"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "venue_chart_version" ("venue_id", "version", "status", "chart", "published_datetime")
  VALUES (NEW."venue_id", NEW."chart_version", 'published', NEW."chart", now());
  RETURN NULL;
END $$;
CREATE TRIGGER "venue_first_chart_version" AFTER INSERT ON "venue"
  FOR EACH ROW EXECUTE FUNCTION "openseat_venue_first_chart_version"();

-- Sections and events inserted without a chart version get the venue's current one; a seat always
-- gets its section's (so the two can never disagree).
CREATE FUNCTION "openseat_current_chart_version"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW."chart_version_id" IS NULL THEN
    SELECT cv."chart_version_id" INTO NEW."chart_version_id"
      FROM "venue" v JOIN "venue_chart_version" cv ON cv."venue_id" = v."venue_id" AND cv."version" = v."chart_version"
     WHERE v."venue_id" = NEW."venue_id";
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER "section_chart_version" BEFORE INSERT ON "section"
  FOR EACH ROW EXECUTE FUNCTION "openseat_current_chart_version"();

CREATE FUNCTION "openseat_event_chart_version"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW."chart_version_id" IS NULL THEN
    SELECT cv."chart_version_id" INTO NEW."chart_version_id"
      FROM "venue" v JOIN "venue_chart_version" cv ON cv."venue_id" = v."venue_id" AND cv."version" = v."chart_version"
     WHERE v."venue_id" = NEW."venue_id" AND cv."status" = 'published';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER "event_chart_version" BEFORE INSERT ON "event"
  FOR EACH ROW EXECUTE FUNCTION "openseat_event_chart_version"();

CREATE FUNCTION "openseat_seat_chart_version"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  SELECT sec."chart_version_id" INTO NEW."chart_version_id" FROM "section" sec WHERE sec."section_id" = NEW."section_id";
  RETURN NEW;
END $$;
CREATE TRIGGER "seat_chart_version" BEFORE INSERT OR UPDATE OF "section_id", "chart_version_id" ON "seat"
  FOR EACH ROW EXECUTE FUNCTION "openseat_seat_chart_version"();
