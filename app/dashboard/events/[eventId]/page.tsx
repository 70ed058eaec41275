// One event in the dashboard: publication and cancellation (with the refund job's progress), the
// edit form, and the audit log (?tab=audit). An event of a venue the caller does not manage is a 404,
// like one that does not exist.
import Link from "next/link";
import { notFound } from "next/navigation";
import { EventActions } from "@/components/dashboard/events/event-actions";
import { EventForm } from "@/components/dashboard/events/event-form";
import { requireDashboardUser } from "@/lib/admin/dashboard-user";
import { listEventAudit } from "@/lib/admin/audit";
import { getAdminEvent, listEventFormOptions, listEventFormVenues, type AdminEvent } from "@/lib/admin/events";
import { getCancellationProgress } from "@/lib/admin/events-cancellation";
import { isAppError } from "@/lib/errors/app-error";
import { toIdOrNull } from "@/lib/validations/events";

type Props = { params: Promise<{ eventId: string }>; searchParams: Promise<{ tab?: string }> };

export const metadata = { title: "Event" };

export default async function DashboardEventPage({ params, searchParams }: Props) {
  const { eventId } = await params;
  const { tab } = await searchParams;
  const caller = await requireDashboardUser(`/dashboard/events/${eventId}`, ["admin", "venue_admin"]);
  const id = toIdOrNull(eventId);
  if (id === null) notFound();
  let event: AdminEvent;
  try {
    event = await getAdminEvent(caller, id);
  } catch (e) {
    if (isAppError(e) && (e.code === "not_found" || e.code === "forbidden")) notFound();
    throw e;
  }
  const progress = await getCancellationProgress(id);
  const tabLink = (name: string, label: string) => (
    <Link
      href={`/dashboard/events/${eventId}${name === "details" ? "" : `?tab=${name}`}`}
      aria-current={(tab ?? "details") === name ? "page" : undefined}
      className="rounded-lg px-3 py-1.5 text-sm font-medium aria-[current=page]:bg-zinc-900 aria-[current=page]:text-white dark:aria-[current=page]:bg-zinc-100 dark:aria-[current=page]:text-zinc-900"
    >
      {label}
    </Link>
  );
  return (
    <section className="max-w-3xl space-y-5">
      <div>
        <p className="text-sm"><Link href="/dashboard/events" className="text-brand-700 hover:underline dark:text-brand-300">← Events</Link></p>
        <h1 className="mt-1 text-2xl font-bold tracking-tight" data-testid="event-title">{event.title}</h1>
        <p className="text-sm text-zinc-600 dark:text-zinc-400">
          {event.venue.name} · {event.starts_at_local.replace("T", " ")} ({event.venue.timezone}) ·{" "}
          <span data-testid="event-state">{event.state}</span> · {event.tickets.sold} sold, {event.tickets.held} held, {event.tickets.available} free of {event.tickets.total}
          {event.state === "published" ? (
            <>
              {" "}· <Link href={`/events/${event.event_id}`} className="text-brand-700 hover:underline dark:text-brand-300">public page</Link>
            </>
          ) : null}
        </p>
      </div>
      <EventActions eventId={event.event_id} state={event.state} sold={event.tickets.sold} initialProgress={progress} />
      <nav className="flex gap-2" aria-label="Event sections">
        {tabLink("details", "Details")}
        {tabLink("audit", "Audit log")}
      </nav>
      {tab === "audit" ? <AuditTab eventId={id} /> : <DetailsTab caller={caller} event={event} />}
    </section>
  );
}

async function DetailsTab({ caller, event }: { caller: Awaited<ReturnType<typeof requireDashboardUser>>; event: AdminEvent }) {
  const [venues, options] = await Promise.all([listEventFormVenues(caller), listEventFormOptions()]);
  const formVenues = venues.some((v) => v.venue_id === event.venue.venue_id) ? venues : [...venues, { ...event.venue, sections: event.sections }];
  return (
    <EventForm
      mode="edit"
      venues={formVenues}
      types={options.types}
      classes={options.classes}
      initial={{ ...event, venue_id: event.venue.venue_id, price_classes: event.price_classes.map((p) => ({ class_id: p.class_id, price: p.price, section_ids: p.section_ids })) }}
    />
  );
}

async function AuditTab({ eventId }: { eventId: number }) {
  const entries = await listEventAudit(eventId, { limit: 200 });
  if (entries.length === 0) return <p className="text-sm text-zinc-600">Nothing recorded yet.</p>;
  return (
    <ol className="space-y-3" data-testid="audit-log">
      {entries.map((e) => (
        <li key={e.id} className="rounded-xl border border-zinc-200 p-3 text-sm dark:border-zinc-800">
          <p>
            <span className="font-semibold">{e.action}</span> by {e.actor?.username ?? "a deleted user"} at <time dateTime={e.at}>{e.at.replace("T", " ").slice(0, 19)} UTC</time>
          </p>
          <details className="mt-1">
            <summary className="cursor-pointer text-zinc-600 dark:text-zinc-400">Before and after</summary>
            <div className="mt-2 grid gap-2 sm:grid-cols-2">
              <pre className="overflow-x-auto rounded bg-zinc-50 p-2 text-xs dark:bg-zinc-900">{JSON.stringify(e.before, null, 2) ?? "—"}</pre>
              <pre className="overflow-x-auto rounded bg-zinc-50 p-2 text-xs dark:bg-zinc-900">{JSON.stringify(e.after, null, 2) ?? "—"}</pre>
            </div>
          </details>
        </li>
      ))}
    </ol>
  );
}
