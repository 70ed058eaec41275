-- CreateTable
CREATE TABLE "venue_admin" (
    "user_id" INTEGER NOT NULL,
    "venue_id" INTEGER NOT NULL,
    "create_datetime" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "venue_admin_pkey" PRIMARY KEY ("user_id","venue_id")
);

-- CreateIndex
CREATE INDEX "venue_admin_venue_id_idx" ON "venue_admin"("venue_id");

-- AddForeignKey
ALTER TABLE "venue_admin" ADD CONSTRAINT "venue_admin_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("user_id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "venue_admin" ADD CONSTRAINT "venue_admin_venue_id_fkey" FOREIGN KEY ("venue_id") REFERENCES "venue"("venue_id") ON DELETE CASCADE ON UPDATE CASCADE;
