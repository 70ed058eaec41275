// POST /api/admin/events/:event_id/cancel {reason}: cancels the event now and refunds its paid
// orders in the background (lib/admin/events-cancellation.ts); 202 with the job's progress.
// GET: the progress ({cancellation: null} when the event was not cancelled here).
import { cancelEvent, getEventCancellation, runEventCancellationInBackground } from "@/lib/admin/events-cancellation";
import { readJson } from "@/lib/http/api-route";
import { authedApiRoute } from "@/lib/http/authed-api-route";
import { methodNotAllowed } from "@/lib/http/method-not-allowed";
import { cancelEventSchema } from "@/lib/validations/admin-events";
import { parseId, parseOrThrow } from "@/lib/validations/events";

export const GET = authedApiRoute<{ event_id: string }>(async (_request, params, caller) => {
  const cancellation = await getEventCancellation(caller, parseId("event_id", params.event_id));
  return Response.json({ cancellation }, { headers: { "Cache-Control": "private, no-store" } });
}, { roles: ["admin", "venue_admin"] });

export const POST = authedApiRoute<{ event_id: string }>(async (request, params, caller) => {
  const eventId = parseId("event_id", params.event_id);
  const { reason } = parseOrThrow(cancelEventSchema, await readJson(request));
  const cancellation = await cancelEvent(caller, eventId, reason);
  runEventCancellationInBackground(eventId);
  return Response.json({ cancellation }, { status: 202, headers: { "Cache-Control": "no-store" } });
}, { roles: ["admin", "venue_admin"] });

// Every other method: 405 with the JSON error and an Allow header (lib/http/method-not-allowed.ts).
export const { PUT, PATCH, DELETE, OPTIONS } = methodNotAllowed(["GET", "POST"]);
