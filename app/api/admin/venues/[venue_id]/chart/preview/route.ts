// GET /api/admin/venues/:venue_id/chart/preview?part=map|seats|availability: the saved draft in the
// shapes of the public seat-map, seats and availability payloads, so the builder's preview is the
// fans' own seating chart component.
import { AppError } from "@/lib/errors/app-error";
import { authedApiRoute } from "@/lib/http/authed-api-route";
import { methodNotAllowed } from "@/lib/http/method-not-allowed";
import { parseId } from "@/lib/validations/events";
import { draftPreview } from "@/lib/venues/preview";

const PARTS = ["map", "seats", "availability"] as const;

export const GET = authedApiRoute<{ venue_id: string }>(
  async (request, params, caller) => {
    const venueId = parseId("venue_id", params.venue_id);
    const part = new URL(request.url).searchParams.get("part") ?? "map";
    if (!(PARTS as readonly string[]).includes(part)) throw new AppError("validation_error", "part must be map, seats or availability", { field: "part" });
    const preview = await draftPreview(caller, venueId);
    return Response.json(preview[part as (typeof PARTS)[number]], { headers: { "Cache-Control": "private, no-store" } });
  },
  { roles: ["admin", "venue_admin"] },
);

// Every other method: 405 with the JSON error and an Allow header (lib/http/method-not-allowed.ts).
export const { POST, PUT, PATCH, DELETE, OPTIONS } = methodNotAllowed(["GET"]);
