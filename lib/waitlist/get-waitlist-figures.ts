// An event's waitlist for its organizer: the list (live entries in line order, then the rest), the
// demand of the live entries by class and by party size, the offers made and how they ended, and
// the time from a seat coming back to its being sold again through an offer (p50, p90). Checked
// where the data is read: the caller must manage the event's venue (or be an admin).
import type { Caller } from "@/lib/auth/get-caller";
import { requireEventManager } from "@/lib/admin/access";
import { getDb } from "@/lib/db";
import { nudgeWaitlistEngine } from "./offer-engine";

export type WaitlistFigures = {
  event_id: string;
  entries: { entry_id: string; user_id: string; username: string; status: string; party_size: number; class_ids: string[]; together: boolean; position: number | null; joined_datetime: string }[];
  live_entries: number;
  seats_wanted: number;
  /** Seats wanted by live entries per accepted class; an entry that names several classes counts in each; "any" for entries that accept any class. */
  demand_by_class: { class_id: string | "any"; class_name: string; entries: number; seats: number }[];
  demand_by_party_size: { party_size: number; entries: number }[];
  offers: { made: number; open: number; accepted: number; declined: number; lapsed: number };
  /** From the offered seats' return to the offer's payment, over accepted offers. */
  freed_to_resold_seconds: { count: number; p50: number | null; p90: number | null };
};

const MAX_LISTED = 2000;

export async function getWaitlistFigures({ caller, eventId }: { caller: Caller; eventId: number }): Promise<WaitlistFigures> {
  const db = getDb();
  await requireEventManager(caller, eventId);
  // Offers paid, released or passed since the last engine run are counted as what they are now.
  await nudgeWaitlistEngine(eventId);

  const [entries, byClass, byParty, offers, resold] = await Promise.all([
    db.$queryRaw<{ waitlist_entry_id: number; user_id: number; username: string; status: string; party_size: number; class_ids: number[]; together: boolean; position: number | null; create_datetime: Date }[]>`
      SELECT w.waitlist_entry_id, w.user_id, u.username, w.status::text AS status, w.party_size, w.class_ids, w.together, w.create_datetime,
             CASE WHEN w.status IN ('waiting', 'offered')
                  THEN (row_number() OVER (PARTITION BY w.status IN ('waiting', 'offered') ORDER BY w.waitlist_entry_id))::int END AS position
        FROM waitlist_entry w JOIN users u ON u.user_id = w.user_id
       WHERE w.event_id = ${eventId}
       ORDER BY (w.status IN ('waiting', 'offered')) DESC, w.waitlist_entry_id
       LIMIT ${MAX_LISTED}`,
    db.$queryRaw<{ class_id: number | null; class_name: string | null; entries: number; seats: number }[]>`
      SELECT c.class_id, c.name AS class_name, count(*)::int AS entries, sum(w.party_size)::int AS seats
        FROM waitlist_entry w
        LEFT JOIN LATERAL unnest(w.class_ids) AS k(class_id) ON true
        LEFT JOIN class c ON c.class_id = k.class_id
       WHERE w.event_id = ${eventId} AND w.status IN ('waiting', 'offered')
       GROUP BY c.class_id, c.name ORDER BY c.class_id NULLS FIRST`,
    db.$queryRaw<{ party_size: number; entries: number }[]>`
      SELECT party_size, count(*)::int AS entries FROM waitlist_entry
       WHERE event_id = ${eventId} AND status IN ('waiting', 'offered') GROUP BY party_size ORDER BY party_size`,
    db.$queryRaw<{ status: string; n: number }[]>`
      SELECT status::text AS status, count(*)::int AS n FROM waitlist_offer WHERE event_id = ${eventId} GROUP BY status`,
    db.$queryRaw<{ n: number; p50: number | null; p90: number | null }[]>`
      SELECT count(*)::int AS n,
             percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM decided_datetime - seats_freed_datetime))::float8 AS p50,
             percentile_cont(0.9) WITHIN GROUP (ORDER BY extract(epoch FROM decided_datetime - seats_freed_datetime))::float8 AS p90
        FROM waitlist_offer WHERE event_id = ${eventId} AND status = 'accepted' AND decided_datetime IS NOT NULL`,
  ]);
  const offerCount = (s: string) => offers.find((o) => o.status === s)?.n ?? 0;
  const live = byParty.reduce((sum, p) => sum + p.entries, 0);
  const r = resold[0];
  return {
    event_id: String(eventId),
    entries: entries.map((e) => ({
      entry_id: String(e.waitlist_entry_id),
      user_id: String(e.user_id),
      username: e.username,
      status: e.status,
      party_size: e.party_size,
      class_ids: e.class_ids.map(String),
      together: e.together,
      position: e.position,
      joined_datetime: e.create_datetime.toISOString(),
    })),
    live_entries: live,
    seats_wanted: byParty.reduce((sum, p) => sum + p.party_size * p.entries, 0),
    demand_by_class: byClass.map((c) => ({ class_id: c.class_id === null ? "any" : String(c.class_id), class_name: c.class_name ?? "Any class", entries: c.entries, seats: c.seats })),
    demand_by_party_size: byParty,
    offers: {
      made: offers.reduce((sum, o) => sum + o.n, 0),
      open: offerCount("offered"),
      accepted: offerCount("accepted"),
      declined: offerCount("declined"),
      lapsed: offerCount("lapsed"),
    },
    freed_to_resold_seconds: { count: r?.n ?? 0, p50: r?.p50 ?? null, p90: r?.p90 ?? null },
  };
}
