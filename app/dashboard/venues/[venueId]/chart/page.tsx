// The seat-map builder for one venue's draft chart: venue admins of that venue and admins (others
// get a 404, as if the venue did not exist).
import { notFound } from "next/navigation";
import { requireDashboardUser } from "@/lib/admin/dashboard-user";
import { canManageVenue } from "@/lib/admin/access";
import { getDb } from "@/lib/db";
import { toIdOrNull } from "@/lib/validations/events";
import { getDraft } from "@/lib/venues/versions";
import { ChartBuilder } from "@/components/seat-map-builder/builder";

export const metadata = { title: "Seating chart" };

export default async function VenueChartPage({ params }: { params: Promise<{ venueId: string }> }) {
  const { venueId: raw } = await params;
  const caller = await requireDashboardUser(`/dashboard/venues/${encodeURIComponent(raw)}/chart`, ["admin", "venue_admin"]);
  const venueId = toIdOrNull(raw);
  if (venueId === null || !(await canManageVenue(caller, venueId))) notFound();
  const venue = await getDb().venue.findUnique({ where: { id: venueId }, select: { name: true } });
  if (!venue) notFound();
  const draft = await getDraft(caller, venueId);
  return (
    <section>
      <h1 className="mb-3 text-2xl font-bold tracking-tight">Seating chart</h1>
      <ChartBuilder venueId={String(venueId)} venueName={venue.name} initial={draft.document} draftVersion={draft.version} basedOn={draft.based_on} />
    </section>
  );
}
