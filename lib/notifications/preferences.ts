// A fan's notification settings (channels per kind), their unsubscribe links, and the list of
// messages sent to them with each one's status, for the account page and the API. Every function
// takes the fan's own id from the caller's session (or a signed unsubscribe token): no one reads
// or changes another fan's settings here.
import { getDb } from "@/lib/db";
import { AppError } from "@/lib/errors/app-error";
import { canOptOut, KIND_RULES, NOTIFICATION_CHANNELS, NOTIFICATION_KINDS, type NotificationChannel, type NotificationKind } from "./kinds";
import { smsConfigured } from "./sms/twilio-sms";
import { pushConfigured } from "./push/vapid";
import { verifyUnsubscribeToken } from "./unsubscribe-token";

export type ChannelSetting = { channel: NotificationChannel; enabled: boolean; locked: boolean; available: boolean };
export type KindSetting = { kind: NotificationKind; label: string; required: boolean; channels: ChannelSetting[] };

/** Whether a channel can deliver on this deployment (push needs VAPID keys; SMS needs its settings). */
export function channelAvailable(channel: NotificationChannel): boolean {
  // Email is always offered: without SMTP settings mails wait in the outbox until there are some.
  if (channel === "sms") return smsConfigured();
  if (channel === "push") return pushConfigured();
  return channel === "email";
}

export async function getNotificationSettings(userId: number): Promise<KindSetting[]> {
  const rows = await getDb().notificationPreference.findMany({ where: { userId }, select: { kind: true, channel: true, enabled: true } });
  const chosen = new Map(rows.map((r) => [`${r.kind}:${r.channel}`, r.enabled]));
  return NOTIFICATION_KINDS.map((kind) => ({
    kind,
    label: KIND_RULES[kind].label,
    required: KIND_RULES[kind].required,
    channels: NOTIFICATION_CHANNELS.map((channel) => {
      const locked = !canOptOut(kind, channel);
      const enabled = locked || (chosen.get(`${kind}:${channel}`) ?? KIND_RULES[kind].defaults.includes(channel));
      return { channel, enabled, locked, available: channelAvailable(channel) };
    }),
  }));
}

/** Turns one channel of one kind on or off for the fan. Refuses turning off a required kind's email. */
export async function setNotificationPreference(userId: number, kind: NotificationKind, channel: NotificationChannel, enabled: boolean): Promise<void> {
  if (!canOptOut(kind, channel)) {
    throw new AppError("validation_error", `${KIND_RULES[kind].label} emails cannot be turned off`, { field: "enabled" });
  }
  if (enabled && !channelAvailable(channel)) {
    throw new AppError("validation_error", `${channel} notifications are not available on this site yet`, { field: "channel" });
  }
  await getDb().notificationPreference.upsert({
    where: { userId_kind_channel: { userId, kind, channel } },
    create: { userId, kind, channel, enabled },
    update: { enabled },
  });
}

/** Applies a signed unsubscribe link (the page's button or an RFC 8058 one-click POST). */
export async function unsubscribe(token: string): Promise<{ kind: NotificationKind; label: string }> {
  const claims = verifyUnsubscribeToken(token);
  if (!claims) throw new AppError("bad_request", "This unsubscribe link is invalid", { field: "token" });
  const exists = await getDb().user.findUnique({ where: { id: claims.userId }, select: { id: true } });
  // An account deleted since: nothing to unsubscribe, and nothing to tell the caller about it.
  if (exists) {
    await getDb().notificationPreference.upsert({
      where: { userId_kind_channel: { userId: claims.userId, kind: claims.kind, channel: claims.channel } },
      create: { userId: claims.userId, kind: claims.kind, channel: claims.channel, enabled: false },
      update: { enabled: false },
    });
  }
  return { kind: claims.kind, label: KIND_RULES[claims.kind].label };
}

export type UserNotification = {
  id: number;
  kind: string;
  label: string;
  channel: NotificationChannel;
  status: "queued" | "sending" | "sent" | "failed" | "suppressed";
  createdAt: Date;
  sentAt: Date | null;
  attempts: number;
};

/** The fan's latest messages, newest first, with their delivery status. */
export async function listUserNotifications(userId: number, limit = 20): Promise<UserNotification[]> {
  const rows = await getDb().notification.findMany({
    where: { userId },
    orderBy: { id: "desc" },
    take: Math.min(Math.max(limit, 1), 100),
    select: { id: true, kind: true, channel: true, status: true, createdAt: true, sentAt: true, attempts: true },
  });
  return rows.map((r) => ({ ...r, label: (KIND_RULES as Record<string, { label: string } | undefined>)[r.kind]?.label ?? r.kind }));
}
