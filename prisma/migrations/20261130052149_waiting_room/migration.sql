-- AlterTable
ALTER TABLE "event" ADD COLUMN     "queue_admission_per_minute" INTEGER NOT NULL DEFAULT 600,
ADD COLUMN     "queue_enabled" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "queue_window_seconds" INTEGER NOT NULL DEFAULT 600;

-- CreateTable
CREATE TABLE "queue_draw" (
    "event_id" INTEGER NOT NULL,
    "seed" TEXT NOT NULL,
    "participants" INTEGER NOT NULL,
    "drawn_datetime" TIMESTAMPTZ(3) NOT NULL,
    "members_digest" TEXT NOT NULL,

    CONSTRAINT "queue_draw_pkey" PRIMARY KEY ("event_id")
);

-- AddForeignKey
ALTER TABLE "queue_draw" ADD CONSTRAINT "queue_draw_event_id_fkey" FOREIGN KEY ("event_id") REFERENCES "event"("event_id") ON DELETE CASCADE ON UPDATE CASCADE;
