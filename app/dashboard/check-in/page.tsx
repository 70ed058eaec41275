// The door scanner (/dashboard/check-in), for phones: door staff, venue admins and admins pick one
// of the events they may check tickets in at, then scan QR codes with the camera or type them.
// Every admission is decided by POST /api/tickets/check-in (one conditional UPDATE: two scanners
// on the same ticket admit once); scans made offline are kept on the device and sent when back.
import { Scanner } from "@/components/dashboard/scanner/scanner";
import { requireDashboardUser } from "@/lib/admin/dashboard-user";
import { listCheckInEvents } from "@/lib/admin/scanner";

export const metadata = { title: "Check-in" };
export const dynamic = "force-dynamic";

export default async function CheckInPage() {
  const caller = await requireDashboardUser("/dashboard/check-in");
  const events = await listCheckInEvents(caller);
  return <Scanner events={events} />;
}
