// POST /api/admin/venues/:venue_id/chart/validate: {ok, problems, seat_count, sections} for the
// chart document in the body, or for the saved draft when the body is empty. Stores nothing.
import { AppError } from "@/lib/errors/app-error";
import { authedApiRoute } from "@/lib/http/authed-api-route";
import { methodNotAllowed } from "@/lib/http/method-not-allowed";
import { assertJsonContentType, readBodyText } from "@/lib/http/read-body";
import { parseId } from "@/lib/validations/events";
import { MAX_CHART_JSON_BYTES } from "@/lib/validations/venues";
import { validateDocument } from "@/lib/venues/versions";

export const POST = authedApiRoute<{ venue_id: string }>(
  async (request, params, caller) => {
    const venueId = parseId("venue_id", params.venue_id);
    const text = await readBodyText(request, MAX_CHART_JSON_BYTES);
    let body: unknown;
    if (text.trim() !== "") {
      assertJsonContentType(request);
      try {
        body = JSON.parse(text) as unknown;
      } catch {
        throw new AppError("bad_request", "The request body is not valid JSON");
      }
    }
    return Response.json(await validateDocument(caller, venueId, body), { headers: { "Cache-Control": "no-store" } });
  },
  { roles: ["admin", "venue_admin"] },
);

// Every other method: 405 with the JSON error and an Allow header (lib/http/method-not-allowed.ts).
export const { GET, HEAD, PUT, PATCH, DELETE, OPTIONS } = methodNotAllowed(["POST"]);
