-- CreateTable
CREATE TABLE "checkout_session" (
    "id" TEXT NOT NULL,
    "reservation_id" INTEGER NOT NULL,
    "user_id" INTEGER NOT NULL,
    "event_id" INTEGER NOT NULL,
    "expires_datetime" TIMESTAMPTZ(3) NOT NULL,
    "create_datetime" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "checked_datetime" TIMESTAMPTZ(3),
    "closed_datetime" TIMESTAMPTZ(3),

    CONSTRAINT "checkout_session_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "checkout_session_closed_datetime_create_datetime_idx" ON "checkout_session"("closed_datetime", "create_datetime");
