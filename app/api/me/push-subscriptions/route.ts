// GET /api/me/push-subscriptions -> 200 {available, vapid_public_key, subscriptions}: whether web push
// works here and the key a browser subscribes with. POST {endpoint, keys: {p256dh, auth}} (a
// PushSubscription's toJSON()) -> 201 {subscriptions}: this browser gets the caller's push
// notifications (400 when push is off). DELETE {endpoint} -> 200 {subscriptions}: forget that browser
// (only the caller's own). 401 without a session or token.
import { authedApiRoute } from "@/lib/http/authed-api-route";
import { readJson } from "@/lib/http/api-route";
import { methodNotAllowed } from "@/lib/http/method-not-allowed";
import { getPushStatus } from "@/lib/notifications/push/get-push-status";
import { removePushSubscription } from "@/lib/notifications/push/remove-push-subscription";
import { savePushSubscription } from "@/lib/notifications/push/save-push-subscription";
import { pushSubscriptionSchema, pushUnsubscribeSchema } from "@/lib/validations/notifications";
import { parseOrThrow } from "@/lib/validations/events";

const headers = { "Cache-Control": "private, no-store" };

export const GET = authedApiRoute(async (_request, _params, caller) => {
  const status = await getPushStatus(caller.userId);
  return Response.json({ available: status.available, vapid_public_key: status.publicKey, subscriptions: status.subscriptions }, { headers });
});

export const POST = authedApiRoute(async (request, _params, caller) => {
  const input = parseOrThrow(pushSubscriptionSchema, await readJson(request));
  const result = await savePushSubscription(caller.userId, { ...input, userAgent: request.headers.get("user-agent") });
  return Response.json(result, { status: 201, headers });
});

export const DELETE = authedApiRoute(async (request, _params, caller) => {
  const input = parseOrThrow(pushUnsubscribeSchema, await readJson(request));
  return Response.json(await removePushSubscription(caller.userId, input.endpoint), { headers });
});

export const { PUT, PATCH, OPTIONS } = methodNotAllowed(["GET", "POST", "DELETE"]);
