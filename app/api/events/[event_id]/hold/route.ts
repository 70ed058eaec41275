import { authedApiRoute } from "@/lib/http/authed-api-route";
import { getActiveHold } from "@/lib/inventory/get-active-hold";
import { parseId } from "@/lib/validations/events";
import { methodNotAllowed } from "@/lib/http/method-not-allowed";

export const GET = authedApiRoute<{ event_id: string }>(async (_request, params, caller) => {
  const hold = await getActiveHold({ userId: caller.userId, eventId: parseId("event_id", params.event_id) });
  return Response.json(hold, { headers: { "Cache-Control": "private, no-store" } });
});

// Every other method: 405 with the JSON error and an Allow header (lib/http/method-not-allowed.ts).
export const { POST, PUT, PATCH, DELETE, OPTIONS } = methodNotAllowed(["GET"]);
