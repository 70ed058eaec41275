// GET /api/tickets/:order_item_id/calendar.ics: the ticket's event as an iCalendar file ("Add to
// calendar"). Only its holder gets it; anyone else gets the same 404 as for an id that does not exist.
import { AppError } from "@/lib/errors/app-error";
import { authedApiRoute } from "@/lib/http/authed-api-route";
import { methodNotAllowed } from "@/lib/http/method-not-allowed";
import { getTicketCalendar } from "@/lib/tickets/get-ticket-calendar";
import { parseId } from "@/lib/validations/events";

export const GET = authedApiRoute<{ order_item_id: string }>(async (_request, params, caller) => {
  const orderItemId = parseId("order_item_id", params.order_item_id);
  const ics = await getTicketCalendar({ orderItemId, caller });
  if (ics === null) throw new AppError("not_found", "No such ticket");
  return new Response(ics, {
    headers: {
      "Content-Type": "text/calendar; charset=utf-8",
      "Content-Disposition": `attachment; filename="openseat-ticket-${orderItemId}.ics"`,
      "Cache-Control": "private, no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
});

// Every other method: 405 with the JSON error and an Allow header (lib/http/method-not-allowed.ts).
export const { POST, PUT, PATCH, DELETE, OPTIONS } = methodNotAllowed(["GET"]);
