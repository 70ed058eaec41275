// Live sales of one event (/dashboard/events/:id/sales): figures, charts and a seat map coloured by
// status, refreshed every second from GET /api/admin/events/:id/sales (cached 1 s per event on the
// server, so a room full of viewers costs PostgreSQL one computation a second).
import { notFound } from "next/navigation";
import { SalesLive } from "@/components/dashboard/sales/sales-live";
import { requireDashboardUser } from "@/lib/admin/dashboard-user";
import { getEventSales } from "@/lib/admin/sales";
import { isAppError } from "@/lib/errors/app-error";
import { toIdOrNull } from "@/lib/validations/events";

export const metadata = { title: "Sales" };
export const dynamic = "force-dynamic";

export default async function EventSalesPage({ params }: { params: Promise<{ eventId: string }> }) {
  const { eventId: raw } = await params;
  const caller = await requireDashboardUser(`/dashboard/events/${raw}/sales`, ["admin", "venue_admin"]);
  const eventId = toIdOrNull(raw);
  if (eventId === null) notFound();
  const initial = await getEventSales(caller, eventId).catch((e: unknown) => {
    if (isAppError(e) && (e.code === "not_found" || e.code === "forbidden")) notFound();
    throw e;
  });
  return <SalesLive eventId={String(eventId)} initial={initial} />;
}
