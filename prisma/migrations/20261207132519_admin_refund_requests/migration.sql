-- CreateTable
CREATE TABLE "order_refund_request" (
    "refund_request_id" SERIAL NOT NULL,
    "payment_id" INTEGER NOT NULL,
    "idempotency_key" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "amount" DECIMAL(12,2) NOT NULL,
    "order_item_ids" INTEGER[],
    "reason" TEXT NOT NULL,
    "actor_user_id" INTEGER,
    "stripe_refund_id" TEXT,
    "create_datetime" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "order_refund_request_pkey" PRIMARY KEY ("refund_request_id")
);

-- CreateIndex
CREATE UNIQUE INDEX "order_refund_request_payment_id_idempotency_key_key" ON "order_refund_request"("payment_id", "idempotency_key");

-- AddForeignKey
ALTER TABLE "order_refund_request" ADD CONSTRAINT "order_refund_request_payment_id_fkey" FOREIGN KEY ("payment_id") REFERENCES "payment"("payment_id") ON DELETE CASCADE ON UPDATE CASCADE;

-- What Prisma cannot express: the two kinds, a positive amount, and the owed "amount" requests that
-- reconciliation looks for on every run (few rows: an index of only those).
ALTER TABLE "order_refund_request" ADD CONSTRAINT "order_refund_request_kind_check" CHECK ("kind" IN ('items', 'amount'));
ALTER TABLE "order_refund_request" ADD CONSTRAINT "order_refund_request_amount_check" CHECK ("amount" > 0);
CREATE INDEX "order_refund_request_owed_idx" ON "order_refund_request"("payment_id") WHERE "kind" = 'amount' AND "stripe_refund_id" IS NULL;
