// Inputs of the notification settings (API and account page).
import { z } from "zod";
import { NOTIFICATION_CHANNELS, NOTIFICATION_KINDS, type NotificationKind } from "@/lib/notifications/kinds";

export const notificationPreferenceSchema = z.object({
  kind: z.enum(NOTIFICATION_KINDS as [NotificationKind, ...NotificationKind[]], { error: "Unknown notification kind" }),
  channel: z.enum(NOTIFICATION_CHANNELS, { error: "Unknown channel" }),
  enabled: z.boolean({ error: "enabled must be true or false" }),
});
