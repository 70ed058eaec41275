// GET /api/admin/venues/:venue_id/chart/draft: the draft chart document (made from the current
// published version when there is none), with its validation problems. PUT {chart document}: saves
// it; a structurally bad document is a 400 with error.problems [{path, message}], one that only
// fails validation is saved and answered with its problems (publishing refuses it).
import { authedApiRoute } from "@/lib/http/authed-api-route";
import { readJson } from "@/lib/http/api-route";
import { methodNotAllowed } from "@/lib/http/method-not-allowed";
import { parseId } from "@/lib/validations/events";
import { MAX_CHART_JSON_BYTES } from "@/lib/validations/venues";
import { getDraft, saveDraft } from "@/lib/venues/versions";

const NO_STORE = { "Cache-Control": "private, no-store" };

export const GET = authedApiRoute<{ venue_id: string }>(
  async (_request, params, caller) => Response.json({ draft: await getDraft(caller, parseId("venue_id", params.venue_id)) }, { headers: NO_STORE }),
  { roles: ["admin", "venue_admin"] },
);

export const PUT = authedApiRoute<{ venue_id: string }>(
  async (request, params, caller) => {
    const venueId = parseId("venue_id", params.venue_id);
    const body = await readJson(request, { limit: MAX_CHART_JSON_BYTES });
    return Response.json({ draft: await saveDraft(caller, venueId, body) }, { headers: NO_STORE });
  },
  { roles: ["admin", "venue_admin"] },
);

// Every other method: 405 with the JSON error and an Allow header (lib/http/method-not-allowed.ts).
export const { POST, PATCH, DELETE, OPTIONS } = methodNotAllowed(["GET", "PUT"]);
