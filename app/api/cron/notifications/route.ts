// GET /api/cron/notifications: the outbox worker for serverless deployments, called by Vercel Cron
// (vercel.json) with `Authorization: Bearer <CRON_SECRET>`. Drains what is due (a bounded number
// of batches, to stay inside the function's time limit) and answers the counts.
import { apiRoute } from "@/lib/http/api-route";
import { refuseCronCall } from "@/lib/http/cron-secret";
import { methodNotAllowed } from "@/lib/http/method-not-allowed";
import { drainNotifications } from "@/lib/notifications/worker";

export const dynamic = "force-dynamic";

export const GET = apiRoute(async (request) => {
  const refused = refuseCronCall(request);
  if (refused) return refused;
  const result = await drainNotifications({ maxBatches: 10 });
  return Response.json(result, { headers: { "Cache-Control": "no-store" } });
});

export const { POST, PUT, PATCH, DELETE, OPTIONS } = methodNotAllowed(["GET"]);
