// POST /api/admin/events/:event_id/unpublish: back to draft, only while no fan holds or bought a
// ticket (409 otherwise: cancel the event instead).
import { unpublishEvent } from "@/lib/admin/events";
import { authedApiRoute } from "@/lib/http/authed-api-route";
import { methodNotAllowed } from "@/lib/http/method-not-allowed";
import { parseId } from "@/lib/validations/events";

export const POST = authedApiRoute<{ event_id: string }>(async (_request, params, caller) => {
  return Response.json(await unpublishEvent(caller, parseId("event_id", params.event_id)), { headers: { "Cache-Control": "no-store" } });
}, { roles: ["admin", "venue_admin"] });

// Every other method: 405 with the JSON error and an Allow header (lib/http/method-not-allowed.ts).
export const { GET, HEAD, PUT, PATCH, DELETE, OPTIONS } = methodNotAllowed(["POST"]);
