// GET /api/tickets/:order_item_id/qr.svg: the e-ticket's QR code as an SVG file to save. Only its
// buyer (or an admin) gets it; anyone else gets the same 404 as for an id that does not exist.
import { AppError } from "@/lib/errors/app-error";
import { authedApiRoute } from "@/lib/http/authed-api-route";
import { qrLabel } from "@/lib/tickets/describe-seat";
import { getUserTicket } from "@/lib/tickets/get-user-ticket";
import { ticketQrSvg } from "@/lib/tickets/ticket-qr";
import { parseId } from "@/lib/validations/events";
import { methodNotAllowed } from "@/lib/http/method-not-allowed";

export const GET = authedApiRoute<{ order_item_id: string }>(async (_request, params, caller) => {
  const orderItemId = parseId("order_item_id", params.order_item_id);
  const ticket = await getUserTicket({ orderItemId, caller });
  if (!ticket) throw new AppError("not_found", "No such ticket");
  const { item, order } = ticket;
  if (!item.token) throw new AppError("ticket_not_valid", `This ticket was ${item.status}: it has no QR code`, { ticket_status: item.status });
  const svg = await ticketQrSvg(item.token, { label: qrLabel(item, order.event.title) });
  return new Response(svg, {
    headers: {
      "Content-Type": "image/svg+xml; charset=utf-8",
      "Content-Disposition": `attachment; filename="openseat-ticket-${item.orderItemId}.svg"`,
      "Cache-Control": "private, no-store",
      "X-Content-Type-Options": "nosniff",
      // Opened rather than saved, the file may draw itself and nothing else.
      "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'",
    },
  });
});

// Every other method: 405 with the JSON error and an Allow header (lib/http/method-not-allowed.ts).
export const { POST, PUT, PATCH, DELETE, OPTIONS } = methodNotAllowed(["GET"]);
