// The calendar file (iCalendar, RFC 5545) of an event a fan holds tickets for: attached to the order
// confirmation mail and served by GET /api/tickets/:order_item_id/calendar.ics, from this one place so
// the two never disagree.
import ical from "ical-generator";
import { siteUrl } from "@/lib/notifications/site-url";

export type CalendarEvent = {
  id: number;
  title: string;
  datetime: Date;
  venue: { name: string; address: string; location: string };
};

/** One VEVENT for `event`; `uid` names it, so a calendar that imports the file twice keeps one entry. */
export function eventCalendar({ uid, event, seats, stamp }: { uid: string; event: CalendarEvent; seats: string[]; stamp: Date }): string {
  const calendar = ical({ name: "OpenSeat", prodId: { company: "OpenSeat", product: "tickets", language: "EN" } });
  calendar.createEvent({
    id: uid,
    start: event.datetime,
    // Events have no end time in the data: three hours is what a calendar shows.
    end: new Date(event.datetime.getTime() + 3 * 3600_000),
    stamp,
    summary: event.title,
    location: `${event.venue.name}, ${event.venue.address}, ${event.venue.location}`,
    url: siteUrl(`/events/${event.id}`),
    description: `Your seats: ${seats.join(", ")}\nE-tickets: ${siteUrl("/account/tickets")}`,
  });
  return calendar.toString();
}
