// The organizer's events: those of the venues the caller manages (an admin: all), with state, date in
// the venue's time zone and sold / total. Filters and pages come from the query string and are
// checked like the API's (lib/validations/admin-events.ts): a bad filter shows a message, not a 500.
import Link from "next/link";
import { requireDashboardUser } from "@/lib/admin/dashboard-user";
import { listAdminEvents, type AdminEventList } from "@/lib/admin/events";
import { listManagedVenues } from "@/lib/admin/venues";
import { isAppError } from "@/lib/errors/app-error";
import { adminEventListSchema } from "@/lib/validations/admin-events";

export const metadata = { title: "Events" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

const STATE_STYLE: Record<string, string> = {
  draft: "bg-zinc-100 text-zinc-700 dark:bg-zinc-800 dark:text-zinc-300",
  published: "bg-emerald-50 text-emerald-800 dark:bg-emerald-500/10 dark:text-emerald-300",
  cancelled: "bg-red-50 text-red-700 dark:bg-red-500/10 dark:text-red-300",
};

export default async function DashboardEvents({ searchParams }: Props) {
  const caller = await requireDashboardUser("/dashboard/events", ["admin", "venue_admin"]);
  const raw = await searchParams;
  const params = Object.fromEntries(Object.entries(raw).filter((e): e is [string, string] => typeof e[1] === "string" && e[1] !== ""));
  const parsed = adminEventListSchema.safeParse(params);
  let list: AdminEventList | null = null;
  let problem: string | null = null;
  if (!parsed.success) problem = parsed.error.issues[0]?.message ?? "Invalid filter";
  else {
    try {
      list = await listAdminEvents(caller, parsed.data);
    } catch (e) {
      if (!isAppError(e)) throw e;
      problem = e.message;
    }
  }
  const venues = await listManagedVenues(caller);
  const query = parsed.success ? parsed.data : null;
  const pageHref = (page: number) => `/dashboard/events?${new URLSearchParams({ ...params, page: String(page) }).toString()}`;
  return (
    <section>
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1 className="text-2xl font-bold tracking-tight">Events</h1>
        <Link href="/dashboard/events/new" className="rounded-lg bg-brand-600 px-3 py-2 text-sm font-semibold text-white hover:bg-brand-700">
          New event
        </Link>
      </div>
      <form className="mt-4 flex flex-wrap items-end gap-3 text-sm" method="get">
        <label className="flex flex-col">
          Venue
          <select name="venue_id" defaultValue={params.venue_id ?? ""} className="mt-1 h-9 rounded-lg border border-zinc-300 bg-white px-2 dark:border-zinc-700 dark:bg-zinc-900">
            <option value="">All my venues</option>
            {venues.map((v) => (
              <option key={v.venue_id} value={v.venue_id}>{v.name}</option>
            ))}
          </select>
        </label>
        <label className="flex flex-col">
          State
          <select name="state" defaultValue={params.state ?? ""} className="mt-1 h-9 rounded-lg border border-zinc-300 bg-white px-2 dark:border-zinc-700 dark:bg-zinc-900">
            <option value="">Any</option>
            <option value="draft">Draft</option>
            <option value="published">Published</option>
            <option value="cancelled">Cancelled</option>
          </select>
        </label>
        <label className="flex flex-col">
          When
          <select name="when" defaultValue={params.when ?? "upcoming"} className="mt-1 h-9 rounded-lg border border-zinc-300 bg-white px-2 dark:border-zinc-700 dark:bg-zinc-900">
            <option value="upcoming">Upcoming</option>
            <option value="past">Past</option>
            <option value="all">All</option>
          </select>
        </label>
        <label className="flex flex-col">
          Title
          <input name="q" defaultValue={params.q ?? ""} className="mt-1 h-9 rounded-lg border border-zinc-300 bg-white px-2 dark:border-zinc-700 dark:bg-zinc-900" />
        </label>
        <button className="h-9 rounded-lg border border-zinc-300 px-3 font-medium hover:bg-zinc-50 dark:border-zinc-700 dark:hover:bg-zinc-800">Filter</button>
      </form>
      {problem ? (
        <p role="alert" className="mt-4 rounded-lg bg-red-50 px-3 py-2 text-sm text-red-800 dark:bg-red-500/10 dark:text-red-300">{problem}</p>
      ) : null}
      {list && list.events.length === 0 ? <p className="mt-6 text-zinc-600 dark:text-zinc-400">No events match.</p> : null}
      {list && list.events.length > 0 ? (
        <div className="mt-4 overflow-x-auto">
          <table className="w-full text-left text-sm" data-testid="events-table">
            <thead className="border-b border-zinc-200 text-xs uppercase text-zinc-500 dark:border-zinc-800">
              <tr>
                <th className="py-2 pr-3">Event</th>
                <th className="py-2 pr-3">Venue</th>
                <th className="py-2 pr-3">Starts (venue time)</th>
                <th className="py-2 pr-3">State</th>
                <th className="py-2 pr-3 text-right">Sold / total</th>
              </tr>
            </thead>
            <tbody>
              {list.events.map((e) => (
                <tr key={e.event_id} className="border-b border-zinc-100 dark:border-zinc-800/60">
                  <td className="py-2 pr-3">
                    <Link href={`/dashboard/events/${e.event_id}`} className="font-medium text-brand-700 hover:underline dark:text-brand-300">{e.title}</Link>
                  </td>
                  <td className="py-2 pr-3">{e.venue.name}</td>
                  <td className="py-2 pr-3 tabular-nums">{e.starts_at_local.replace("T", " ")}</td>
                  <td className="py-2 pr-3">
                    <span className={`rounded-full px-2 py-0.5 text-xs font-medium ${STATE_STYLE[e.state]}`}>{e.state}</span>
                  </td>
                  <td className="py-2 pr-3 text-right tabular-nums">
                    {e.tickets.sold.toLocaleString("en-US")} / {e.tickets.total.toLocaleString("en-US")}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {query && list.total_pages > 1 ? (
            <nav className="mt-3 flex gap-3 text-sm" aria-label="Pages">
              {query.page > 1 ? <Link href={pageHref(query.page - 1)}>Previous</Link> : null}
              <span>Page {query.page} of {list.total_pages}</span>
              {query.page < list.total_pages ? <Link href={pageHref(query.page + 1)}>Next</Link> : null}
            </nav>
          ) : null}
        </div>
      ) : null}
    </section>
  );
}
