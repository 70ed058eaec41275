// POST /api/admin/events/:event_id/publish: a draft becomes public (idempotent: `changed` says
// whether this call did it). 409 for a cancelled, past or ticketless event.
import { publishEvent } from "@/lib/admin/events";
import { authedApiRoute } from "@/lib/http/authed-api-route";
import { methodNotAllowed } from "@/lib/http/method-not-allowed";
import { parseId } from "@/lib/validations/events";

export const POST = authedApiRoute<{ event_id: string }>(async (_request, params, caller) => {
  return Response.json(await publishEvent(caller, parseId("event_id", params.event_id)), { headers: { "Cache-Control": "no-store" } });
}, { roles: ["admin", "venue_admin"] });

// Every other method: 405 with the JSON error and an Allow header (lib/http/method-not-allowed.ts).
export const { GET, HEAD, PUT, PATCH, DELETE, OPTIONS } = methodNotAllowed(["POST"]);
