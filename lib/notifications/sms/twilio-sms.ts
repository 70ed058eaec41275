// SMS through a provider interface, with one implementation: Twilio's Messages API, or any service
// that speaks it (POST {base}/2010-04-01/Accounts/{sid}/Messages.json, form-encoded To/From/Body,
// HTTP Basic with the account SID and auth token). Configured by SMS_TWILIO_ACCOUNT_SID,
// SMS_TWILIO_AUTH_TOKEN and SMS_FROM (SMS_TWILIO_API_URL for a compatible service or a test double);
// without them the channel is off, the settings page says so, and queued SMS rows are suppressed.
//
// Twilio's API takes no idempotency key, so an SMS has the outbox's at-least-once guarantee only: a
// worker that dies after Twilio accepted a message and before recording it sends it again.
import { setting } from "@/lib/config/env";

export type SmsSendResult = { providerMessageId: string };

export class SmsSendError extends Error {
  constructor(
    message: string,
    readonly permanent: boolean,
  ) {
    super(message);
    this.name = "SmsSendError";
  }
}

export interface SmsProvider {
  send(message: { to: string; body: string; reference: string }): Promise<SmsSendResult>;
}

/** A phone number the provider can take: E.164 (+ and 8-15 digits) once spaces, dashes, dots and brackets are removed. */
export function toE164(phone: string | null | undefined): string | null {
  if (!phone) return null;
  const compact = phone.replace(/[\s\-.()]/g, "");
  return /^\+[1-9]\d{7,14}$/.test(compact) ? compact : null;
}

export function smsConfigured(): boolean {
  return Boolean(setting("SMS_TWILIO_ACCOUNT_SID") && setting("SMS_TWILIO_AUTH_TOKEN") && setting("SMS_FROM"));
}

export function twilioSmsProvider(): SmsProvider | null {
  const sid = setting("SMS_TWILIO_ACCOUNT_SID");
  const token = setting("SMS_TWILIO_AUTH_TOKEN");
  const from = setting("SMS_FROM");
  if (!sid || !token || !from) return null;
  const base = (setting("SMS_TWILIO_API_URL") ?? "https://api.twilio.com").replace(/\/+$/, "");
  const timeoutMs = Math.floor(setting("NOTIFICATION_LEASE_MS") / 3);
  return {
    async send({ to, body }) {
      let res: Response;
      try {
        res = await fetch(`${base}/2010-04-01/Accounts/${encodeURIComponent(sid)}/Messages.json`, {
          method: "POST",
          headers: { authorization: `Basic ${Buffer.from(`${sid}:${token}`).toString("base64")}`, "content-type": "application/x-www-form-urlencoded" },
          body: new URLSearchParams({ To: to, From: from, Body: body }).toString(),
          signal: AbortSignal.timeout(timeoutMs),
        });
      } catch (e) {
        throw new SmsSendError(`SMS provider unreachable: ${(e as Error).message}`.slice(0, 500), false);
      }
      const text = await res.text().catch(() => "");
      if (!res.ok) {
        // 4xx but 429: this message will never be accepted (bad number, unverified sender); the rest may pass later.
        const permanent = res.status >= 400 && res.status < 500 && res.status !== 429 && res.status !== 401 && res.status !== 403;
        throw new SmsSendError(`SMS provider answered ${res.status}: ${text.slice(0, 300)}`, permanent);
      }
      let sidOut = "";
      try {
        sidOut = String((JSON.parse(text) as { sid?: unknown }).sid ?? "");
      } catch {
        // A compatible service that answers no JSON: the status is enough.
      }
      return { providerMessageId: sidOut || `HTTP ${res.status}` };
    },
  };
}
