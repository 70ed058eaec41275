// The event an order is for: title (linking to its page), date and time, venue and city.
import Link from "next/link";
import { formatEventDateTime } from "@/components/format/format-event-datetime";

export type OrderEventInfo = {
  event_id: string;
  title: string;
  datetime: string;
  venue: string;
  location: string;
  /** The venue's IANA time zone; without it the date shows in UTC, labelled so. */
  timezone?: string | null;
};

export function OrderEvent({ event }: { event: OrderEventInfo }) {
  return (
    <div data-testid="order-event">
      <h2 className="text-lg font-semibold">
        <Link href={`/events/${encodeURIComponent(event.event_id)}`} className="rounded hover:underline focus-visible:outline-2 focus-visible:outline-brand-500">
          {event.title}
        </Link>
      </h2>
      <p className="mt-1 text-sm text-zinc-700 dark:text-zinc-300">
        <time dateTime={event.datetime}>{formatEventDateTime(event.datetime, event.timezone)}</time>
      </p>
      <p className="text-sm text-zinc-600 dark:text-zinc-400">
        {event.venue}
        {event.location ? `, ${event.location}` : ""}
      </p>
    </div>
  );
}
