// A new event: the form (components/dashboard/events/event-form.tsx) offers the venues the caller
// manages; the API checks the venue again when the form is sent.
import Link from "next/link";
import { EventForm } from "@/components/dashboard/events/event-form";
import { requireDashboardUser } from "@/lib/admin/dashboard-user";
import { listEventFormOptions, listEventFormVenues } from "@/lib/admin/events";

export const metadata = { title: "New event" };

export default async function NewEventPage() {
  const caller = await requireDashboardUser("/dashboard/events/new", ["admin", "venue_admin"]);
  const [venues, options] = await Promise.all([listEventFormVenues(caller), listEventFormOptions()]);
  return (
    <section className="max-w-3xl">
      <p className="text-sm"><Link href="/dashboard/events" className="text-brand-700 hover:underline dark:text-brand-300">← Events</Link></p>
      <h1 className="mt-1 text-2xl font-bold tracking-tight">New event</h1>
      <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">It is saved as a draft: only you see it until you publish it.</p>
      {venues.length === 0 ? (
        <p className="mt-6">No venue is assigned to you yet. Ask an administrator to add you to a venue.</p>
      ) : (
        <div className="mt-6">
          <EventForm mode="create" venues={venues} types={options.types} classes={options.classes} />
        </div>
      )}
    </section>
  );
}
