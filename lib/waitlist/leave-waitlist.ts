// Leaving the waitlist: a waiting entry leaves the line; an entry with an open offer declines it
// first (the seats go to the next fitting entry at once).
import { getDb } from "@/lib/db";
import { AppError } from "@/lib/errors/app-error";
import { declineWaitlistOffer, type DeclineInput } from "./decline-waitlist-offer";
import { getWaitlistStatus, type WaitlistStatus } from "./get-waitlist-status";
import { lockWaitlist } from "./offer-engine";

export async function leaveWaitlist(input: DeclineInput): Promise<WaitlistStatus> {
  const { userId, eventId } = input;
  const db = getDb();
  const entry = await db.waitlistEntry.findFirst({ where: { userId, eventId, status: { in: ["waiting", "offered"] } }, select: { id: true, status: true } });
  if (!entry) throw new AppError("not_found", "You are not on this event's waitlist");
  if (entry.status === "offered") {
    await declineWaitlistOffer(input).catch((e: unknown) => {
      // An offer that lapsed meanwhile leaves nothing to decline; the entry is settled already.
      if (!(e instanceof AppError && e.code === "no_open_offer")) throw e;
    });
  }
  await db.$transaction(async (tx) => {
    await lockWaitlist(tx, eventId);
    await tx.$executeRaw`UPDATE waitlist_entry SET status = 'left', update_datetime = now() WHERE waitlist_entry_id = ${entry.id} AND status = 'waiting'`;
  });
  return getWaitlistStatus({ userId, eventId });
}
