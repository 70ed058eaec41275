// POST /api/admin/events/:event_id/chart-version {version?}: moves the event to a published chart
// version of its venue (default: the current one). 409 with error.missing_seats when a held or sold
// seat does not exist in that version; nothing changes then.
import { authedApiRoute } from "@/lib/http/authed-api-route";
import { readJson } from "@/lib/http/api-route";
import { methodNotAllowed } from "@/lib/http/method-not-allowed";
import { parseId, parseOrThrow } from "@/lib/validations/events";
import { moveChartVersionSchema } from "@/lib/validations/venues";
import { moveEventToChartVersion } from "@/lib/venues/binding";

export const POST = authedApiRoute<{ event_id: string }>(
  async (request, params, caller) => {
    const eventId = parseId("event_id", params.event_id);
    const { version } = parseOrThrow(moveChartVersionSchema, await readJson(request));
    return Response.json({ moved: await moveEventToChartVersion(caller, eventId, version) }, { headers: { "Cache-Control": "no-store" } });
  },
  { roles: ["admin", "venue_admin"] },
);

// Every other method: 405 with the JSON error and an Allow header (lib/http/method-not-allowed.ts).
export const { GET, HEAD, PUT, PATCH, DELETE, OPTIONS } = methodNotAllowed(["POST"]);
