// My tickets: the signed-in user's confirmed tickets from the database, grouped by event.
import type { Metadata } from "next";
import Link from "next/link";
import { formatEventDateTime } from "@/components/format/format-event-datetime";
import { formatMoney } from "@/components/format/format-money";
import { requirePageUser } from "@/lib/auth/require-page-user";
import { listUserTickets, type UserTicketGroup } from "@/lib/tickets/list-user-tickets";

export const metadata: Metadata = { title: "My tickets", robots: { index: false } };

function EventTickets({ group, past }: { group: UserTicketGroup; past: boolean }) {
  const { event, tickets } = group;
  return (
    <li className="rounded-2xl border border-zinc-200 p-5 dark:border-zinc-800" data-testid="ticket-group">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h3 className="text-base font-semibold">
          <Link href={`/events/${event.id}`} className="hover:underline">
            {event.title}
          </Link>
        </h3>
        <span className="text-sm text-zinc-600 dark:text-zinc-400">
          {tickets.length} {tickets.length === 1 ? "ticket" : "tickets"}
        </span>
      </div>
      <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">
        {formatEventDateTime(event.datetime.toISOString(), event.timezone)} · {event.venue}, {event.location}
        {event.status !== "scheduled" ? <span className="ml-2 font-semibold uppercase text-amber-700 dark:text-amber-300">{event.status}</span> : null}
        {past ? <span className="ml-2 text-zinc-500">(past)</span> : null}
      </p>
      <table className="mt-4 w-full text-left text-sm">
        <thead className="text-xs uppercase text-zinc-500 dark:text-zinc-400">
          <tr>
            <th scope="col" className="py-1 pr-4 font-medium">Section</th>
            <th scope="col" className="py-1 pr-4 font-medium">Row</th>
            <th scope="col" className="py-1 pr-4 font-medium">Seat</th>
            <th scope="col" className="py-1 pr-4 font-medium">Class</th>
            <th scope="col" className="py-1 text-right font-medium">Price</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800">
          {tickets.map((t) => (
            <tr key={t.ticketId} data-testid="ticket-row">
              <td className="py-2 pr-4">{t.section}</td>
              <td className="py-2 pr-4">{t.row}</td>
              <td className="py-2 pr-4">{t.number}</td>
              <td className="py-2 pr-4">
                <span className="inline-flex items-center gap-1.5">
                  <span aria-hidden className="size-2.5 rounded-full" style={{ backgroundColor: t.classColor }} />
                  {t.className}
                </span>
              </td>
              <td className="py-2 text-right tabular-nums">{formatMoney(t.price, t.currency)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </li>
  );
}

export default async function MyTicketsPage() {
  const caller = await requirePageUser("/account/tickets");
  const { upcoming, past } = await listUserTickets({ userId: caller.userId });
  return (
    <div className="mx-auto max-w-4xl px-4 py-10 sm:px-6 lg:px-8">
      <h1 className="text-2xl font-bold tracking-tight sm:text-3xl">My tickets</h1>
      {upcoming.length + past.length === 0 ? (
        <div className="mt-10 rounded-2xl border border-dashed border-zinc-300 p-10 text-center dark:border-zinc-700" data-testid="tickets-empty">
          <p className="font-semibold">No tickets yet</p>
          <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">Tickets you buy appear here, grouped by event.</p>
          <Link
            href="/"
            className="mt-6 inline-flex h-10 items-center rounded-lg bg-brand-600 px-5 text-sm font-semibold text-white hover:bg-brand-700 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-500"
          >
            Browse events
          </Link>
        </div>
      ) : (
        <>
          {upcoming.length > 0 ? (
            <section aria-labelledby="upcoming-heading" className="mt-8">
              <h2 id="upcoming-heading" className="text-lg font-semibold">Upcoming</h2>
              <ul className="mt-4 space-y-4">
                {upcoming.map((g) => (
                  <EventTickets key={g.event.id} group={g} past={false} />
                ))}
              </ul>
            </section>
          ) : null}
          {past.length > 0 ? (
            <section aria-labelledby="past-heading" className="mt-10">
              <h2 id="past-heading" className="text-lg font-semibold">Past events</h2>
              <ul className="mt-4 space-y-4">
                {past.map((g) => (
                  <EventTickets key={g.event.id} group={g} past />
                ))}
              </ul>
            </section>
          ) : null}
        </>
      )}
    </div>
  );
}
