// Seats of a lapsed hold (or a lapsed offer) belong to the waitlist first. Expiry is lazy
// (lib/inventory/ticket-availability.ts): a reserved seat whose hold has passed is free at once, before
// any sweeper has run, and without this rule the first public reserve after the lapse could take it
// while a fitting fan waits on the list. So, while an event has waitlist priority on and entries
// waiting, a public reserve may not take a seat that is still `reserved` under a passed hold: the
// sweeper's pass expires that hold and, in the same transaction, hands its seats to the fitting entries
// (handOffFreedSeats); only the seats no entry fits become `expired`, i.e. public. A seat that was
// properly released (`available`/`expired`) already went through the hand-off in its releasing
// transaction, so the rule applies to `reserved` rows only. The offer engine itself does not use it.
//
// The cost: such seats wait for the public up to one sweep interval (HOLD_SWEEP_INTERVAL_MS, 15 s),
// even when no entry fits them; the chart shows them free meanwhile and a reserve of them is refused
// like any seat taken a moment before.
import { Prisma } from "@/lib/generated/prisma/client";

/** SQL over a `ticket` row aliased `t`: a lapsed hold's seat kept back for the event's waitlist. */
export const withheldForWaitlistSql = Prisma.sql`(t.status = 'reserved' AND EXISTS (
  SELECT 1 FROM event wl_e WHERE wl_e.event_id = t.event_id AND wl_e.waitlist_priority
     AND EXISTS (SELECT 1 FROM waitlist_entry wl_w WHERE wl_w.event_id = t.event_id AND wl_w.status = 'waiting')))`;
