// The caller's venues with their chart versions; admins add venues here.
import Link from "next/link";
import { requireDashboardUser } from "@/lib/admin/dashboard-user";
import { listManagedVenues } from "@/lib/admin/venues";
import { CreateVenueForm } from "@/components/seat-map-builder/create-venue-form";

export const metadata = { title: "Venues" };

export default async function VenuesPage() {
  const caller = await requireDashboardUser("/dashboard/venues", ["admin", "venue_admin"]);
  const venues = await listManagedVenues(caller);
  return (
    <section>
      <h1 className="text-2xl font-bold tracking-tight">Venues</h1>
      {venues.length === 0 ? (
        <p className="mt-4 text-zinc-600 dark:text-zinc-400">No venue yet.</p>
      ) : (
        <ul className="mt-4 grid gap-3 sm:grid-cols-2" data-testid="venue-list">
          {venues.map((v) => (
            <li key={v.venue_id} className="rounded-xl border border-zinc-200 p-4 dark:border-zinc-800">
              <p className="font-semibold">{v.name}</p>
              <p className="text-sm text-zinc-600 dark:text-zinc-400">
                {v.location} · {v.capacity.toLocaleString("en-US")} places · {v.timezone}
              </p>
              <Link className="mt-2 inline-block text-sm font-medium text-brand-700 hover:underline dark:text-brand-300" href={`/dashboard/venues/${v.venue_id}/chart`}>
                Seating chart
              </Link>
            </li>
          ))}
        </ul>
      )}
      {caller.role === "admin" && <CreateVenueForm />}
    </section>
  );
}
