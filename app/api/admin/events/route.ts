// GET /api/admin/events?venue_id=&state=draft|published|cancelled&when=upcoming|past|all&q=&page=&size=:
// the events of the venues the caller manages (an admin: all). POST /api/admin/events: creates a
// draft event with its tickets (lib/admin/events.ts). Venue admins and admins only.
import { createEvent, listAdminEvents } from "@/lib/admin/events";
import { readJson } from "@/lib/http/api-route";
import { authedApiRoute } from "@/lib/http/authed-api-route";
import { methodNotAllowed } from "@/lib/http/method-not-allowed";
import { adminEventListSchema, createEventSchema } from "@/lib/validations/admin-events";
import { queryRecord } from "@/lib/validations/admin-query";
import { parseOrThrow } from "@/lib/validations/events";

const ROLES = { roles: ["admin", "venue_admin"] } as const;

export const GET = authedApiRoute(async (request, _params, caller) => {
  const query = parseOrThrow(adminEventListSchema, queryRecord(request.url));
  return Response.json(await listAdminEvents(caller, query), { headers: { "Cache-Control": "private, no-store" } });
}, { roles: [...ROLES.roles] });

export const POST = authedApiRoute(async (request, _params, caller) => {
  const input = parseOrThrow(createEventSchema, await readJson(request));
  const result = await createEvent(caller, input);
  return Response.json(result, { status: 201, headers: { "Cache-Control": "no-store", Location: `/api/admin/events/${result.event.event_id}` } });
}, { roles: [...ROLES.roles] });

// Every other method: 405 with the JSON error and an Allow header (lib/http/method-not-allowed.ts).
export const { PUT, PATCH, DELETE, OPTIONS } = methodNotAllowed(["GET", "POST"]);
