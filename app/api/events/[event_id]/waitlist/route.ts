// /api/events/{event_id}/waitlist: the signed-in fan's place on a sold-out event's waitlist.
//   GET    their entry (live, else latest), place in line and open offer
//   POST   join  { party_size, class_ids?, together? }    (rate limited)
//   PATCH  change { party_size?, class_ids?, together? }  (keeps the place; rate limited)
//   DELETE leave (an open offer is declined first)
// See docs/waitlist.md.
import { readJson } from "@/lib/http/api-route";
import { authedApiRoute } from "@/lib/http/authed-api-route";
import { methodNotAllowed } from "@/lib/http/method-not-allowed";
import { expireCheckoutSessionIds } from "@/lib/payments/start-checkout";
import { stripeConfigFromEnv } from "@/lib/payments/stripe-client";
import { parseId } from "@/lib/validations/events";
import { parseChangeWaitlistBody, parseJoinWaitlistBody } from "@/lib/validations/waitlist";
import { changeWaitlistEntry } from "@/lib/waitlist/change-waitlist-entry";
import { getWaitlistStatus } from "@/lib/waitlist/get-waitlist-status";
import { joinWaitlist } from "@/lib/waitlist/join-waitlist";
import { leaveWaitlist } from "@/lib/waitlist/leave-waitlist";
import { nudgeWaitlistEngine } from "@/lib/waitlist/offer-engine";
import { AppError } from "@/lib/errors/app-error";
import { getDb } from "@/lib/db";

type P = { event_id: string };
const noStore = { "Cache-Control": "private, no-store" };

async function existingEvent(raw: string): Promise<number> {
  const eventId = parseId("event_id", raw);
  const event = await getDb().event.findUnique({ where: { id: eventId }, select: { id: true } });
  if (!event) throw new AppError("not_found", `Event ${eventId} was not found`);
  return eventId;
}

export const GET = authedApiRoute<P>(async (_request, params, caller) => {
  const eventId = await existingEvent(params.event_id);
  // An offer that has passed is settled and its seats offered on, before the fan is answered.
  await nudgeWaitlistEngine(eventId);
  return Response.json(await getWaitlistStatus({ userId: caller.userId, eventId }), { headers: noStore });
});

export const POST = authedApiRoute<P>(
  async (request, params, caller) => {
    const eventId = parseId("event_id", params.event_id);
    const body = parseJoinWaitlistBody(await readJson(request));
    const status = await joinWaitlist({ userId: caller.userId, eventId, wish: { partySize: body.party_size, classIds: body.class_ids, together: body.together } });
    return Response.json(status, { status: 201, headers: noStore });
  },
  { rateLimit: "waitlist_join" },
);

export const PATCH = authedApiRoute<P>(
  async (request, params, caller) => {
    const eventId = parseId("event_id", params.event_id);
    const body = parseChangeWaitlistBody(await readJson(request));
    const status = await changeWaitlistEntry({ userId: caller.userId, eventId, change: { partySize: body.party_size, classIds: body.class_ids, together: body.together } });
    return Response.json(status, { headers: noStore });
  },
  { rateLimit: "waitlist_join" },
);

export const DELETE = authedApiRoute<P>(
  async (_request, params, caller) => {
    const eventId = await existingEvent(params.event_id);
    const status = await leaveWaitlist({ userId: caller.userId, eventId, onStaleCheckoutSessions: stripeConfigFromEnv() ? expireCheckoutSessionIds : undefined });
    return Response.json(status, { headers: noStore });
  },
  { rateLimit: "cancel" },
);

// Every other method: 405 with the JSON error and an Allow header (lib/http/method-not-allowed.ts).
export const { PUT, OPTIONS } = methodNotAllowed(["GET", "POST", "PATCH", "DELETE"]);
