-- Event publication (drafts) and the background cancellation of events with sales.
--
-- published_datetime: null is a draft. The default (now(), a stable function, so PostgreSQL stores it
-- once in the catalogue and does not rewrite the table) makes every EXISTING event published, and
-- keeps events inserted by the seed, the factories or raw SQL public; the dashboard's createEvent
-- writes null explicitly.
-- AlterTable
ALTER TABLE "event" ADD COLUMN     "published_datetime" TIMESTAMPTZ(3) DEFAULT CURRENT_TIMESTAMP;

-- CreateTable
CREATE TABLE "event_cancellation" (
    "event_id" INTEGER NOT NULL,
    "requested_by" INTEGER,
    "reason" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'running',
    "create_datetime" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finished_datetime" TIMESTAMPTZ(3),
    "last_error" TEXT,

    CONSTRAINT "event_cancellation_pkey" PRIMARY KEY ("event_id")
);

-- CreateTable
CREATE TABLE "event_cancellation_order" (
    "event_id" INTEGER NOT NULL,
    "payment_id" INTEGER NOT NULL,
    "user_id" INTEGER NOT NULL,
    "state" TEXT NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "claimed_until" TIMESTAMPTZ(3),
    "stripe_refund_id" TEXT,
    "last_error" TEXT,
    "update_datetime" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "event_cancellation_order_pkey" PRIMARY KEY ("event_id","payment_id")
);

-- CreateTable
CREATE TABLE "event_cancellation_notice" (
    "event_id" INTEGER NOT NULL,
    "user_id" INTEGER NOT NULL,
    "kind" TEXT NOT NULL DEFAULT 'event_cancelled',
    "create_datetime" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "delivered_datetime" TIMESTAMPTZ(3),

    CONSTRAINT "event_cancellation_notice_pkey" PRIMARY KEY ("event_id","user_id","kind")
);

-- CreateIndex
CREATE INDEX "event_cancellation_order_event_id_state_idx" ON "event_cancellation_order"("event_id", "state");

-- AddForeignKey
ALTER TABLE "event_cancellation" ADD CONSTRAINT "event_cancellation_event_id_fkey" FOREIGN KEY ("event_id") REFERENCES "event"("event_id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "event_cancellation_order" ADD CONSTRAINT "event_cancellation_order_event_id_fkey" FOREIGN KEY ("event_id") REFERENCES "event_cancellation"("event_id") ON DELETE CASCADE ON UPDATE CASCADE;

-- The job states the code knows.
ALTER TABLE "event_cancellation" ADD CONSTRAINT "event_cancellation_status_check" CHECK ("status" IN ('running', 'done'));
ALTER TABLE "event_cancellation_order" ADD CONSTRAINT "event_cancellation_order_state_check" CHECK ("state" IN ('pending', 'refunded'));
