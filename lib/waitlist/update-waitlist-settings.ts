// An event's waitlist settings, for its organizer (a venue admin of its venue, or an admin): the offer
// window (how long an offer holds its seats, 10 s to 24 h) and the priority (freed seats go to
// fitting entries before the public). A shorter window applies to offers made from now on.
import type { Caller } from "@/lib/auth/get-caller";
import { requireEventManager } from "@/lib/admin/access";
import { getDb } from "@/lib/db";

export type WaitlistSettings = { event_id: string; offer_seconds: number; priority: boolean };

export async function updateWaitlistSettings({ caller, eventId, offerSeconds, priority }: { caller: Caller; eventId: number; offerSeconds?: number; priority?: boolean }): Promise<WaitlistSettings> {
  const db = getDb();
  await requireEventManager(caller, eventId);
  const updated = await db.event.update({
    where: { id: eventId },
    data: { ...(offerSeconds !== undefined ? { waitlistOfferSeconds: offerSeconds } : {}), ...(priority !== undefined ? { waitlistPriority: priority } : {}) },
    select: { waitlistOfferSeconds: true, waitlistPriority: true },
  });
  return { event_id: String(eventId), offer_seconds: updated.waitlistOfferSeconds, priority: updated.waitlistPriority };
}
