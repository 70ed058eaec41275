// GET /api/admin/venues: the venues the caller manages (admins: all). POST (admins only) {name,
// location, address, phone?, timezone?}: a new venue with an empty draft chart (201 {venue}).
import { listManagedVenues } from "@/lib/admin/venues";
import { authedApiRoute } from "@/lib/http/authed-api-route";
import { readJson } from "@/lib/http/api-route";
import { methodNotAllowed } from "@/lib/http/method-not-allowed";
import { parseOrThrow } from "@/lib/validations/events";
import { venueCreateSchema } from "@/lib/validations/venues";
import { createVenue } from "@/lib/venues/venues";

const NO_STORE = { "Cache-Control": "private, no-store" };

export const GET = authedApiRoute(
  async (_request, _params, caller) => Response.json({ venues: await listManagedVenues(caller) }, { headers: NO_STORE }),
  { roles: ["admin", "venue_admin"] },
);

export const POST = authedApiRoute(
  async (request, _params, caller) => {
    const input = parseOrThrow(venueCreateSchema, await readJson(request));
    return Response.json({ venue: await createVenue(caller, input) }, { status: 201, headers: NO_STORE });
  },
  { roles: ["admin"] },
);

// Every other method: 405 with the JSON error and an Allow header (lib/http/method-not-allowed.ts).
export const { PUT, PATCH, DELETE, OPTIONS } = methodNotAllowed(["GET", "POST"]);
