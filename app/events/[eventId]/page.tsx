// Event page: details, prices by class and the interactive seating chart. Rendered per request
// from cached data; tickets reach the chart through the JSON endpoints, not through this page.
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { connection } from "next/server";
import { cache } from "react";
import { isAppError } from "@/lib/errors/app-error";
import { getEventDetail } from "@/lib/events/get-event-detail";
import type { EventDetail } from "@/lib/events/types";
import { AvailabilityBadge } from "@/components/events/availability-badge";
import { EventVisual } from "@/components/events/event-visual";
import { PriceClasses } from "@/components/events/price-classes";
import { saleStatus } from "@/components/events/sale-status";
import { TypeBadge } from "@/components/events/type-badge";
import { WaitlistPanel } from "@/components/events/waitlist-panel";
import { eventDateParts } from "@/components/format/format-event-datetime";
import { addMoney } from "@/components/format/add-money";
import { formatMoney } from "@/components/format/format-money";
import { SeatPicker } from "@/components/hold";
import { QueueGate } from "@/components/queue";
import { getCaller } from "@/lib/auth/get-caller";
import { listGaAreas } from "@/lib/inventory/list-ga-areas";

type EventPageProps = { params: Promise<{ eventId: string }> };

/**
 * One read per request, shared by generateMetadata and the page; null when there is no such event.
 * Served from the event cache (a few seconds old at most, shared through Redis): the chart below
 * loads live availability itself.
 */
const findEvent = cache(async (eventId: string): Promise<EventDetail | null> => {
  try {
    return (await getEventDetail(eventId, { includeTickets: false })).value;
  } catch (e) {
    if (isAppError(e) && (e.code === "not_found" || e.code === "validation_error")) return null;
    throw e;
  }
});

export async function generateMetadata({ params }: EventPageProps): Promise<Metadata> {
  const { eventId } = await params;
  const event = await findEvent(eventId);
  if (!event) return { title: "Event not found" };
  const when = eventDateParts(event.datetime, event.venue_timezone);
  return {
    title: event.title,
    description: `${when.date} at ${event.venue}, ${event.location}. ${event.detail}`.slice(0, 300),
  };
}

const toneClass = {
  positive: "bg-emerald-50 text-emerald-800 ring-emerald-600/20 dark:bg-emerald-500/10 dark:text-emerald-300 dark:ring-emerald-400/30",
  neutral: "bg-zinc-100 text-zinc-700 ring-zinc-500/20 dark:bg-zinc-800 dark:text-zinc-300 dark:ring-zinc-600",
  warning: "bg-amber-50 text-amber-800 ring-amber-600/20 dark:bg-amber-500/10 dark:text-amber-300 dark:ring-amber-400/30",
  negative: "bg-red-50 text-red-700 ring-red-600/20 dark:bg-red-500/10 dark:text-red-300 dark:ring-red-400/30",
} as const;

export default async function EventPage({ params }: EventPageProps) {
  await connection();
  const { eventId } = await params;
  const event = await findEvent(eventId);
  if (!event) notFound();

  const caller = await getCaller();
  const now = new Date();
  const when = eventDateParts(event.datetime, event.venue_timezone);
  const sale = saleStatus(event, now);
  const holdMinutes = Math.round(event.hold_seconds / 60);
  const showChart = event.status !== "cancelled" && event.total_ticket_cnt > 0;
  // General-admission areas (sold by quantity); none for most events, found by one small query.
  const gaAreas = showChart ? await listGaAreas(Number(event.event_id)) : [];
  const performers = event.performers.length > 0 ? event.performers : event.performer ? [event.performer] : [];

  return (
    <article className="mx-auto max-w-7xl px-4 pb-8 sm:px-6 lg:px-8" data-testid="event-page" data-event-id={event.event_id}>
      <nav aria-label="Breadcrumb" className="pt-6 text-sm">
        <Link href="/" className="rounded text-zinc-600 hover:text-zinc-900 focus-visible:outline-2 focus-visible:outline-brand-500 dark:text-zinc-400 dark:hover:text-zinc-100">
          ← All events
        </Link>
      </nav>

      <header className="mt-4 grid grid-cols-1 gap-8 lg:grid-cols-[minmax(0,5fr)_minmax(0,7fr)] lg:items-center">
        <div className="relative">
          <EventVisual
            type={event.type}
            title={event.title}
            imagePath={event.image_path}
            className={`aspect-[16/9] rounded-2xl ${event.status === "cancelled" ? "grayscale" : ""}`}
            sizes="(min-width: 1024px) 40vw, 100vw"
            priority
          />
          <TypeBadge type={event.type} className="absolute left-4 top-4" />
        </div>
        <div>
          <div className="flex flex-wrap items-center gap-2">
            <span className={`inline-flex items-center rounded-full px-2.5 py-0.5 text-xs font-semibold ring-1 ring-inset ${toneClass[sale.tone]}`} data-testid="sale-status">
              {sale.label}
            </span>
            {sale.tone === "positive" && <AvailabilityBadge event={event} />}
          </div>
          <h1 className="mt-3 text-3xl font-bold tracking-tight sm:text-4xl">{event.title}</h1>
          {performers.length > 0 && <p className="mt-2 text-lg text-zinc-700 dark:text-zinc-300">{performers.join(" · ")}</p>}
          <dl className="mt-6 space-y-4 text-sm">
            <div className="flex gap-3">
              <dt className="sr-only">Date and time</dt>
              <CalendarIcon />
              <dd>
                <time dateTime={event.datetime} className="font-medium">
                  {when.date}
                </time>
                <p className="text-zinc-600 dark:text-zinc-400">
                  {when.time} {when.zone}
                </p>
              </dd>
            </div>
            <div className="flex gap-3">
              <dt className="sr-only">Venue</dt>
              <PinIcon />
              <dd>
                <p className="font-medium">{event.venue}</p>
                <p className="text-zinc-600 dark:text-zinc-400">{event.venue_address || event.location}</p>
                {event.venue_address && !event.venue_address.includes(event.location) && <p className="text-zinc-600 dark:text-zinc-400">{event.location}</p>}
              </dd>
            </div>
            {event.min_price !== null && event.available_ticket_cnt > 0 && event.status !== "cancelled" && (
              <div className="flex gap-3">
                <dt className="sr-only">Prices</dt>
                <TicketIcon />
                <dd>
                  <p className="font-medium">From {formatMoney(addMoney(event.min_price, event.service_fee), event.currency)}</p>
                  <p className="text-zinc-600 dark:text-zinc-400">Limit {event.max_tickets_per_order} tickets per order</p>
                </dd>
              </div>
            )}
          </dl>
          {sale.detail && <p className="mt-5 text-sm text-zinc-600 dark:text-zinc-400">{sale.detail}</p>}
        </div>
      </header>

      <div className="mt-12 grid grid-cols-1 gap-10 lg:grid-cols-[minmax(0,7fr)_minmax(0,5fr)]">
        <section aria-labelledby="about-heading">
          <h2 id="about-heading" className="text-xl font-semibold">
            About this event
          </h2>
          <div className="mt-3 whitespace-pre-line leading-relaxed text-zinc-700 dark:text-zinc-300">{event.detail || "Details for this event will be announced soon."}</div>
        </section>
        <section aria-labelledby="prices-heading">
          <h2 id="prices-heading" className="text-xl font-semibold">
            Prices
          </h2>
          <div className="mt-3">
            <PriceClasses classes={event.classes} serviceFee={event.service_fee} />
          </div>
        </section>
      </div>

      {showChart && (
        <section aria-labelledby="seats-heading" className="mt-12">
          <div className="flex flex-wrap items-baseline justify-between gap-2">
            <h2 id="seats-heading" className="text-xl font-semibold">
              Seating chart
            </h2>
            <p className="text-sm text-zinc-500 dark:text-zinc-400">Seats you pick are held for {holdMinutes} minutes while you check out.</p>
          </div>
          {/* Sold out (or a fan already on the list): the waitlist, with any offer it holds for them. */}
          {sale.open === true && (
            <div className="mt-4">
              <WaitlistPanel
                eventId={event.event_id}
                signedIn={caller !== null}
                soldOut={event.available_ticket_cnt === 0}
                maxTicketsPerOrder={event.max_tickets_per_order}
                classes={event.classes.map((c) => ({ class_id: c.class_id, name: c.name }))}
              />
            </div>
          )}
          {/* With the event's waiting room on, only an admitted fan gets the picker. */}
          <QueueGate eventId={event.event_id} signedIn={caller !== null}>
            <SeatPicker
              key={event.event_id}
              eventId={event.event_id}
              seatMapUrl={event.seat_map_url}
              title={event.title}
              signedIn={caller !== null}
              onSale={sale.open === true}
              maxTicketsPerOrder={event.max_tickets_per_order}
              currency={event.currency}
              serviceFee={event.service_fee}
              classes={event.classes}
              gaAreas={gaAreas}
            />
          </QueueGate>
        </section>
      )}
    </article>
  );
}

const iconClass = "mt-0.5 size-5 shrink-0 text-zinc-400";

function CalendarIcon() {
  return (
    <svg viewBox="0 0 20 20" className={iconClass} fill="none" stroke="currentColor" strokeWidth={1.6} aria-hidden="true">
      <rect x="3" y="4.5" width="14" height="12" rx="2" />
      <path d="M3 8.5h14M7 3v3M13 3v3" strokeLinecap="round" />
    </svg>
  );
}

function PinIcon() {
  return (
    <svg viewBox="0 0 20 20" className={iconClass} fill="none" stroke="currentColor" strokeWidth={1.6} aria-hidden="true">
      <path d="M10 17.5s5.5-4.8 5.5-9.5a5.5 5.5 0 0 0-11 0c0 4.7 5.5 9.5 5.5 9.5Z" />
      <circle cx="10" cy="8" r="2" />
    </svg>
  );
}

function TicketIcon() {
  return (
    <svg viewBox="0 0 20 20" className={iconClass} fill="none" stroke="currentColor" strokeWidth={1.6} aria-hidden="true">
      <path d="M3 6.5A1.5 1.5 0 0 1 4.5 5h11A1.5 1.5 0 0 1 17 6.5V8a2 2 0 0 0 0 4v1.5a1.5 1.5 0 0 1-1.5 1.5h-11A1.5 1.5 0 0 1 3 13.5V12a2 2 0 0 0 0-4z" />
      <path d="M12 5v10" strokeDasharray="1.5 1.5" />
    </svg>
  );
}
