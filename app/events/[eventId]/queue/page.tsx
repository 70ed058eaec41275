// The event's waiting room: signed-in fans only (others go to sign-in and come back here). The page
// renders the event; the fan's place, joined on load, and the live line are the client's
// (components/queue/waiting-room.tsx), so a reload comes back to the same place from the server.
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { cache } from "react";
import { eventDateParts } from "@/components/format/format-event-datetime";
import { WaitingRoom } from "@/components/queue";
import { requirePageUser } from "@/lib/auth/require-page-user";
import { isAppError } from "@/lib/errors/app-error";
import { getEventDetail } from "@/lib/events/get-event-detail";
import type { EventDetail } from "@/lib/events/types";

type QueuePageProps = { params: Promise<{ eventId: string }> };

const findEvent = cache(async (eventId: string): Promise<EventDetail | null> => {
  try {
    return (await getEventDetail(eventId, { includeTickets: false })).value;
  } catch (e) {
    if (isAppError(e) && (e.code === "not_found" || e.code === "validation_error")) return null;
    throw e;
  }
});

export async function generateMetadata({ params }: QueuePageProps): Promise<Metadata> {
  const { eventId } = await params;
  const event = await findEvent(eventId);
  return { title: event ? `Waiting room · ${event.title}` : "Waiting room", robots: { index: false } };
}

export default async function QueuePage({ params }: QueuePageProps) {
  const { eventId } = await params;
  await requirePageUser(`/events/${encodeURIComponent(eventId)}/queue`);
  const event = await findEvent(eventId);
  if (!event) notFound();
  const when = eventDateParts(event.datetime, event.venue_timezone);
  const eventHref = `/events/${encodeURIComponent(event.event_id)}`;

  return (
    <div className="mx-auto max-w-3xl px-4 pb-12 sm:px-6 lg:px-8" data-testid="queue-page" data-event-id={event.event_id}>
      <nav aria-label="Breadcrumb" className="pt-6 text-sm">
        <Link href={eventHref} className="rounded text-zinc-600 hover:text-zinc-900 focus-visible:outline-2 focus-visible:outline-brand-500 dark:text-zinc-400 dark:hover:text-zinc-100">
          ← Event details
        </Link>
      </nav>
      <header className="mt-4">
        <p className="text-sm font-semibold uppercase tracking-wide text-brand-700 dark:text-brand-300">Waiting room</p>
        <h1 className="mt-1 text-3xl font-bold tracking-tight">{event.title}</h1>
        <p className="mt-2 text-zinc-700 dark:text-zinc-300">
          <time dateTime={event.datetime}>
            {when.date} · {when.time} {when.zone}
          </time>
        </p>
        <p className="text-zinc-600 dark:text-zinc-400">
          {event.venue}
          {event.location ? `, ${event.location}` : ""}
        </p>
      </header>

      <div className="mt-8">
        <WaitingRoom eventId={event.event_id} />
      </div>

      <section aria-labelledby="how-heading" className="mt-10 text-sm text-zinc-600 dark:text-zinc-400">
        <h2 id="how-heading" className="font-semibold text-zinc-900 dark:text-zinc-100">
          How the waiting room works
        </h2>
        <ul className="mt-2 list-disc space-y-1 pl-5">
          <li>Everyone who arrives before the sale starts gets a random place in line when it starts; after that, places go in order of arrival.</li>
          <li>Fans are let in a few at a time, so the site stays fast for everyone. Your place is kept if you reload or open a second tab.</li>
          <li>When it&apos;s your turn, you have a limited time to choose seats. Seats you hold stay yours for the usual time while you check out.</li>
        </ul>
      </section>
    </div>
  );
}
