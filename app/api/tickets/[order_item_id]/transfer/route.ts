// POST /api/tickets/:order_item_id/transfer {email}: the ticket's holder sends it to the OpenSeat
// account with that email address; the recipient gets a new QR code and the old one stops working.
// Anyone but the holder gets the 404 of an id that does not exist (lib/tickets/transfer-ticket.ts).
import { readJson } from "@/lib/http/api-route";
import { authedApiRoute } from "@/lib/http/authed-api-route";
import { methodNotAllowed } from "@/lib/http/method-not-allowed";
import { transferTicket } from "@/lib/tickets/transfer-ticket";
import { parseId } from "@/lib/validations/events";
import { parseTransferBody } from "@/lib/validations/tickets";

export const POST = authedApiRoute<{ order_item_id: string }>(
  async (request, params, caller) => {
    const orderItemId = parseId("order_item_id", params.order_item_id);
    const { email } = parseTransferBody(await readJson(request));
    const result = await transferTicket({ orderItemId, recipientEmail: email, caller });
    return Response.json(
      {
        status: "transferred",
        order_item_id: String(result.orderItemId),
        event_id: String(result.eventId),
        seat: result.seat,
        recipient: { username: result.recipient.username },
        transferred_at: result.transferredAt.toISOString(),
      },
      { headers: { "Cache-Control": "private, no-store" } },
    );
  },
  { rateLimit: "ticket_transfer" },
);

// Every other method: 405 with the JSON error and an Allow header (lib/http/method-not-allowed.ts).
export const { GET, HEAD, PUT, PATCH, DELETE, OPTIONS } = methodNotAllowed(["POST"]);
