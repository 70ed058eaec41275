// Dashboard overview: the caller's venues and their upcoming events. Door staff go straight to the
// scanner.
import Link from "next/link";
import { redirect } from "next/navigation";
import { requireDashboardUser } from "@/lib/admin/dashboard-user";
import { listManagedVenues } from "@/lib/admin/venues";

export const metadata = { title: "Overview" };

export default async function DashboardHome() {
  const caller = await requireDashboardUser("/dashboard");
  if (caller.role === "door_staff") redirect("/dashboard/check-in");
  const venues = await listManagedVenues(caller);
  return (
    <section>
      <h1 className="text-2xl font-bold tracking-tight">Your venues</h1>
      {venues.length === 0 ? (
        <p className="mt-4 text-zinc-600 dark:text-zinc-400">No venue is assigned to you yet. Ask an administrator to add you to a venue.</p>
      ) : (
        <ul className="mt-4 grid gap-3 sm:grid-cols-2" data-testid="dashboard-venues">
          {venues.map((v) => (
            <li key={v.venue_id} className="rounded-xl border border-zinc-200 p-4 dark:border-zinc-800">
              <p className="font-semibold">{v.name}</p>
              <p className="text-sm text-zinc-600 dark:text-zinc-400">
                {v.location} · {v.capacity.toLocaleString("en-US")} seats · {v.timezone}
              </p>
              <p className="mt-2 text-sm">
                {v.upcoming_events} upcoming event{v.upcoming_events === 1 ? "" : "s"} ·{" "}
                <Link className="font-medium text-brand-700 hover:underline dark:text-brand-300" href={`/dashboard/events?venue_id=${v.venue_id}`}>
                  Events
                </Link>
              </p>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
