-- CreateTable
CREATE TABLE "reserve_guard" (
    "user_id" INTEGER NOT NULL,
    "event_id" INTEGER NOT NULL,
    "version" BIGINT NOT NULL DEFAULT 1,

    CONSTRAINT "reserve_guard_pkey" PRIMARY KEY ("user_id","event_id")
);

-- CreateIndex
CREATE INDEX "reserve_guard_event_id_idx" ON "reserve_guard"("event_id");

-- AddForeignKey
ALTER TABLE "reserve_guard" ADD CONSTRAINT "reserve_guard_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("user_id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "reserve_guard" ADD CONSTRAINT "reserve_guard_event_id_fkey" FOREIGN KEY ("event_id") REFERENCES "event"("event_id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Aborts the statement that calls it (and so undoes everything that statement wrote), with a message
-- the application parses: "openseat_abort:<code>:<detail>". The reserve statement calls it when the
-- conditional UPDATE took fewer seats than asked (lib/inventory/reserve-tickets.ts).
CREATE FUNCTION openseat_abort(code text, detail text) RETURNS integer
LANGUAGE plpgsql VOLATILE AS $$
BEGIN
  RAISE EXCEPTION 'openseat_abort:%:%', code, detail USING ERRCODE = 'P0001';
END
$$;
