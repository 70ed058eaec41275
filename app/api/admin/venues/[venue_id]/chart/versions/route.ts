// GET /api/admin/venues/:venue_id/chart/versions: every chart version, newest first, with how many
// events are bound to each.
import { authedApiRoute } from "@/lib/http/authed-api-route";
import { methodNotAllowed } from "@/lib/http/method-not-allowed";
import { parseId } from "@/lib/validations/events";
import { listVersions } from "@/lib/venues/versions";

export const GET = authedApiRoute<{ venue_id: string }>(
  async (_request, params, caller) =>
    Response.json({ versions: await listVersions(caller, parseId("venue_id", params.venue_id)) }, { headers: { "Cache-Control": "private, no-store" } }),
  { roles: ["admin", "venue_admin"] },
);

// Every other method: 405 with the JSON error and an Allow header (lib/http/method-not-allowed.ts).
export const { POST, PUT, PATCH, DELETE, OPTIONS } = methodNotAllowed(["GET"]);
