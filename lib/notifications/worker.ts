// The outbox worker: claims due messages, delivers them, records the outcome.
//
// Claim. One statement marks up to `batchSize` due rows `sending` and pushes their
// next_attempt_at to now + lease, choosing them with FOR UPDATE SKIP LOCKED: any number of workers
// (timers in several app instances, `npm run worker`, the Vercel cron route) drain the table at once
// and each row goes to one of them. `attempts` is bumped by the claim and is the claim's ticket: the
// outcome is written only `WHERE status = 'sending' AND attempts = <our claim>`, so a worker that
// was presumed dead and comes back late cannot overwrite a newer claim's result.
//
// Crash. A worker that dies after claiming leaves rows `sending`; once their lease has passed they
// are due again and the next claim takes them (attempts counts that try). Nothing is lost.
//
// Deliver. Email gets a Message-ID made from the row id (`<n123.email@domain>`), the same on every
// attempt. Sending twice happens in one case only: the provider accepted the message and the worker
// died (or lost the database) before recording it as sent; the lease then runs out and the message
// is sent again, with the same Message-ID. SMTP has no idempotency key, so a "well-behaved provider"
// here means one that drops a repeated Message-ID (many do, and mail clients thread or collapse
// them); the mail catcher counts by it. A send is bounded by SMTP timeouts well inside the lease, so
// a live worker never overlaps a takeover.
//
// Outcome. Sent: status sent, sent_at, the provider's answer. A transient failure (4xx, connection
// refused, timeout, email not configured): queued again after RETRY_BASE * 2^(attempts-1) (capped
// at 6 hours), until NOTIFICATION_MAX_ATTEMPTS, then failed. A permanent refusal (550/551/553): failed
// at once. Suppressed: the fan turned the channel off since, the message is moot (a used token), or
// the channel cannot deliver here (push without VAPID keys or a subscribed browser; SMS without its
// settings or a phone number).
//
// Push goes to every browser the fan subscribed (lib/notifications/push/): sent when at least one
// push service accepted it; a subscription answered 404/410 is deleted on the spot; retried when
// none accepted and one may later. A retry after a partial success sends again to the browsers that
// had it: the push service's topic (the row id) and the notification's tag make the browser show it
// once in place of twice.
import { createElement } from "react";
import { render } from "@react-email/render";
import { setting } from "@/lib/config/env";
import { getDb } from "@/lib/db";
import { logger } from "@/lib/log/logger";
import { canOptOut, isNotificationKind, KIND_RULES, NOTIFICATION_DATA, type NotificationChannel, type NotificationKind } from "./kinds";
import { composeEmail, oneClickUnsubscribeLink } from "./email/compose";
import { MessageEmail } from "./email/message-email";
import { EmailSendError, sendEmail, type OutgoingEmail, type SendResult } from "./email/smtp-transport";
import { composeSms } from "./sms/compose-sms";
import { SmsSendError, toE164, twilioSmsProvider } from "./sms/twilio-sms";
import { composePush } from "./push/compose-push";
import { sendPush } from "./push/send-push";
import { vapidKeys } from "./push/vapid";

const log = logger("notifications");

export type ClaimedNotification = {
  id: number;
  userId: number;
  kind: string;
  channel: NotificationChannel;
  payload: unknown;
  attempts: number;
  email: string;
  username: string;
  phone: string | null;
};

export type WorkerOptions = {
  now?: () => Date;
  batchSize?: number;
  leaseMs?: number;
  maxAttempts?: number;
  retryBaseMs?: number;
  /** How many messages of a batch are sent at once. */
  concurrency?: number;
  /** Test hook: runs after a message went out and before it is recorded (a throw = a crash there). */
  afterSend?: (row: ClaimedNotification) => void | Promise<void>;
};

export type DrainResult = { claimed: number; sent: number; retried: number; failed: number; suppressed: number; lost: number };

const MAX_RETRY_DELAY_MS = 6 * 3600_000;

/** Claims up to `limit` due messages for this worker (see the file comment). */
export async function claimDueNotifications({ limit, leaseMs, now }: { limit: number; leaseMs: number; now: Date }): Promise<ClaimedNotification[]> {
  const leaseUntil = new Date(now.getTime() + leaseMs);
  const rows = await getDb().$queryRaw<{ notification_id: number; user_id: number; kind: string; channel: NotificationChannel; payload: unknown; attempts: number; email: string; username: string; phone: string | null }[]>`
    WITH due AS (
      SELECT notification_id FROM notification
       WHERE status IN ('queued', 'sending') AND next_attempt_datetime <= ${now}
       ORDER BY next_attempt_datetime, notification_id
       LIMIT ${limit}
         FOR UPDATE SKIP LOCKED)
    UPDATE notification n
       SET status = 'sending', attempts = n.attempts + 1, next_attempt_datetime = ${leaseUntil}
      FROM due, users u
     WHERE n.notification_id = due.notification_id AND u.user_id = n.user_id
    RETURNING n.notification_id, n.user_id, n.kind, n.channel, n.payload, n.attempts, u.email, u.username, u.phone`;
  return rows
    .map((r) => ({ id: r.notification_id, userId: r.user_id, kind: r.kind, channel: r.channel, payload: r.payload, attempts: r.attempts, email: r.email, username: r.username, phone: r.phone }))
    .sort((a, b) => a.id - b.id);
}

/** The Message-ID of an outbox row's email: the same on every attempt. */
export function notificationMessageId(id: number): string {
  const from = setting("SMTP_FROM");
  const domain = /@([A-Za-z0-9.-]+)>?\s*$/.exec(from)?.[1] ?? "openseat.localhost";
  return `<n${id}.email@${domain}>`;
}

type Outcome = { kind: "sent"; providerMessageId: string } | { kind: "suppressed"; reason: string } | { kind: "retry"; error: string } | { kind: "failed"; error: string };

async function stillWanted(row: ClaimedNotification, kind: NotificationKind): Promise<boolean> {
  if (!canOptOut(kind, row.channel)) return true;
  const pref = await getDb().notificationPreference.findUnique({ where: { userId_kind_channel: { userId: row.userId, kind, channel: row.channel } }, select: { enabled: true } });
  return pref ? pref.enabled : KIND_RULES[kind].defaults.includes(row.channel);
}

/** The mail of one email row, or why it is not to be sent. Exported for tests and the template preview. */
export async function buildEmail(row: ClaimedNotification, now: Date): Promise<OutgoingEmail | { skip: string } | { invalid: string }> {
  if (!isNotificationKind(row.kind)) return { invalid: `unknown kind ${row.kind}` };
  const data = NOTIFICATION_DATA[row.kind].safeParse(row.payload);
  if (!data.success) return { invalid: `payload does not fit ${row.kind}: ${data.error.issues[0]?.message ?? ""}` };
  const composed = await composeEmail(row.kind, data.data as never, { userId: row.userId, username: row.username, now });
  if ("skip" in composed) return composed;
  const element = createElement(MessageEmail, { content: composed.content });
  const [html, text] = await Promise.all([render(element), render(element, { plainText: true })]);
  const headers: Record<string, string> = { "X-OpenSeat-Notification": `${row.kind}; id=${row.id}` };
  if (composed.content.unsubscribeUrl) {
    // RFC 8058 one-click: the provider POSTs "List-Unsubscribe=One-Click" to this URL.
    headers["List-Unsubscribe"] = `<${oneClickUnsubscribeLink(row.userId, row.kind)}>`;
    headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click";
  }
  return { to: row.email, subject: composed.content.subject, html, text, messageId: notificationMessageId(row.id), headers, attachments: composed.attachments };
}

async function deliver(row: ClaimedNotification, options: Required<Pick<WorkerOptions, "now">> & WorkerOptions): Promise<Outcome> {
  if (!isNotificationKind(row.kind)) return { kind: "failed", error: `unknown kind ${row.kind}` };
  if (!(await stillWanted(row, row.kind))) return { kind: "suppressed", reason: `the fan turned ${row.channel} off for ${row.kind}` };
  if (row.channel === "sms") return deliverSms(row, row.kind, options);
  if (row.channel === "push") return deliverPush(row, row.kind, options);
  if (row.channel !== "email") return { kind: "suppressed", reason: `${row.channel} is not available on this deployment` };
  let mail: Awaited<ReturnType<typeof buildEmail>>;
  try {
    mail = await buildEmail(row, options.now());
  } catch (e) {
    return { kind: "retry", error: `could not render: ${(e as Error).message}`.slice(0, 500) };
  }
  if ("skip" in mail) return { kind: "suppressed", reason: mail.skip };
  if ("invalid" in mail) return { kind: "failed", error: mail.invalid };
  let result: SendResult;
  try {
    result = await sendEmail(mail);
  } catch (e) {
    if (e instanceof EmailSendError) return e.permanent ? { kind: "failed", error: e.message } : { kind: "retry", error: e.message };
    return { kind: "retry", error: (e as Error).message.slice(0, 500) };
  }
  await options.afterSend?.(row);
  return { kind: "sent", providerMessageId: result.providerMessageId };
}

async function deliverSms(row: ClaimedNotification, kind: NotificationKind, options: Required<Pick<WorkerOptions, "now">> & WorkerOptions): Promise<Outcome> {
  const provider = twilioSmsProvider();
  if (!provider) return { kind: "suppressed", reason: "SMS is not configured on this deployment" };
  const to = toE164(row.phone);
  if (!to) return { kind: "suppressed", reason: "the account has no phone number in international format (+…)" };
  const data = NOTIFICATION_DATA[kind].safeParse(row.payload);
  if (!data.success) return { kind: "failed", error: `payload does not fit ${kind}` };
  let text: Awaited<ReturnType<typeof composeSms>>;
  try {
    text = await composeSms(kind, data.data as never, { userId: row.userId, username: row.username, now: options.now() });
  } catch (e) {
    return { kind: "retry", error: `could not compose: ${(e as Error).message}`.slice(0, 500) };
  }
  if ("skip" in text) return { kind: "suppressed", reason: text.skip };
  let result: SendResult;
  try {
    result = await provider.send({ to, body: text.body, reference: `n${row.id}.sms` });
  } catch (e) {
    if (e instanceof SmsSendError) return e.permanent ? { kind: "failed", error: e.message } : { kind: "retry", error: e.message };
    return { kind: "retry", error: (e as Error).message.slice(0, 500) };
  }
  await options.afterSend?.(row);
  return { kind: "sent", providerMessageId: result.providerMessageId };
}

/** Kinds where minutes count: the push services are asked to wake the device at once. */
const URGENT_PUSH: ReadonlySet<NotificationKind> = new Set(["waitlist_offer", "queue_your_turn", "hold_expiring"]);

async function deliverPush(row: ClaimedNotification, kind: NotificationKind, options: Required<Pick<WorkerOptions, "now">> & WorkerOptions): Promise<Outcome> {
  const vapid = vapidKeys();
  if (!vapid) return { kind: "suppressed", reason: "web push is not configured on this deployment (no VAPID keys)" };
  const db = getDb();
  const targets = await db.pushSubscription.findMany({ where: { userId: row.userId }, select: { id: true, endpoint: true, p256dh: true, auth: true } });
  if (targets.length === 0) return { kind: "suppressed", reason: "no browser of the fan is subscribed to push" };
  const data = NOTIFICATION_DATA[kind].safeParse(row.payload);
  if (!data.success) return { kind: "failed", error: `payload does not fit ${kind}` };
  let payload: Awaited<ReturnType<typeof composePush>>;
  try {
    payload = await composePush(kind, data.data as never, { userId: row.userId, username: row.username, now: options.now(), notificationId: row.id });
  } catch (e) {
    return { kind: "retry", error: `could not compose: ${(e as Error).message}`.slice(0, 500) };
  }
  if ("skip" in payload) return { kind: "suppressed", reason: payload.skip };
  const content = payload;
  const results = await Promise.all(targets.map(async (t) => ({ t, outcome: await sendPush(t, content, vapid, { topic: `n${row.id}`, urgent: URGENT_PUSH.has(kind) }) })));
  const gone = results.filter((r) => r.outcome.kind === "gone").map((r) => r.t);
  // Deleted by id and endpoint: a browser that subscribed again meanwhile (new keys, same row) is kept
  // only if its endpoint changed, which is what the push service's 410 is about anyway.
  for (const t of gone) await db.pushSubscription.deleteMany({ where: { id: t.id, endpoint: t.endpoint } });
  const sent = results.filter((r) => r.outcome.kind === "sent");
  if (sent.length > 0) {
    await db.pushSubscription.updateMany({ where: { id: { in: sent.map((r) => r.t.id) } }, data: { lastSentAt: options.now() } });
    await options.afterSend?.(row);
    const statuses = sent.map((r) => (r.outcome.kind === "sent" ? r.outcome.status : 0));
    return { kind: "sent", providerMessageId: `push: ${sent.length} of ${targets.length} browser(s) accepted (${[...new Set(statuses)].join(", ")})${gone.length ? `, ${gone.length} gone and removed` : ""}` };
  }
  const retry = results.find((r) => r.outcome.kind === "retry");
  if (retry && retry.outcome.kind === "retry") return { kind: "retry", error: retry.outcome.error };
  if (gone.length === targets.length) return { kind: "suppressed", reason: `every subscribed browser is gone (${gone.length} removed)` };
  const failed = results.find((r) => r.outcome.kind === "failed");
  return { kind: "failed", error: failed && failed.outcome.kind === "failed" ? failed.outcome.error : "no push service accepted the message" };
}

/** Writes the outcome of our claim of `row`; false when the claim was no longer ours. */
async function record(row: ClaimedNotification, outcome: Outcome, now: Date, maxAttempts: number, retryBaseMs: number): Promise<keyof DrainResult> {
  const db = getDb();
  let changed: number;
  let counted: keyof DrainResult;
  if (outcome.kind === "sent") {
    counted = "sent";
    changed = await db.$executeRaw`
      UPDATE notification SET status = 'sent', sent_datetime = ${now}, provider_message_id = ${outcome.providerMessageId}, last_error = NULL
       WHERE notification_id = ${row.id} AND status = 'sending' AND attempts = ${row.attempts}`;
  } else if (outcome.kind === "suppressed") {
    counted = "suppressed";
    changed = await db.$executeRaw`
      UPDATE notification SET status = 'suppressed', last_error = ${outcome.reason}
       WHERE notification_id = ${row.id} AND status = 'sending' AND attempts = ${row.attempts}`;
  } else if (outcome.kind === "failed" || row.attempts >= maxAttempts) {
    counted = "failed";
    const error = outcome.kind === "failed" ? outcome.error : `gave up after ${row.attempts} attempts: ${outcome.error}`;
    changed = await db.$executeRaw`
      UPDATE notification SET status = 'failed', last_error = ${error}
       WHERE notification_id = ${row.id} AND status = 'sending' AND attempts = ${row.attempts}`;
  } else {
    counted = "retried";
    // Exponential back-off with a little spread by id, so a burst that failed together does not retry together.
    const delay = Math.min(MAX_RETRY_DELAY_MS, retryBaseMs * 2 ** (row.attempts - 1)) * (1 + (row.id % 10) / 100);
    changed = await db.$executeRaw`
      UPDATE notification SET status = 'queued', next_attempt_datetime = ${new Date(now.getTime() + Math.round(delay))}, last_error = ${outcome.error}
       WHERE notification_id = ${row.id} AND status = 'sending' AND attempts = ${row.attempts}`;
  }
  if (changed === 0) {
    log.warn(`notification ${row.id}: claim ${row.attempts} was taken over before its outcome (${outcome.kind}) was recorded`);
    return "lost";
  }
  return counted;
}

/**
 * Claims and delivers batches until nothing is due (or `maxBatches`). Safe to run in any number
 * of processes at once.
 */
export async function drainNotifications(options: WorkerOptions & { maxBatches?: number } = {}): Promise<DrainResult> {
  const now = options.now ?? (() => new Date());
  const batchSize = options.batchSize ?? 50;
  const leaseMs = options.leaseMs ?? setting("NOTIFICATION_LEASE_MS");
  const maxAttempts = options.maxAttempts ?? setting("NOTIFICATION_MAX_ATTEMPTS");
  const retryBaseMs = options.retryBaseMs ?? setting("NOTIFICATION_RETRY_BASE_MS");
  const concurrency = options.concurrency ?? 5;
  const total: DrainResult = { claimed: 0, sent: 0, retried: 0, failed: 0, suppressed: 0, lost: 0 };
  for (let batch = 0; batch < (options.maxBatches ?? 100); batch++) {
    const rows = await claimDueNotifications({ limit: batchSize, leaseMs, now: now() });
    if (rows.length === 0) break;
    total.claimed += rows.length;
    let next = 0;
    const lane = async () => {
      while (next < rows.length) {
        const row = rows[next++] as ClaimedNotification;
        const outcome = await deliver(row, { ...options, now });
        total[await record(row, outcome, now(), maxAttempts, retryBaseMs)]++;
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, rows.length) }, lane));
    if (rows.length < batchSize) break;
  }
  return total;
}
