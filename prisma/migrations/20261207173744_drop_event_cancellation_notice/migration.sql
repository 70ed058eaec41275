-- DropTable
DROP TABLE "event_cancellation_notice";
