// The check of a Vercel Cron call: `Authorization: Bearer <CRON_SECRET>`. Answers the error
// response to send, or null when the call may proceed. Without CRON_SECRET the route refuses to run
// (503) rather than be open to anyone.
import { createHash, timingSafeEqual } from "node:crypto";
import { setting } from "@/lib/config/env";
import { jsonError } from "./error-response";

function sameSecret(given: string, expected: string): boolean {
  // Compare digests: equal length, and no timing hint about the secret.
  const a = createHash("sha256").update(given).digest();
  const b = createHash("sha256").update(expected).digest();
  return timingSafeEqual(a, b);
}

export function refuseCronCall(request: Request): Response | null {
  const secret = setting("CRON_SECRET");
  if (!secret) return jsonError("unavailable", "cron not configured: set CRON_SECRET", 503, undefined, { "Cache-Control": "no-store" });
  const match = /^Bearer\s+(.+)$/i.exec((request.headers.get("authorization") ?? "").trim());
  if (!match?.[1] || !sameSecret(match[1], secret)) {
    return jsonError("unauthorized", "A valid cron secret is required", 401, undefined, {
      "Cache-Control": "no-store",
      "WWW-Authenticate": 'Bearer realm="openseat-cron"',
    });
  }
  return null;
}
