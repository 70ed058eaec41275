// Orders of the caller's venues (/dashboard/orders), under the venue overview (sales by event,
// linking each event's live sales page): search by order number, email, name, Stripe id
// or seat; filter by event and status; sort by any column; paged. Rendered on the server from
// lib/admin/orders.ts (the same query as GET /api/admin/orders), so it works without JavaScript.
import Link from "next/link";
import { requireDashboardUser } from "@/lib/admin/dashboard-user";
import { ORDER_SORTS, searchOrders, type OrderSort } from "@/lib/admin/orders";
import { listEventSalesOverview } from "@/lib/admin/sales";
import { isAppError } from "@/lib/errors/app-error";
import { formatMoney } from "@/components/format/format-money";
import { parseOrderSearch } from "@/lib/validations/admin-orders";

export const metadata = { title: "Orders" };
export const dynamic = "force-dynamic";

type Search = Record<string, string | string[] | undefined>;

function toParams(search: Search): URLSearchParams {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(search)) if (typeof v === "string") params.set(k, v);
  return params;
}

const COLUMNS: Array<{ label: string; asc?: OrderSort; desc?: OrderSort }> = [
  { label: "Order", asc: "order_asc", desc: "order_desc" },
  { label: "Paid", asc: "oldest", desc: "newest" },
  { label: "Event" },
  { label: "Buyer" },
  { label: "Tickets" },
  { label: "Total", asc: "amount_asc", desc: "amount_desc" },
  { label: "Status" },
];

export default async function OrdersPage({ searchParams }: { searchParams: Promise<Search> }) {
  const caller = await requireDashboardUser("/dashboard/orders", ["admin", "venue_admin"]);
  const params = toParams(await searchParams);
  let problem: string | null = null;
  let query = { page: 1, size: 25 } as ReturnType<typeof parseOrderSearch>;
  try {
    query = parseOrderSearch(params);
    if (!params.get("size")) query.size = 25;
  } catch (e) {
    if (!isAppError(e)) throw e;
    problem = e.message;
  }
  const landing = !query.q && !query.event_id && !query.status && query.page === 1;
  const [result, overview] = await Promise.all([
    searchOrders(caller, { q: query.q, eventId: query.event_id, status: query.status, sort: query.sort, page: query.page, size: query.size }),
    landing ? listEventSalesOverview(caller) : Promise.resolve([]),
  ]);
  const sort: OrderSort = query.sort ?? "newest";
  const href = (changes: Record<string, string | undefined>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes)) {
      if (v === undefined) next.delete(k);
      else next.set(k, v);
    }
    return `/dashboard/orders?${next}`;
  };
  const pages = Math.max(1, Math.ceil(result.total / result.size));
  return (
    <section className="flex flex-col gap-4">
      {overview.length > 0 ? (
        <div className="overflow-x-auto">
          <h1 className="text-2xl font-bold tracking-tight">Sales by event</h1>
          <table className="mt-2 w-full text-sm" data-testid="sales-overview">
            <thead className="text-left text-xs uppercase text-zinc-500">
              <tr>
                <th className="px-2 py-2">Event</th>
                <th className="px-2">Date</th>
                <th className="px-2">Sold</th>
                <th className="px-2">Orders</th>
                <th className="px-2">Gross</th>
                <th className="px-2">Refunds</th>
                <th className="px-2">Checked in</th>
              </tr>
            </thead>
            <tbody>
              {overview.map((e) => (
                <tr key={e.event_id} className="border-t border-zinc-100 dark:border-zinc-800">
                  <td className="px-2 py-2">
                    <Link className="font-medium text-brand-700 hover:underline dark:text-brand-300" href={`/dashboard/events/${e.event_id}/sales`}>
                      {e.title}
                    </Link>
                    <span className="block text-xs text-zinc-500">
                      {e.venue}
                      {e.status !== "scheduled" ? ` · ${e.status}` : ""}
                    </span>
                  </td>
                  <td className="px-2 whitespace-nowrap">{new Date(e.datetime).toLocaleDateString("en-US", { dateStyle: "medium", timeZone: e.timezone })}</td>
                  <td className="px-2 tabular-nums">
                    {e.sold.toLocaleString("en-US")} / {e.tickets.toLocaleString("en-US")}
                  </td>
                  <td className="px-2 tabular-nums">
                    <Link className="hover:underline" href={`/dashboard/orders?event_id=${e.event_id}`}>
                      {e.orders.toLocaleString("en-US")}
                    </Link>
                  </td>
                  <td className="px-2 tabular-nums">{formatMoney(e.gross, e.currency)}</td>
                  <td className="px-2 tabular-nums">{formatMoney(e.refunds, e.currency)}</td>
                  <td className="px-2 tabular-nums">{e.checked_in.toLocaleString("en-US")}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      <h1 className="text-2xl font-bold tracking-tight">Orders</h1>
      <form className="flex flex-wrap items-end gap-2" action="/dashboard/orders" role="search">
        <label className="flex flex-col text-sm">
          <span className="text-zinc-600 dark:text-zinc-400">Search</span>
          <input
            name="q"
            defaultValue={query.q ?? ""}
            placeholder="Order #, email, name, seat"
            className="w-72 rounded-lg border border-zinc-300 px-3 py-2 dark:border-zinc-700 dark:bg-zinc-900"
            data-testid="orders-search"
          />
        </label>
        <label className="flex flex-col text-sm">
          <span className="text-zinc-600 dark:text-zinc-400">Status</span>
          <select name="status" defaultValue={query.status ?? ""} className="rounded-lg border border-zinc-300 px-3 py-2 dark:border-zinc-700 dark:bg-zinc-900">
            <option value="">Any</option>
            <option value="approved">Paid</option>
            <option value="partially_refunded">Partly refunded</option>
            <option value="refunded">Refunded</option>
          </select>
        </label>
        {query.event_id ? <input type="hidden" name="event_id" value={String(query.event_id)} /> : null}
        {ORDER_SORTS.includes(sort) ? <input type="hidden" name="sort" value={sort} /> : null}
        <button className="rounded-lg bg-brand-600 px-4 py-2 text-sm font-semibold text-white hover:bg-brand-700" type="submit">
          Search
        </button>
        {query.event_id ? (
          <>
            <Link className="text-sm text-brand-700 hover:underline dark:text-brand-300" href={href({ event_id: undefined, page: undefined })}>
              All events
            </Link>
            <Link className="text-sm text-brand-700 hover:underline dark:text-brand-300" href={`/dashboard/events/${query.event_id}/sales`}>
              Live sales of this event
            </Link>
          </>
        ) : null}
      </form>
      {problem ? <p className="text-sm text-red-600">{problem}</p> : null}
      <p className="text-sm text-zinc-600 dark:text-zinc-400" data-testid="orders-total">
        {result.total.toLocaleString("en-US")} order{result.total === 1 ? "" : "s"}
      </p>
      <div className="overflow-x-auto">
        <table className="w-full text-sm" data-testid="orders-table">
          <thead className="text-left text-xs uppercase text-zinc-500">
            <tr>
              {COLUMNS.map((c) => {
                const active = sort === c.asc || sort === c.desc;
                const next = c.desc && sort === c.desc ? c.asc : (c.desc ?? c.asc);
                return (
                  <th key={c.label} className="px-2 py-2" aria-sort={active ? (sort === c.asc ? "ascending" : "descending") : undefined}>
                    {next ? (
                      <Link className="hover:underline" href={href({ sort: next, page: undefined })}>
                        {c.label}
                        {active ? (sort === c.asc ? " ▲" : " ▼") : ""}
                      </Link>
                    ) : (
                      c.label
                    )}
                  </th>
                );
              })}
            </tr>
          </thead>
          <tbody>
            {result.orders.map((o) => (
              <tr key={o.order_id} className="border-t border-zinc-100 dark:border-zinc-800">
                <td className="px-2 py-2 font-medium">
                  <Link className="text-brand-700 hover:underline dark:text-brand-300" href={`/dashboard/orders/${o.order_id}`}>
                    #{o.order_id}
                  </Link>
                </td>
                <td className="px-2 py-2 whitespace-nowrap">{o.paid_at ? new Date(o.paid_at).toLocaleString("en-US", { dateStyle: "medium", timeStyle: "short" }) : "–"}</td>
                <td className="px-2 py-2">{o.event.title}</td>
                <td className="px-2 py-2">
                  {o.buyer.username}
                  <span className="block text-xs text-zinc-500">{o.buyer.email}</span>
                </td>
                <td className="px-2 py-2 tabular-nums">
                  {o.issued}/{o.tickets}
                </td>
                <td className="px-2 py-2 tabular-nums">{formatMoney(o.total, o.currency)}</td>
                <td className="px-2 py-2">{o.status.replace("_", " ")}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {pages > 1 ? (
        <nav className="flex gap-3 text-sm" aria-label="Pages">
          {result.page > 1 ? <Link href={href({ page: String(result.page - 1) })}>← Previous</Link> : null}
          <span>
            Page {result.page} of {pages}
          </span>
          {result.page < pages ? <Link href={href({ page: String(result.page + 1) })}>Next →</Link> : null}
        </nav>
      ) : null}
    </section>
  );
}
