// Email out through SMTP with nodemailer: any provider that speaks SMTP works (SMTP_URL, or
// SMTP_HOST/PORT/USER/PASS/SECURE). One pooled transport per configuration, made on first use and
// made again when the settings change (tests point it at a fresh catcher).
//
// Timeouts are bounded by the outbox lease (NOTIFICATION_LEASE_MS): a send must end, one way or the
// other, well before another worker may take the same message over, or both would send it.
import nodemailer, { type Transporter } from "nodemailer";
import type SMTPPool from "nodemailer/lib/smtp-pool";
import { setting } from "@/lib/config/env";

export type OutgoingEmail = {
  to: string;
  subject: string;
  html: string;
  text: string;
  /** Our Message-ID, derived from the outbox row: the same message keeps it on every attempt. */
  messageId: string;
  headers?: Record<string, string>;
  attachments?: { filename: string; content: string; contentType: string }[];
};

export type SendResult = { providerMessageId: string };

/** A send that failed, and whether trying again later may work. */
export class EmailSendError extends Error {
  constructor(
    message: string,
    readonly permanent: boolean,
  ) {
    super(message);
    this.name = "EmailSendError";
  }
}

let current: { key: string; transport: Transporter<SMTPPool.SentMessageInfo> } | null = null;

function smtpOptions(): SMTPPool.Options | string | null {
  const leaseMs = setting("NOTIFICATION_LEASE_MS");
  const timeouts = { connectionTimeout: Math.floor(leaseMs / 6), greetingTimeout: Math.floor(leaseMs / 6), socketTimeout: Math.floor(leaseMs / 3) };
  const url = setting("SMTP_URL");
  if (url) {
    const u = new URL(url);
    return {
      pool: true,
      host: u.hostname,
      port: u.port ? Number(u.port) : u.protocol === "smtps:" ? 465 : 587,
      secure: u.protocol === "smtps:",
      auth: u.username ? { user: decodeURIComponent(u.username), pass: decodeURIComponent(u.password) } : undefined,
      ...timeouts,
    };
  }
  const host = setting("SMTP_HOST");
  if (!host) return null;
  const user = setting("SMTP_USER");
  return {
    pool: true,
    host,
    port: setting("SMTP_PORT") ?? (setting("SMTP_SECURE") ? 465 : 587),
    secure: setting("SMTP_SECURE"),
    auth: user ? { user, pass: setting("SMTP_PASS") ?? "" } : undefined,
    ...timeouts,
  };
}

/** Whether email can be sent at all on this deployment. */
export const emailConfigured = (): boolean => smtpOptions() !== null;

function transport(): Transporter<SMTPPool.SentMessageInfo> | null {
  const options = smtpOptions();
  if (!options) return null;
  const key = JSON.stringify(options);
  if (current?.key !== key) {
    current?.transport.close();
    current = { key, transport: nodemailer.createTransport(options as SMTPPool.Options) };
  }
  return current.transport;
}

/** Closes the pooled connections (scripts and tests). */
export function closeEmailTransport(): void {
  current?.transport.close();
  current = null;
}

// Replies that say this message to this address will never be accepted: no such mailbox, mailbox
// name not allowed, not local. Anything else (4xx, a refused or dropped connection, a timeout, even a
// 5xx about authentication, which is the deployment's fault, not the message's) is tried again.
const PERMANENT_REPLIES = new Set([550, 551, 553]);

export async function sendEmail(mail: OutgoingEmail): Promise<SendResult> {
  const t = transport();
  if (!t) throw new EmailSendError("email is not configured (SMTP_URL or SMTP_HOST)", false);
  try {
    const info = await t.sendMail({
      from: setting("SMTP_FROM"),
      to: mail.to,
      subject: mail.subject,
      html: mail.html,
      text: mail.text,
      messageId: mail.messageId,
      headers: mail.headers,
      attachments: mail.attachments,
    });
    return { providerMessageId: (info.response ?? info.messageId ?? "").slice(0, 500) };
  } catch (e) {
    const err = e as Error & { responseCode?: number; code?: string };
    const permanent = typeof err.responseCode === "number" && PERMANENT_REPLIES.has(err.responseCode);
    throw new EmailSendError(`${err.code ?? "SMTP"}${err.responseCode ? ` ${err.responseCode}` : ""}: ${err.message}`.slice(0, 500), permanent);
  }
}
