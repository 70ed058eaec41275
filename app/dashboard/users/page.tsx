// Users and roles (/dashboard/users), administrators only: search users, change a role, make a user
// venue admin or door staff of a venue and take it back (POST/DELETE /api/admin/users/:id/venues,
// audited). A venue admin or door staff member who opens this page gets a 404 like a fan.
import Link from "next/link";
import { UserRow } from "@/components/dashboard/users/user-row";
import { requireDashboardUser } from "@/lib/admin/dashboard-user";
import { searchUsers } from "@/lib/admin/users";
import { listManagedVenues } from "@/lib/admin/venues";
import { isAppError } from "@/lib/errors/app-error";
import { parseUserSearch } from "@/lib/validations/admin-orders";

export const metadata = { title: "Users" };
export const dynamic = "force-dynamic";

export default async function UsersPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const caller = await requireDashboardUser("/dashboard/users", ["admin"]);
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(await searchParams)) if (typeof v === "string") params.set(k, v);
  let problem: string | null = null;
  let query: ReturnType<typeof parseUserSearch> = { page: 1, size: 25 };
  try {
    query = parseUserSearch(params);
    if (!params.get("size")) query.size = 25;
  } catch (e) {
    if (!isAppError(e)) throw e;
    problem = e.message;
  }
  const [result, venues] = await Promise.all([searchUsers(caller, query), listManagedVenues(caller)]);
  const pages = Math.max(1, Math.ceil(result.total / result.size));
  const pageHref = (page: number) => {
    const next = new URLSearchParams(params);
    next.set("page", String(page));
    return `/dashboard/users?${next}`;
  };
  return (
    <section className="flex flex-col gap-4">
      <h1 className="text-2xl font-bold tracking-tight">Users and roles</h1>
      <form className="flex flex-wrap items-end gap-2" action="/dashboard/users" role="search">
        <label className="flex flex-col text-sm">
          <span className="text-zinc-600 dark:text-zinc-400">Search</span>
          <input name="q" defaultValue={query.q ?? ""} placeholder="Name, email or id" className="w-72 rounded-lg border border-zinc-300 px-3 py-2 dark:border-zinc-700 dark:bg-zinc-900" data-testid="users-search" />
        </label>
        <label className="flex flex-col text-sm">
          <span className="text-zinc-600 dark:text-zinc-400">Role</span>
          <select name="role" defaultValue={query.role ?? ""} className="rounded-lg border border-zinc-300 px-3 py-2 dark:border-zinc-700 dark:bg-zinc-900">
            <option value="">Any</option>
            <option value="buyer">buyer</option>
            <option value="venue_admin">venue_admin</option>
            <option value="door_staff">door_staff</option>
            <option value="admin">admin</option>
          </select>
        </label>
        <button className="rounded-lg bg-brand-600 px-4 py-2 text-sm font-semibold text-white hover:bg-brand-700" type="submit">
          Search
        </button>
      </form>
      {problem ? <p className="text-sm text-red-600">{problem}</p> : null}
      <p className="text-sm text-zinc-600 dark:text-zinc-400">{result.total.toLocaleString("en-US")} users</p>
      <ul className="flex flex-col gap-3" data-testid="users-list">
        {result.users.map((u) => (
          <UserRow key={u.user_id} user={u} venues={venues.map((v) => ({ venue_id: v.venue_id, name: v.name }))} self={u.user_id === String(caller.userId)} />
        ))}
      </ul>
      {pages > 1 ? (
        <nav className="flex gap-3 text-sm" aria-label="Pages">
          {result.page > 1 ? <Link href={pageHref(result.page - 1)}>← Previous</Link> : null}
          <span>
            Page {result.page} of {pages}
          </span>
          {result.page < pages ? <Link href={pageHref(result.page + 1)}>Next →</Link> : null}
        </nav>
      ) : null}
    </section>
  );
}
