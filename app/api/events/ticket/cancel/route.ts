// POST /api/events/ticket/cancel: the spec's cancel. status "reserved" gives back held seats;
// status "confirmed" cancels bought tickets and refunds them through Stripe (owner or admin,
// within the event's refund policy).
import { authedApiRoute } from "@/lib/http/authed-api-route";
import { readJson } from "@/lib/http/api-route";
import { cancelReservedTickets } from "@/lib/inventory/cancel-reserved-tickets";
import { cancelConfirmedTickets } from "@/lib/payments/cancel-confirmed-tickets";
import { expireCheckoutSessionIds } from "@/lib/payments/start-checkout";
import { stripeConfigFromEnv } from "@/lib/payments/stripe-client";
import { parseCancelBody } from "@/lib/validations/holds";
import { methodNotAllowed } from "@/lib/http/method-not-allowed";

export const POST = authedApiRoute(async (request, _params, caller) => {
  const body = parseCancelBody(await readJson(request));
  const result =
    body.status === "confirmed"
      ? await cancelConfirmedTickets({ caller, ticketIds: body.ticket_ids, reason: body.cancel_reason })
      : await cancelReservedTickets({
          userId: caller.userId,
          ticketIds: body.ticket_ids,
          reason: body.cancel_reason,
          onStaleCheckoutSessions: stripeConfigFromEnv() ? expireCheckoutSessionIds : undefined,
        });
  return Response.json(result, { headers: { "Cache-Control": "no-store" } });
}, { rateLimit: "cancel" });

// Every other method: 405 with the JSON error and an Allow header (lib/http/method-not-allowed.ts).
export const { GET, HEAD, PUT, PATCH, DELETE, OPTIONS } = methodNotAllowed(["POST"]);
