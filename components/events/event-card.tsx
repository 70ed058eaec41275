// One search result: picture, date block, title, venue, performers, price and availability.
import Link from "next/link";
import type { EventSummary } from "@/lib/events/types";
import { AvailabilityBadge } from "@/components/events/availability-badge";
import { EventVisual } from "@/components/events/event-visual";
import { TypeBadge } from "@/components/events/type-badge";
import { eventDateParts } from "@/components/format/format-event-datetime";
import { formatMoney } from "@/components/format/format-money";

export function EventCard({ event, priority = false }: { event: EventSummary; priority?: boolean }) {
  const when = eventDateParts(event.datetime, event.venue_timezone);
  const inactive = event.status === "cancelled";
  const performers = event.performers.length > 0 ? event.performers : event.performer ? [event.performer] : [];
  return (
    <article
      className="group relative flex w-full flex-col overflow-hidden rounded-xl border border-zinc-200 bg-white shadow-sm transition hover:-translate-y-0.5 hover:shadow-md focus-within:ring-2 focus-within:ring-brand-500 dark:border-zinc-800 dark:bg-zinc-900"
      data-testid="event-card"
      data-event-id={event.event_id}
    >
      <div className="relative">
        <EventVisual type={event.type} title={event.title} imagePath={event.image_path} className={`aspect-[16/9] ${inactive ? "grayscale" : ""}`} priority={priority} />
        <TypeBadge type={event.type} className="absolute left-3 top-3" />
      </div>
      <div className="flex flex-1 gap-4 p-4">
        <div className="flex w-12 shrink-0 flex-col items-center self-start rounded-lg bg-zinc-100 py-1.5 text-center dark:bg-zinc-800" aria-hidden="true">
          <span className="text-[11px] font-semibold tracking-wider text-brand-600 dark:text-brand-300">{when.month}</span>
          <span className="text-xl font-bold leading-6 tabular-nums">{when.day}</span>
          <span className="text-[11px] text-zinc-700 dark:text-zinc-300">{when.weekday}</span>
        </div>
        <div className="flex min-w-0 flex-1 flex-col">
          <h3 className="line-clamp-2 text-base font-semibold leading-snug">
            <Link href={`/events/${event.event_id}`} className="outline-none after:absolute after:inset-0 after:content-['']">
              {event.title}
            </Link>
          </h3>
          <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">
            <time dateTime={event.datetime}>
              {when.date} · {when.time} {when.zone}
            </time>
          </p>
          <p className="mt-0.5 truncate text-sm text-zinc-600 dark:text-zinc-400">
            {event.venue} · {event.location}
          </p>
          {performers.length > 0 && (
            <p className="mt-1 truncate text-sm text-zinc-500 dark:text-zinc-500" title={performers.join(", ")}>
              {performers.join(" · ")}
            </p>
          )}
          <div className="mt-auto flex flex-wrap items-center justify-between gap-2 pt-3">
            <span className="text-sm">
              {event.min_price !== null && event.available_ticket_cnt > 0 && !inactive ? (
                <>
                  <span className="text-zinc-500 dark:text-zinc-400">From </span>
                  <span className="font-semibold">{formatMoney(event.min_price, event.currency)}</span>
                </>
              ) : (
                <span className="text-zinc-500 dark:text-zinc-400">&nbsp;</span>
              )}
            </span>
            <AvailabilityBadge event={event} />
          </div>
        </div>
      </div>
    </article>
  );
}
