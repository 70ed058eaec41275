// GET /api/me/notifications -> 200 {settings, messages}: the caller's channels per kind and their
// latest messages with each one's delivery status. PUT {kind, channel, enabled} -> 200 {settings}:
// turns one channel of one kind on or off (a required kind's email cannot be turned off: 400).
// 401 without a session or token. Only ever the caller's own.
import { authedApiRoute } from "@/lib/http/authed-api-route";
import { readJson } from "@/lib/http/api-route";
import { methodNotAllowed } from "@/lib/http/method-not-allowed";
import { getNotificationSettings, listUserNotifications, setNotificationPreference } from "@/lib/notifications/preferences";
import { notificationPreferenceSchema } from "@/lib/validations/notifications";
import { parseOrThrow } from "@/lib/validations/events";

const toJson = (m: Awaited<ReturnType<typeof listUserNotifications>>[number]) => ({
  notification_id: String(m.id),
  kind: m.kind,
  label: m.label,
  channel: m.channel,
  status: m.status,
  attempts: m.attempts,
  create_datetime: m.createdAt.toISOString(),
  sent_datetime: m.sentAt?.toISOString() ?? null,
});

export const GET = authedApiRoute(async (_request, _params, caller) => {
  const [settings, messages] = await Promise.all([getNotificationSettings(caller.userId), listUserNotifications(caller.userId)]);
  return Response.json({ settings, messages: messages.map(toJson) }, { headers: { "Cache-Control": "private, no-store" } });
});

export const PUT = authedApiRoute(async (request, _params, caller) => {
  const input = parseOrThrow(notificationPreferenceSchema, await readJson(request));
  await setNotificationPreference(caller.userId, input.kind, input.channel, input.enabled);
  return Response.json({ settings: await getNotificationSettings(caller.userId) }, { headers: { "Cache-Control": "private, no-store" } });
});

export const { POST, PATCH, DELETE, OPTIONS } = methodNotAllowed(["GET", "PUT"]);
