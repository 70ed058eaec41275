-- CreateTable
CREATE TABLE "push_subscription" (
    "push_subscription_id" SERIAL NOT NULL,
    "user_id" INTEGER NOT NULL,
    "endpoint" TEXT NOT NULL,
    "p256dh" TEXT NOT NULL,
    "auth" TEXT NOT NULL,
    "user_agent" TEXT,
    "create_datetime" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_sent_datetime" TIMESTAMPTZ(3),

    CONSTRAINT "push_subscription_pkey" PRIMARY KEY ("push_subscription_id")
);

-- CreateTable
CREATE TABLE "queue_turn_alert" (
    "event_id" INTEGER NOT NULL,
    "user_id" INTEGER NOT NULL,
    "notified_position" INTEGER,
    "create_datetime" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "queue_turn_alert_pkey" PRIMARY KEY ("event_id","user_id")
);

-- CreateTable
CREATE TABLE "hold_expiry_notice" (
    "reservation_id" INTEGER NOT NULL,
    "create_datetime" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "hold_expiry_notice_pkey" PRIMARY KEY ("reservation_id")
);

-- CreateIndex
CREATE UNIQUE INDEX "push_subscription_endpoint_key" ON "push_subscription"("endpoint");

-- CreateIndex
CREATE INDEX "push_subscription_user_id_idx" ON "push_subscription"("user_id");

-- CreateIndex
CREATE INDEX "queue_turn_alert_event_id_notified_position_idx" ON "queue_turn_alert"("event_id", "notified_position");

-- CreateIndex
CREATE INDEX "hold_expiry_notice_create_datetime_idx" ON "hold_expiry_notice"("create_datetime");

-- AddForeignKey
ALTER TABLE "push_subscription" ADD CONSTRAINT "push_subscription_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("user_id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "queue_turn_alert" ADD CONSTRAINT "queue_turn_alert_event_id_fkey" FOREIGN KEY ("event_id") REFERENCES "event"("event_id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "queue_turn_alert" ADD CONSTRAINT "queue_turn_alert_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("user_id") ON DELETE CASCADE ON UPDATE CASCADE;
