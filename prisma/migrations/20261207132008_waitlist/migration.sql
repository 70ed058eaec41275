-- CreateEnum
CREATE TYPE "waitlist_entry_status" AS ENUM ('waiting', 'offered', 'converted', 'left', 'expired');

-- CreateEnum
CREATE TYPE "waitlist_offer_status" AS ENUM ('offered', 'accepted', 'declined', 'lapsed');

-- AlterTable
ALTER TABLE "event" ADD COLUMN     "waitlist_offer_seconds" INTEGER NOT NULL DEFAULT 900,
ADD COLUMN     "waitlist_priority" BOOLEAN NOT NULL DEFAULT true;

-- CreateTable
CREATE TABLE "waitlist_entry" (
    "waitlist_entry_id" SERIAL NOT NULL,
    "event_id" INTEGER NOT NULL,
    "user_id" INTEGER NOT NULL,
    "party_size" INTEGER NOT NULL,
    "class_ids" INTEGER[] DEFAULT ARRAY[]::INTEGER[],
    "together" BOOLEAN NOT NULL DEFAULT false,
    "status" "waitlist_entry_status" NOT NULL DEFAULT 'waiting',
    "create_datetime" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "update_datetime" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "waitlist_entry_pkey" PRIMARY KEY ("waitlist_entry_id")
);

-- CreateTable
CREATE TABLE "waitlist_offer" (
    "waitlist_offer_id" SERIAL NOT NULL,
    "waitlist_entry_id" INTEGER NOT NULL,
    "event_id" INTEGER NOT NULL,
    "user_id" INTEGER NOT NULL,
    "reservation_id" INTEGER NOT NULL,
    "ticket_ids" INTEGER[],
    "status" "waitlist_offer_status" NOT NULL DEFAULT 'offered',
    "expire_datetime" TIMESTAMPTZ(3) NOT NULL,
    "seats_freed_datetime" TIMESTAMPTZ(3) NOT NULL,
    "create_datetime" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "decided_datetime" TIMESTAMPTZ(3),

    CONSTRAINT "waitlist_offer_pkey" PRIMARY KEY ("waitlist_offer_id")
);

-- CreateIndex
CREATE INDEX "waitlist_entry_event_id_status_waitlist_entry_id_idx" ON "waitlist_entry"("event_id", "status", "waitlist_entry_id");

-- CreateIndex
CREATE INDEX "waitlist_entry_user_id_idx" ON "waitlist_entry"("user_id");

-- CreateIndex
CREATE UNIQUE INDEX "waitlist_offer_reservation_id_key" ON "waitlist_offer"("reservation_id");

-- CreateIndex
CREATE INDEX "waitlist_offer_event_id_status_idx" ON "waitlist_offer"("event_id", "status");

-- CreateIndex
CREATE INDEX "waitlist_offer_waitlist_entry_id_idx" ON "waitlist_offer"("waitlist_entry_id");

-- AddForeignKey
ALTER TABLE "waitlist_entry" ADD CONSTRAINT "waitlist_entry_event_id_fkey" FOREIGN KEY ("event_id") REFERENCES "event"("event_id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "waitlist_entry" ADD CONSTRAINT "waitlist_entry_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("user_id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "waitlist_offer" ADD CONSTRAINT "waitlist_offer_waitlist_entry_id_fkey" FOREIGN KEY ("waitlist_entry_id") REFERENCES "waitlist_entry"("waitlist_entry_id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "waitlist_offer" ADD CONSTRAINT "waitlist_offer_reservation_id_fkey" FOREIGN KEY ("reservation_id") REFERENCES "reservation"("reservation_id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Not expressible in the Prisma schema: one live entry (waiting or offered) per account and event,
-- which also makes two concurrent joins of one fan end in one entry (the loser gets a unique violation).
CREATE UNIQUE INDEX "waitlist_entry_one_live_per_user" ON "waitlist_entry"("event_id", "user_id") WHERE "status" IN ('waiting', 'offered');

-- At most one open offer per entry.
CREATE UNIQUE INDEX "waitlist_offer_one_open_per_entry" ON "waitlist_offer"("waitlist_entry_id") WHERE "status" = 'offered';

ALTER TABLE "waitlist_entry" ADD CONSTRAINT "waitlist_entry_party_size_check" CHECK ("party_size" >= 1);
ALTER TABLE "event" ADD CONSTRAINT "event_waitlist_offer_seconds_check" CHECK ("waitlist_offer_seconds" >= 10);
