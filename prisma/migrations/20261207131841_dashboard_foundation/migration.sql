-- AlterEnum
ALTER TYPE "user_role" ADD VALUE 'door_staff';

-- CreateTable
CREATE TABLE "venue_door_staff" (
    "user_id" INTEGER NOT NULL,
    "venue_id" INTEGER NOT NULL,
    "create_datetime" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "venue_door_staff_pkey" PRIMARY KEY ("user_id","venue_id")
);

-- CreateTable
CREATE TABLE "audit_log" (
    "audit_id" BIGSERIAL NOT NULL,
    "actor_user_id" INTEGER,
    "venue_id" INTEGER,
    "event_id" INTEGER,
    "action" TEXT NOT NULL,
    "target_type" TEXT NOT NULL,
    "target_id" TEXT NOT NULL,
    "before" JSONB,
    "after" JSONB,
    "create_datetime" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "audit_log_pkey" PRIMARY KEY ("audit_id")
);

-- CreateIndex
CREATE INDEX "venue_door_staff_venue_id_idx" ON "venue_door_staff"("venue_id");

-- CreateIndex
CREATE INDEX "audit_log_event_id_create_datetime_idx" ON "audit_log"("event_id", "create_datetime");

-- CreateIndex
CREATE INDEX "audit_log_venue_id_create_datetime_idx" ON "audit_log"("venue_id", "create_datetime");

-- AddForeignKey
ALTER TABLE "venue_door_staff" ADD CONSTRAINT "venue_door_staff_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("user_id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "venue_door_staff" ADD CONSTRAINT "venue_door_staff_venue_id_fkey" FOREIGN KEY ("venue_id") REFERENCES "venue"("venue_id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "audit_log" ADD CONSTRAINT "audit_log_actor_user_id_fkey" FOREIGN KEY ("actor_user_id") REFERENCES "users"("user_id") ON DELETE SET NULL ON UPDATE CASCADE;
