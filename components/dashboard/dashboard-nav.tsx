// The organizer dashboard's side navigation. Links are shown by role for convenience only: every
// page and action checks the caller on the server (lib/admin/access.ts).
import Link from "next/link";
import type { Caller } from "@/lib/auth/get-caller";

type Item = { href: string; label: string; roles: Caller["role"][] };

export const DASHBOARD_NAV: Item[] = [
  { href: "/dashboard", label: "Overview", roles: ["admin", "venue_admin"] },
  { href: "/dashboard/events", label: "Events", roles: ["admin", "venue_admin"] },
  { href: "/dashboard/orders", label: "Orders", roles: ["admin", "venue_admin"] },
  { href: "/dashboard/venues", label: "Venues", roles: ["admin", "venue_admin"] },
  { href: "/dashboard/check-in", label: "Check-in", roles: ["admin", "venue_admin", "door_staff"] },
  { href: "/dashboard/users", label: "Users", roles: ["admin"] },
];

export function DashboardNav({ role }: { role: Caller["role"] }) {
  return (
    <nav aria-label="Dashboard" className="flex gap-1 overflow-x-auto md:flex-col" data-testid="dashboard-nav">
      {DASHBOARD_NAV.filter((item) => item.roles.includes(role)).map((item) => (
        <Link
          key={item.href}
          href={item.href}
          className="whitespace-nowrap rounded-lg px-3 py-2 text-sm font-medium text-zinc-700 hover:bg-zinc-100 focus-visible:outline-2 focus-visible:outline-brand-500 dark:text-zinc-300 dark:hover:bg-zinc-800"
        >
          {item.label}
        </Link>
      ))}
    </nav>
  );
}
