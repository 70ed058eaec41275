import { authedApiRoute } from "@/lib/http/authed-api-route";
import { readJson } from "@/lib/http/api-route";
import { reserveGaTickets } from "@/lib/inventory/reserve-ga-tickets";
import { reserveTickets } from "@/lib/inventory/reserve-tickets";
import { admissionCredentialsFrom } from "@/lib/queue/admission-cookie";
import { policyBudgets } from "@/lib/rate-limit/policies";
import { parseReserveRequest } from "@/lib/validations/holds";
import { methodNotAllowed } from "@/lib/http/method-not-allowed";

// The "reserve" rate limit is counted by reserveTickets inside the seats' claim script (one Redis
// round trip for both; docs/performance.md), per fan (and client IP) and event. A body with
// `quantity` holds general-admission places instead (`{event_id, section_id, quantity}`), with the
// same limits, waiting room and order limit.
export const POST = authedApiRoute(async (request, _params, caller) => {
  const body = parseReserveRequest(await readJson(request));
  const common = {
    userId: caller.userId,
    admission: admissionCredentialsFrom(request),
    rateLimit: policyBudgets({ policy: "reserve", request, userId: caller.userId }),
  };
  const hold =
    body.kind === "quantity"
      ? await reserveGaTickets({ ...common, eventId: body.event_id, sectionId: body.section_id, quantity: body.quantity })
      : await reserveTickets({ ...common, ticketIds: body.ticket_ids });
  return Response.json(hold, { headers: { "Cache-Control": "no-store" } });
});

// Every other method: 405 with the JSON error and an Allow header (lib/http/method-not-allowed.ts).
export const { GET, HEAD, PUT, PATCH, DELETE, OPTIONS } = methodNotAllowed(["POST"]);
