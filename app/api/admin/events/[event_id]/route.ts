// GET /api/admin/events/:event_id: the event as the dashboard edits it. PATCH: changes the given
// fields (lib/admin/events.ts updateEvent). Venue admins of the event's venue and admins only.
import { getAdminEvent, updateEvent } from "@/lib/admin/events";
import { readJson } from "@/lib/http/api-route";
import { authedApiRoute } from "@/lib/http/authed-api-route";
import { methodNotAllowed } from "@/lib/http/method-not-allowed";
import { updateEventSchema } from "@/lib/validations/admin-events";
import { parseId, parseOrThrow } from "@/lib/validations/events";

export const GET = authedApiRoute<{ event_id: string }>(async (_request, params, caller) => {
  const event = await getAdminEvent(caller, parseId("event_id", params.event_id));
  return Response.json({ event }, { headers: { "Cache-Control": "private, no-store" } });
}, { roles: ["admin", "venue_admin"] });

export const PATCH = authedApiRoute<{ event_id: string }>(async (request, params, caller) => {
  const eventId = parseId("event_id", params.event_id);
  const input = parseOrThrow(updateEventSchema, await readJson(request));
  return Response.json(await updateEvent(caller, eventId, input), { headers: { "Cache-Control": "no-store" } });
}, { roles: ["admin", "venue_admin"] });

// Every other method: 405 with the JSON error and an Allow header (lib/http/method-not-allowed.ts).
export const { POST, PUT, DELETE, OPTIONS } = methodNotAllowed(["GET", "PATCH"]);
