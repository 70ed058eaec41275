// /api/admin/events/{event_id}/waitlist, for the event's organizer (a venue admin of the event's
// venue, or an admin). See docs/waitlist.md.
//   GET    the list, demand by class and party size, offers made and how they ended, freed -> resold time
//   PATCH  the settings { offer_seconds?, priority? }
import { authedApiRoute } from "@/lib/http/authed-api-route";
import { methodNotAllowed } from "@/lib/http/method-not-allowed";
import { parseId } from "@/lib/validations/events";
import { getWaitlistFigures } from "@/lib/waitlist/get-waitlist-figures";
import { readJson } from "@/lib/http/api-route";
import { parseWaitlistSettingsBody } from "@/lib/validations/waitlist";
import { updateWaitlistSettings } from "@/lib/waitlist/update-waitlist-settings";

export const GET = authedApiRoute<{ event_id: string }>(
  async (_request, params, caller) => {
    const eventId = parseId("event_id", params.event_id);
    return Response.json(await getWaitlistFigures({ caller, eventId }), { headers: { "Cache-Control": "private, no-store" } });
  },
  { roles: ["venue_admin", "admin"] },
);

export const PATCH = authedApiRoute<{ event_id: string }>(
  async (request, params, caller) => {
    const eventId = parseId("event_id", params.event_id);
    const body = parseWaitlistSettingsBody(await readJson(request));
    const settings = await updateWaitlistSettings({ caller, eventId, offerSeconds: body.offer_seconds, priority: body.priority });
    return Response.json(settings, { headers: { "Cache-Control": "no-store" } });
  },
  { roles: ["venue_admin", "admin"] },
);

// Every other method: 405 with the JSON error and an Allow header (lib/http/method-not-allowed.ts).
export const { POST, PUT, DELETE, OPTIONS } = methodNotAllowed(["GET", "PATCH"]);
