// One e-ticket with its order, for the ticket page and the QR download: only its buyer or an admin
// may see it (its token admits someone). Anyone else gets null, exactly as for an id that does not
// exist, so a guessed id tells nothing.
import type { Caller } from "@/lib/auth/get-caller";
import { getDb } from "@/lib/db";
import { loadOrders } from "./load-orders";
import type { UserTicket } from "./types";

export const getUserTicket = async ({ orderItemId, caller }: { orderItemId: number; caller: Caller }): Promise<UserTicket | null> => {
  const row = await getDb().orderItem.findUnique({ where: { id: orderItemId }, select: { paymentId: true, userId: true } });
  if (!row || (row.userId !== caller.userId && caller.role !== "admin")) return null;
  // Scoped to the holder: the order as they see it (a friend who was sent a ticket sees only theirs).
  const [order] = await loadOrders({ id: row.paymentId }, new Date(), row.userId);
  const item = order?.items.find((i) => i.orderItemId === orderItemId);
  return order && item ? { order, item } : null;
};
