// The VAPID identity this server signs its Web Push requests with (RFC 8292): WEB_PUSH_VAPID_PUBLIC_KEY
// and WEB_PUSH_VAPID_PRIVATE_KEY (base64url, as `npx web-push generate-vapid-keys` prints them) and
// WEB_PUSH_SUBJECT (a mailto: or https: contact the push services may use). Without both keys the push
// channel is off and says so: the settings page shows it unavailable, turning it on is refused, and a
// queued push row is suppressed. The demo generates a pair once and keeps it in .data (scripts/demo.ts).
import { setting } from "@/lib/config/env";

export type VapidKeys = { publicKey: string; privateKey: string; subject: string };

export function vapidKeys(): VapidKeys | null {
  const publicKey = setting("WEB_PUSH_VAPID_PUBLIC_KEY");
  const privateKey = setting("WEB_PUSH_VAPID_PRIVATE_KEY");
  if (!publicKey || !privateKey) return null;
  // A subject is required (mailto: or https:); the sender address of the mails is a fair default.
  const from = setting("SMTP_FROM");
  const subject = setting("WEB_PUSH_SUBJECT") ?? `mailto:${/<([^>]+)>/.exec(from)?.[1] ?? from.trim()}`;
  return { publicKey, privateKey, subject };
}

export const pushConfigured = (): boolean => vapidKeys() !== null;
