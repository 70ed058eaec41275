-- AlterTable
ALTER TABLE "event" ADD COLUMN     "queue_prequeue_opens_datetime" TIMESTAMPTZ(3);
