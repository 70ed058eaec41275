-- CreateTable
CREATE TABLE "queue_entry" (
    "event_id" INTEGER NOT NULL,
    "user_id" INTEGER NOT NULL,
    "position" INTEGER,
    "pre_queue" BOOLEAN NOT NULL,
    "joined_datetime" TIMESTAMPTZ(3) NOT NULL,
    "admitted_datetime" TIMESTAMPTZ(3),

    CONSTRAINT "queue_entry_pkey" PRIMARY KEY ("event_id","user_id")
);

-- CreateTable
CREATE TABLE "queue_frontier" (
    "event_id" INTEGER NOT NULL,
    "admitted_through" INTEGER NOT NULL,
    "last_position" INTEGER NOT NULL,
    "rate_per_minute" INTEGER NOT NULL,
    "recorded_datetime" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "queue_frontier_pkey" PRIMARY KEY ("event_id")
);

-- CreateIndex
CREATE INDEX "queue_entry_user_id_idx" ON "queue_entry"("user_id");

-- AddForeignKey
ALTER TABLE "queue_entry" ADD CONSTRAINT "queue_entry_event_id_fkey" FOREIGN KEY ("event_id") REFERENCES "event"("event_id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "queue_entry" ADD CONSTRAINT "queue_entry_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("user_id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "queue_frontier" ADD CONSTRAINT "queue_frontier_event_id_fkey" FOREIGN KEY ("event_id") REFERENCES "event"("event_id") ON DELETE CASCADE ON UPDATE CASCADE;
