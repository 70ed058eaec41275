// GET /api/admin/venues/:venue_id: the venue with its current chart version and draft. PATCH {name?,
// location?, address?, phone?, timezone?}: edits it. Venue admins of that venue and admins.
import { authedApiRoute } from "@/lib/http/authed-api-route";
import { readJson } from "@/lib/http/api-route";
import { methodNotAllowed } from "@/lib/http/method-not-allowed";
import { parseId, parseOrThrow } from "@/lib/validations/events";
import { venueUpdateSchema } from "@/lib/validations/venues";
import { getVenue, updateVenue } from "@/lib/venues/venues";

const NO_STORE = { "Cache-Control": "private, no-store" };
const ROLES = { roles: ["admin", "venue_admin"] } as const;

export const GET = authedApiRoute<{ venue_id: string }>(
  async (_request, params, caller) => Response.json({ venue: await getVenue(caller, parseId("venue_id", params.venue_id)) }, { headers: NO_STORE }),
  { roles: [...ROLES.roles] },
);

export const PATCH = authedApiRoute<{ venue_id: string }>(
  async (request, params, caller) => {
    const venueId = parseId("venue_id", params.venue_id);
    const input = parseOrThrow(venueUpdateSchema, await readJson(request));
    return Response.json({ venue: await updateVenue(caller, venueId, input) }, { headers: NO_STORE });
  },
  { roles: [...ROLES.roles] },
);

// Every other method: 405 with the JSON error and an Allow header (lib/http/method-not-allowed.ts).
export const { POST, PUT, DELETE, OPTIONS } = methodNotAllowed(["GET", "PATCH"]);
