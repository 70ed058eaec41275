// PUT /api/events/{event_id}/queue/turn-alert {enabled} -> 200 {enabled}: the signed-in fan asks to be
// told when the event's waiting room admits them ("it's your turn", by the channels they chose for
// queue_your_turn: email by default, push once they allowed it), or stops asking. 401 without a
// session or token; 404 for an unknown or unpublished event; 400 for an event without a waiting room.
import { readJson } from "@/lib/http/api-route";
import { authedApiRoute } from "@/lib/http/authed-api-route";
import { methodNotAllowed } from "@/lib/http/method-not-allowed";
import { setQueueTurnAlert } from "@/lib/notifications/set-queue-turn-alert";
import { parseId, parseOrThrow } from "@/lib/validations/events";
import { queueTurnAlertSchema } from "@/lib/validations/notifications";

type P = { event_id: string };

export const PUT = authedApiRoute<P>(async (request, params, caller) => {
  const eventId = parseId("event_id", params.event_id);
  const input = parseOrThrow(queueTurnAlertSchema, await readJson(request));
  return Response.json(await setQueueTurnAlert(caller.userId, eventId, input.enabled), { headers: { "Cache-Control": "private, no-store" } });
});

export const { GET, HEAD, POST, PATCH, DELETE, OPTIONS } = methodNotAllowed(["PUT"]);
