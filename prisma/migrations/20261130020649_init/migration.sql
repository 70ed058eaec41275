-- CreateEnum
CREATE TYPE "user_role" AS ENUM ('buyer', 'venue_admin', 'admin');

-- CreateEnum
CREATE TYPE "ticket_status" AS ENUM ('available', 'reserved', 'confirmed', 'expired', 'cancelled', 'refunded');

-- CreateEnum
CREATE TYPE "reservation_status" AS ENUM ('active', 'confirmed', 'released', 'expired');

-- CreateEnum
CREATE TYPE "payment_status" AS ENUM ('pending', 'approved', 'failed', 'refunded');

-- CreateEnum
CREATE TYPE "event_status" AS ENUM ('scheduled', 'cancelled', 'postponed');

-- CreateEnum
CREATE TYPE "section_kind" AS ENUM ('seated', 'general_admission');

-- CreateTable
CREATE TABLE "users" (
    "user_id" SERIAL NOT NULL,
    "username" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "phone" TEXT,
    "address" TEXT,
    "role" "user_role" NOT NULL DEFAULT 'buyer',
    "password_hash" TEXT,
    "create_datetime" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "update_datetime" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "users_pkey" PRIMARY KEY ("user_id")
);

-- CreateTable
CREATE TABLE "event_type" (
    "type_id" SERIAL NOT NULL,
    "type" TEXT NOT NULL,
    "description" TEXT NOT NULL,
    "create_datetime" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "event_type_pkey" PRIMARY KEY ("type_id")
);

-- CreateTable
CREATE TABLE "venue" (
    "venue_id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "location" TEXT NOT NULL,
    "capacity" INTEGER NOT NULL,
    "address" TEXT NOT NULL,
    "phone" TEXT,
    "timezone" TEXT NOT NULL DEFAULT 'UTC',
    "chart" JSONB NOT NULL,
    "chart_version" INTEGER NOT NULL DEFAULT 1,
    "create_datetime" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "venue_pkey" PRIMARY KEY ("venue_id")
);

-- CreateTable
CREATE TABLE "section" (
    "section_id" SERIAL NOT NULL,
    "venue_id" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "label" TEXT NOT NULL,
    "kind" "section_kind" NOT NULL DEFAULT 'seated',
    "label_x" DOUBLE PRECISION NOT NULL,
    "label_y" DOUBLE PRECISION NOT NULL,
    "outline" TEXT,
    "sort_order" INTEGER NOT NULL DEFAULT 0,
    "create_datetime" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "section_pkey" PRIMARY KEY ("section_id")
);

-- CreateTable
CREATE TABLE "seat" (
    "seat_id" SERIAL NOT NULL,
    "venue_id" INTEGER NOT NULL,
    "section_id" INTEGER NOT NULL,
    "row" TEXT NOT NULL,
    "row_index" INTEGER NOT NULL,
    "number" INTEGER NOT NULL,
    "x" DOUBLE PRECISION NOT NULL,
    "y" DOUBLE PRECISION NOT NULL,

    CONSTRAINT "seat_pkey" PRIMARY KEY ("seat_id")
);

-- CreateTable
CREATE TABLE "class" (
    "class_id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL,
    "color" TEXT NOT NULL DEFAULT '#2563eb',
    "create_datetime" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "class_pkey" PRIMARY KEY ("class_id")
);

-- CreateTable
CREATE TABLE "performer" (
    "performer_id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "create_datetime" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "performer_pkey" PRIMARY KEY ("performer_id")
);

-- CreateTable
CREATE TABLE "event" (
    "event_id" SERIAL NOT NULL,
    "title" TEXT NOT NULL,
    "datetime" TIMESTAMPTZ(3) NOT NULL,
    "type_id" INTEGER NOT NULL,
    "venue_id" INTEGER NOT NULL,
    "location" TEXT NOT NULL,
    "description" TEXT NOT NULL,
    "total_ticket_count" INTEGER NOT NULL,
    "image_path" TEXT,
    "status" "event_status" NOT NULL DEFAULT 'scheduled',
    "currency" CHAR(3) NOT NULL DEFAULT 'USD',
    "hold_seconds" INTEGER NOT NULL DEFAULT 1800,
    "max_tickets_per_order" INTEGER NOT NULL DEFAULT 8,
    "onsale_datetime" TIMESTAMPTZ(3),
    "offsale_datetime" TIMESTAMPTZ(3),
    "create_datetime" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "event_pkey" PRIMARY KEY ("event_id")
);

-- CreateTable
CREATE TABLE "event_performer" (
    "event_id" INTEGER NOT NULL,
    "performer_id" INTEGER NOT NULL,
    "billing" INTEGER NOT NULL DEFAULT 0,
    "create_datetime" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "event_performer_pkey" PRIMARY KEY ("event_id","performer_id")
);

-- CreateTable
CREATE TABLE "reservation" (
    "reservation_id" SERIAL NOT NULL,
    "user_id" INTEGER NOT NULL,
    "event_id" INTEGER NOT NULL,
    "status" "reservation_status" NOT NULL DEFAULT 'active',
    "expire_datetime" TIMESTAMPTZ(3) NOT NULL,
    "create_datetime" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "update_datetime" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "reservation_pkey" PRIMARY KEY ("reservation_id")
);

-- CreateTable
CREATE TABLE "ticket" (
    "ticket_id" SERIAL NOT NULL,
    "event_id" INTEGER NOT NULL,
    "seat_id" INTEGER NOT NULL,
    "seat" TEXT NOT NULL,
    "class_id" INTEGER NOT NULL,
    "currency" CHAR(3) NOT NULL,
    "price" DECIMAL(12,2) NOT NULL,
    "status" "ticket_status" NOT NULL DEFAULT 'available',
    "status_update_datetime" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "user_id" INTEGER,
    "payment_id" INTEGER,
    "reservation_id" INTEGER,
    "hold_expire_datetime" TIMESTAMPTZ(3),
    "create_datetime" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ticket_pkey" PRIMARY KEY ("ticket_id")
);

-- CreateTable
CREATE TABLE "payment" (
    "payment_id" SERIAL NOT NULL,
    "user_id" INTEGER NOT NULL,
    "reservation_id" INTEGER,
    "method" TEXT NOT NULL,
    "currency" CHAR(3) NOT NULL,
    "price" DECIMAL(12,2) NOT NULL,
    "status" "payment_status" NOT NULL DEFAULT 'pending',
    "payment_datetime" TIMESTAMPTZ(3),
    "transaction_id" TEXT NOT NULL,
    "create_datetime" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "payment_pkey" PRIMARY KEY ("payment_id")
);

-- CreateIndex
CREATE UNIQUE INDEX "users_username_key" ON "users"("username");

-- CreateIndex
CREATE UNIQUE INDEX "users_email_key" ON "users"("email");

-- CreateIndex
CREATE UNIQUE INDEX "event_type_type_key" ON "event_type"("type");

-- CreateIndex
CREATE INDEX "venue_location_idx" ON "venue"("location");

-- CreateIndex
CREATE UNIQUE INDEX "section_venue_id_name_key" ON "section"("venue_id", "name");

-- CreateIndex
CREATE INDEX "seat_venue_id_idx" ON "seat"("venue_id");

-- CreateIndex
CREATE UNIQUE INDEX "seat_section_id_row_number_key" ON "seat"("section_id", "row", "number");

-- CreateIndex
CREATE UNIQUE INDEX "class_name_key" ON "class"("name");

-- CreateIndex
CREATE UNIQUE INDEX "performer_name_key" ON "performer"("name");

-- CreateIndex
CREATE INDEX "event_datetime_idx" ON "event"("datetime");

-- CreateIndex
CREATE INDEX "event_type_id_datetime_idx" ON "event"("type_id", "datetime");

-- CreateIndex
CREATE INDEX "event_location_datetime_idx" ON "event"("location", "datetime");

-- CreateIndex
CREATE INDEX "event_venue_id_idx" ON "event"("venue_id");

-- CreateIndex
CREATE INDEX "event_performer_performer_id_idx" ON "event_performer"("performer_id");

-- CreateIndex
CREATE INDEX "reservation_user_id_status_idx" ON "reservation"("user_id", "status");

-- CreateIndex
CREATE INDEX "reservation_status_expire_datetime_idx" ON "reservation"("status", "expire_datetime");

-- CreateIndex
CREATE INDEX "reservation_event_id_status_idx" ON "reservation"("event_id", "status");

-- CreateIndex
CREATE INDEX "ticket_event_id_status_idx" ON "ticket"("event_id", "status");

-- CreateIndex
CREATE INDEX "ticket_reservation_id_idx" ON "ticket"("reservation_id");

-- CreateIndex
CREATE INDEX "ticket_user_id_idx" ON "ticket"("user_id");

-- CreateIndex
CREATE INDEX "ticket_status_hold_expire_datetime_idx" ON "ticket"("status", "hold_expire_datetime");

-- CreateIndex
CREATE UNIQUE INDEX "ticket_event_id_seat_id_key" ON "ticket"("event_id", "seat_id");

-- CreateIndex
CREATE UNIQUE INDEX "payment_transaction_id_key" ON "payment"("transaction_id");

-- CreateIndex
CREATE INDEX "payment_user_id_idx" ON "payment"("user_id");

-- CreateIndex
CREATE INDEX "payment_reservation_id_idx" ON "payment"("reservation_id");

-- AddForeignKey
ALTER TABLE "section" ADD CONSTRAINT "section_venue_id_fkey" FOREIGN KEY ("venue_id") REFERENCES "venue"("venue_id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "seat" ADD CONSTRAINT "seat_venue_id_fkey" FOREIGN KEY ("venue_id") REFERENCES "venue"("venue_id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "seat" ADD CONSTRAINT "seat_section_id_fkey" FOREIGN KEY ("section_id") REFERENCES "section"("section_id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "event" ADD CONSTRAINT "event_type_id_fkey" FOREIGN KEY ("type_id") REFERENCES "event_type"("type_id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "event" ADD CONSTRAINT "event_venue_id_fkey" FOREIGN KEY ("venue_id") REFERENCES "venue"("venue_id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "event_performer" ADD CONSTRAINT "event_performer_event_id_fkey" FOREIGN KEY ("event_id") REFERENCES "event"("event_id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "event_performer" ADD CONSTRAINT "event_performer_performer_id_fkey" FOREIGN KEY ("performer_id") REFERENCES "performer"("performer_id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "reservation" ADD CONSTRAINT "reservation_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("user_id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "reservation" ADD CONSTRAINT "reservation_event_id_fkey" FOREIGN KEY ("event_id") REFERENCES "event"("event_id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ticket" ADD CONSTRAINT "ticket_event_id_fkey" FOREIGN KEY ("event_id") REFERENCES "event"("event_id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ticket" ADD CONSTRAINT "ticket_seat_id_fkey" FOREIGN KEY ("seat_id") REFERENCES "seat"("seat_id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ticket" ADD CONSTRAINT "ticket_class_id_fkey" FOREIGN KEY ("class_id") REFERENCES "class"("class_id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ticket" ADD CONSTRAINT "ticket_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("user_id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ticket" ADD CONSTRAINT "ticket_payment_id_fkey" FOREIGN KEY ("payment_id") REFERENCES "payment"("payment_id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ticket" ADD CONSTRAINT "ticket_reservation_id_fkey" FOREIGN KEY ("reservation_id") REFERENCES "reservation"("reservation_id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "payment" ADD CONSTRAINT "payment_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("user_id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "payment" ADD CONSTRAINT "payment_reservation_id_fkey" FOREIGN KEY ("reservation_id") REFERENCES "reservation"("reservation_id") ON DELETE SET NULL ON UPDATE CASCADE;
