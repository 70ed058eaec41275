// The transactional outbox: a message is a row of `notification`, written by the code that changes
// the state the message is about, in the same transaction, so a message exists if and only if its
// cause committed. The worker (lib/notifications/worker.ts) delivers it later.
//
//   await db.$transaction(async (tx) => {
//     …the state change…
//     await enqueueNotification(tx, { userId, kind: "waitlist_offer", dedupeKey: `waitlist_offer:${offerId}`, data: {…} });
//   });
//
// One row per channel the fan allows for the kind (their notification_preference rows, else the
// kind's defaults; email is forced for the required kinds, lib/notifications/kinds.ts). The rows
// are written by one INSERT … SELECT … ON CONFLICT (dedupe_key, channel) DO NOTHING: a repeated
// dedupeKey (a retried webhook, a second confirmation of the same payment) writes nothing, and
// there is no read-then-write for two callers to race on. Choose the dedupeKey from the cause, e.g.
// `order_confirmation:<payment_id>`, `waitlist_offer:<offer_id>`, never from the time.
//
// The data of each kind (what the templates need) is documented and validated in kinds.ts:
//   waitlist_offer: { eventId, eventTitle, seats: string[], expiresAt: ISO string, url }, and so on.
// Bad data is a programming error: it throws (rolling back the caller's transaction) instead of
// writing a message that can never be rendered.
import { Prisma, type PrismaClient } from "@/lib/generated/prisma/client";
import type { PrismaTx } from "@/lib/db";
import { KIND_RULES, NOTIFICATION_CHANNELS, NOTIFICATION_DATA, isNotificationKind, type NotificationData, type NotificationKind } from "./kinds";

export type { NotificationKind, NotificationData, NotificationChannel } from "./kinds";
export type { PrismaTx } from "@/lib/db";

export type EnqueueInput<K extends NotificationKind = NotificationKind> = {
  userId: number;
  kind: K;
  /** Identifies the cause: the same key again is a no-op. At most 200 characters. */
  dedupeKey: string;
  data: NotificationData[K] | Record<string, unknown>;
};

/**
 * Writes the message rows of one notification (see the file comment). Inside the caller's
 * transaction when given one. Returns nothing: whether rows were written (or deduplicated) is not
 * the caller's business.
 */
export async function enqueueNotification(
  db: PrismaTx | PrismaClient,
  input: { userId: number; kind: NotificationKind; dedupeKey: string; data: Record<string, unknown> },
): Promise<void> {
  await enqueueNotificationRows(db, input);
}

/** enqueueNotification, returning how many rows were written (0: deduplicated or every channel off). */
export async function enqueueNotificationRows(
  db: PrismaTx | PrismaClient,
  input: { userId: number; kind: NotificationKind; dedupeKey: string; data: Record<string, unknown> },
): Promise<number> {
  const { userId, kind, dedupeKey } = input;
  if (!isNotificationKind(kind)) throw new Error(`unknown notification kind ${JSON.stringify(kind)}`);
  if (!Number.isSafeInteger(userId) || userId <= 0) throw new Error(`bad notification user id ${userId}`);
  if (!dedupeKey || dedupeKey.length > 200) throw new Error("a notification needs a dedupeKey of 1-200 characters");
  const parsed = NOTIFICATION_DATA[kind].safeParse(input.data);
  if (!parsed.success) throw new Error(`bad ${kind} notification data: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);

  const rules = KIND_RULES[kind];
  const channels = [...NOTIFICATION_CHANNELS];
  const defaults = channels.map((c) => rules.defaults.includes(c));
  const forced = channels.map((c) => rules.required && c === "email");
  const payload = JSON.stringify(parsed.data);
  const written = await db.$executeRaw`
    INSERT INTO notification (user_id, kind, channel, dedupe_key, payload)
    SELECT ${userId}, ${kind}, c.channel, ${dedupeKey}, ${payload}::jsonb
      FROM unnest(${channels}::notification_channel[], ${defaults}::boolean[], ${forced}::boolean[]) AS c(channel, dflt, forced)
      JOIN users u ON u.user_id = ${userId}
      LEFT JOIN notification_preference p ON p.user_id = ${userId} AND p.kind = ${kind} AND p.channel = c.channel
     WHERE c.forced OR COALESCE(p.enabled, c.dflt)
    ON CONFLICT (dedupe_key, channel) DO NOTHING`;
  return written;
}

/**
 * The same notification to many fans in one statement (an event cancelled: every ticket holder),
 * each with their own channel choices. Each fan's dedupe key is `<dedupeKey>:u<user_id>`, so a
 * repeated call (or a fan already told) writes nothing for them. Returns the rows written.
 */
export async function enqueueNotificationToMany(
  db: PrismaTx | PrismaClient,
  input: { userIds: number[]; kind: NotificationKind; dedupeKey: string; data: Record<string, unknown> },
): Promise<number> {
  const { kind, dedupeKey } = input;
  const userIds = [...new Set(input.userIds)];
  if (userIds.length === 0) return 0;
  if (!isNotificationKind(kind)) throw new Error(`unknown notification kind ${JSON.stringify(kind)}`);
  if (!dedupeKey || dedupeKey.length > 180) throw new Error("a notification needs a dedupeKey of 1-180 characters");
  if (userIds.some((id) => !Number.isSafeInteger(id) || id <= 0)) throw new Error("bad notification user id");
  const parsed = NOTIFICATION_DATA[kind].safeParse(input.data);
  if (!parsed.success) throw new Error(`bad ${kind} notification data: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
  const rules = KIND_RULES[kind];
  const channels = [...NOTIFICATION_CHANNELS];
  const defaults = channels.map((c) => rules.defaults.includes(c));
  const forced = channels.map((c) => rules.required && c === "email");
  return db.$executeRaw`
    INSERT INTO notification (user_id, kind, channel, dedupe_key, payload)
    SELECT u.user_id, ${kind}, c.channel, ${dedupeKey} || ':u' || u.user_id, ${JSON.stringify(parsed.data)}::jsonb
      FROM users u
      CROSS JOIN unnest(${channels}::notification_channel[], ${defaults}::boolean[], ${forced}::boolean[]) AS c(channel, dflt, forced)
      LEFT JOIN notification_preference p ON p.user_id = u.user_id AND p.kind = ${kind} AND p.channel = c.channel
     WHERE u.user_id = ANY(${userIds}::int[]) AND (c.forced OR COALESCE(p.enabled, c.dflt))
    ON CONFLICT (dedupe_key, channel) DO NOTHING`;
}

/** Prisma's JSON input type, for callers that build payloads themselves. */
export type NotificationPayload = Prisma.InputJsonValue;
