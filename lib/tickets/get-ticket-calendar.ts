// The .ics file of the event an e-ticket is for, for GET /api/tickets/:order_item_id/calendar.ics.
// Only the ticket's holder gets it; anyone else gets null, as for an id that does not exist. A
// cancelled or refunded ticket (or a cancelled event) has no calendar entry to add.
import type { Caller } from "@/lib/auth/get-caller";
import { getDb } from "@/lib/db";
import { AppError } from "@/lib/errors/app-error";
import { eventCalendar } from "./event-calendar";

export const getTicketCalendar = async ({ orderItemId, caller, now = new Date() }: { orderItemId: number; caller: Caller; now?: Date }): Promise<string | null> => {
  const item = await getDb().orderItem.findUnique({
    where: { id: orderItemId },
    select: {
      userId: true,
      status: true,
      seat: true,
      event: { select: { id: true, title: true, datetime: true, status: true, venue: { select: { name: true, address: true, location: true } } } },
    },
  });
  if (!item || item.userId !== caller.userId) return null;
  if (item.status !== "issued") throw new AppError("ticket_not_valid", `This ticket was ${item.status}: there is nothing to add to a calendar`, { ticket_status: item.status });
  if (item.event.status === "cancelled") throw new AppError("ticket_not_valid", "This event was cancelled", { ticket_status: item.status });
  // One uid per ticket: the order mail's file names the order, so both may sit in one calendar.
  return eventCalendar({ uid: `openseat-event-${item.event.id}-ticket-${orderItemId}`, event: item.event, seats: [item.seat], stamp: now });
};
