"use client";
// The live sales view: headline figures, sold/held/free by class and section (recharts), sales over
// time, the waiting room, check-ins, a seat map coloured by status, and the CSV exports.
import Link from "next/link";
import { Bar, BarChart, CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { formatMoney } from "@/components/format/format-money";
import type { EventSales } from "@/lib/admin/sales";
import { SeatStatusMapView } from "./seat-status-map";
import { useLiveSales } from "./use-live-sales";

const COLORS = { sold: "#16a34a", held: "#f59e0b", free: "#cbd5e1", other: "#64748b" };
const pct = (r: number | null) => (r === null ? "–" : `${Math.round(r * 1000) / 10}%`);

function Figure({ label, value, testId }: { label: string; value: string; testId?: string }) {
  return (
    <div className="rounded-xl border border-zinc-200 p-3 dark:border-zinc-800">
      <p className="text-xs uppercase tracking-wide text-zinc-500">{label}</p>
      <p className="mt-1 text-xl font-semibold tabular-nums" data-testid={testId}>
        {value}
      </p>
    </div>
  );
}

export function SalesLive({ eventId, initial }: { eventId: string; initial: EventSales }) {
  const { data: s, mode, error, updatedAt } = useLiveSales(eventId, initial);
  const money = (v: string) => formatMoney(v, s.money.currency);
  const timeFormat = (iso: string) =>
    s.over_time.granularity === "minute"
      ? new Date(iso).toLocaleTimeString("en-US", { hour: "2-digit", minute: "2-digit", timeZone: s.event.timezone })
      : new Date(iso).toLocaleDateString("en-US", { month: "short", day: "numeric", timeZone: s.event.timezone });
  return (
    <section className="flex flex-col gap-6">
      <header>
        <p className="text-sm text-zinc-500">
          {s.event.venue} · {new Date(s.event.datetime).toLocaleString("en-US", { dateStyle: "medium", timeStyle: "short", timeZone: s.event.timezone })}
        </p>
        <h1 className="text-2xl font-bold tracking-tight">Sales: {s.event.title}</h1>
        <p className="mt-1 text-xs text-zinc-500" aria-live="polite" data-testid="sales-live-mode" data-mode={mode}>
          {mode === "stream" ? "Live (pushed as sales happen)" : mode === "polling" ? "Live, checked every second" : "Connecting…"}
          {updatedAt ? ` · figures of ${new Date(s.computed_at).toLocaleTimeString("en-US")}` : ""}
          {error ? <span className="ml-2 text-red-600">Not updating: {error}</span> : null}
        </p>
        <p className="mt-2 flex flex-wrap gap-3 text-sm">
          <a className="font-medium text-brand-700 hover:underline dark:text-brand-300" href={`/api/admin/events/${eventId}/sales/orders.csv`}>
            Orders CSV
          </a>
          <a className="font-medium text-brand-700 hover:underline dark:text-brand-300" href={`/api/admin/events/${eventId}/sales/attendees.csv`}>
            Attendees CSV
          </a>
          <Link className="font-medium text-brand-700 hover:underline dark:text-brand-300" href={`/dashboard/orders?event_id=${eventId}`}>
            Orders of this event
          </Link>
        </p>
      </header>

      <div className="grid grid-cols-2 gap-3 md:grid-cols-4">
        <Figure label="Sold" value={s.totals.sold.toLocaleString("en-US")} testId="sales-sold" />
        <Figure label="Held" value={s.totals.held.toLocaleString("en-US")} testId="sales-held" />
        <Figure label="Free" value={s.totals.free.toLocaleString("en-US")} testId="sales-free" />
        <Figure label="Tickets" value={s.totals.total.toLocaleString("en-US")} />
        <Figure label="Gross" value={money(s.money.gross)} testId="sales-gross" />
        <Figure label="Fees" value={money(s.money.fees)} />
        <Figure label="Refunds" value={money(s.money.refunds)} testId="sales-refunds" />
        <Figure label="Net" value={money(s.money.net)} />
        <Figure label="Orders" value={s.money.orders.toLocaleString("en-US")} testId="sales-orders" />
        <Figure label="Checked in" value={`${s.check_in.checked_in} / ${s.check_in.issued} (${pct(s.check_in.rate)})`} />
        {s.waiting_room.enabled ? (
          <>
            <Figure label="Waiting" value={s.waiting_room.waiting.toLocaleString("en-US")} />
            <Figure label="Admitted" value={`${s.waiting_room.admitted} (${s.waiting_room.admitted_last_minute}/min, rate ${s.waiting_room.admission_per_minute}/min)`} />
            <Figure label="Abandoned" value={`${s.waiting_room.abandoned} (${pct(s.waiting_room.abandonment_rate)})`} />
          </>
        ) : (
          <Figure label="Waiting room" value="Off" />
        )}
      </div>

      <div className="grid gap-6 lg:grid-cols-2">
        <figure className="rounded-xl border border-zinc-200 p-3 dark:border-zinc-800">
          <figcaption className="mb-2 text-sm font-semibold">By price class</figcaption>
          <ResponsiveContainer width="100%" height={240}>
            <BarChart data={s.by_class.map((c) => ({ name: c.class, sold: c.sold, held: c.held, free: c.free }))}>
              <CartesianGrid strokeDasharray="3 3" />
              <XAxis dataKey="name" />
              <YAxis allowDecimals={false} />
              <Tooltip />
              <Legend />
              <Bar dataKey="sold" stackId="a" fill={COLORS.sold} isAnimationActive={false} />
              <Bar dataKey="held" stackId="a" fill={COLORS.held} isAnimationActive={false} />
              <Bar dataKey="free" stackId="a" fill={COLORS.free} isAnimationActive={false} />
            </BarChart>
          </ResponsiveContainer>
        </figure>
        <figure className="rounded-xl border border-zinc-200 p-3 dark:border-zinc-800">
          <figcaption className="mb-2 text-sm font-semibold">Tickets sold per {s.over_time.granularity}</figcaption>
          {s.over_time.points.length === 0 ? (
            <p className="text-sm text-zinc-500">No sales yet.</p>
          ) : (
            <ResponsiveContainer width="100%" height={240}>
              <LineChart data={s.over_time.points.map((p) => ({ at: timeFormat(p.at), tickets: p.tickets }))}>
                <CartesianGrid strokeDasharray="3 3" />
                <XAxis dataKey="at" />
                <YAxis allowDecimals={false} />
                <Tooltip />
                <Line type="monotone" dataKey="tickets" stroke={COLORS.sold} dot={false} isAnimationActive={false} />
              </LineChart>
            </ResponsiveContainer>
          )}
        </figure>
      </div>

      <div className="grid gap-6 lg:grid-cols-2">
        <figure className="rounded-xl border border-zinc-200 p-3 dark:border-zinc-800">
          <figcaption className="mb-2 text-sm font-semibold">Seat map</figcaption>
          <SeatStatusMapView eventId={eventId} colors={COLORS} />
        </figure>
        <div className="overflow-x-auto rounded-xl border border-zinc-200 p-3 dark:border-zinc-800">
          <p className="mb-2 text-sm font-semibold">By section</p>
          <table className="w-full text-sm tabular-nums" data-testid="sales-sections">
            <thead className="text-left text-xs uppercase text-zinc-500">
              <tr>
                <th className="py-1">Section</th>
                <th>Sold</th>
                <th>Held</th>
                <th>Free</th>
                <th>Total</th>
              </tr>
            </thead>
            <tbody>
              {s.by_section.map((r) => (
                <tr key={r.section} className="border-t border-zinc-100 dark:border-zinc-800">
                  <td className="py-1">{r.section}</td>
                  <td>{r.sold}</td>
                  <td>{r.held}</td>
                  <td>{r.free}</td>
                  <td>{r.total}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </div>
    </section>
  );
}
