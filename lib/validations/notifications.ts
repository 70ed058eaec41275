// Inputs of the notification settings (API and account page).
import { z } from "zod";
import { NOTIFICATION_CHANNELS, NOTIFICATION_KINDS, type NotificationKind } from "@/lib/notifications/kinds";

export const notificationPreferenceSchema = z.object({
  kind: z.enum(NOTIFICATION_KINDS as [NotificationKind, ...NotificationKind[]], { error: "Unknown notification kind" }),
  channel: z.enum(NOTIFICATION_CHANNELS, { error: "Unknown channel" }),
  enabled: z.boolean({ error: "enabled must be true or false" }),
});

// A browser's PushSubscription.toJSON(): the push service's endpoint and the subscription's keys,
// base64url (p256dh: an uncompressed P-256 point, 65 bytes; auth: 16 bytes). The endpoint must be
// https (a push service); plain http only where WEB_PUSH_ALLOW_HTTP_ENDPOINTS is on (a local push
// service double in tests), since the server will POST to whatever address a fan gives here.
const base64url = (bytes: number, name: string) =>
  z
    .string({ error: `${name} must be base64url` })
    .max(200)
    .regex(/^[A-Za-z0-9_-]+={0,2}$/, `${name} must be base64url`)
    .refine((s) => Buffer.from(s, "base64url").length === bytes, `${name} must encode ${bytes} bytes`);

export const pushSubscriptionSchema = z.object({
  endpoint: z
    .string({ error: "endpoint must be a URL" })
    .max(2000, "endpoint is too long")
    .refine((s) => URL.canParse(s) && ["https:", "http:"].includes(new URL(s).protocol), "endpoint must be an http(s) URL"),
  keys: z.object({ p256dh: base64url(65, "keys.p256dh"), auth: base64url(16, "keys.auth") }, { error: "keys must be an object with p256dh and auth" }),
});

export const pushUnsubscribeSchema = z.object({ endpoint: z.string({ error: "endpoint must be a URL" }).min(1).max(2000) });

export const queueTurnAlertSchema = z.object({ enabled: z.boolean({ error: "enabled must be true or false" }) });
