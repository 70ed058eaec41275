// "My tickets": a user's confirmed tickets, grouped by event: upcoming events soonest first, then
// past events latest first. One query; the ticket(user_id) index serves it.
import { getDb } from "@/lib/db";

export type UserTicket = {
  ticketId: number;
  seat: string;
  section: string;
  row: string;
  number: number;
  className: string;
  classColor: string;
  price: string;
  currency: string;
  purchasedAt: Date;
};

export type UserTicketGroup = {
  event: { id: number; title: string; datetime: Date; location: string; venue: string; timezone: string; status: string };
  tickets: UserTicket[];
};

export type UserTickets = { upcoming: UserTicketGroup[]; past: UserTicketGroup[] };

export const listUserTickets = async ({ userId, now = new Date() }: { userId: number; now?: Date }): Promise<UserTickets> => {
  const rows = await getDb().ticket.findMany({
    where: { userId, status: "confirmed" },
    select: {
      id: true,
      seat: true,
      price: true,
      currency: true,
      statusUpdatedAt: true,
      class: { select: { name: true, color: true } },
      seatRef: { select: { row: true, number: true, section: { select: { label: true } } } },
      event: {
        select: { id: true, title: true, datetime: true, location: true, status: true, venue: { select: { name: true, timezone: true } } },
      },
    },
    orderBy: [{ event: { datetime: "asc" } }, { eventId: "asc" }, { seat: "asc" }],
  });

  const groups = new Map<number, UserTicketGroup>();
  for (const t of rows) {
    let group = groups.get(t.event.id);
    if (!group) {
      const { venue, ...event } = t.event;
      group = { event: { ...event, venue: venue.name, timezone: venue.timezone }, tickets: [] };
      groups.set(t.event.id, group);
    }
    group.tickets.push({
      ticketId: t.id,
      seat: t.seat,
      section: t.seatRef.section.label,
      row: t.seatRef.row,
      number: t.seatRef.number,
      className: t.class.name,
      classColor: t.class.color,
      price: t.price.toFixed(2),
      currency: t.currency,
      purchasedAt: t.statusUpdatedAt,
    });
  }
  const all = [...groups.values()];
  return {
    upcoming: all.filter((g) => g.event.datetime >= now),
    past: all.filter((g) => g.event.datetime < now).reverse(),
  };
};
