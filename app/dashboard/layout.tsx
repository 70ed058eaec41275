// The organizer dashboard: venue admins, admins and door staff. The layout checks that the caller's
// role may open the dashboard at all; each page checks the venue or event it shows.
import type { Metadata } from "next";
import { DashboardNav } from "@/components/dashboard/dashboard-nav";
import { requireDashboardUser } from "@/lib/admin/dashboard-user";

export const metadata: Metadata = { title: { default: "Dashboard", template: "%s · Dashboard · OpenSeat" }, robots: { index: false } };

export default async function DashboardLayout({ children }: { children: React.ReactNode }) {
  const caller = await requireDashboardUser("/dashboard");
  return (
    <div className="mx-auto flex w-full max-w-7xl flex-col gap-6 px-4 py-6 md:flex-row md:px-6">
      <aside className="md:w-48 md:shrink-0">
        <p className="mb-2 hidden px-3 text-xs font-semibold uppercase tracking-wide text-zinc-500 md:block">Organizer</p>
        <DashboardNav role={caller.role} />
      </aside>
      <div className="min-w-0 flex-1">{children}</div>
    </div>
  );
}
