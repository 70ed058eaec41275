// The caller's place in the event's waiting room: POST joins (idempotent, one place per account),
// GET looks without joining. When admitted, the answer carries the admission token and sets it as
// the httpOnly cookie the browser's reserve calls will carry; an expired admission clears it.
import { authedApiRoute } from "@/lib/http/authed-api-route";
import { admissionCookie, getQueueStatus, type QueueStatus } from "@/lib/queue";
import { parseId } from "@/lib/validations/events";
import { methodNotAllowed } from "@/lib/http/method-not-allowed";

function respond(request: Request, eventId: number, status: QueueStatus): Response {
  const headers = new Headers({ "Cache-Control": "private, no-store" });
  if (status.state === "admitted" && status.admission_token && status.admission_expires_at) {
    headers.append("Set-Cookie", admissionCookie(request, eventId, status.admission_token, new Date(status.admission_expires_at)));
  } else if (status.state === "expired") {
    headers.append("Set-Cookie", admissionCookie(request, eventId, null));
  }
  return Response.json(status, { headers });
}

// Joining is rate limited (policy queue_join: per account and per client IP, counted before the
// queue is touched, so a refused join changes nothing); looking (GET) is not.
export const POST = authedApiRoute<{ event_id: string }>(
  async (request, params, caller) => {
    const eventId = parseId("event_id", params.event_id);
    return respond(request, eventId, await getQueueStatus({ eventId, userId: caller.userId, join: true }));
  },
  { rateLimit: "queue_join" },
);

export const GET = authedApiRoute<{ event_id: string }>(async (request, params, caller) => {
  const eventId = parseId("event_id", params.event_id);
  return respond(request, eventId, await getQueueStatus({ eventId, userId: caller.userId }));
});

// Every other method: 405 with the JSON error and an Allow header (lib/http/method-not-allowed.ts).
export const { PUT, PATCH, DELETE, OPTIONS } = methodNotAllowed(["GET", "POST"]);
