import { AppError } from "@/lib/errors/app-error";
import { authedApiRoute } from "@/lib/http/authed-api-route";
import { readJson } from "@/lib/http/api-route";
import { cancelReservedTickets } from "@/lib/inventory/cancel-reserved-tickets";
import { parseCancelBody } from "@/lib/validations/holds";

export const POST = authedApiRoute(async (request, _params, caller) => {
  const body = parseCancelBody(await readJson(request));
  if (body.status === "confirmed") {
    // Refunds come with payments; until then a confirmed ticket cannot be cancelled here.
    throw new AppError("bad_request", "Cancelling confirmed tickets is not available yet");
  }
  const result = await cancelReservedTickets({ userId: caller.userId, ticketIds: body.ticket_ids, reason: body.cancel_reason });
  return Response.json(result, { headers: { "Cache-Control": "no-store" } });
});
