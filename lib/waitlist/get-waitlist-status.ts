// What a fan sees of an event's waitlist: their entry (the live one, else their latest, so a fan
// learns that an offer lapsed or was bought), their place in line, and an open offer's seats and
// window. Places count only live entries ahead (waiting or offered), in created order.
import { getDb, type PrismaTx } from "@/lib/db";
import { describeHold } from "@/lib/inventory/get-active-hold";
import type { ReserveResult } from "@/lib/inventory/types";

export type WaitlistEntryView = {
  entry_id: string;
  event_id: string;
  status: "waiting" | "offered" | "converted" | "left" | "expired";
  party_size: number;
  /** Empty: any class. */
  class_ids: string[];
  together: boolean;
  /** 1 = next in line; null when the entry is no longer live. */
  position: number | null;
  /** Live entries on the event's list. */
  list_length: number;
  joined_datetime: string;
};

export type WaitlistOfferView = {
  offer_id: string;
  status: "offered" | "accepted" | "declined" | "lapsed";
  expire_datetime: string;
  expire_in_seconds: number;
  /** The hold the offer is: pay for it through checkout as for any hold. */
  reservation_id: string;
  checkout_path: string;
  hold: ReserveResult | null;
};

export type WaitlistStatus = { entry: WaitlistEntryView | null; offer: WaitlistOfferView | null };

type Client = Pick<PrismaTx, "$queryRaw" | "reservation" | "waitlistEntry" | "waitlistOffer">;

export async function getWaitlistStatus({ userId, eventId, now = new Date() }: { userId: number; eventId: number; now?: Date }, db: Client = getDb()): Promise<WaitlistStatus> {
  const entry = await db.waitlistEntry.findFirst({ where: { userId, eventId }, orderBy: { id: "desc" } });
  if (!entry) return { entry: null, offer: null };
  const live = entry.status === "waiting" || entry.status === "offered";
  const [counts] = await db.$queryRaw<{ ahead: number; total: number }[]>`
    SELECT count(*) FILTER (WHERE waitlist_entry_id < ${entry.id})::int AS ahead, count(*)::int AS total
      FROM waitlist_entry WHERE event_id = ${eventId} AND status IN ('waiting', 'offered')`;
  const view: WaitlistEntryView = {
    entry_id: String(entry.id),
    event_id: String(eventId),
    status: entry.status,
    party_size: entry.partySize,
    class_ids: entry.classIds.map(String),
    together: entry.together,
    position: live ? (counts?.ahead ?? 0) + 1 : null,
    list_length: counts?.total ?? 0,
    joined_datetime: entry.createdAt.toISOString(),
  };
  const offer = await db.waitlistOffer.findFirst({ where: { entryId: entry.id }, orderBy: { id: "desc" } });
  if (!offer) return { entry: view, offer: null };
  const open = offer.status === "offered";
  const hold = open ? await describeHold(db, { id: offer.reservationId, expiresAt: offer.expiresAt }, eventId, now) : null;
  return {
    entry: view,
    offer: {
      offer_id: String(offer.id),
      status: offer.status,
      expire_datetime: offer.expiresAt.toISOString(),
      expire_in_seconds: open ? Math.max(0, Math.floor((offer.expiresAt.getTime() - now.getTime()) / 1000)) : 0,
      reservation_id: String(offer.reservationId),
      checkout_path: `/checkout/${offer.reservationId}`,
      hold: hold && hold.tickets.length > 0 ? hold : null,
    },
  };
}
