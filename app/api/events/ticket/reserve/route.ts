import { authedApiRoute } from "@/lib/http/authed-api-route";
import { readJson } from "@/lib/http/api-route";
import { reserveTickets } from "@/lib/inventory/reserve-tickets";
import { admissionCredentialsFrom } from "@/lib/queue/admission-cookie";
import { parseReserveBody } from "@/lib/validations/holds";

export const POST = authedApiRoute(async (request, _params, caller) => {
  const body = parseReserveBody(await readJson(request));
  const hold = await reserveTickets({ userId: caller.userId, ticketIds: body.ticket_ids, admission: admissionCredentialsFrom(request) });
  return Response.json(hold, { headers: { "Cache-Control": "no-store" } });
}, { rateLimit: "reserve" });
