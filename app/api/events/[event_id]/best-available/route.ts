import { authedApiRoute } from "@/lib/http/authed-api-route";
import { readJson } from "@/lib/http/api-route";
import { holdBestAvailable } from "@/lib/inventory/hold-best-available";
import { admissionCredentialsFrom } from "@/lib/queue/admission-cookie";
import { parseId } from "@/lib/validations/events";
import { parseBestAvailableBody } from "@/lib/validations/holds";
import { methodNotAllowed } from "@/lib/http/method-not-allowed";

export const POST = authedApiRoute<{ event_id: string }>(async (request, params, caller) => {
  const eventId = parseId("event_id", params.event_id);
  const body = parseBestAvailableBody(await readJson(request));
  const hold = await holdBestAvailable({ userId: caller.userId, eventId, classId: body.class_id, quantity: body.quantity, accessible: body.accessible === true, admission: admissionCredentialsFrom(request) });
  return Response.json(hold, { headers: { "Cache-Control": "no-store" } });
}, { rateLimit: "best_available" });

// Every other method: 405 with the JSON error and an Allow header (lib/http/method-not-allowed.ts).
export const { GET, HEAD, PUT, PATCH, DELETE, OPTIONS } = methodNotAllowed(["POST"]);
