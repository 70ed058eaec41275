// POST /api/events/{event_id}/waitlist/offer/decline: the fan declines their open waitlist offer;
// its seats go to the next fitting entry at once. See docs/waitlist.md.
import { getDb } from "@/lib/db";
import { AppError } from "@/lib/errors/app-error";
import { authedApiRoute } from "@/lib/http/authed-api-route";
import { methodNotAllowed } from "@/lib/http/method-not-allowed";
import { expireCheckoutSessionIds } from "@/lib/payments/start-checkout";
import { stripeConfigFromEnv } from "@/lib/payments/stripe-client";
import { parseId } from "@/lib/validations/events";
import { declineWaitlistOffer } from "@/lib/waitlist/decline-waitlist-offer";

export const POST = authedApiRoute<{ event_id: string }>(
  async (_request, params, caller) => {
    const eventId = parseId("event_id", params.event_id);
    if (!(await getDb().event.findUnique({ where: { id: eventId }, select: { id: true } }))) throw new AppError("not_found", `Event ${eventId} was not found`);
    const status = await declineWaitlistOffer({ userId: caller.userId, eventId, onStaleCheckoutSessions: stripeConfigFromEnv() ? expireCheckoutSessionIds : undefined });
    return Response.json(status, { headers: { "Cache-Control": "private, no-store" } });
  },
  { rateLimit: "cancel" },
);

// Every other method: 405 with the JSON error and an Allow header (lib/http/method-not-allowed.ts).
export const { GET, HEAD, PUT, PATCH, DELETE, OPTIONS } = methodNotAllowed(["POST"]);
