-- AlterTable
ALTER TABLE "venue" ADD COLUMN     "latitude" DOUBLE PRECISION,
ADD COLUMN     "longitude" DOUBLE PRECISION;

-- CreateIndex
CREATE INDEX "venue_latitude_longitude_idx" ON "venue"("latitude", "longitude");

-- Both or neither, and on the globe.
ALTER TABLE "venue" ADD CONSTRAINT "venue_coordinates_check" CHECK (
  ("latitude" IS NULL) = ("longitude" IS NULL)
  AND ("latitude" IS NULL OR ("latitude" BETWEEN -90 AND 90 AND "longitude" BETWEEN -180 AND 180))
);
