// POST /api/admin/venues/:venue_id/chart/import {chart document}: replaces the draft with the
// document (at most 4 MB; 400 with error.problems when it is not a valid document).
import { authedApiRoute } from "@/lib/http/authed-api-route";
import { readJson } from "@/lib/http/api-route";
import { methodNotAllowed } from "@/lib/http/method-not-allowed";
import { parseId } from "@/lib/validations/events";
import { MAX_CHART_JSON_BYTES } from "@/lib/validations/venues";
import { importChart } from "@/lib/venues/versions";

export const POST = authedApiRoute<{ venue_id: string }>(
  async (request, params, caller) => {
    const venueId = parseId("venue_id", params.venue_id);
    const body = await readJson(request, { limit: MAX_CHART_JSON_BYTES });
    return Response.json({ draft: await importChart(caller, venueId, body) }, { headers: { "Cache-Control": "no-store" } });
  },
  { roles: ["admin", "venue_admin"] },
);

// Every other method: 405 with the JSON error and an Allow header (lib/http/method-not-allowed.ts).
export const { GET, HEAD, PUT, PATCH, DELETE, OPTIONS } = methodNotAllowed(["POST"]);
