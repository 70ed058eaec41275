-- CreateEnum
CREATE TYPE "order_item_status" AS ENUM ('issued', 'cancelled', 'refunded');

-- AlterEnum
ALTER TYPE "payment_status" ADD VALUE 'partially_refunded';

-- AlterTable
ALTER TABLE "event" ADD COLUMN     "refund_cutoff_hours" INTEGER DEFAULT 24,
ADD COLUMN     "service_fee" DECIMAL(12,2) NOT NULL DEFAULT 0;

-- AlterTable
ALTER TABLE "payment" ADD COLUMN     "checkout_session_id" TEXT,
ADD COLUMN     "event_id" INTEGER,
ADD COLUMN     "fee_amount" DECIMAL(12,2) NOT NULL DEFAULT 0,
ADD COLUMN     "note" TEXT,
ADD COLUMN     "refunded_amount" DECIMAL(12,2) NOT NULL DEFAULT 0,
ADD COLUMN     "update_datetime" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP;

-- AlterTable
ALTER TABLE "reservation" ADD COLUMN     "checkout_session_id" TEXT;

-- CreateTable
CREATE TABLE "order_item" (
    "order_item_id" SERIAL NOT NULL,
    "payment_id" INTEGER NOT NULL,
    "ticket_id" INTEGER NOT NULL,
    "event_id" INTEGER NOT NULL,
    "user_id" INTEGER NOT NULL,
    "seat" TEXT NOT NULL,
    "class_name" TEXT NOT NULL,
    "price" DECIMAL(12,2) NOT NULL,
    "fee" DECIMAL(12,2) NOT NULL DEFAULT 0,
    "currency" CHAR(3) NOT NULL,
    "status" "order_item_status" NOT NULL DEFAULT 'issued',
    "token_secret" TEXT NOT NULL,
    "checked_in_datetime" TIMESTAMPTZ(3),
    "checked_in_by" INTEGER,
    "cancel_reason" TEXT,
    "cancel_datetime" TIMESTAMPTZ(3),
    "stripe_refund_id" TEXT,
    "create_datetime" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "order_item_pkey" PRIMARY KEY ("order_item_id")
);

-- CreateTable
CREATE TABLE "refund" (
    "refund_id" SERIAL NOT NULL,
    "payment_id" INTEGER NOT NULL,
    "stripe_refund_id" TEXT NOT NULL,
    "amount" DECIMAL(12,2) NOT NULL,
    "currency" CHAR(3) NOT NULL,
    "reason" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "create_datetime" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "refund_pkey" PRIMARY KEY ("refund_id")
);

-- CreateTable
CREATE TABLE "webhook_event" (
    "id" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "received_datetime" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "processed_datetime" TIMESTAMPTZ(3),
    "attempts" INTEGER NOT NULL DEFAULT 1,
    "last_error" TEXT,

    CONSTRAINT "webhook_event_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "order_item_token_secret_key" ON "order_item"("token_secret");

-- CreateIndex
CREATE INDEX "order_item_user_id_event_id_idx" ON "order_item"("user_id", "event_id");

-- CreateIndex
CREATE INDEX "order_item_ticket_id_idx" ON "order_item"("ticket_id");

-- CreateIndex
CREATE UNIQUE INDEX "order_item_payment_id_ticket_id_key" ON "order_item"("payment_id", "ticket_id");

-- CreateIndex
CREATE UNIQUE INDEX "refund_stripe_refund_id_key" ON "refund"("stripe_refund_id");

-- CreateIndex
CREATE INDEX "refund_payment_id_idx" ON "refund"("payment_id");

-- CreateIndex
CREATE UNIQUE INDEX "payment_checkout_session_id_key" ON "payment"("checkout_session_id");

-- CreateIndex
CREATE INDEX "payment_status_payment_datetime_idx" ON "payment"("status", "payment_datetime");

-- CreateIndex
CREATE UNIQUE INDEX "reservation_checkout_session_id_key" ON "reservation"("checkout_session_id");

-- AddForeignKey
ALTER TABLE "order_item" ADD CONSTRAINT "order_item_payment_id_fkey" FOREIGN KEY ("payment_id") REFERENCES "payment"("payment_id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "order_item" ADD CONSTRAINT "order_item_event_id_fkey" FOREIGN KEY ("event_id") REFERENCES "event"("event_id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "order_item" ADD CONSTRAINT "order_item_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("user_id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "refund" ADD CONSTRAINT "refund_payment_id_fkey" FOREIGN KEY ("payment_id") REFERENCES "payment"("payment_id") ON DELETE CASCADE ON UPDATE CASCADE;
