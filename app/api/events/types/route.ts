import { apiRoute, jsonWithCache } from "@/lib/http/api-route";
import { listEventTypes } from "@/lib/events/list-event-types";
import { methodNotAllowed } from "@/lib/http/method-not-allowed";

export const GET = apiRoute(async () => {
  return jsonWithCache({ event_types: await listEventTypes() }, "public, max-age=60, s-maxage=300");
});

// Every other method: 405 with the JSON error and an Allow header (lib/http/method-not-allowed.ts).
export const { POST, PUT, PATCH, DELETE, OPTIONS } = methodNotAllowed(["GET"]);
