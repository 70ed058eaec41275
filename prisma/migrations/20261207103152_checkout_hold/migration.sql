-- AlterTable
ALTER TABLE "ticket" ADD COLUMN     "checkout_hold_until" TIMESTAMPTZ(3);
