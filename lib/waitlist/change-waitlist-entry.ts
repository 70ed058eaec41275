// Changing a waiting entry (party size, classes, together) keeps its place in line: the line is
// created order, and a fan who widens or narrows their wish is still the same fan who came first.
// An entry with an open offer cannot change (decline the offer first): the offer was made for the
// old wish. Under the event's engine lock, so the engine never walks an entry half-changed.
import { getDb } from "@/lib/db";
import { AppError } from "@/lib/errors/app-error";
import { getWaitlistStatus, type WaitlistStatus } from "./get-waitlist-status";
import { assertWishFits } from "./join-waitlist";
import { lockWaitlist, runWaitlistEngine } from "./offer-engine";

export type WaitlistChange = { partySize?: number; classIds?: number[]; together?: boolean };

export async function changeWaitlistEntry({ userId, eventId, change }: { userId: number; eventId: number; change: WaitlistChange }): Promise<WaitlistStatus> {
  const db = getDb();
  const event = await db.event.findUnique({ where: { id: eventId }, select: { maxTicketsPerOrder: true } });
  if (!event) throw new AppError("not_found", `Event ${eventId} was not found`);
  await db.$transaction(async (tx) => {
    await lockWaitlist(tx, eventId);
    const entry = await tx.waitlistEntry.findFirst({ where: { userId, eventId, status: { in: ["waiting", "offered"] } } });
    if (!entry) throw new AppError("not_found", "You are not on this event's waitlist");
    if (entry.status === "offered") throw new AppError("waitlist_offer_open", "You have an open offer for this event: decline it before changing your entry");
    const wish = { partySize: change.partySize ?? entry.partySize, classIds: change.classIds ?? entry.classIds, together: change.together ?? entry.together };
    await assertWishFits(eventId, event.maxTicketsPerOrder, wish);
    await tx.waitlistEntry.update({ where: { id: entry.id }, data: { partySize: wish.partySize, classIds: wish.classIds, together: wish.together } });
  });
  // The new wish may fit seats that are free now.
  await runWaitlistEngine(eventId);
  return getWaitlistStatus({ userId, eventId });
}
