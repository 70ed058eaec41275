// GET /api/admin/events/{event_id}/waitlist: the event's waitlist for its organizer (a venue admin
// of the event's venue, or an admin): the list, demand by class and party size, offers made and
// how they ended, freed -> resold time. See docs/waitlist.md.
import { authedApiRoute } from "@/lib/http/authed-api-route";
import { methodNotAllowed } from "@/lib/http/method-not-allowed";
import { parseId } from "@/lib/validations/events";
import { getWaitlistFigures } from "@/lib/waitlist/get-waitlist-figures";

export const GET = authedApiRoute<{ event_id: string }>(
  async (_request, params, caller) => {
    const eventId = parseId("event_id", params.event_id);
    return Response.json(await getWaitlistFigures({ caller, eventId }), { headers: { "Cache-Control": "private, no-store" } });
  },
  { roles: ["venue_admin", "admin"] },
);

// Every other method: 405 with the JSON error and an Allow header (lib/http/method-not-allowed.ts).
export const { POST, PUT, PATCH, DELETE, OPTIONS } = methodNotAllowed(["GET"]);
