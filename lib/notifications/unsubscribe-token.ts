// The signed token of an unsubscribe link: `<user_id>.<kind>.<channel>.<signature>`, HMAC-SHA256
// under a key derived from AUTH_SECRET. It never expires (an old mail's link must still work) and
// can do one thing only: turn that channel of that kind off for that fan.
import { createHmac, timingSafeEqual } from "node:crypto";
import { derivedKey } from "@/lib/auth/derived-key";
import { NOTIFICATION_CHANNELS, canOptOut, isNotificationKind, type NotificationChannel, type NotificationKind } from "./kinds";

const key = derivedKey("openseat-unsubscribe", "openseat unsubscribe link v1");
const PATTERN = /^([1-9][0-9]{0,9})\.([a-z_]{1,40})\.([a-z]{1,10})\.([A-Za-z0-9_-]{43})$/;
export const MAX_UNSUBSCRIBE_TOKEN_LENGTH = 10 + 1 + 40 + 1 + 10 + 1 + 43;

export type UnsubscribeClaims = { userId: number; kind: NotificationKind; channel: NotificationChannel };

const sign = (payload: string) => createHmac("sha256", key()).update(payload).digest("base64url");

export function signUnsubscribeToken({ userId, kind, channel }: UnsubscribeClaims): string {
  const payload = `${userId}.${kind}.${channel}`;
  return `${payload}.${sign(payload)}`;
}

/** The claims of a token we signed for a kind the fan may turn off; null for anything else. */
export function verifyUnsubscribeToken(token: unknown): UnsubscribeClaims | null {
  if (typeof token !== "string" || token.length > MAX_UNSUBSCRIBE_TOKEN_LENGTH) return null;
  const m = PATTERN.exec(token);
  if (!m) return null;
  const [, id, kind, channel, sig] = m as unknown as [string, string, string, string, string];
  const userId = Number(id);
  if (userId > 2_147_483_647 || !isNotificationKind(kind) || !(NOTIFICATION_CHANNELS as readonly string[]).includes(channel)) return null;
  const expected = Buffer.from(sign(`${id}.${kind}.${channel}`), "ascii");
  const given = Buffer.from(sig, "ascii");
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  if (!canOptOut(kind, channel as NotificationChannel)) return null;
  return { userId, kind, channel: channel as NotificationChannel };
}
