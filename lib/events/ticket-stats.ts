// Per-event ticket counts and lowest price, computed in one grouped query for a page of events.
import { getDb } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";
import { ticketIsAvailableSql } from "@/lib/inventory/ticket-availability";

export type TicketStats = { total: number; available: number; minPrice: string | null };

export async function getTicketStats(eventIds: number[]): Promise<Map<number, TicketStats>> {
  const stats = new Map<number, TicketStats>();
  if (eventIds.length === 0) return stats;
  const rows = await getDb().$queryRaw<{ event_id: number; total: bigint; available: bigint; min_price: string | null }[]>`
    SELECT t.event_id,
           count(*) AS total,
           count(*) FILTER (WHERE ${ticketIsAvailableSql}) AS available,
           min(t.price)::text AS min_price
      FROM ticket t
     WHERE t.event_id IN (${Prisma.join(eventIds)})
     GROUP BY t.event_id`;
  for (const r of rows) {
    stats.set(r.event_id, { total: Number(r.total), available: Number(r.available), minPrice: r.min_price });
  }
  return stats;
}
