// GET /api/admin/events/:event_id/audit?before=&limit=: the event's audit log, newest first (keyset
// paging: pass the last entry's id as `before`).
import { requireEventManager } from "@/lib/admin/access";
import { listEventAudit } from "@/lib/admin/audit";
import { authedApiRoute } from "@/lib/http/authed-api-route";
import { methodNotAllowed } from "@/lib/http/method-not-allowed";
import { auditListSchema } from "@/lib/validations/admin-events";
import { queryRecord } from "@/lib/validations/admin-query";
import { parseId, parseOrThrow } from "@/lib/validations/events";

export const GET = authedApiRoute<{ event_id: string }>(async (request, params, caller) => {
  const { eventId } = await requireEventManager(caller, parseId("event_id", params.event_id));
  const { before, limit } = parseOrThrow(auditListSchema, queryRecord(request.url));
  return Response.json({ entries: await listEventAudit(eventId, { before, limit }) }, { headers: { "Cache-Control": "private, no-store" } });
}, { roles: ["admin", "venue_admin"] });

// Every other method: 405 with the JSON error and an Allow header (lib/http/method-not-allowed.ts).
export const { POST, PUT, PATCH, DELETE, OPTIONS } = methodNotAllowed(["GET"]);
