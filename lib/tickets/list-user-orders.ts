// "My tickets": a fan's orders (payments that took money) with their e-tickets, split into
// upcoming events (soonest first) and past events (latest first). Only the fan's own orders: the
// query is scoped by the holder of each e-ticket (order_item.user_id: the buyer, or a friend the
// ticket was transferred to), so the tokens it signs are the fan's to see.
import { loadOrders } from "./load-orders";
import type { UserOrders } from "./types";

export const listUserOrders = async ({ userId, now = new Date() }: { userId: number; now?: Date }): Promise<UserOrders> => {
  const orders = await loadOrders({ items: { some: { userId } } }, now, userId);
  const byDate = (a: (typeof orders)[number], b: (typeof orders)[number]) =>
    a.event.datetime.getTime() - b.event.datetime.getTime() || a.orderId - b.orderId;
  return {
    upcoming: orders.filter((o) => o.event.datetime >= now).sort(byDate),
    past: orders.filter((o) => o.event.datetime < now).sort((a, b) => byDate(b, a)),
  };
};
