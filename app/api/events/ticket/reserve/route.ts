import { authedApiRoute } from "@/lib/http/authed-api-route";
import { readJson } from "@/lib/http/api-route";
import { reserveTickets } from "@/lib/inventory/reserve-tickets";
import { admissionCredentialsFrom } from "@/lib/queue/admission-cookie";
import { policyBudgets } from "@/lib/rate-limit/policies";
import { parseReserveBody } from "@/lib/validations/holds";
import { methodNotAllowed } from "@/lib/http/method-not-allowed";

// The "reserve" rate limit is counted by reserveTickets inside the seats' claim script (one Redis
// round trip for both; docs/performance.md), per fan (and client IP) and event.
export const POST = authedApiRoute(async (request, _params, caller) => {
  const body = parseReserveBody(await readJson(request));
  const hold = await reserveTickets({
    userId: caller.userId,
    ticketIds: body.ticket_ids,
    admission: admissionCredentialsFrom(request),
    rateLimit: policyBudgets({ policy: "reserve", request, userId: caller.userId }),
  });
  return Response.json(hold, { headers: { "Cache-Control": "no-store" } });
});

// Every other method: 405 with the JSON error and an Allow header (lib/http/method-not-allowed.ts).
export const { GET, HEAD, PUT, PATCH, DELETE, OPTIONS } = methodNotAllowed(["POST"]);
