// GET /api/cron/expire-holds: the hold sweeper for serverless deployments, called by Vercel Cron
// (vercel.json), which sends `Authorization: Bearer <CRON_SECRET>`. Without CRON_SECRET the route
// refuses to run (503) rather than be open to anyone. Answers the sweep's result, with the
// payments' share (checkout sessions of ended holds expired, Stripe reconciled when due).
import { createHash, timingSafeEqual } from "node:crypto";
import { setting } from "@/lib/config/env";
import { apiRoute } from "@/lib/http/api-route";
import { jsonError } from "@/lib/http/error-response";
import { runSweep } from "@/lib/sweep/run-sweep";
import { methodNotAllowed } from "@/lib/http/method-not-allowed";

export const dynamic = "force-dynamic";

function sameSecret(given: string, expected: string): boolean {
  // Compare digests: equal length, and no timing hint about the secret.
  const a = createHash("sha256").update(given).digest();
  const b = createHash("sha256").update(expected).digest();
  return timingSafeEqual(a, b);
}

export const GET = apiRoute(async (request) => {
  const secret = setting("CRON_SECRET");
  if (!secret) {
    return jsonError("unavailable", "cron not configured: set CRON_SECRET", 503, undefined, { "Cache-Control": "no-store" });
  }
  const header = request.headers.get("authorization") ?? "";
  const match = /^Bearer\s+(.+)$/i.exec(header.trim());
  if (!match?.[1] || !sameSecret(match[1], secret)) {
    return jsonError("unauthorized", "A valid cron secret is required", 401, undefined, {
      "Cache-Control": "no-store",
      "WWW-Authenticate": 'Bearer realm="openseat-cron"',
    });
  }
  const result = await runSweep();
  return Response.json(result, { headers: { "Cache-Control": "no-store" } });
});

// Every other method: 405 with the JSON error and an Allow header (lib/http/method-not-allowed.ts).
export const { POST, PUT, PATCH, DELETE, OPTIONS } = methodNotAllowed(["GET"]);
