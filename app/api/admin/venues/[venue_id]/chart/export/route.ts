// GET /api/admin/venues/:venue_id/chart/export[?version=N]: the chart document (docs/seat-maps.md)
// of version N, or of the draft when there is one, else of the current version; as a download.
import { authedApiRoute } from "@/lib/http/authed-api-route";
import { methodNotAllowed } from "@/lib/http/method-not-allowed";
import { parseId } from "@/lib/validations/events";
import { exportChart } from "@/lib/venues/versions";

export const GET = authedApiRoute<{ venue_id: string }>(
  async (request, params, caller) => {
    const venueId = parseId("venue_id", params.venue_id);
    const v = new URL(request.url).searchParams.get("version");
    const version = v === null ? undefined : parseId("version", v);
    const document = await exportChart(caller, venueId, version);
    return Response.json(document, {
      headers: { "Cache-Control": "private, no-store", "Content-Disposition": `attachment; filename="venue-${venueId}-chart${version ? `-v${version}` : ""}.json"` },
    });
  },
  { roles: ["admin", "venue_admin"] },
);

// Every other method: 405 with the JSON error and an Allow header (lib/http/method-not-allowed.ts).
export const { POST, PUT, PATCH, DELETE, OPTIONS } = methodNotAllowed(["GET"]);
