// GET /api/events/:event_id/queue/progress: the waiting room's shared progress (admitted_through,
// sold_out, drawn...), the polling fallback of the stream. Public and the same for every fan, so a
// CDN can absorb the polling.
import { apiRoute, jsonWithCache } from "@/lib/http/api-route";
import { getQueueProgress } from "@/lib/queue";
import { parseId } from "@/lib/validations/events";
import { methodNotAllowed } from "@/lib/http/method-not-allowed";

export const GET = apiRoute<{ event_id: string }>(async (_request, params) => {
  const progress = await getQueueProgress({ eventId: parseId("event_id", params.event_id) });
  return jsonWithCache(progress, "public, max-age=1, stale-while-revalidate=1");
});

// Every other method: 405 with the JSON error and an Allow header (lib/http/method-not-allowed.ts).
export const { POST, PUT, PATCH, DELETE, OPTIONS } = methodNotAllowed(["GET"]);
