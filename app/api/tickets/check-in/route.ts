// POST /api/tickets/check-in {token, event_id?}: venue staff admit the holder of an e-ticket (lib/tickets/check-in).
import { authedApiRoute } from "@/lib/http/authed-api-route";
import { readJson } from "@/lib/http/api-route";
import { checkInTicket } from "@/lib/tickets/check-in";
import { parseCheckInBody } from "@/lib/validations/tickets";
import { methodNotAllowed } from "@/lib/http/method-not-allowed";

export const POST = authedApiRoute(
  async (request, _params, caller) => {
    const { token, event_id } = parseCheckInBody(await readJson(request));
    const result = await checkInTicket({ token, caller, eventId: event_id });
    return Response.json(result, { headers: { "Cache-Control": "no-store" } });
  },
  { roles: ["admin", "venue_admin", "door_staff"] },
);

// Every other method: 405 with the JSON error and an Allow header (lib/http/method-not-allowed.ts).
export const { GET, HEAD, PUT, PATCH, DELETE, OPTIONS } = methodNotAllowed(["POST"]);
