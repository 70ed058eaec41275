// One Web Push message to one browser subscription: the payload encrypted for the subscription's
// keys (RFC 8291, aes128gcm) and the request signed with this server's VAPID key (RFC 8292), both
// by the web-push library. The push service's answer decides the outcome:
//   201/202        accepted (the browser gets it when it is next online, within TTL);
//   404/410        the subscription is gone for good (unsubscribed, browser data cleared): delete it;
//   429, 5xx, network errors, timeouts: try again later;
//   other 4xx      this message will never be accepted (413 too large, 400 malformed): failed.
// `topic` is the outbox row's id: a push service keeps one undelivered message per topic, so a
// message sent again after a worker crash replaces the first copy instead of arriving twice.
import webpush from "web-push";
import { setting } from "@/lib/config/env";
import { isKnownPushService } from "./push-service-host";
import type { VapidKeys } from "./vapid";

export type PushTarget = { endpoint: string; p256dh: string; auth: string };
export type PushPayload = { title: string; body: string; url: string; tag: string };

export type PushOutcome = { kind: "sent"; status: number } | { kind: "gone"; status: number } | { kind: "retry"; error: string } | { kind: "failed"; error: string };

/** How long a push service keeps an undelivered message for an offline browser (seconds). */
const TTL_SECONDS = 24 * 3600;

export async function sendPush(target: PushTarget, payload: PushPayload, vapid: VapidKeys, options: { topic?: string; urgent?: boolean } = {}): Promise<PushOutcome> {
  // Checked again here, not only when the subscription was saved: a row saved before the list was
  // narrowed must not be sent to.
  if (!isKnownPushService(target.endpoint)) return { kind: "gone", status: 0 };
  // The library encrypts and signs; the request itself goes out with fetch, which (unlike the
  // library's own https-only sender) also reaches a plain-http push service double in tests.
  const request = webpush.generateRequestDetails({ endpoint: target.endpoint, keys: { p256dh: target.p256dh, auth: target.auth } }, JSON.stringify(payload), {
    vapidDetails: vapid,
    TTL: TTL_SECONDS,
    urgency: options.urgent ? "high" : "normal",
    topic: options.topic,
  });
  let res: Response;
  try {
    res = await fetch(request.endpoint, {
      method: request.method,
      headers: Object.fromEntries(Object.entries(request.headers).map(([k, v]) => [k, String(v)])),
      body: request.body ? new Uint8Array(request.body) : undefined,
      // A bound well inside the outbox lease, like the SMTP and SMS timeouts.
      signal: AbortSignal.timeout(Math.floor(setting("NOTIFICATION_LEASE_MS") / 3)),
      redirect: "manual",
    });
  } catch (e) {
    return { kind: "retry", error: `push service unreachable: ${(e as Error).message}`.slice(0, 500) };
  }
  const status = res.status;
  const text = await res.text().catch(() => "");
  if (status >= 200 && status < 300) return { kind: "sent", status };
  if (status === 404 || status === 410) return { kind: "gone", status };
  const error = `push service answered ${status}: ${text.slice(0, 200)}`;
  if (status === 429 || status >= 500 || status === 401 || status === 403) return { kind: "retry", error };
  return { kind: "failed", error };
}
