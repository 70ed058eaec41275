// POST /api/admin/venues/:venue_id/chart/publish: publishes the draft (its seats are written and it
// becomes the version new events bind to). 400 with error.problems when it does not validate, 409
// when there is no draft. Events already created keep their version.
import { authedApiRoute } from "@/lib/http/authed-api-route";
import { methodNotAllowed } from "@/lib/http/method-not-allowed";
import { parseId } from "@/lib/validations/events";
import { publishDraft } from "@/lib/venues/versions";

export const POST = authedApiRoute<{ venue_id: string }>(
  async (_request, params, caller) =>
    Response.json({ published: await publishDraft(caller, parseId("venue_id", params.venue_id)) }, { headers: { "Cache-Control": "no-store" } }),
  { roles: ["admin", "venue_admin"] },
);

// Every other method: 405 with the JSON error and an Allow header (lib/http/method-not-allowed.ts).
export const { GET, HEAD, PUT, PATCH, DELETE, OPTIONS } = methodNotAllowed(["POST"]);
